"""Every write of continuous feedback: messages, check-ins, follow-up plans.

Each service takes the rights decided by feedback.permissions and refuses
(PermissionDenied, a 403) whoever is not in the conversation, so no caller can
skip the check. Bad input raises FeedbackError with a message for the person;
nothing is saved then.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import clock
from kinerja.feedback.models import CheckIn, FeedbackMessage, FollowUpPlan
from kinerja.feedback.permissions import FeedbackRights
from kinerja.organisation.models import Employee
from kinerja.plans.models import CoreValue, PerformancePlan, PlanIndicator, PlannedResult

# Long enough for a careful paragraph or two, short enough to stay a conversation.
MAX_TEXT = 4000


class FeedbackError(ValidationError):
    """Input that cannot be saved; the message is shown to the person as it is."""


def _clean_text(text: str, *, empty: str) -> str:
    text = (text or "").strip()
    if not text:
        raise FeedbackError(empty)
    if len(text) > MAX_TEXT:
        raise FeedbackError(
            _("Teks terlalu panjang: paling banyak %(max)d karakter.") % {"max": MAX_TEXT}
        )
    return text


def feedback_post(
    *,
    rights: FeedbackRights,
    plan: PerformancePlan,
    text: str,
    result: PlannedResult | None = None,
    value: str = "",
) -> FeedbackMessage:
    """Add a message to the thread of one RHK (`result`) or one BerAKHLAK `value`."""
    if not rights.may_write or rights.employee is None:
        raise PermissionDenied
    if (result is None) == (not value):
        raise FeedbackError(_("Pilih satu RHK atau satu nilai BerAKHLAK."))
    if result is not None and result.plan_id != plan.pk:
        raise FeedbackError(_("RHK ini bukan bagian dari SKP ini."))
    if value and value not in CoreValue.values:
        raise FeedbackError(_("Nilai BerAKHLAK tidak dikenal."))
    text = _clean_text(text, empty=_("Tulis umpan balik terlebih dahulu."))
    return FeedbackMessage.objects.create(
        plan=plan,
        result=result,
        value=value,
        author=rights.employee,
        author_role=rights.role,
        text=text,
    )


def check_in_record(
    *,
    rights: FeedbackRights,
    plan: PerformancePlan,
    held_on: dt.date,
    went_well: str,
    to_improve: str,
    agreed_actions: str,
) -> CheckIn:
    """Record a check-in held by the penilai with the pegawai on `held_on`."""
    if not rights.may_check_in or rights.employee is None:
        raise PermissionDenied
    if held_on > clock.today():
        raise FeedbackError(_("Tanggal check-in tidak boleh di masa depan."))
    if not plan.start <= held_on <= plan.end:
        raise FeedbackError(
            _("Tanggal check-in harus dalam masa berlaku SKP (%(start)s – %(end)s).")
            % {"start": plan.start.strftime("%d-%m-%Y"), "end": plan.end.strftime("%d-%m-%Y")}
        )
    notes = [(n or "").strip() for n in (went_well, to_improve, agreed_actions)]
    if not any(notes):
        raise FeedbackError(_("Isi paling sedikit satu catatan check-in."))
    if any(len(n) > MAX_TEXT for n in notes):
        raise FeedbackError(
            _("Teks terlalu panjang: paling banyak %(max)d karakter.") % {"max": MAX_TEXT}
        )
    return CheckIn.objects.create(
        plan=plan,
        held_on=held_on,
        went_well=notes[0],
        to_improve=notes[1],
        agreed_actions=notes[2],
        recorded_by=rights.employee,
    )


def follow_up_add(
    *,
    rights: FeedbackRights,
    plan: PerformancePlan,
    indicator: PlanIndicator,
    action: str,
    owner: Employee,
    due: dt.date,
) -> FollowUpPlan:
    """Agree a follow-up action for one IKI of the SKP, owned by the pegawai or the penilai."""
    if not rights.may_follow_up or rights.employee is None:
        raise PermissionDenied
    if indicator.result.plan_id != plan.pk:
        raise FeedbackError(_("IKI ini bukan bagian dari SKP ini."))
    allowed_owners = {plan.employee_id} | ({rights.penilai.pk} if rights.penilai else set())
    if owner.pk not in allowed_owners:
        raise FeedbackError(_("Penanggung jawab harus pegawai atau pejabat penilainya."))
    if due < clock.today():
        raise FeedbackError(_("Tenggat tidak boleh sebelum hari ini."))
    action = _clean_text(action, empty=_("Tulis tindakan yang disepakati."))
    return FollowUpPlan.objects.create(
        plan=plan,
        indicator=indicator,
        action=action,
        owner=owner,
        due=due,
        achievement_then=indicator.achievement,
        created_by=rights.employee,
    )


def follow_up_close(*, rights: FeedbackRights, follow_up: FollowUpPlan, note: str) -> FollowUpPlan:
    """Mark a follow-up plan done with a note on what was done; a closed plan stays closed."""
    if not rights.may_follow_up or rights.employee is None:
        raise PermissionDenied
    note = _clean_text(note, empty=_("Tulis catatan penyelesaian."))
    with transaction.atomic():
        # Locked and re-read, so two people closing at once do not both succeed.
        current = FollowUpPlan.objects.select_for_update().get(pk=follow_up.pk)
        if current.status != FollowUpPlan.Status.OPEN:
            raise FeedbackError(_("Rencana tindak lanjut ini sudah diselesaikan."))
        current.status = FollowUpPlan.Status.DONE
        current.closing_note = note
        current.closed_by = rights.employee
        current.closed_at = timezone.now()
        current.save(update_fields=["status", "closing_note", "closed_by", "closed_at"])
    return current
