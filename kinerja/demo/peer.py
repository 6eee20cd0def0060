"""Demo anonymous peer input and acknowledged evaluations in the featured penilai's team.

In the current evaluation period the first staff member (by name) gets an
answer from every colleague in the team who may give one (at least three in
the demo structure, so the penilai sees the summary on the evaluate page); the
second gets one answer, so the page shows "1 masukan sampai kemarin, ditampilkan
mulai 3". The answers are dated the day before loading, as the summary counts
answers up to yesterday.
Earlier final evaluations of the team are acknowledged by their pegawai,
except the latest one of each, which waits for them.

Written through kinerja.evaluations.peer and .acknowledgement with the real
people's accounts, so the demo obeys the product's rules. A refusal (for
example a demo loaded for a `today` other than the clock's) is skipped.
"""

from __future__ import annotations

import datetime as dt

from kinerja.cycles.models import AppraisalYear
from kinerja.cycles.selectors import evaluation_period_current
from kinerja.evaluations.acknowledgement import AcknowledgementError, evaluation_acknowledge
from kinerja.evaluations.models import Evaluation, PeerInput
from kinerja.evaluations.peer import PeerInputError, peer_input_give, peer_relation
from kinerja.organisation import tree
from kinerja.organisation.models import Assignment, Employee, Position
from kinerja.plans.models import PerformancePlan

ANSWERS = [
    (
        {"kolaboratif": "above", "harmonis": "above", "berorientasi_pelayanan": "meets"},
        "Selalu siap membantu saat ada kegiatan mendadak di bidang.",
    ),
    (
        {"kolaboratif": "above", "adaptif": "meets", "akuntabel": "meets"},
        "Laporan kegiatan rapi, kadang terlambat dikirim ke sekolah mitra.",
    ),
    (
        {"kolaboratif": "meets", "harmonis": "above", "kompeten": "above"},
        "Mau berbagi cara mengolah data Dapodik dengan rekan baru.",
    ),
    ({"loyal": "meets", "adaptif": "below"}, ""),
]


def load(*, years: list[AppraisalYear], today: dt.date, team_of: Position | None) -> dict[str, int]:
    """Peer input for two of the featured team and acknowledgements; returns counts."""
    if team_of is None:
        return {"masukan rekan": 0, "tanda terima": 0}
    staff_ids = Assignment.objects.filter(
        Assignment.active_on(today), position_id__in=tree.reporting_to([team_of.pk], on=today)
    ).values("employee_id")
    plans = list(
        PerformancePlan.objects.filter(
            year__in=years, employee_id__in=staff_ids, start__lte=today, end__gte=today
        )
        .select_related("employee__user", "employee__instansi", "position", "year")
        .order_by("employee__name", "pk")
    )
    answers = 0
    for plan, wanted in zip(plans, (len(ANSWERS), 1), strict=False):
        period = evaluation_period_current(plan.year, on=today)
        if period is None:
            continue
        colleagues = (
            Employee.objects.filter(instansi_id=plan.employee.instansi_id, user__isnull=False)
            .filter(
                pk__in=Assignment.objects.filter(
                    Assignment.active_on(today), position__parent_id=plan.position.parent_id
                ).values("employee_id")
            )
            .exclude(pk=plan.employee_id)
            .select_related("user")
            .order_by("name")
        )
        # Counted from what is stored, so loading twice adds nothing.
        already = PeerInput.objects.filter(plan=plan, period=period).count()
        given = already
        for colleague, (ratings, comment) in zip(colleagues, ANSWERS, strict=False):
            if given >= wanted or peer_relation(colleague, plan, period) is None:
                continue
            try:
                saved = peer_input_give(
                    user=colleague.user, plan=plan, period=period, ratings=ratings, comment=comment
                )
            except PeerInputError:
                continue
            # Dated the day before: the summary counts answers up to yesterday, and the demo
            # should show it on the day it is loaded.
            PeerInput.objects.filter(pk=saved.pk).update(answered_on=today - dt.timedelta(days=1))
            given += 1
        answers += given - already
    acknowledged = 0
    for plan in plans:
        finals = list(
            Evaluation.objects.filter(plan=plan, status=Evaluation.Status.FINAL)
            .select_related("plan__employee")
            .order_by("period__end")
        )
        for evaluation in finals[:-1]:
            try:
                evaluation_acknowledge(evaluation=evaluation, user=plan.employee.user)
            except AcknowledgementError:
                continue
            acknowledged += 1
    return {"masukan rekan": answers, "tanda terima": acknowledged}
