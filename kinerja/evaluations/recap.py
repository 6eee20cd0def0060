"""The unit recap: every SKP holder of a unit (and the units below it) for one period.

Reads only. A row is an SKP in force at the period's end (or one evaluated for the
period), with its evaluation when there is one: who has not been evaluated yet is
listed too, as "belum dievaluasi". Who sees which rows has one rule here
(`recap_scope`): HR admins and auditors of the instansi and the head of the unit or
of a unit above it see every row; a penilai sees the rows of their own staff only;
anybody else nothing (404). Nobody sees their own draft's ratings or predikat here,
as nowhere else: their own row shows final values only. Rows are read as plain
values in chunks, so a unit of thousands costs the same few queries as a unit of
ten; the page, the PDF and the Excel file share them. TPP, angka kredit and the
older scores follow the policy version each evaluation stores (figures).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja import scoring
from kinerja.core import clock
from kinerja.core.spreadsheets import spreadsheet_safe
from kinerja.cycles.models import Period
from kinerja.evaluations.distribution import curve_unit
from kinerja.evaluations.figures import figures_compute, indicator_capaian, policy_scored_under
from kinerja.evaluations.models import (
    BehaviourAssessment,
    Evaluation,
    Objection,
    OrgPredikatChoice,
    PredikatChoice,
)
from kinerja.organisation import tree
from kinerja.organisation.access import Viewer
from kinerja.organisation.models import Position, Unit
from kinerja.plans.cascade import unit_subtree
from kinerja.plans.models import PerformancePlan, RatingChoice

CHUNK = 1000


@dataclass(frozen=True)
class RecapScope:
    """The unit of the recap and whether the viewer sees all of it or only their own staff."""

    unit: Unit
    period: Period
    whole: bool
    # The viewer's positions, for "own staff only" (their direct reports on `day`).
    position_ids: frozenset[int]
    day: dt.date
    # The viewer's employee record: their own draft is never shown to them.
    employee_id: int | None = None


def recap_scope(viewer: Viewer, unit: Unit, period: Period) -> RecapScope | None:
    """What `viewer` may see of `unit`'s recap for `period`; None when nothing (a 404)."""
    if period.year.instansi_id != unit.instansi_id:
        return None
    day = max(period.start, min(period.end, clock.today()))
    me = viewer.employee.pk if viewer.employee is not None else None
    if viewer.is_superuser or unit.instansi_id in viewer.office_instansi_ids:
        return RecapScope(unit, period, True, frozenset(), day, me)
    if not viewer.position_ids:
        return None
    chain = set(unit.ancestors(include_self=True).values_list("pk", flat=True))
    if Position.objects.filter(
        pk__in=viewer.position_ids, heads_unit=True, unit__in=chain
    ).exists():
        return RecapScope(unit, period, True, viewer.position_ids, day, me)
    scope = RecapScope(unit, period, False, viewer.position_ids, day, me)
    return scope if _plans(scope).exists() else None


def recap_units(viewer: Viewer) -> QuerySet[Unit]:
    """The units whose recap `viewer` may open: an office's instansi, headed units and
    the units below them, and the units of their own staff's positions."""
    units: QuerySet[Unit] = Unit.objects.all()
    if viewer.is_superuser:
        return units
    condition = Q(instansi_id__in=viewer.office_instansi_ids)
    if viewer.position_ids:
        headed = Position.objects.filter(pk__in=viewer.position_ids, heads_unit=True).values_list(
            "unit_id", flat=True
        )
        condition |= Q(pk__in=unit_subtree(list(headed)))
        condition |= Q(
            pk__in=Position.objects.filter(
                pk__in=tree.reporting_to(viewer.position_ids, on=clock.today())
            ).values("unit_id")
        )
    return units.filter(condition)


