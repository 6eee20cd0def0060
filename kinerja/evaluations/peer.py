"""Anonymous input from peers and subordinates on a colleague's behaviour (BerAKHLAK).

Who may answer about the holder of an SKP for a period: a peer (a holder of a
position under the same superior position, in the same instansi) or a
subordinate (a holder of a position directly under the SKP's position), each
assigned during the period. One answer per person, SKP and period.

Anonymity is the point, so nothing names the respondent: the answer keeps a
keyed hash (``respondent_key``, HMAC with ``settings.PEER_INPUT_KEY``) of who
answered about which SKP and period, which is enough to refuse a second answer
and cannot be linked to a user without that key (whoever holds the key, the
system administrator, could in principle test a user against it); the answer
keeps its date, not its time.

Nobody reads single answers: the penilai sees a summary, and only once at
least ``settings.PEER_INPUT_MIN_RESPONSES`` have answered; the counts of a
BerAKHLAK value only when that many rated that value. The summary holds the
answers up to the end of the previous day, so an answer given today cannot be
matched to its author by watching the page change within the day. The summary
is guidance and never changes a proposal or a rating.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kinerja.core import clock
from kinerja.cycles.models import AppraisalYear, Period
from kinerja.cycles.selectors import evaluation_periods_open
from kinerja.evaluations.models import Evaluation, PeerInput
from kinerja.organisation.models import Assignment, Employee
from kinerja.plans.models import CoreValue, PerformancePlan, RatingChoice

COMMENT_MAX = 2000


class PeerInputError(ValueError):
    """An answer that cannot be saved as given; the message is shown to the respondent."""


def min_responses() -> int:
    return int(settings.PEER_INPUT_MIN_RESPONSES)


def respondent_key(*, user_pk: int, plan_pk: int, period_pk: int) -> str:
    """HMAC-SHA256 (keyed with settings.PEER_INPUT_KEY) of who answers about which SKP and period.

    Without the key nobody can tell which user a stored answer came from, and
    each (user, SKP, period) gives one fixed key, so a second answer is refused.
    A new key gives new hashes: rotating it lets everyone answer once more.
    """
    message = f"peer-input:{user_pk}:{plan_pk}:{period_pk}".encode()
    return hmac.new(str(settings.PEER_INPUT_KEY).encode(), message, hashlib.sha256).hexdigest()


def _respondent(user: object) -> Employee | None:
    pk = getattr(user, "pk", None)
    return Employee.objects.filter(user_id=pk).first() if isinstance(pk, int) else None


def _positions_in(employee: Employee, period: Period) -> list[Assignment]:
    """The employee's assignments overlapping `period`, with their positions."""
    return list(
        Assignment.objects.filter(employee=employee, start__lte=period.end)
        .filter(Q(end__isnull=True) | Q(end__gte=period.start))
        .select_related("position")
    )


def peer_relation(respondent: Employee | None, plan: PerformancePlan, period: Period) -> str | None:
    """How `respondent` stands to the SKP's holder in `period`: peer, subordinate or None."""
    if respondent is None or respondent.pk == plan.employee_id:
        return None
    if respondent.instansi_id != plan.employee.instansi_id:
        return None
    parents = {a.position.parent_id for a in _positions_in(respondent, period)} - {None}
    if plan.position_id in parents:
        return PeerInput.Relation.SUBORDINATE
    if plan.position.parent_id is not None and plan.position.parent_id in parents:
        return PeerInput.Relation.PEER
    return None


def _period_open(plan: PerformancePlan, period: Period) -> bool:
    """Input is taken for the year's open evaluation periods, on the SKP in force at their end."""
    if period.year_id != plan.year_id:
        return False
    if period.pk not in {p.pk for p in evaluation_periods_open(plan.year, on=clock.today())}:
        return False
    return plan.start <= period.end and (plan.end >= period.end or not plan.continued_by.exists())


def _evaluation_final(plan: PerformancePlan, period: Period) -> bool:
    return Evaluation.objects.filter(
        plan=plan, period=period, status=Evaluation.Status.FINAL
    ).exists()


@dataclass(frozen=True)
class PeerTarget:
    """A colleague the respondent may answer about, for one period."""

    plan: PerformancePlan
    period: Period
    relation: str
    answered: bool
    closed: bool  # the evaluation is already final

    @property
    def relation_label(self) -> str:
        return str(PeerInput.Relation(self.relation).label)


def peer_target_list(*, user: object) -> list[PeerTarget]:
    """The colleagues `user` may give input on in the current evaluation period(s).

    The queries do not grow with the colleagues: whether each was already
    answered is one query for all their respondent keys.
    """
    respondent = _respondent(user)
    if respondent is None:
        return []
    today = clock.today()
    found: list[tuple[PerformancePlan, Period, str, bool]] = []
    years = AppraisalYear.objects.filter(instansi_id=respondent.instansi_id, year=today.year)
    for year in years:
        for period in evaluation_periods_open(year, on=today):
            parents = {a.position.parent_id for a in _positions_in(respondent, period)} - {None}
            if not parents:
                continue
            plans = list(
                PerformancePlan.objects.filter(year=year, start__lte=period.end)
                .filter(Q(position_id__in=parents) | Q(position__parent_id__in=parents))
                .filter(Q(end__gte=period.end) | Q(continued_by__isnull=True))
                .exclude(employee=respondent)
                .select_related("employee", "position__unit")
                .distinct()
                .order_by("employee__name", "pk")
            )
            final = set(
                Evaluation.objects.filter(
                    plan__in=[p.pk for p in plans], period=period, status=Evaluation.Status.FINAL
                ).values_list("plan_id", flat=True)
            )
            for plan in plans:
                relation = (
                    PeerInput.Relation.SUBORDINATE
                    if plan.position_id in parents
                    else PeerInput.Relation.PEER
                )
                found.append((plan, period, relation, plan.pk in final))
    keys = {
        (plan.pk, period.pk): respondent_key(
            user_pk=respondent.user_id or 0, plan_pk=plan.pk, period_pk=period.pk
        )
        for plan, period, _relation, _closed in found
    }
    answered = set(
        PeerInput.objects.filter(respondent_key__in=keys.values()).values_list(
            "plan_id", "period_id"
        )
    )
    return [
        PeerTarget(plan, period, relation, (plan.pk, period.pk) in answered, closed=closed)
        for plan, period, relation, closed in found
    ]


