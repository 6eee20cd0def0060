"""The rules of the Perjanjian Kinerja services and who may read which PK."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from kinerja.agreements.models import AgreementGoal, AgreementIndicator, PerformanceAgreement
from kinerja.agreements.selectors import (
    agreement_get_visible,
    agreement_list_visible,
    goals_for_position,
    may_edit_agreement,
)
from kinerja.agreements.services import (
    agreement_create,
    agreement_update,
    goal_add,
    goal_delete,
    goal_update,
    indicator_add,
    indicator_delete,
    indicator_update,
)
from kinerja.cycles.services import appraisal_year_create
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Position, Unit
from kinerja.plans.models import PlannedResult
from kinerja.plans.services import plan_create, result_add
from tests.agreements.agreements_support import Agreements, build_agreements, head_of, snapshot
from tests.conftest import Cast


@pytest.fixture
def pk(cast: Cast) -> Agreements:
    return build_agreements(cast)


def test_a_unit_has_one_pk_per_year(pk: Agreements) -> None:
    unit = pk.dinas.unit
    with pytest.raises(ValidationError) as error:
        agreement_create(unit=unit, year=pk.cast.year, position=head_of(unit))
    assert "unit" in error.value.message_dict
    assert PerformanceAgreement.objects.filter(unit=unit).count() == 1


def test_next_year_gets_its_own_pk(pk: Agreements) -> None:
    unit = pk.dinas.unit
    next_year = appraisal_year_create(instansi=pk.cast.instansi, year=pk.cast.year.year + 1)
    agreement = agreement_create(unit=unit, year=next_year, position=head_of(unit))
    assert agreement.year == next_year


def test_the_owner_must_head_the_unit_and_belong_to_it(pk: Agreements) -> None:
    cast = pk.cast
    staff_post = Position.objects.get(name="Analis Kurikulum")
    with pytest.raises(ValidationError) as error:
        agreement_create(unit=pk.seksi, year=cast.year, position=staff_post)
    assert "position" in error.value.message_dict
    dinas_head = head_of(pk.dinas.unit)
    with pytest.raises(ValidationError) as error:
        agreement_create(unit=pk.seksi, year=cast.year, position=dinas_head)
    assert "position" in error.value.message_dict
    not_heading = Position.objects.get(name="Kepala Bidang SMP")
    smp = Unit.objects.get(code="smp")
    with pytest.raises(ValidationError) as error:
        agreement_create(unit=smp, year=cast.year, position=not_heading)
    assert "memimpin unit" in error.value.message_dict["position"][0]
    assert not PerformanceAgreement.objects.filter(unit__in=[pk.seksi, smp]).exists()


def test_instansi_of_unit_year_and_position_must_match(pk: Agreements) -> None:
    cast = pk.cast
    foreign_year = cast.foreigner.plans.get().year
    with pytest.raises(ValidationError) as error:
        agreement_create(unit=pk.seksi, year=foreign_year, position=pk.seksi_head)
    assert "year" in error.value.message_dict
    foreign_post = Position.objects.get(instansi=cast.other_instansi)
    with pytest.raises(ValidationError) as error:
        agreement_create(unit=pk.seksi, year=cast.year, position=foreign_post)
    assert "position" in error.value.message_dict


def test_update_changes_owner_and_date_but_keeps_the_rules(pk: Agreements) -> None:
    import datetime as dt

    signed = dt.date(pk.cast.year.year, 1, 20)
    agreement_update(agreement=pk.dinas, position=pk.dinas.position, signed_on=signed)
    pk.dinas.refresh_from_db()
    assert pk.dinas.signed_on == signed
    with pytest.raises(ValidationError):
        agreement_update(agreement=pk.dinas, position=pk.seksi_head, signed_on=None)
    pk.dinas.refresh_from_db()
    assert pk.dinas.position == head_of(pk.dinas.unit)
    assert pk.dinas.signed_on == signed


def test_goals_and_indicators_are_ordered_and_cleaned(pk: Agreements) -> None:
    second = goal_add(agreement=pk.dinas, text="  Meningkatnya   akses pendidikan ")
    assert second.text == "Meningkatnya akses pendidikan"
    assert second.order == pk.goal.order + 1
    goal_update(goal=second, text="Meningkatnya akses pendidikan dasar")
    assert AgreementGoal.objects.get(pk=second.pk).text == "Meningkatnya akses pendidikan dasar"
    indicator = indicator_add(
        goal=pk.goal, name="IKM", unit_of_measure="indeks", target_value=Decimal("82.5")
    )
    assert indicator.order == pk.indicator.order + 1
    indicator_update(
        indicator=indicator,
        name="Indeks Kepuasan Masyarakat",
        unit_of_measure="indeks",
        target_value=Decimal(85),
        perspective="service_users",
    )
    indicator.refresh_from_db()
    assert (indicator.name, indicator.target_value, indicator.perspective) == (
        "Indeks Kepuasan Masyarakat",
        Decimal(85),
        "service_users",
    )
    indicator_delete(indicator=indicator)
    assert not AgreementIndicator.objects.filter(pk=indicator.pk).exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "", "unit_of_measure": "x", "target_value": Decimal(1)}, "name"),
        ({"name": "A", "unit_of_measure": " ", "target_value": Decimal(1)}, "unit_of_measure"),
        ({"name": "A", "unit_of_measure": "x", "target_value": Decimal(0)}, "target_value"),
        ({"name": "A", "unit_of_measure": "x", "target_value": Decimal(-3)}, "target_value"),
        ({"name": "A", "unit_of_measure": "x", "target_value": None}, "target_value"),
        ({"name": "A", "unit_of_measure": "x", "target_value": Decimal("1e13")}, "target_value"),
        ({"name": "A", "unit_of_measure": "x", "target_value": Decimal("NaN")}, "target_value"),
        ({"name": "A", "unit_of_measure": "x", "target_value": Decimal("1.00001")}, "target_value"),
        (
            {"name": "A", "unit_of_measure": "x", "target_value": Decimal(1), "perspective": "?"},
            "perspective",
        ),
    ],
)
def test_bad_indicator_values_are_refused_and_nothing_saved(
    pk: Agreements, values: dict[str, object], field: str
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        indicator_add(goal=pk.goal, **values)  # type: ignore[arg-type]
    assert field in error.value.message_dict
    with pytest.raises(ValidationError):
        indicator_update(indicator=pk.indicator, **values)  # type: ignore[arg-type]
    pk.indicator.refresh_from_db()
    assert snapshot() == before


def test_blank_goal_is_refused(pk: Agreements) -> None:
    before = snapshot()
    with pytest.raises(ValidationError):
        goal_add(agreement=pk.dinas, text="   ")
    with pytest.raises(ValidationError):
        goal_update(goal=pk.goal, text="")
    assert snapshot() == before


def _jpt_result(pk: Agreements) -> PlannedResult:
    cast = pk.cast
    plan = plan_create(employee=cast.atasan, position=head_of(pk.dinas.unit), year=cast.year)
    result = result_add(plan=plan, text=pk.goal.text)
    PlannedResult.objects.filter(pk=result.pk).update(goal=pk.goal)
    return result


def test_a_goal_an_rhk_draws_on_cannot_be_deleted(pk: Agreements) -> None:
    _jpt_result(pk)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        goal_delete(goal=pk.goal)
    assert "tidak dapat dihapus" in error.value.messages[0]
    assert "1 RHK" in error.value.messages[0]
    assert snapshot() == before


def test_a_free_goal_is_deleted_with_its_indicators(pk: Agreements) -> None:
    goal_delete(goal=pk.goal)
    assert not AgreementGoal.objects.filter(pk=pk.goal.pk).exists()
    assert not AgreementIndicator.objects.filter(pk=pk.indicator.pk).exists()


def test_goals_for_position_are_those_of_the_headed_unit(pk: Agreements) -> None:
    cast = pk.cast
    dinas_head = head_of(pk.dinas.unit)
    assert list(goals_for_position(dinas_head, cast.year)) == [pk.goal]
    staff_post = Position.objects.get(name="Analis Kurikulum")
    assert not goals_for_position(staff_post, cast.year).exists()
    other_year = appraisal_year_create(instansi=cast.instansi, year=cast.year.year + 1)
    assert not goals_for_position(dinas_head, other_year).exists()


@pytest.mark.parametrize(
    ("role", "dinas", "bidang"),
    [
        ("pegawai", True, True),
        ("penilai", True, True),
        ("atasan", True, True),
        ("outsider", True, False),
        ("foreigner", False, False),
        ("hr_admin", True, True),
        ("auditor", True, True),
    ],
)
def test_visibility_follows_the_unit_chain_and_the_office(
    pk: Agreements, role: str, dinas: bool, bidang: bool
) -> None:
    viewer = viewer_for(pk.cast.user(role))
    visible = set(agreement_list_visible(viewer, pk.cast.year.year))
    assert (pk.dinas in visible, pk.bidang in visible) == (dinas, bidang)
    if not bidang:
        with pytest.raises(Http404):
            agreement_get_visible(viewer, pk.bidang.pk)


@pytest.mark.parametrize(
    ("role", "dinas", "bidang"),
    [
        ("pegawai", False, False),
        ("penilai", False, True),
        ("atasan", True, False),
        ("outsider", False, False),
        ("hr_admin", True, True),
        ("auditor", False, False),
    ],
)
def test_only_hr_and_the_owner_edit(pk: Agreements, role: str, dinas: bool, bidang: bool) -> None:
    viewer = viewer_for(pk.cast.user(role))
    assert may_edit_agreement(viewer, pk.dinas) is dinas
    assert may_edit_agreement(viewer, pk.bidang) is bidang
