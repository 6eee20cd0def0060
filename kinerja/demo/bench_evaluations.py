"""Evaluations at scale for `kinerja bench`, and the evaluation pages it times.

Seeds, with bulk inserts like kinerja.demo.seed (no per-row services), the
evaluations of every seeded SKP that has a penilai: the last ended evaluation
period all final (with a few hundred objections in every state and some
ratings that depart from the data's proposal), the current one a mix of final,
rated and unrated drafts as during calibration, with the unit heads' drafts
still unrated. Each OPD gets an organisational predikat per period that its
staff's spread meets. The largest OPD is the unit of the recap and the
calibration scenarios.

The scenarios then time, through Django's test client: calibration of the
largest OPD (its head), its recap as a page and as Excel (HR), the Dokumen
Evaluasi PDF, the Keberatan list of an atasan penilai and of HR, the
departures report (HR), the evaluate page of a unit head (unit capaian) and
finalising one evaluation from that page.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random
from typing import TYPE_CHECKING, Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja import scoring
from kinerja.accounts.models import User
from kinerja.cycles.models import AppraisalYear, Period, PeriodKind
from kinerja.cycles.selectors import evaluation_period_current, evaluation_periods
from kinerja.demo.bulk import RowWriter
from kinerja.demo.evaluations import NOTES, _choose
from kinerja.evaluations.models import (
    BehaviourAssessment,
    Evaluation,
    Objection,
    UnitPredikat,
)
from kinerja.organisation.models import Assignment, Employee, Instansi, Position, Unit
from kinerja.plans.models import CoreValue, PerformancePlan

if TYPE_CHECKING:
    from kinerja.demo.bench import Scenario

BATCH = 2000
# Shares of the current period's evaluations (the rest are unrated drafts).
OPEN_FINAL = 0.35
OPEN_RATED = 0.45
# Final ratings that depart from the data's proposal, with a written reason.
DEPARTS = 0.04
OBJECTIONS = 300
FEEDBACK = (
    "Konsisten menyelesaikan tugas tepat waktu; pertahankan.",
    "Perlu lebih aktif berbagi informasi dengan rekan satu tim.",
    "Layanan kepada masyarakat ramah dan tuntas.",
)
REASON = "Capaian triwulan dipengaruhi penugasan tambahan di luar SKP yang diselesaikan baik."
OBJECTION_REASON = "Realisasi bulan terakhir triwulan belum ikut dihitung dalam capaian."
EXPLANATION = "Penilaian memakai data yang tersedia saat evaluasi difinalkan."
DECISION_REASON = "Data yang dipakai penilai sudah lengkap; hasil evaluasi tetap."
RATINGS = [r.value for r in scoring.Rating]


@dataclass
class EvaluationSeed:
    """What the scenarios need to find again, and how many rows were written."""

    final_period: Period
    open_period: Period
    unit: Unit  # the largest OPD: recap and calibration
    head: Employee | None  # its head
    subtree_final: int  # evaluations of its subtree in final_period (recap rows)
    subtree_open: int  # evaluations of its subtree in open_period (calibration rows)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Seat:
    plan_id: int
    employee_id: int
    user_id: int | None
    position_id: int
    unit_id: int
    heads_unit: bool
    penilai_user: int | None
    atasan_user: int | None
    achievement: Decimal | None
    proposed: str


def _periods(year: AppraisalYear, today: dt.date) -> tuple[Period, Period]:
    """(the last ended evaluation period, or the current one; the current one)."""
    periodic = [p for p in evaluation_periods(year) if p.kind != PeriodKind.YEAR]
    current = evaluation_period_current(year, on=today) or periodic[-1]
    ended = [p for p in periodic if p.end < today]
    return (ended[-1] if ended else current), current


def _seats(instansi: Instansi, year: AppraisalYear, today: dt.date) -> list[_Seat]:
    """Every SKP of the year with its penilai and atasan penilai (holders of the posts above)."""
    positions = {
        pk: (parent, unit, heads)
        for pk, parent, unit, heads in Position.objects.filter(instansi=instansi).values_list(
            "pk", "parent_id", "unit_id", "heads_unit"
        )
    }
    holder: dict[int, int] = dict(
        Assignment.objects.filter(Assignment.active_on(today), position__instansi=instansi)
        .order_by("start", "pk")
        .values_list("position_id", "employee_id")
    )
    user_of: dict[int, int | None] = dict(
        Employee.objects.filter(instansi=instansi).values_list("pk", "user_id")
    )

    def above(position_id: int) -> list[int]:
        """The users holding the posts above, nearest first (vacant posts skipped)."""
        users: list[int] = []
        parent = positions[position_id][0]
        while parent is not None and len(users) < 2:
            employee = holder.get(parent)
            user = user_of.get(employee) if employee is not None else None
            if user is not None:
                users.append(user)
            parent = positions[parent][0]
        return users

    seats = []
    for pk, employee_id, position_id, achievement, proposed in (
        PerformancePlan.objects.filter(year=year)
        .order_by("pk")
        .values_list("pk", "employee_id", "position_id", "achievement", "proposed_rating")
    ):
        if position_id not in positions:
            continue
        users = above(position_id)
        _parent, unit_id, heads = positions[position_id]
        seats.append(
            _Seat(
                plan_id=pk,
                employee_id=employee_id,
                user_id=user_of.get(employee_id),
                position_id=position_id,
                unit_id=unit_id,
                heads_unit=heads,
                penilai_user=users[0] if users else None,
                atasan_user=users[1] if len(users) > 1 else None,
                achievement=achievement,
                proposed=proposed or "",
            )
        )
    return seats


def _evaluation(
    seat: _Seat,
    period: Period,
    *,
    status: str,
    rated: bool,
    rng: Random,
    policy: scoring.ScoringPolicy,
    finalised_at: dt.datetime | None,
    behaviours: dict[int, list[str]],
    index: int,
) -> Evaluation:
    evaluation = Evaluation(
        plan_id=seat.plan_id,
        period=period,
        status=status,
        achievement=seat.achievement,
        proposed_rating=seat.proposed,
        policy_version=policy.version,
        inputs={
            "achievement": None if seat.achievement is None else str(seat.achievement),
            "proposed_rating": seat.proposed,
            "policy_version": policy.version,
        },
    )
    if not rated:
        return evaluation
    ratings = [
        "above" if draw < 0.15 else "below" if draw > 0.97 else "meets"
        for draw in (rng.random() for _ in CoreValue.values)
    ]
    behaviours[index] = ratings
    perilaku = scoring.behaviour_rating([scoring.Rating(r) for r in ratings], policy)
    hasil = seat.proposed or "meets"
    if rng.random() < DEPARTS:
        hasil = rng.choice([r for r in RATINGS if r != hasil])
        evaluation.result_rating_reason = REASON if seat.proposed else ""
    result = scoring.predikat(scoring.Rating(hasil), perilaku.value)
    evaluation.inputs = {
        **evaluation.inputs,
        "behaviour": perilaku.to_dict(),
        "predikat": result.to_dict(),
    }
    evaluation.result_rating = hasil
    evaluation.behaviour_rating = perilaku.value.value
    evaluation.predikat = result.value.value
    evaluation.evaluator_id = seat.penilai_user
    evaluation.finalised_at = finalised_at
    return evaluation


def _write_period(
    seats: list[_Seat],
    period: Period,
    *,
    final_share: float,
    rated_share: float,
    rng: Random,
    policy: scoring.ScoringPolicy,
    now: dt.datetime,
) -> list[Evaluation]:
    """One evaluation per seat with a penilai; unit heads' drafts stay unrated."""
    behaviours: dict[int, list[str]] = {}
    rows: list[Evaluation] = []
    for seat in seats:
        if seat.penilai_user is None:
            continue  # the head of an OPD: evaluated outside the instansi
        draw = rng.random()
        final = draw < final_share and not (seat.heads_unit and final_share < 1)
        rated = final or (draw < final_share + rated_share and not seat.heads_unit)
        finalised = None
        if final:
            day = min(period.end + dt.timedelta(days=rng.randint(3, 12)), now.date())
            finalised = min(
                timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 16)))), now
            )
        rows.append(
            _evaluation(
                seat,
                period,
                status=Evaluation.Status.FINAL if final else Evaluation.Status.DRAFT,
                rated=rated,
                rng=rng,
                policy=policy,
                finalised_at=finalised,
                behaviours=behaviours,
                index=len(rows),
            )
        )
    written: list[Evaluation] = Evaluation.objects.bulk_create(rows, batch_size=BATCH)
    writer = RowWriter(BehaviourAssessment, ("evaluation_id", "value", "rating", "feedback"))
    for index, ratings in behaviours.items():
        for value, rating in zip(CoreValue.values, ratings, strict=True):
            feedback = FEEDBACK[(index + len(value)) % len(FEEDBACK)] if rating != "meets" else ""
            writer.add((written[index].pk, value, rating, feedback))
    writer.flush()
    return written


