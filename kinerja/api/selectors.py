"""Reads of the API app: source systems for the HR pages, and what a token may see.

A token sees only its own instansi and its scoped indicators. An employee of
another instansi and one that does not exist look the same ("not found"), so a
source system cannot probe NIPs of another government.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kinerja.cycles.models import Period, PeriodKind
from kinerja.indicators.models import Indicator
from kinerja.measurements.models import DataSource, Measurement
from kinerja.organisation.access import Viewer
from kinerja.organisation.models import Employee
from kinerja.plans.changes import plan_months
from kinerja.plans.models import PerformancePlan, PlanIndicator

from .models import ApiToken, token_digest


def source_list_visible(viewer: Viewer) -> QuerySet[DataSource]:
    """Source systems of the instansi where the viewer is HR admin or auditor."""
    sources = DataSource.objects.select_related("instansi").annotate(
        token_count=Count("tokens", filter=Q(tokens__revoked_at__isnull=True))
    )
    if viewer.is_superuser:
        return sources
    return sources.filter(instansi_id__in=viewer.office_instansi_ids)


def source_get_visible(viewer: Viewer, pk: int) -> DataSource:
    source = source_list_visible(viewer).filter(pk=pk).first()
    if source is None:
        raise Http404
    return source


def token_list(source: DataSource) -> QuerySet[ApiToken]:
    return (
        ApiToken.objects.filter(data_source=source)
        .select_related("created_by", "revoked_by")
        .prefetch_related("indicators")
    )


def token_get_visible(viewer: Viewer, pk: int) -> ApiToken:
    token = (
        ApiToken.objects.filter(pk=pk, data_source__in=source_list_visible(viewer))
        .select_related("data_source__instansi")
        .first()
    )
    if token is None:
        raise Http404
    return token


def catalogue_for(source: DataSource) -> QuerySet[Indicator]:
    """The catalogue indicators a token of `source` may be scoped to."""
    return Indicator.objects.filter(instansi_id=source.instansi_id).order_by("name")


def token_find(secret: str) -> ApiToken | None:
    """The token whose secret is `secret` (by its digest), with its source, or None."""
    if not secret or len(secret) > 200:
        return None
    return (
        ApiToken.objects.select_related("data_source").filter(key_hash=token_digest(secret)).first()
    )


def indicators_in_scope(token: ApiToken) -> QuerySet[Indicator]:
    return Indicator.objects.filter(
        pk__in=token.scope_ids(), instansi_id=token.instansi_id
    ).order_by("code")


class TargetError(Exception):
    """Why an item cannot be placed on an IKI and month; `status` is the HTTP status."""

    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Target:
    """The IKI and month a pushed realisasi lands on."""

    plan_indicator: PlanIndicator
    period: Period


def employee_in_scope(token: ApiToken, nip: str) -> Employee:
    employee = Employee.objects.filter(instansi_id=token.instansi_id, nip=nip).first()
    if employee is None:
        raise TargetError(404, "nip", _("Pegawai dengan NIP ini tidak ditemukan."))
    return employee


def indicator_in_scope(token: ApiToken, code: str) -> Indicator:
    indicator = Indicator.objects.filter(instansi_id=token.instansi_id, code=code).first()
    # An unknown code and a code outside the scope answer alike: the token may not use it.
    if indicator is None or not token.allows(indicator.pk):
        raise TargetError(
            403, "indikator", _("Indikator %(code)s di luar cakupan token ini.") % {"code": code}
        )
    return indicator


def _remembered(memo: dict[tuple[Any, ...], Any] | None, key: tuple[Any, ...], read: Any) -> Any:
    """`read()`, once per key within one batch: its items share employees, months and SKPs."""
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def target_resolve(
    *,
    token: ApiToken,
    nip: str,
    indicator_code: str,
    year: int,
    month: int,
    memo: dict[tuple[Any, ...], Any] | None = None,
) -> Target:
    """The IKI of employee `nip` measured by `indicator_code` in the SKP in force in the month.

    A month belongs to the SKP in force on its last day (plans.changes), so an
    employee who changed position mid-year gets the value on the right SKP.
    `memo`, shared across the items of a batch, saves repeating the same reads.
    """
    indicator = _remembered(
        memo, ("indicator", indicator_code), lambda: indicator_in_scope(token, indicator_code)
    )
    employee = _remembered(memo, ("employee", nip), lambda: employee_in_scope(token, nip))
    period = _remembered(
        memo,
        ("period", year, month),
        lambda: (
            Period.objects.select_related("year")
            .filter(
                year__instansi_id=token.instansi_id,
                year__year=year,
                kind=PeriodKind.MONTH,
                number=month,
            )
            .first()
        ),
    )
    if period is None:
        raise TargetError(
            422, "tahun", _("Tahun penilaian %(year)s belum dibuka.") % {"year": year}
        )
    plans = _remembered(
        memo,
        ("plans", employee.pk, period.year_id),
        lambda: list(
            PerformancePlan.objects.filter(employee=employee, year=period.year).select_related(
                "year"
            )
        ),
    )
    plan = next((p for p in plans if month in plan_months(p)), None)
    if plan is None:
        raise TargetError(
            422,
            "bulan",
            _("Pegawai ini tidak memiliki SKP yang berlaku pada %(month)s.")
            % {"month": period.label},
        )
    candidates = _remembered(
        memo,
        ("iki", plan.pk, indicator.pk),
        lambda: list(
            PlanIndicator.objects.filter(result__plan=plan, indicator=indicator)
            .select_related("result__plan__year")
            .order_by("pk")[:2]
        ),
    )
    if not candidates:
        raise TargetError(
            422,
            "indikator",
            _("SKP pegawai ini tidak memiliki IKI dengan indikator %(code)s.")
            % {"code": indicator_code},
        )
    if len(candidates) > 1:
        raise TargetError(
            422,
            "indikator",
            _(
                "SKP pegawai ini memiliki lebih dari satu IKI dengan indikator %(code)s; "
                "realisasinya dicatat lewat formulir atau impor per IKI."
            )
            % {"code": indicator_code},
        )
    return Target(candidates[0], period)


def plans_of_year(token: ApiToken, employee: Employee, year: int) -> list[PerformancePlan]:
    return list(
        PerformancePlan.objects.filter(
            employee=employee, year__year=year, year__instansi_id=token.instansi_id
        )
        .select_related("year")
        .order_by("start")
    )


def scoped_plan_indicators(token: ApiToken, plans: list[PerformancePlan]) -> list[PlanIndicator]:
    """The IKIs of `plans` measured by an indicator in the token's scope."""
    return list(
        PlanIndicator.objects.filter(result__plan__in=plans, indicator_id__in=token.scope_ids())
        .select_related("indicator", "result__plan")
        .order_by("result__plan__start", "result_id", "pk")
    )


