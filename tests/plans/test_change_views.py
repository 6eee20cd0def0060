"""The change form: bad input gets a message beside the field and saves nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.organisation.models import Assignment, Position
from kinerja.plans.models import ChangeReason, PerformancePlan, PlanEvent
from tests.plans.change_support import day, post_in_smp, transfer
from tests.support import field_errors, record


@pytest.fixture
def new_post(cast) -> Position:
    """A post in the other bidang to move the pegawai to."""
    return post_in_smp(cast)


@pytest.fixture
def hr(cast) -> Client:
    client = Client()
    client.force_login(cast.hr_admin)
    return client


def _state() -> tuple[object, ...]:
    return (
        list(PerformancePlan.objects.order_by("pk").values_list("pk", "end", "closed_reason")),
        PlanEvent.objects.count(),
        Assignment.objects.count(),
    )


def _post(client: Client, cast, **data: object):
    form = {"on": day(cast, 4, 15).isoformat(), "reason": "transfer", "content": "auto"}
    form.update({k: str(v) for k, v in data.items()})
    return client.post(reverse("plans:change", args=[cast.pegawai_plan.pk]), form)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"position": ""}, "id_position", "Pilih jabatan baru"),
        ({"position": "999999"}, "id_position", "Pilih jabatan dari daftar"),
        ({"on": ""}, "id_on", "Isi tanggal perubahan"),
        ({"on": "15-04-2026x"}, "id_on", "Tanggal tidak valid"),
        ({"on": "1999-04-15"}, "id_on", "dalam tahun penilaian"),
        ({"reason": "promosi"}, "id_reason", "Pilih salah satu"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_saved(
    cast, hr, new_post, data, field, message
):
    data.setdefault("position", new_post.pk)
    before = _state()
    response = _post(hr, cast, **data)
    assert response.status_code == 200
    errors = field_errors(response.content.decode(), field)
    assert any(message in e for e in errors), errors
    assert _state() == before


def test_a_recorded_month_refusal_names_the_earliest_date(cast, hr, new_post):
    record(cast.programmes, 5, "1")
    before = _state()
    response = _post(hr, cast, position=new_post.pk, on=day(cast, 5, 10).isoformat())
    errors = field_errors(response.content.decode(), "id_on")
    assert any("Mei" in e and "1 Juni" in e for e in errors), errors
    assert _state() == before


def test_a_new_superior_with_another_position_is_refused_beside_the_position(cast, hr, new_post):
    before = _state()
    response = _post(hr, cast, reason="new_superior", position=new_post.pk)
    errors = field_errors(response.content.decode(), "id_position")
    assert any("jabatan tetap sama" in e for e in errors), errors
    assert _state() == before


def test_a_new_superior_needs_no_position_and_copies_the_content(cast, hr):
    response = _post(hr, cast, reason="new_superior", position="", on=day(cast, 7, 1))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:employee", args=[cast.pegawai.pk])
    new = PerformancePlan.objects.get(previous=cast.pegawai_plan)
    assert new.closed_reason == ""
    assert new.results.count() == 1
    assert PerformancePlan.objects.get(pk=cast.pegawai_plan.pk).closed_reason == (
        ChangeReason.NEW_SUPERIOR
    )


def test_the_form_offers_only_positions_of_the_instansi(cast, hr, new_post):
    html = hr.get(reverse("plans:change", args=[cast.pegawai_plan.pk])).content.decode()
    assert "Analis Data Pendidikan" in html
    assert "Dinas Kesehatan" not in html  # the other instansi's post


def test_a_closed_skp_shows_where_it_went_instead_of_the_form(cast, hr, new_post):
    transfer(cast, day(cast, 4, 15), new_post)
    html = hr.get(reverse("plans:change", args=[cast.pegawai_plan.pk])).content.decode()
    assert "sudah ditutup" in html and "Analis Data Pendidikan" in html
    assert 'name="on"' not in html


def test_the_employee_page_shows_both_parts_and_the_hr_button(cast, hr, new_post):
    page = reverse("dashboards:employee", args=[cast.pegawai.pk])
    html = hr.get(page).content.decode()
    assert "Catat perubahan jabatan/atasan" in html
    assert "Riwayat SKP tahun ini" not in html  # one part: nothing to tell
    transfer(cast, day(cast, 4, 15), new_post)
    html = hr.get(page).content.decode()
    assert "Riwayat SKP tahun ini" in html
    assert "Analis Kurikulum" in html and "Analis Data Pendidikan" in html
    assert "Mutasi / pindah unit" in html
    pegawai = Client()
    pegawai.force_login(cast.pegawai.user)
    own = pegawai.get(reverse("dashboards:mine")).content.decode()
    assert "Riwayat SKP tahun ini" in own
    assert "Catat perubahan jabatan/atasan" not in own
