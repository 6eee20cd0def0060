"""Form fields shared by the apps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

from kinerja.core.params import id_param

if TYPE_CHECKING:
    _ModelChoice = forms.ModelChoiceField[Any]
    _ModelChoices = forms.ModelMultipleChoiceField[Any]
else:  # Django's form fields are not subscriptable at run time.
    _ModelChoice = forms.ModelChoiceField
    _ModelChoices = forms.ModelMultipleChoiceField


class IdChoiceField(_ModelChoice):
    """A model choice whose value must be a database id: "²" or 30 digits are no choice.

    Django hands the raw value to the database, where an id beyond 64 bits is an
    OverflowError (a 500) instead of "not one of the choices".
    """

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if id_param(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(_ModelChoices):
    """Checkbox ids that refuse anything but a database id before the query.

    Django filters `pk__in` with whatever was posted: thirty digits overflow the
    integer column (OverflowError on SQLite, DataError on PostgreSQL), a 500.
    """

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            if id_param(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)
