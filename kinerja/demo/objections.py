"""Demo objections (keberatan) in the featured penilai's team, one in each state.

On the latest final evaluations of the team: one objection decided (the atasan penilai
changed the result), one waiting for the penilai's explanation, and one explained and
waiting for the atasan penilai's decision. Written through kinerja.evaluations.objections
as the real people, so the demo obeys the product's rules. Run it after the evaluations.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from kinerja.evaluations.models import Evaluation, Objection
from kinerja.evaluations.objections import (
    ObjectionError,
    objection_decide,
    objection_explain,
    objection_file,
    objection_route,
    objection_window_closes,
)
from kinerja.organisation import tree
from kinerja.organisation.models import Assignment, Position

REASONS = [
    "Realisasi bulan terakhir triwulan sudah saya unggah dengan bukti dukung, tetapi belum "
    "ikut dihitung dalam capaian.",
    "Kegiatan pendampingan sekolah yang saya laksanakan belum tercermin dalam rating perilaku.",
    "Target IKI kedua disesuaikan di tengah triwulan atas arahan kepala bidang, tetapi "
    "evaluasi memakai target awal.",
]
EXPLANATION = (
    "Bukti dukung diunggah sesudah evaluasi difinalkan; penilaian memakai data yang "
    "tersedia saat itu."
)
DECISION_REASON = (
    "Bukti dukung sah dan tepat waktu menurut catatan bidang; capaian triwulan memenuhi "
    "ekspektasi lebih dari yang dinilai."
)
BETTER = {"below": "meets", "meets": "above", "above": "above"}


def load(*, today: dt.date, team_of: Position | None) -> dict[str, int]:
    """Three objections in the featured team's latest final evaluations; returns the count."""
    if team_of is None:
        return {"keberatan": 0}
    staff = Assignment.objects.filter(
        Assignment.active_on(today), position_id__in=tree.reporting_to([team_of.pk], on=today)
    ).values("employee_id")
    if Objection.objects.filter(evaluation__plan__employee_id__in=staff).exists():
        return {"keberatan": 0}  # loaded before
    candidates = (
        Evaluation.objects.filter(
            status=Evaluation.Status.FINAL,
            plan__employee_id__in=staff,
            objection__isnull=True,
            evaluator__isnull=False,
        )
        .select_related("plan__employee__user", "plan__year", "period", "evaluator")
        .order_by("-period__end", "plan__employee__name")
    )
    chosen: list[Evaluation] = []
    seen: set[int] = set()
    for evaluation in candidates:
        if evaluation.plan.employee_id in seen or evaluation.plan.employee.user is None:
            continue
        closes = objection_window_closes(evaluation)
        route = objection_route(evaluation)
        if closes is None or closes < today or route.atasan is None or route.explainer is None:
            continue
        seen.add(evaluation.plan.employee_id)
        chosen.append(evaluation)
        if len(chosen) == 3:
            break
    filed = 0
    for index, evaluation in enumerate(chosen):
        try:
            _route(evaluation, index)
        except (ObjectionError, PermissionDenied):
            continue  # a demo person whose reporting line does not allow this step
        filed += 1
    return {"keberatan": filed}


def _route(evaluation: Evaluation, index: int) -> Objection:
    pegawai = evaluation.plan.employee.user
    route = objection_route(evaluation)
    penilai = route.explainer
    assert pegawai is not None and penilai is not None
    objection = objection_file(evaluation=evaluation, user=pegawai, reason=REASONS[index])
    if index == 1:
        return objection  # waiting for the penilai's explanation
    objection = objection_explain(evaluation=evaluation, user=penilai, explanation=EXPLANATION)
    if index == 2:
        return objection  # waiting for the atasan penilai's decision
    atasan = route.atasan
    assert atasan is not None and atasan.user is not None
    result = BETTER[evaluation.result_rating or "meets"]
    behaviour = BETTER[evaluation.behaviour_rating or "meets"]
    if (result, behaviour) == (evaluation.result_rating, evaluation.behaviour_rating):
        return objection_decide(
            evaluation=evaluation, user=atasan.user, decision="upheld", reason=DECISION_REASON
        )
    return objection_decide(
        evaluation=evaluation,
        user=atasan.user,
        decision="changed",
        reason=DECISION_REASON,
        result_rating=result,
        behaviour_rating=behaviour,
    )
