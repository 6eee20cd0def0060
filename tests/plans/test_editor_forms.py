"""The SKP editor's forms: errors beside the field, nothing saved, never a 500."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.plans.models import (
    BehaviourExpectation,
    PerformancePlan,
    PlanIndicator,
    PlannedResult,
)
from kinerja.plans.services import plan_create, plan_update, result_add
from tests.matrix import client_as


def _field_error(response, field: str) -> str:
    """The error text shown beside `field` (core/field.html renders it under an id)."""
    html = response.content.decode()
    marker = f'id="id_{field}_error"'
    assert marker in html, f"no error beside {field}"
    start = html.index(marker)
    return html[start : html.index("</ul>", start)]


def _counts() -> tuple[int, int, int]:
    return (
        PerformancePlan.objects.count(),
        PlannedResult.objects.count(),
        PlanIndicator.objects.count(),
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"target_value": "0"}, "target_value", "Target harus lebih besar dari nol."),
        ({"target_value": "abc"}, "target_value", "Masukkan sebuah bilangan."),
        ({"target_value": "5", "weight": "150"}, "weight", "100"),
        ({"target_value": "5", "weight": ""}, "weight", "Bidang ini tidak boleh kosong."),
        (
            {"polarity": "milestone", "target_value": "2"},
            "target_value",
            "Target tonggak selalu 1",
        ),
        (
            {"polarity": "range", "target_low": "9", "target_high": "7"},
            "target_low",
            "Batas bawah target tidak boleh melebihi batas atas.",
        ),
        (
            {"unit_of_measure": "%", "target_value": "101"},
            "target_value",
            "Target dalam persen tidak boleh melebihi 100.",
        ),
        ({"name": "", "target_value": "5"}, "name", "Tulis nama IKI atau pilih dari katalog."),
        ({"polarity": "", "target_value": "5"}, "polarity", "Pilih polaritas"),
    ],
)
def test_bad_iki_shows_the_error_beside_the_field_and_saves_nothing(cast, data, field, message):
    before = _counts()
    post = {
        "name": "Dokumen kurikulum",
        "aspect": "kuantitas",
        "unit_of_measure": "dokumen",
        "polarity": "higher_better",
        "aggregation": "sum",
        "weight": "50",
        **data,
    }
    url = reverse("plans:indicator_add", args=[cast.programmes.result_id])
    response = client_as(cast, "pegawai").post(url, post)
    assert response.status_code == 200
    assert message in _field_error(response, field)
    assert 'id="error-summary"' in response.content.decode()
    assert _counts() == before


def test_catalogue_iki_with_a_target_is_saved_with_the_catalogue_definition(cast):
    url = reverse("plans:indicator_add", args=[cast.programmes.result_id])
    response = client_as(cast, "pegawai").post(
        url,
        {
            "catalogue": cast.coverage.indicator_id,
            "aspect": "kualitas",
            "target_value": "97",
            "weight": "40",
        },
    )
    assert response.status_code == 302
    iki = PlanIndicator.objects.latest("pk")
    assert (iki.name, iki.unit_of_measure, iki.aggregation, iki.target_value, iki.weight) == (
        "Angka Partisipasi Sekolah 7-12",
        "%",
        "ratio",
        Decimal(97),
        Decimal(40),
    )


def test_rhk_under_an_rhk_that_is_not_the_superiors_is_refused_beside_the_field(cast):
    outsider_rhk = result_add(plan=cast.outsider.plans.get(), text="Data SMP")
    before = _counts()
    response = client_as(cast, "pegawai").post(
        reverse("plans:result_add", args=[cast.pegawai_plan.pk]),
        {"kind": "utama", "text": "Program SD", "supports": outsider_rhk.pk},
    )
    assert response.status_code == 200
    assert "RHK atasan yang dipilih bukan milik atasan langsung." in _field_error(
        response, "supports"
    )
    assert _counts() == before


def test_rhk_choice_offers_only_the_direct_superiors_rhks(cast):
    result_add(plan=cast.outsider.plans.get(), text="Data SMP tidak boleh tampil")
    response = client_as(cast, "pegawai").get(
        reverse("plans:result_add", args=[cast.pegawai_plan.pk])
    )
    html = response.content.decode()
    assert "Meningkatnya mutu layanan SD" in html
    assert "Data SMP tidak boleh tampil" not in html


def test_empty_rhk_text_is_refused(cast):
    before = _counts()
    response = client_as(cast, "pegawai").post(
        reverse("plans:result_add", args=[cast.pegawai_plan.pk]), {"kind": "utama", "text": ""}
    )
    assert "Bidang ini tidak boleh kosong." in _field_error(response, "text")
    assert _counts() == before


def test_edit_of_an_approved_skp_says_so_and_saves_nothing(cast):
    PerformancePlan.objects.filter(pk=cast.pegawai_plan.pk).update(status="approved")
    before = _counts()
    client = client_as(cast, "pegawai")
    for url, data in [
        (
            reverse("plans:result_add", args=[cast.pegawai_plan.pk]),
            {"kind": "utama", "text": "Baru"},
        ),
        (
            reverse("plans:indicator_edit", args=[cast.programmes.pk]),
            {"catalogue": cast.programmes.indicator_id, "target_value": "1", "weight": "1"},
        ),
        (reverse("plans:edit", args=[cast.pegawai_plan.pk]), {"approach": "qualitative"}),
    ]:
        response = client.post(url, data, follow=True)
        html = response.content.decode()
        assert "berstatus Disetujui dan tidak dapat diubah" in html
        assert 'id="locked-banner"' in html
    assert _counts() == before
    plan = PerformancePlan.objects.get(pk=cast.pegawai_plan.pk)
    assert plan.approach == "quantitative"
    assert PlanIndicator.objects.get(pk=cast.programmes.pk).target_value == 12
    # The page offers no edit links on a locked SKP.
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:result_add", args=[plan.pk]) not in page


def test_skp_page_lists_why_it_cannot_be_submitted(cast):
    page = client_as(cast, "pegawai").get(reverse("plans:detail", args=[cast.pegawai_plan.pk]))
    html = page.content.decode()
    assert "SKP ini belum dapat diajukan" in html
    assert "Jumlah bobot IKI 2,00%; harus tepat 100%." in html
    assert "A. Utama" in html and "B. Tambahan" in html
    assert "Meningkatnya mutu layanan SD" in html  # the superior's RHK it supports


def test_kualitatif_iki_needs_its_narrated_target(cast):
    plan_update(plan=cast.pegawai_plan, approach="qualitative")
    before = _counts()
    url = reverse("plans:indicator_add", args=[cast.programmes.result_id])
    client = client_as(cast, "pegawai")
    data = {"catalogue": cast.programmes.indicator_id, "aspect": "kualitas", "weight": "10"}
    response = client.post(url, data)
    assert "Bidang ini tidak boleh kosong." in _field_error(response, "target_text")
    assert _counts() == before
    response = client.post(url, {**data, "target_text": "Program terlaksana sesuai jadwal"})
    assert response.status_code == 302
    assert PlanIndicator.objects.latest("pk").target_value is None


def test_jpt_iki_needs_a_perspective_and_others_do_not_see_it(cast):
    plan = plan_create(employee=cast.atasan)
    rhk = result_add(plan=plan, text="Mutu pendidikan")
    client = client_as(cast, "atasan")
    url = reverse("plans:indicator_add", args=[rhk.pk])
    response = client.post(
        url, {"catalogue": cast.programmes.indicator_id, "target_value": "5", "weight": "100"}
    )
    assert "Bidang ini tidak boleh kosong." in _field_error(response, "perspective")
    assert not PlanIndicator.objects.filter(result=rhk).exists()
    staff_form = client_as(cast, "pegawai").get(
        reverse("plans:indicator_add", args=[cast.programmes.result_id])
    )
    assert 'name="perspective"' not in staff_form.content.decode()


def test_penilai_sets_expectations_and_the_pegawai_reads_them(cast):
    url = reverse("plans:expectations", args=[cast.pegawai_plan.pk])
    response = client_as(cast, "penilai").post(url, {"akuntabel": "Laporan tepat waktu"})
    assert response.status_code == 302
    row = BehaviourExpectation.objects.get(plan=cast.pegawai_plan, value="akuntabel")
    assert row.expectation == "Laporan tepat waktu"
    page = client_as(cast, "pegawai").get(reverse("plans:detail", args=[cast.pegawai_plan.pk]))
    assert "Laporan tepat waktu" in page.content.decode()


def test_second_skp_from_skp_saya_is_refused_with_a_message(cast):
    before = _counts()
    response = client_as(cast, "pegawai").post(reverse("plans:create"), follow=True)
    assert "Satu pegawai hanya memiliki satu SKP" in response.content.decode()
    assert _counts() == before
