"""`kinerja seed`: the demo's shape at any size, in bulk, the same for the same seed."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from kinerja.demo.seed import OPD_TEMPLATES, opd_shape, opd_sizes
from kinerja.measurements.models import Measurement
from kinerja.organisation.models import Employee, Position
from kinerja.plans.models import (
    BehaviourExpectation,
    PerformancePlan,
    PlanIndicator,
    PlannedResult,
)

CODE = "uji"


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed", "--instansi", CODE, *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    """The generated content, keyed by NIP rather than by database ids."""
    employees = Employee.objects.filter(instansi__code=CODE)
    return {
        "people": sorted(employees.values_list("nip", "name", "rank", "status", "user__username")),
        "results": sorted(
            PlannedResult.objects.filter(plan__employee__in=employees).values_list(
                "plan__employee__nip", "order", "text", "supports__plan__employee__nip"
            )
        ),
        "realisasi": sorted(
            Measurement.objects.filter(
                plan_indicator__result__plan__employee__in=employees
            ).values_list(
                "plan_indicator__result__plan__employee__nip",
                "plan_indicator__indicator__code",
                "plan_indicator__result__order",
                "period__number",
                "value",
                "numerator",
                "denominator",
            )
        ),
    }


@pytest.mark.parametrize("total", [1, 2, 3, 7, 299, 300, 5000, 100_000])
def test_opd_sizes_and_shapes_add_up_to_the_employees_asked_for(total: int) -> None:
    sizes = opd_sizes(total)
    assert sum(size for _t, size in sizes) == total
    for template, size in sizes:
        bidang, sections, staff = opd_shape(size, template)
        assert 1 + bidang + sections + staff == size
        assert min(bidang, sections, staff) >= 0
        if size > 20:
            assert sections >= bidang and staff > sections
    assert len(opd_sizes(100_000)) == len(OPD_TEMPLATES)


def test_seed_generates_the_expected_rows(db: None) -> None:
    output = seed("--employees", "300", "--months", "3", "--seed", "7")
    assert "300 employees" in output
    employees = Employee.objects.filter(instansi__code=CODE)
    assert employees.count() == 300
    assert employees.filter(user__isnull=True).count() == 0
    plans = PerformancePlan.objects.filter(employee__in=employees)
    assert plans.count() == 300
    assert PlannedResult.objects.filter(plan__in=plans).count() == 4 * 300
    assert PlanIndicator.objects.filter(result__plan__in=plans).count() == 8 * 300
    assert BehaviourExpectation.objects.filter(plan__in=plans).count() == 7 * 300
    realisasi = Measurement.objects.filter(plan_indicator__result__plan__in=plans)
    assert 0.8 * 8 * 300 * 3 < realisasi.count() <= 8 * 300 * 3
    ratio = realisasi.filter(plan_indicator__aggregation="ratio")
    assert ratio.exists() and not ratio.filter(denominator__isnull=True).exists()
    assert not plans.filter(computed_at__isnull=True).exists()
    # One kepala dinas; everyone else reports to a position and supports its holder's SKP.
    positions = Position.objects.filter(instansi__code=CODE)
    assert positions.filter(parent__isnull=True).count() == 1
    for result in PlannedResult.objects.filter(plan__in=plans).select_related(
        "plan__position", "supports__plan"
    ):
        if result.plan.position.parent_id is None:
            assert result.supports is None
        else:
            assert result.supports is not None
            assert result.supports.plan.position_id == result.plan.position.parent_id


def test_seed_is_deterministic_and_reset_replaces_the_instansi(db: None) -> None:
    seed("--employees", "60", "--months", "2", "--seed", "3")
    first = snapshot()
    with pytest.raises(CommandError):
        seed("--employees", "60")
    seed("--employees", "60", "--months", "2", "--seed", "3", "--reset")
    assert snapshot() == first
    assert Employee.objects.filter(instansi__code=CODE).count() == 60
    seed("--employees", "60", "--months", "2", "--seed", "4", "--reset")
    assert snapshot()["people"] != first["people"]
