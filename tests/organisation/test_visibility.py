"""employee_list_visible: who each role may see, at the selector level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from kinerja.organisation.access import employee_get_visible, employee_list_visible, viewer_for
from kinerja.organisation.models import Assignment, Position
from kinerja.organisation.services import employee_create
from tests.conftest import make_nip

EVERYONE_IN_JAMBI = {"atasan", "penilai", "pegawai", "outsider"}

# Who each role sees, by cast name.
VISIBLE = {
    "pegawai": {"pegawai"},
    "penilai": {"penilai", "pegawai"},
    "atasan": EVERYONE_IN_JAMBI,
    "outsider": {"outsider"},
    "foreigner": {"foreigner"},
    "hr_admin": EVERYONE_IN_JAMBI,
    "auditor": EVERYONE_IN_JAMBI,
}


def _names(cast, role: str, **kwargs) -> set[str]:
    by_pk = {
        getattr(cast, n).pk: n for n in ["atasan", "penilai", "pegawai", "outsider", "foreigner"]
    }
    visible = employee_list_visible(viewer_for(cast.user(role)), **kwargs)
    return {by_pk[pk] for pk in visible.values_list("pk", flat=True)}


@pytest.mark.parametrize("role", list(VISIBLE))
def test_each_role_sees_exactly_its_people(cast, role):
    assert _names(cast, role) == VISIBLE[role]


def test_penilai_cannot_see_other_units_staff(cast):
    viewer = viewer_for(cast.penilai.user)
    with pytest.raises(Http404):
        employee_get_visible(viewer, cast.outsider.pk)
    assert employee_get_visible(viewer, cast.pegawai.pk) == cast.pegawai


def test_nobody_sees_across_instansi(cast):
    for role in ["atasan", "hr_admin", "auditor"]:
        with pytest.raises(Http404):
            employee_get_visible(viewer_for(cast.user(role)), cast.foreigner.pk)
    with pytest.raises(Http404):
        employee_get_visible(viewer_for(cast.foreigner.user), cast.atasan.pk)


def test_hidden_and_absent_look_alike(cast):
    viewer = viewer_for(cast.pegawai.user)
    for pk in (cast.penilai.pk, 987654):
        with pytest.raises(Http404):
            employee_get_visible(viewer, pk)


def test_staff_who_left_the_unit_drop_out_of_the_penilai_view(cast):
    year = cast.year.year
    Assignment.objects.filter(employee=cast.pegawai).update(end=dt.date(year, 3, 31))
    assert "pegawai" in _names(cast, "penilai", on=dt.date(year, 3, 31))
    assert "pegawai" not in _names(cast, "penilai", on=dt.date(year, 4, 1))


def test_new_subordinate_becomes_visible_to_the_whole_line_above(cast):
    newcomer = employee_create(instansi=cast.instansi, nip=make_nip(70), name="Dewi Lestari")
    Assignment.objects.create(
        employee=newcomer,
        position=Position.objects.get(name="Analis Kurikulum"),
        start=dt.date(cast.year.year, 1, 1),
    )
    for role in ["penilai", "atasan", "hr_admin"]:
        visible = employee_list_visible(viewer_for(cast.user(role)))
        assert visible.filter(pk=newcomer.pk).exists(), role
    for role in ["pegawai", "outsider", "foreigner"]:
        visible = employee_list_visible(viewer_for(cast.user(role)))
        assert not visible.filter(pk=newcomer.pk).exists(), role
