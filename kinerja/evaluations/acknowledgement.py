"""The pegawai's acknowledgement (tanda terima) of a final evaluation.

Acknowledging says the pegawai has received and read the result, nothing more:
it does not mean agreement, and an objection may still be filed after it.

An acknowledgement is of one revision. When a policy recompute or an objection
decision moves the evaluation to its next revision, the pegawai has not yet
received that result, so they are asked again.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kinerja.core import clock
from kinerja.evaluations.models import Evaluation
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notification_create

# Evaluations whose current revision the pegawai has acknowledged (for querysets and reports).
ACKNOWLEDGED = Q(acknowledged_at__isnull=False, acknowledged_revision=F("revision"))


class AcknowledgementError(ValueError):
    """An acknowledgement that cannot be recorded; the message is shown to the pegawai."""


def acknowledged_current(evaluation: Evaluation) -> bool:
    """True when the pegawai acknowledged the evaluation as it stands (its current revision)."""
    return (
        evaluation.acknowledged_at is not None
        and evaluation.acknowledged_revision == evaluation.revision
    )


def may_acknowledge(evaluation: Evaluation, user: object) -> bool:
    """True when `user` is the evaluated pegawai and the current final result awaits them."""
    return (
        is_evaluated_pegawai(evaluation, user)
        and evaluation.status == Evaluation.Status.FINAL
        and not acknowledged_current(evaluation)
    )


def is_evaluated_pegawai(evaluation: Evaluation, user: object) -> bool:
    employee = evaluation.plan.employee
    return employee.user_id is not None and employee.user_id == getattr(user, "pk", None)


def evaluation_acknowledge(*, evaluation: Evaluation, user: object) -> Evaluation:
    """Record that the pegawai received the final evaluation's current revision; only by them.

    Someone else: PermissionDenied. A draft, or a revision already
    acknowledged: AcknowledgementError, nothing changed.
    """
    if not is_evaluated_pegawai(evaluation, user):
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat menerima evaluasinya."))
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.status != Evaluation.Status.FINAL:
            raise AcknowledgementError(_("Evaluasi ini belum final."))
        if locked.acknowledged_at is not None and acknowledged_current(locked):
            when = formats.date_format(timezone.localtime(locked.acknowledged_at), "j F Y H:i")
            raise AcknowledgementError(
                _("Evaluasi ini sudah Anda terima pada %(when)s.") % {"when": when}
            )
        locked.acknowledged_at = clock.now()
        locked.acknowledged_revision = locked.revision
        locked.save(update_fields=["acknowledged_at", "acknowledged_revision", "updated_at"])
    evaluation.acknowledged_at = locked.acknowledged_at
    evaluation.acknowledged_revision = locked.acknowledged_revision
    return locked


def acknowledgement_request(evaluation: Evaluation, text: str) -> None:
    """Ask the pegawai to acknowledge the evaluation's current revision (in-app and digest).

    `text` is stored and read later: callers write it in the site's language
    (translation.override(settings.LANGUAGE_CODE)), not the actor's. Once per
    evaluation and revision (the notification key).
    """
    recipient = evaluation.plan.employee.user
    if recipient is None:
        return
    notification_create(
        recipient=recipient,
        kind=Kind.EVALUATION_FINALISED,
        text=text,
        link=reverse("evaluations:detail", args=[evaluation.pk]),
        key=f"evaluation:{evaluation.pk}:r{evaluation.revision}",
    )