def peer_input_answered(*, user: object, plan: PerformancePlan, period: Period) -> bool:
    key = respondent_key(user_pk=getattr(user, "pk", 0), plan_pk=plan.pk, period_pk=period.pk)
    return PeerInput.objects.filter(plan=plan, period=period, respondent_key=key).exists()


def peer_input_give(
    *,
    user: object,
    plan: PerformancePlan,
    period: Period,
    ratings: Mapping[str, str],
    comment: str,
) -> PeerInput:
    """Save one anonymous answer about the SKP's holder for `period`.

    Refused (PeerInputError, nothing saved) when the user is not a peer or a
    subordinate in the period, the period is not open or already evaluated,
    the answer is empty or names an unknown value or rating, or this user
    already answered: the first answer stands, it is never replaced.
    """
    respondent = _respondent(user)
    relation = peer_relation(respondent, plan, period)
    if relation is None:
        raise PeerInputError(_("Anda bukan rekan kerja atau bawahan pegawai ini pada periode ini."))
    if not _period_open(plan, period):
        raise PeerInputError(
            _("Masukan hanya dapat diberikan untuk periode evaluasi yang berjalan.")
        )
    if _evaluation_final(plan, period):
        raise PeerInputError(_("Evaluasi periode ini sudah final; masukan tidak diterima lagi."))
    unknown = [v for v in ratings if v not in CoreValue.values]
    if unknown or any(r not in RatingChoice.values for r in ratings.values()):
        raise PeerInputError(_("Pilih rating yang tersedia untuk nilai BerAKHLAK yang tersedia."))
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise PeerInputError(_("Masukan paling banyak %(n)d karakter.") % {"n": COMMENT_MAX})
    if not ratings and not comment:
        raise PeerInputError(
            _("Beri rating pada sedikitnya satu nilai BerAKHLAK, atau tulis masukan.")
        )
    assert respondent is not None
    key = respondent_key(user_pk=getattr(user, "pk", 0), plan_pk=plan.pk, period_pk=period.pk)
    already = _(
        "Anda sudah memberi masukan untuk pegawai ini pada periode ini. Masukan tidak dapat diubah."
    )
    if PeerInput.objects.filter(plan=plan, period=period, respondent_key=key).exists():
        raise PeerInputError(already)
    try:
        with transaction.atomic():
            return PeerInput.objects.create(
                plan=plan,
                period=period,
                respondent_key=key,
                relation=relation,
                ratings={v: ratings[v] for v in CoreValue.values if v in ratings},
                comment=comment,
                answered_on=clock.today(),
            )
    except IntegrityError:
        # Two submissions at once: the unique constraint keeps the first.
        raise PeerInputError(already) from None


@dataclass(frozen=True)
class ValueSummary:
    value: str
    label: str
    above: int
    meets: int
    below: int
    threshold: int

    @property
    def total(self) -> int:
        return self.above + self.meets + self.below

    @property
    def shown(self) -> bool:
        """The counts of a value rated by fewer than the threshold would point at the few."""
        return self.total >= self.threshold


@dataclass(frozen=True)
class PeerSummary:
    """What the penilai may see of the answers about one SKP and period (up to yesterday)."""

    count: int
    threshold: int
    values: list[ValueSummary]
    comments: list[str]

    @property
    def shown(self) -> bool:
        return self.count >= self.threshold


def peer_summary_get(*, plan_id: int, period_id: int) -> PeerSummary:
    """Counts per value and rating, and the comments, once enough have answered.

    Only answers given before today count (``answered_on`` < clock.today()):
    the summary changes once a day, not with each answer, so the penilai cannot
    tell an answer's author by who was around when the page changed. Below the
    threshold only the number of answers is given; a value rated by fewer than
    the threshold shows no counts. Comments are sorted by their text, not their
    arrival, so their order tells nothing about who wrote which.
    """
    answers = list(
        PeerInput.objects.filter(
            plan_id=plan_id, period_id=period_id, answered_on__lt=clock.today()
        ).values_list("ratings", "comment")
    )
    threshold = min_responses()
    if len(answers) < threshold:
        return PeerSummary(len(answers), threshold, [], [])
    counts: dict[str, Counter[str]] = {v: Counter() for v in CoreValue.values}
    for ratings, _comment in answers:
        for value, rating in (ratings or {}).items():
            if value in counts:
                counts[value][rating] += 1
    values = [
        ValueSummary(
            value.value,
            str(value.label),
            counts[value.value]["above"],
            counts[value.value]["meets"],
            counts[value.value]["below"],
            threshold,
        )
        for value in CoreValue
    ]
    comments = sorted(c for _r, c in answers if c)
    return PeerSummary(len(answers), threshold, values, comments)
