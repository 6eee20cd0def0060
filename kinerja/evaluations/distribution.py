"""The distribution of a unit's staff predikat against its organisational predikat.

SE MenPANRB 3/2023: the unit's organisational predikat (set by the leader one
level up, see unit_predikat) bounds how its staff's predikat may spread. The
curve of a unit without a predikat of its own is its nearest ancestor's: a
Dinas with a predikat covers its bidang and seksi. Staff counted are the
evaluations of that subtree for the period that carry a predikat, final or
rated drafts, so a penilai sees the effect of their ratings before finalising.
The engine (scoring.check_distribution) says how many people are short; this
module says it in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F
from django.utils.translation import gettext as _

from kinerja import scoring
from kinerja.core import clock
from kinerja.cycles.models import Period
from kinerja.evaluations.models import (
    Evaluation,
    OrgPredikatChoice,
    PredikatChoice,
    UnitPredikat,
)
from kinerja.organisation import tree
from kinerja.organisation.access import Viewer
from kinerja.organisation.models import Position, Unit

PREDIKAT_ORDER = [p.value for p in scoring.Predikat]


@dataclass(frozen=True)
class DistributionCheck:
    """A unit's staff predikat for a period, checked against the curve that applies."""

    unit: Unit  # the unit whose curve applies (the asked unit itself when none has one)
    period: Period
    unit_predikat: UnitPredikat | None
    counts: Mapping[str, int]
    enforcement: str  # "warn" or "block", the year's scoring policy
    violations: tuple[scoring.Violation, ...] = ()
    changes: tuple[str, ...] = ()  # what would have to change, one sentence per violation
    bounds: tuple[scoring.Bound, ...] = ()
    explanation: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def blocks(self) -> bool:
        return bool(self.violations) and self.enforcement == "block"

    def note(self) -> str:
        """The text kept on an evaluation finalised under this check (distribution_note)."""
        if self.unit_predikat is None:
            return _(
                "Predikat kinerja organisasi unit %(unit)s untuk %(period)s belum ditetapkan: "
                "sebaran predikat pegawai tidak diperiksa."
            ) % {"unit": self.unit.name, "period": self.period.label}
        if self.ok:
            return ""
        return _(
            "Difinalkan dengan peringatan: sebaran predikat unit %(unit)s tidak sesuai kurva "
            "predikat organisasi %(org)s. %(changes)s"
        ) % {
            "unit": self.unit.name,
            "org": self.unit_predikat.get_predikat_display(),
            "changes": " ".join(self.changes),
        }

    def refusal(self) -> str:
        """The message of a blocked finalisation."""
        assert self.unit_predikat is not None
        return _(
            "Sebaran predikat unit %(unit)s tidak sesuai kurva predikat organisasi %(org)s, "
            "dan kebijakan penilaian tahun ini menolak finalisasi. %(changes)s"
        ) % {
            "unit": self.unit.name,
            "org": self.unit_predikat.get_predikat_display(),
            "changes": " ".join(self.changes),
        }

    def warning(self) -> str:
        """The message asking the penilai to acknowledge a breach (policy "warn")."""
        assert self.unit_predikat is not None
        return _(
            "Sebaran predikat unit %(unit)s tidak sesuai kurva predikat organisasi %(org)s. "
            "%(changes)s Centang pernyataan bahwa Anda memahami peringatan ini untuk tetap "
            "memfinalkan."
        ) % {
            "unit": self.unit.name,
            "org": self.unit_predikat.get_predikat_display(),
            "changes": " ".join(self.changes),
        }


def unit_predikat_current(unit_id: int, period: Period) -> UnitPredikat | None:
    return (
        UnitPredikat.objects.filter(unit_id=unit_id, period=period, superseded_at__isnull=True)
        .select_related("set_by")
        .first()
    )


def curve_unit(unit: Unit, period: Period) -> tuple[Unit, UnitPredikat | None]:
    """The nearest unit, `unit` itself or an ancestor, with a current predikat for `period`.

    Without one anywhere up the tree, `unit` itself and None.
    """
    current: Unit | None = unit
    seen: set[int] = set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        predikat = unit_predikat_current(current.pk, period)
        if predikat is not None:
            return current, predikat
        current = current.parent
    return unit, None


def subtree_ids(unit: Unit) -> list[int]:
    """`unit` and every unit below it."""
    return list(Unit.objects.descendants(unit, include_self=True).values_list("pk", flat=True))


