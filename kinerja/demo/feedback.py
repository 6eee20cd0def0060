"""Demo continuous feedback in the featured penilai's team.

For up to four of the featured penilai's staff (by name): a short thread on the first RHK (the
penilai writes, the pegawai answers), a remark on one BerAKHLAK value, a
check-in a month ago, and a follow-up plan (rencana tindak lanjut) for the IKI
furthest behind target. The first person also gets one plan already closed
and one past its due date, so every state the page shows exists.

Everything is written through kinerja.feedback.services with the rights
of the real people, so the demo obeys the same rules as the product. Run it
after the standings are computed: "behind target" reads them.
"""

from __future__ import annotations

import datetime as dt

from kinerja.core import clock
from kinerja.cycles.models import AppraisalYear
from kinerja.feedback.models import FeedbackMessage, FollowUpPlan
from kinerja.feedback.permissions import feedback_rights
from kinerja.feedback.selectors import is_behind_target
from kinerja.feedback.services import (
    check_in_record,
    feedback_post,
    follow_up_add,
    follow_up_close,
)
from kinerja.organisation import tree
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Assignment, Position
from kinerja.plans.models import CoreValue, PerformancePlan, PlanIndicator

TEAM_SIZE = 4
PENILAI_NOTE = (
    "Kegiatan bulan lalu sudah terlaksana. Mohon lengkapi daftar hadir dan foto "
    "kegiatan sebagai bukti dukung sebelum tanggal 5."
)
PEGAWAI_REPLY = "Baik, Bu. Daftar hadir dan dokumentasi saya unggah minggu ini."
VALUE_NOTE = "Koordinasi dengan sekolah mitra sudah baik; libatkan juga pengawas sekolah."
FOLLOW_UP_ACTION = "Pendataan ulang sasaran dan kunjungan ke sekolah dengan capaian terendah."


def load(*, years: list[AppraisalYear], today: dt.date, team_of: Position | None) -> dict[str, int]:
    """Threads, check-ins and follow-up plans for the featured team; returns counts."""
    if team_of is None:
        return {"umpan balik": 0}
    staff = Assignment.objects.filter(
        Assignment.active_on(today), position_id__in=tree.reporting_to([team_of.pk], on=today)
    ).values("employee_id")
    plans = list(
        PerformancePlan.objects.filter(
            year__in=years, employee_id__in=staff, start__lte=today, end__gte=today
        )
        .select_related("employee__user", "year")
        .order_by("employee__name", "pk")
    )
    written = 0
    for index, plan in enumerate(plans[:TEAM_SIZE]):
        if FeedbackMessage.objects.filter(plan=plan).exists():
            continue
        written += _converse(plan, today=today, first=index == 0)
    return {"umpan balik": written}


def _converse(plan: PerformancePlan, *, today: dt.date, first: bool) -> int:
    # The service refuses due dates before the real clock's today, which may be later
    # than the demo's `today` (a test's reference day, or midnight passing in WIB).
    not_before = max(today, clock.today())
    owner = plan.employee
    if owner.user is None:
        return 0
    pegawai = feedback_rights(viewer_for(owner.user), plan)
    penilai_employee = pegawai.penilai
    if penilai_employee is None or penilai_employee.user is None:
        return 0
    penilai = feedback_rights(viewer_for(penilai_employee.user), plan)
    rhk = plan.results.order_by("kind", "order", "pk").first()
    if rhk is None:
        return 0
    feedback_post(rights=penilai, plan=plan, result=rhk, text=PENILAI_NOTE)
    feedback_post(rights=pegawai, plan=plan, result=rhk, text=PEGAWAI_REPLY)
    feedback_post(rights=penilai, plan=plan, value=CoreValue.KOLABORATIF, text=VALUE_NOTE)
    held_on = max(plan.start, today - dt.timedelta(days=30))
    check_in_record(
        rights=penilai,
        plan=plan,
        held_on=held_on,
        went_well="Realisasi dicatat tepat waktu setiap bulan.",
        to_improve="Bukti dukung sering menyusul; capaian satu IKI masih di bawah target.",
        agreed_actions="Bukti diunggah bersama realisasi; tindak lanjut IKI dibahas tiap bulan.",
    )
    indicators = PlanIndicator.objects.filter(result__plan=plan).order_by("achievement", "pk")
    behind = [i for i in indicators.select_related("result") if is_behind_target(i)]
    if not behind:
        return 4
    follow_up = follow_up_add(
        rights=penilai,
        plan=plan,
        indicator=behind[0],
        action=FOLLOW_UP_ACTION,
        owner=owner,
        due=not_before + dt.timedelta(days=21),
    )
    if first:
        done = follow_up_add(
            rights=penilai,
            plan=plan,
            indicator=behind[0],
            action="Rapat koordinasi dengan operator data sekolah.",
            owner=penilai_employee,
            due=not_before,
        )
        follow_up_close(
            rights=penilai, follow_up=done, note="Rapat terlaksana; data dikirim ulang."
        )
        # Agreed weeks ago and still open: the service refuses a past due date at
        # creation, so the demo moves it back afterwards to show an overdue plan.
        FollowUpPlan.objects.filter(pk=follow_up.pk).update(due=today - dt.timedelta(days=3))
    return 5
