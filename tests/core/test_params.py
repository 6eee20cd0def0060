"""id_param and is_ascii_digits: what counts as a number in a request."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kinerja.core.params import LARGEST_ID, id_param, is_ascii_digits


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        (3, 3),
        ("0", None),
        ("-4", None),
        ("²", None),
        ("٣", None),
        ("1e3", None),
        ("", None),
        (None, None),
        (True, None),
        (str(LARGEST_ID), LARGEST_ID),
        (str(LARGEST_ID + 1), None),
        ("9" * 40, None),
    ],
)
def test_id_param_reads_only_plain_positive_ids(raw, expected):
    assert id_param(raw) == expected


def test_ascii_digits_exclude_other_scripts_and_superscripts():
    assert is_ascii_digits("2026")
    assert not is_ascii_digits("²")
    assert not is_ascii_digits("٢٠٢٦")
    assert not is_ascii_digits("")


@pytest.mark.parametrize("posted", ["9" * 30, "²", "-1"])
def test_id_choices_refuse_what_is_no_id_before_the_query(cast, posted):
    from kinerja.core.forms import IdMultipleChoiceField
    from kinerja.organisation.models import Employee

    field = IdMultipleChoiceField(queryset=Employee.objects.all())
    with pytest.raises(ValidationError):
        field.clean([str(cast.pegawai.pk), posted])
    assert list(field.clean([str(cast.pegawai.pk)])) == [cast.pegawai]