def evaluations_counted(unit: Unit, period: Period) -> Any:
    """The evaluations of `unit`'s subtree for `period` that carry a predikat."""
    return Evaluation.objects.filter(
        period=period, plan__position__unit__in=subtree_ids(unit)
    ).exclude(predikat="")


def predikat_counts(unit: Unit, period: Period) -> dict[str, int]:
    counts = {p: 0 for p in PREDIKAT_ORDER}
    for row in (
        evaluations_counted(unit, period).values("predikat").annotate(n=Count("pk")).order_by()
    ):
        counts[row["predikat"]] = row["n"]
    return counts


def distribution_check(unit: Unit, period: Period) -> DistributionCheck:
    """Check the staff predikat of the unit whose curve covers `unit` for `period`."""
    curve, predikat = curve_unit(unit, period)
    counts = predikat_counts(curve, period)
    policy = period.year.scoring_policy()
    if predikat is None:
        return DistributionCheck(curve, period, None, counts, policy.distribution_enforcement)
    org = scoring.OrgPredikat(predikat.predikat)
    result = scoring.check_distribution(
        org, {scoring.Predikat(p): n for p, n in counts.items()}, policy
    )
    return DistributionCheck(
        unit=curve,
        period=period,
        unit_predikat=predikat,
        counts=counts,
        enforcement=policy.distribution_enforcement,
        violations=result.value.violations,
        changes=tuple(
            violation_text(v, total=sum(counts.values())) for v in result.value.violations
        ),
        bounds=policy.distribution[org].bounds,
        explanation=result.to_dict(),
    )


def group_label(predikats: tuple[scoring.Predikat, ...] | frozenset[scoring.Predikat]) -> str:
    ordered = [p for p in scoring.Predikat if p in predikats]
    return _(" atau ").join(str(PredikatChoice(p.value).label) for p in ordered)