def _plans(scope: RecapScope) -> QuerySet[PerformancePlan]:
    """The SKPs of the recap: in force at the period's end, or evaluated for the period
    (an SKP closed and continued after its evaluation keeps its row)."""
    period = scope.period
    evaluated = Evaluation.objects.filter(plan=OuterRef("pk"), period=period)
    plans = PerformancePlan.objects.filter(
        Q(start__lte=period.end, end__gte=period.end) | Exists(evaluated),
        year_id=period.year_id,
        position__unit__in=unit_subtree([scope.unit.pk]),
    )
    if not scope.whole:
        plans = plans.filter(position__in=tree.reporting_to(scope.position_ids, on=scope.day))
    return plans


def _evaluations(scope: RecapScope) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(period=scope.period, plan__in=_plans(scope))


@dataclass(frozen=True)
class RecapRow:
    number: int
    # None: the SKP has no evaluation for the period yet ("belum dievaluasi").
    evaluation_id: int | None
    name: str
    nip: str
    position: str
    unit: str
    capaian: Decimal | None
    proposed: str
    result: str
    departs: bool
    behaviour: str
    predikat: str
    predikat_label: str
    status: str
    acknowledged_on: dt.date | None
    objection: str
    tpp: Decimal | None
    credit_points: Decimal | None
    legacy: Decimal | None


@dataclass(frozen=True)
class PredikatTotal:
    predikat: str
    label: str
    count: int


@dataclass(frozen=True)
class RecapPolicies:
    """The year's policy in force and each policy version the recap's final evaluations
    store, read once each."""

    current: scoring.ScoringPolicy
    by_version: dict[str, scoring.ScoringPolicy]

    def of(self, version: str) -> scoring.ScoringPolicy:
        return self.by_version.get(version) or self.current

    @property
    def versions(self) -> list[str]:
        return sorted({p.version for p in self.by_version.values()})

    @property
    def legacy(self) -> bool:
        """Whether any evaluation's policy (or the one in force) asks for an older score."""
        policies = [self.current, *self.by_version.values()]
        return any(p.legacy_mode != "none" for p in policies)


@dataclass(frozen=True)
class Recap:
    scope: RecapScope
    policies: RecapPolicies
    org_predikat: str
    # The unit whose organisational predikat applies: the recap's own or the nearest above.
    org_unit: str
    totals: tuple[PredikatTotal, ...]
    evaluated: int
    final: int

    @property
    def unit(self) -> Unit:
        return self.scope.unit

    @property
    def period(self) -> Period:
        return self.scope.period

    @property
    def legacy(self) -> bool:
        return self.policies.legacy

    def rows(self) -> Iterator[RecapRow]:
        return recap_rows(self.scope, self.policies)

    def chart(self) -> SafeString:
        return predikat_chart(self.totals, title=_("Sebaran predikat kinerja pegawai"))

    @property
    def filename_stem(self) -> str:
        period = self.period
        return f"Rekap-Evaluasi-{self.unit.code}-{period.year.year}-{period.kind}{period.number}"


def recap_get(scope: RecapScope) -> Recap:
    """The recap's header data: organisational predikat, totals per predikat, the policies."""
    year = scope.period.year
    finals = _evaluations(scope).filter(status=Evaluation.Status.FINAL)
    counts = dict(finals.values_list("predikat").annotate(n=Count("pk")).order_by())
    totals = tuple(
        PredikatTotal(str(choice.value), str(choice.label), counts.get(choice.value, 0))
        for choice in PredikatChoice
    )
    evaluated = _evaluations(scope).count()
    versions = set(finals.values_list("policy_version", flat=True).distinct().order_by())
    policies = RecapPolicies(
        current=year.scoring_policy(),
        by_version={v: policy_scored_under(year, v) for v in sorted(versions)},
    )
    unit, current = curve_unit(scope.unit, scope.period)
    org = str(OrgPredikatChoice(current.predikat).label) if current else "–"
    return Recap(scope, policies, org, unit.name, totals, evaluated, sum(counts.values()))


_RATING = dict(RatingChoice.choices)
_PREDIKAT = dict(PredikatChoice.choices)
_STATUS = dict(Evaluation.Status.choices)
_OBJECTION = dict(Objection.Status.choices)
_DECISION = dict(Objection.Decision.choices)


