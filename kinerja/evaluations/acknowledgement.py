"""The pegawai's acknowledgement (tanda terima) of a final evaluation.

Acknowledging says the pegawai has received and read the result, nothing more:
it does not mean agreement, and an objection may still be filed after it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import clock
from kinerja.evaluations.models import Evaluation


class AcknowledgementError(ValueError):
    """An acknowledgement that cannot be recorded; the message is shown to the pegawai."""


def may_acknowledge(evaluation: Evaluation, user: object) -> bool:
    """True when `user` is the evaluated pegawai and the final result is not yet acknowledged."""
    return (
        is_evaluated_pegawai(evaluation, user)
        and evaluation.status == Evaluation.Status.FINAL
        and evaluation.acknowledged_at is None
    )


def is_evaluated_pegawai(evaluation: Evaluation, user: object) -> bool:
    employee = evaluation.plan.employee
    return employee.user_id is not None and employee.user_id == getattr(user, "pk", None)


def evaluation_acknowledge(*, evaluation: Evaluation, user: object) -> Evaluation:
    """Record that the pegawai received the final evaluation; once, and only by them.

    Someone else: PermissionDenied. A draft, or an evaluation already
    acknowledged: AcknowledgementError, nothing changed.
    """
    if not is_evaluated_pegawai(evaluation, user):
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat menerima evaluasinya."))
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.status != Evaluation.Status.FINAL:
            raise AcknowledgementError(_("Evaluasi ini belum final."))
        if locked.acknowledged_at is not None:
            raise AcknowledgementError(
                _("Evaluasi ini sudah Anda terima pada %(when)s.")
                % {"when": timezone.localtime(locked.acknowledged_at).strftime("%d-%m-%Y %H:%M")}
            )
        locked.acknowledged_at = clock.now()
        locked.save(update_fields=["acknowledged_at", "updated_at"])
    evaluation.acknowledged_at = locked.acknowledged_at
    return locked