def _pct(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def violation_text(violation: scoring.Violation, *, total: int) -> str:
    """One violation in words: what is wrong and how many people would have to move."""
    names = group_label(violation.predikats)
    values = {
        "names": names,
        "limit": _pct(violation.limit),
        "actual": _pct(violation.actual),
        "total": total,
        "n": violation.shortfall_count,
    }
    if violation.required == "max_share":
        return (
            _(
                "Predikat %(names)s sebanyak %(actual)s%% dari %(total)s pegawai, melebihi batas "
                "atas %(limit)s%%: sedikitnya %(n)s pegawai harus berpindah ke predikat lain."
            )
            % values
        )
    if violation.required == "min_share":
        return (
            _(
                "Predikat %(names)s baru %(actual)s%% dari %(total)s pegawai, di bawah batas "
                "bawah %(limit)s%%: sedikitnya %(n)s pegawai lagi harus berpredikat %(names)s."
            )
            % values
        )
    return _(
        "Sedikitnya %(limit)s pegawai harus berpredikat %(names)s (kini %(actual)s): "
        "%(n)s pegawai lagi harus berpredikat %(names)s."
    ) % {**values, "limit": _pct(violation.limit), "actual": _pct(violation.actual)}


def bound_text(bound: scoring.Bound) -> str:
    """One rule of the curve in words, for the calibration page."""
    names = group_label(bound.predikats)
    parts = []
    if bound.min_share is not None:
        parts.append(_("paling sedikit %(v)s%%") % {"v": _pct(bound.min_share)})
    if bound.max_share is not None:
        parts.append(_("paling banyak %(v)s%%") % {"v": _pct(bound.max_share)})
    if bound.min_count is not None:
        parts.append(_("paling sedikit %(v)s pegawai") % {"v": bound.min_count})
    return _("%(names)s: %(limits)s") % {"names": names, "limits": _(", ").join(parts)}


def org_predikat_label(code: str) -> str:
    return str(OrgPredikatChoice(code).label)


def departures(unit: Unit, period: Period, *, visible: Any) -> list[Evaluation]:
    """Evaluations of the subtree whose Rating Hasil Kerja departs from the data's proposal.

    `visible` is the employee queryset the reader may see.
    """
    return list(
        Evaluation.objects.filter(
            period=period,
            plan__position__unit__in=subtree_ids(unit),
            plan__employee__in=visible,
        )
        .exclude(result_rating="")
        .exclude(proposed_rating="")
        .exclude(result_rating=F("proposed_rating"))
        .select_related("plan__employee", "evaluator")
        .order_by("plan__employee__name")
    )


# Calibration: who may see a unit's distribution, and what they see ------------------------


@dataclass(frozen=True)
class CalibrationAccess:
    see: bool
    finalise: bool  # a penilai of someone in the unit (HR admins and auditors only read)


def ancestor_ids(unit: Unit) -> list[int]:
    """`unit` and the units above it, nearest first."""
    ids: list[int] = []
    current: Unit | None = unit
    while current is not None and current.pk not in ids:
        ids.append(current.pk)
        current = current.parent
    return ids


def calibration_access(viewer: Viewer, unit: Unit) -> CalibrationAccess:
    """Penilai of staff in the unit, heads of it or above it, HR admins and auditors."""
    penilai = bool(viewer.position_ids) and (
        Position.objects.filter(
            unit_id__in=subtree_ids(unit),
            pk__in=tree.reporting_to(viewer.position_ids, on=clock.today()),
        ).exists()
    )
    head = bool(viewer.position_ids) and (
        Position.objects.filter(
            pk__in=viewer.position_ids, heads_unit=True, unit_id__in=ancestor_ids(unit)
        ).exists()
    )
    office = unit.instansi_id in viewer.office_instansi_ids or viewer.is_superuser
    return CalibrationAccess(see=penilai or head or office, finalise=penilai)


def drafts_rated_by(user_id: int, unit: Unit, period: Period) -> list[Evaluation]:
    """The rated drafts `user_id` gave in `unit`'s subtree for `period`: ready to finalise."""
    return list(
        Evaluation.objects.filter(
            period=period,
            status=Evaluation.Status.DRAFT,
            evaluator_id=user_id,
            plan__position__unit__in=subtree_ids(unit),
        )
        .exclude(predikat="")
        .select_related("plan__employee", "plan__position", "period__year")
        .order_by("plan__employee__name")
    )


def unit_evaluations(unit: Unit, period: Period, *, visible: Any) -> list[Evaluation]:
    """The evaluations of `unit`'s subtree for `period` whose employee the reader may see.

    Only what the calibration page lists: a unit of thousands must not load every
    evaluation's inputs (the stored explanations) and every related column.
    """
    return list(
        Evaluation.objects.filter(
            period=period, plan__position__unit__in=subtree_ids(unit), plan__employee__in=visible
        )
        .select_related("plan__employee", "plan__position__unit")
        .only(
            "plan_id",
            "period_id",
            "status",
            "proposed_rating",
            "result_rating",
            "result_rating_reason",
            "predikat",
            "plan__employee__name",
            "plan__position__unit__name",
        )
        .order_by("plan__employee__name")
    )


@dataclass(frozen=True)
class CalibrationRow:
    unit: Unit
    period: Period
    unit_predikat: UnitPredikat | None
    final: int
    drafts: int
    mine: int  # the viewer's rated drafts


def calibration_list(viewer: Viewer, *, visible: Any) -> list[CalibrationRow]:
    """The units and periods with rated or final evaluations the viewer may see, this year.

    Each evaluation counts under the unit whose curve applies to it.
    """
    rows = (
        Evaluation.objects.filter(plan__employee__in=visible, period__year__year=clock.today().year)
        .exclude(predikat="")
        .values("plan__position__unit_id", "period_id", "status", "evaluator_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    period_ids = {r["period_id"] for r in rows}
    periods = Period.objects.select_related("year").in_bulk(period_ids)
    current = {
        (p.unit_id, p.period_id): p
        for p in UnitPredikat.objects.filter(period_id__in=period_ids, superseded_at__isnull=True)
    }
    instansi = {p.year.instansi_id for p in periods.values()}
    units = Unit.objects.filter(instansi_id__in=instansi).in_bulk()
    groups: dict[tuple[int, int], dict[str, int]] = {}
    for r in rows:
        unit_id = r["plan__position__unit_id"]
        curve = unit_id
        walk: int | None = unit_id
        while walk is not None:
            if (walk, r["period_id"]) in current:
                curve = walk
                break
            walk = units[walk].parent_id if walk in units else None
        tally = groups.setdefault((curve, r["period_id"]), {"final": 0, "drafts": 0, "mine": 0})
        if r["status"] == Evaluation.Status.FINAL:
            tally["final"] += r["n"]
        else:
            tally["drafts"] += r["n"]
            if r["evaluator_id"] == viewer.user_id:
                tally["mine"] += r["n"]
    result = [
        CalibrationRow(
            unit=units[unit_id],
            period=periods[period_id],
            unit_predikat=current.get((unit_id, period_id)),
            **tally,
        )
        for (unit_id, period_id), tally in groups.items()
        if unit_id in units
    ]
    result.sort(key=lambda r: (-r.period.end.toordinal(), r.unit.name))
    return result