@dataclass(frozen=True)
class ScopedPlan:
    """An SKP as a token sees it: the plan and only its IKIs in the token's scope."""

    plan: PerformancePlan
    ikis: list[PlanIndicator]


def scoped_plans_of_year(token: ApiToken, employee: Employee, year: int) -> list[ScopedPlan]:
    """The employee's SKPs of `year` that hold an IKI in scope, each with those IKIs.

    An SKP without one is left out altogether: its id, dates and status are
    not the token's business. Whatever sums up the whole SKP (capaian SKP,
    usulan rating) mixes indicators outside the scope, so callers must not
    show it either.
    """
    plans = plans_of_year(token, employee, year)
    by_plan: dict[int, list[PlanIndicator]] = {p.pk: [] for p in plans}
    for iki in scoped_plan_indicators(token, plans):
        by_plan[iki.result.plan_id].append(iki)
    return [ScopedPlan(p, by_plan[p.pk]) for p in plans if by_plan[p.pk]]


def measurements_of(
    plan_indicators: list[PlanIndicator], *, all_versions: bool
) -> QuerySet[Measurement]:
    rows = Measurement.objects.filter(plan_indicator__in=plan_indicators).select_related(
        "period", "data_source", "plan_indicator__indicator"
    )
    if not all_versions:
        rows = rows.filter(superseded_at__isnull=True)
    return rows.order_by("plan_indicator_id", "period__number", "version")