NOT_EVALUATED = gettext_lazy("belum dievaluasi")


def recap_rows(scope: RecapScope, policies: RecapPolicies) -> Iterator[RecapRow]:
    """The rows ordered by name, read in chunks: two queries whatever the unit's size."""
    legacy = policies.legacy
    fields = [
        "employee_id",
        "employee__name",
        "employee__nip",
        "position__name",
        "position__unit__name",
        "position__credit_coefficient",
        "ev__pk",
        "ev__status",
        "ev__achievement",
        "ev__proposed_rating",
        "ev__result_rating",
        "ev__behaviour_rating",
        "ev__predikat",
        "ev__policy_version",
        "ev__acknowledged_at",
        "ev__acknowledged_revision",
        "ev__revision",
        "ev__objection__status",
        "ev__objection__decision",
    ]
    if legacy:
        fields.append("ev__inputs")
    ratings: dict[int, list[str]] = defaultdict(list)
    if legacy:
        for evaluation_id, rating in (
            BehaviourAssessment.objects.filter(evaluation__in=_evaluations(scope))
            .values_list("evaluation_id", "rating")
            .iterator(chunk_size=CHUNK * 7)
        ):
            ratings[evaluation_id].append(rating)
    rows = (
        _plans(scope)
        .annotate(ev=FilteredRelation("evaluations", condition=Q(evaluations__period=scope.period)))
        .order_by("employee__name", "employee__nip", "pk")
        .values(*fields)
        .iterator(chunk_size=CHUNK)
    )
    kind = scope.period.kind
    for number, row in enumerate(rows, start=1):
        own_draft = (
            row["employee_id"] == scope.employee_id and row["ev__status"] == Evaluation.Status.DRAFT
        )
        if own_draft:
            # The viewer's own draft is their penilai's working copy: none of it shows.
            row = {k: v for k, v in row.items() if not k.startswith("ev__")} | {
                "ev__pk": row["ev__pk"],
                "ev__status": row["ev__status"],
            }
        yield _row(number, row, kind, policies, ratings.get(row["ev__pk"], []))


def _row(
    number: int,
    row: dict[str, Any],
    kind: str,
    policies: RecapPolicies,
    ratings: list[str],
) -> RecapRow:
    final = row["ev__status"] == Evaluation.Status.FINAL and bool(row.get("ev__predikat"))
    figures = (
        figures_compute(
            predikat=row["ev__predikat"],
            period_kind=kind,
            policy=policies.of(row["ev__policy_version"]),
            credit_coefficient=row["position__credit_coefficient"],
            indicator_capaian=indicator_capaian(row.get("ev__inputs")),
            behaviour_ratings=ratings,
        )
        if final
        else None
    )
    objection = ""
    if row.get("ev__objection__status"):
        objection = str(_OBJECTION[row["ev__objection__status"]])
        if row.get("ev__objection__decision"):
            objection += f": {_DECISION[row['ev__objection__decision']]}"
    result, proposed = row.get("ev__result_rating") or "", row.get("ev__proposed_rating") or ""
    departs = bool(result and proposed) and result != proposed
    # An acknowledgement of an earlier revision no longer counts (acknowledgement.py).
    acknowledged = (
        row.get("ev__acknowledged_at")
        if row.get("ev__acknowledged_revision") == row.get("ev__revision")
        else None
    )
    status = row["ev__status"]
    predikat = row.get("ev__predikat") or ""
    return RecapRow(
        number=number,
        evaluation_id=row["ev__pk"],
        name=row["employee__name"],
        nip=row["employee__nip"],
        position=row["position__name"],
        unit=row["position__unit__name"],
        capaian=row.get("ev__achievement"),
        proposed=str(_RATING.get(proposed, "")),
        result=str(_RATING.get(result, "")),
        departs=departs,
        behaviour=str(_RATING.get(row.get("ev__behaviour_rating") or "", "")),
        predikat=predikat,
        predikat_label=str(_PREDIKAT.get(predikat, "")),
        status=str(_STATUS[status]) if status else str(NOT_EVALUATED),
        acknowledged_on=timezone.localdate(acknowledged) if acknowledged else None,
        objection=objection,
        tpp=figures.tpp.value if figures else None,
        credit_points=(figures.credit_points.value if figures and figures.credit_points else None),
        legacy=figures.legacy.value if figures and figures.legacy else None,
    )