def _objections(
    evaluations: list[Evaluation],
    seats: dict[int, _Seat],
    year: AppraisalYear,
    *,
    rng: Random,
    now: dt.datetime,
) -> int:
    """A few hundred objections on final evaluations: filed, explained and decided."""
    candidates = [
        e
        for e in evaluations
        if e.status == Evaluation.Status.FINAL
        and e.finalised_at is not None
        and seats[e.plan_id].user_id is not None
        and seats[e.plan_id].atasan_user is not None
    ]
    chosen = rng.sample(candidates, min(OBJECTIONS, len(candidates) // 10 or len(candidates)))
    rows = []
    for n, evaluation in enumerate(chosen):
        seat = seats[evaluation.plan_id]
        assert evaluation.finalised_at is not None and seat.user_id is not None
        filed = min(evaluation.finalised_at + dt.timedelta(days=rng.randint(1, 10)), now)
        explain_due = timezone.localdate(filed) + dt.timedelta(days=year.objection_explain_days)
        objection = Objection(
            evaluation=evaluation,
            status=Objection.Status.FILED,
            reason=OBJECTION_REASON,
            filed_by_id=seat.user_id,
            filed_at=filed,
            explain_due=explain_due,
            decide_due=explain_due + dt.timedelta(days=year.objection_decide_days),
        )
        stage = n % 10  # 3 in 10 waiting for the penilai, 3 for the atasan, 4 decided
        if stage >= 3:
            explained = min(filed + dt.timedelta(days=rng.randint(1, 5)), now)
            objection.status = Objection.Status.EXPLAINED
            objection.explanation = EXPLANATION
            objection.explained_by_id = evaluation.evaluator_id
            objection.explained_at = explained
            objection.decide_due = timezone.localdate(explained) + dt.timedelta(
                days=year.objection_decide_days
            )
            if stage >= 6:
                objection.status = Objection.Status.DECIDED
                objection.decision = Objection.Decision.UPHELD
                objection.decision_reason = DECISION_REASON
                objection.decided_by_id = seat.atasan_user
                objection.decided_at = min(explained + dt.timedelta(days=rng.randint(1, 7)), now)
        rows.append(objection)
    Objection.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _unit_predikats(opds: list[Unit], periods: list[Period], set_by: User) -> int:
    """Each OPD's organisational predikat per period, one its staff's spread meets."""
    rows = []
    for period in periods:
        for unit in opds:
            choice = _choose(unit, period, fits=True) or "baik"
            rows.append(
                UnitPredikat(
                    unit=unit, period=period, predikat=choice, note=NOTES[True], set_by=set_by
                )
            )
    UnitPredikat.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def seed_evaluations(instansi: Instansi, *, today: dt.date, hr: User) -> EvaluationSeed:
    """Write the evaluations, objections and unit predikats described in the module docstring."""
    rng = Random(7)  # noqa: S311 (reproducible made-up data)
    now = timezone.now()
    year = instansi.years.get(year=today.year)
    policy = year.scoring_policy()
    final_period, open_period = _periods(year, today)
    seats = _seats(instansi, year, today)
    by_plan = {s.plan_id: s for s in seats}
    counts: dict[str, int] = {}
    periods = [final_period]
    finals = _write_period(
        seats, final_period, final_share=1.0, rated_share=0.0, rng=rng, policy=policy, now=now
    )
    written = len(finals)
    if open_period != final_period:
        periods.append(open_period)
        written += len(
            _write_period(
                seats,
                open_period,
                final_share=OPEN_FINAL,
                rated_share=OPEN_RATED,
                rng=rng,
                policy=policy,
                now=now,
            )
        )
    counts["evaluasi"] = written
    counts["keberatan"] = _objections(finals, by_plan, year, rng=rng, now=now)
    opds = list(Unit.objects.filter(instansi=instansi, parent__isnull=True).order_by("pk"))
    counts["predikat unit"] = _unit_predikats(opds, periods, hr)
    staff: dict[int, int] = {}
    unit_parent = dict(Unit.objects.filter(instansi=instansi).values_list("pk", "parent_id"))
    for seat in seats:
        root = seat.unit_id
        while unit_parent.get(root) is not None:
            root = unit_parent[root]
        staff[root] = staff.get(root, 0) + 1
    largest = max(opds, key=lambda u: staff.get(u.pk, 0))
    subtree = Unit.objects.descendants(largest, include_self=True).values("pk")
    head = (
        Employee.objects.filter(
            assignments__position__unit=largest,
            assignments__position__heads_unit=True,
        )
        .select_related("user")
        .first()
    )
    return EvaluationSeed(
        final_period=final_period,
        open_period=open_period,
        unit=largest,
        head=head,
        subtree_final=Evaluation.objects.filter(
            period=final_period, plan__position__unit__in=subtree
        ).count(),
        subtree_open=Evaluation.objects.filter(
            period=open_period, plan__position__unit__in=subtree
        ).count(),
        counts=counts,
    )


# Scenarios --------------------------------------------------------------------------------------


Get = Callable[[str, "Scenario"], None]
Post = Callable[[str, dict[str, str], "Scenario"], None]


def _user(employee: Employee) -> User:
    if employee.user is None:
        raise RuntimeError(f"{employee} has no account; the seed gives every employee one")
    return employee.user


def _every(items: list[Any], count: int) -> list[Any]:
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _in_subtree(seed: EvaluationSeed) -> Any:
    return Unit.objects.descendants(seed.unit, include_self=True).values("pk")


def _penilai_of(plan: PerformancePlan, today: dt.date) -> User:
    from kinerja.organisation.selectors import reporting_line

    line = reporting_line(plan.employee, on=today)
    if line.penilai is None or line.penilai.user is None:
        raise RuntimeError(f"{plan.employee} has no penilai with an account")
    return line.penilai.user


def finalise_post_data(evaluation: Evaluation) -> dict[str, str]:
    """The evaluate form as a penilai sends it: the proposal kept, every value "meets"."""
    data = {
        "result_rating": evaluation.proposed_rating or "meets",
        "result_rating_reason": "",
        "acknowledge_warning": "on",
    }
    for value in CoreValue.values:
        data[f"rating_{value}"] = "meets"
        data[f"feedback_{value}"] = ""
        data[f"evidence_{value}"] = ""
    return data


@dataclass
class EvaluationScenarios:
    calibration: Scenario
    recap: Scenario
    recap_xlsx: Scenario
    document_pdf: Scenario
    objections_atasan: Scenario
    objections_hr: Scenario
    departures: Scenario
    evaluate_head: Scenario
    finalise: Scenario

    def all(self) -> list[Scenario]:
        return [
            self.calibration,
            self.recap,
            self.recap_xlsx,
            self.document_pdf,
            self.objections_atasan,
            self.objections_hr,
            self.departures,
            self.evaluate_head,
            self.finalise,
        ]


def measure_evaluations(
    seed: EvaluationSeed,
    scenarios: EvaluationScenarios,
    *,
    client: Client,
    hr: User,
    samples: int,
    today: dt.date,
    get: Get,
    post: Post,
) -> None:
    """Run every evaluation scenario `samples` times (see the module docstring)."""
    # WeasyPrint logs every layout step at INFO; the bench prints its table, not those.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    unit, final, current = seed.unit, seed.final_period, seed.open_period
    subtree = _in_subtree(seed)
    # The head of the largest OPD opens its calibration: every evaluation below them.
    if seed.head is not None:
        client.force_login(_user(seed.head))
        for _ in range(samples):
            get(
                reverse("evaluations:calibration", args=[unit.pk, current.pk]),
                scenarios.calibration,
            )
    client.force_login(hr)
    for _ in range(samples):
        get(reverse("evaluations:recap", args=[unit.pk, final.pk]), scenarios.recap)
        get(reverse("evaluations:recap_xlsx", args=[unit.pk, final.pk]), scenarios.recap_xlsx)
        get(reverse("evaluations:objections"), scenarios.objections_hr)
        get(reverse("evaluations:departures"), scenarios.departures)
    finals = list(
        Evaluation.objects.filter(
            period=final, status=Evaluation.Status.FINAL, plan__position__unit__in=subtree
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    objected = list(
        Objection.objects.filter(evaluation_id__in=finals)
        .order_by("evaluation_id")
        .values_list("evaluation_id", flat=True)
    )
    half = max(1, samples // 2)
    documents = _every(objected, half) + _every(finals, samples - min(half, len(objected)))
    for pk in documents[:samples]:
        get(reverse("evaluations:document_pdf", args=[pk]), scenarios.document_pdf)
    # Atasan penilai: whoever decides the open objections of the largest OPD.
    open_ones = Objection.objects.filter(evaluation__plan__position__unit__in=subtree).exclude(
        status=Objection.Status.DECIDED
    )
    atasan_ids = sorted(
        {
            o.evaluation.evaluator_id
            for o in open_ones.select_related("evaluation")
            if o.evaluation.evaluator_id is not None
        }
    )
    deciders = sorted(
        {
            _penilai_of(plan, today).pk
            for plan in PerformancePlan.objects.filter(
                employee__user_id__in=atasan_ids, year=final.year
            ).select_related("employee")
        }
    )
    viewers = list(User.objects.filter(pk__in=_every(deciders, samples)).order_by("pk"))
    for n in range(samples if viewers else 0):  # round the deciders when there are few
        client.force_login(viewers[n % len(viewers)])
        get(reverse("evaluations:objections"), scenarios.objections_atasan)
    # A penilai opens the draft of a unit head they evaluate: the unit's capaian.
    heads = list(
        Evaluation.objects.filter(
            period=current,
            status=Evaluation.Status.DRAFT,
            plan__position__heads_unit=True,
            plan__position__unit__in=subtree,
        )
        .select_related("plan__employee")
        .order_by("pk")
    )
    chosen = _every(heads, samples)
    for n in range(samples if chosen else 0):
        evaluation = chosen[n % len(chosen)]
        client.force_login(_penilai_of(evaluation.plan, today))
        get(
            reverse("evaluations:evaluate", args=[evaluation.plan_id, current.pk]),
            scenarios.evaluate_head,
        )
    # A penilai finalises one staff member's draft from the evaluate page.
    drafts = list(
        Evaluation.objects.filter(
            period=current,
            status=Evaluation.Status.DRAFT,
            plan__position__heads_unit=False,
            plan__position__unit__in=subtree,
        )
        .select_related("plan__employee")
        .order_by("pk")
    )
    for evaluation in _every(drafts, samples):
        client.force_login(_penilai_of(evaluation.plan, today))
        post(
            reverse("evaluations:evaluate", args=[evaluation.plan_id, current.pk]),
            finalise_post_data(evaluation),
            scenarios.finalise,
        )