def predikat_chart(totals: Iterable[PredikatTotal], *, title: str, width: int = 460) -> SafeString:
    """Horizontal bars, one per predikat, labelled with the count; drawn on the server."""
    totals = list(totals)
    bar_h, gap, label_w, top = 18, 8, 150, 6
    height = top * 2 + len(totals) * (bar_h + gap)
    largest = max([t.count for t in totals] + [1])
    plot_w = width - label_w - 40
    quote = {'"': "&quot;"}
    parts = [
        '<svg class="recap-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title, quote)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, total in enumerate(totals):
        y = top + index * (bar_h + gap)
        w = plot_w * total.count / largest
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h - 5}" text-anchor="end" font-size="12" '
            f'fill="#1f2933">{escape(total.label)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="2" '
            f'fill="#0b5d8c"><title>{escape(total.label)}: {total.count}</title></rect>'
        )
        parts.append(
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h - 5}" font-size="12" '
            f'fill="#1f2933">{total.count}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def recap_xlsx(recap: Recap) -> bytes:
    """The recap as an Excel workbook, written row by row (write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("rekap"))
    legacy = recap.legacy
    headers = [
        "No",  # not through gettext: the catalogue reads "No" as the English word
        _("Nama"),
        _("NIP"),
        _("Jabatan"),
        _("Unit kerja"),
        _("Capaian SKP (%)"),
        _("Usulan rating hasil kerja"),
        _("Rating hasil kerja"),
        _("Berbeda dari usulan"),
        _("Rating perilaku kerja"),
        _("Predikat kinerja"),
        _("Status"),
        _("Diterima pegawai"),
        _("Keberatan"),
        _("TPP (%)"),
        _("Angka kredit"),
    ]
    if legacy:
        headers.append(_("Nilai numerik lama"))
    widths = [6, 30, 22, 30, 28, 12, 20, 20, 10, 20, 18, 10, 14, 24, 10, 12, 14]
    for index, w in enumerate(widths[: len(headers)]):
        sheet.column_dimensions[chr(ord("A") + index)].width = w
    sheet.append([_("Rekap evaluasi kinerja"), recap.unit.name, recap.period.label])
    sheet.append([_("Predikat kinerja organisasi"), recap.org_predikat, recap.org_unit])
    header_cells = []
    for heading in headers:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)

    def text(value: str) -> WriteOnlyCell:
        # Stored as text whatever it holds: openpyxl turns a str starting with "=" into
        # a live formula, and an 18-digit NIP would lose digits as a number.
        cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
        cell.data_type = "s"
        cell.number_format = "@"
        return cell

    def number(value: Decimal | None) -> WriteOnlyCell | None:
        return None if value is None else WriteOnlyCell(sheet, value=float(value))

    for row in recap.rows():
        cells: list[Any] = [
            row.number,
            text(row.name),
            text(row.nip),
            text(row.position),
            text(row.unit),
            number(row.capaian),
            text(row.proposed),
            text(row.result),
            text(_("ya") if row.departs else ""),
            text(row.behaviour),
            text(row.predikat_label),
            text(row.status),
            text(row.acknowledged_on.isoformat() if row.acknowledged_on else ""),
            text(row.objection),
            number(row.tpp),
            number(row.credit_points),
        ]
        if legacy:
            cells.append(number(row.legacy))
        sheet.append(cells)
    totals = workbook.create_sheet(_("jumlah"))
    totals.append([_("Predikat kinerja"), _("Jumlah pegawai")])
    for total in recap.totals:
        totals.append([total.label, total.count])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
