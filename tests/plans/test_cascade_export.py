"""The Matriks Peran Hasil as an Excel file, read back with openpyxl, and as a printable page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.matrix import client_as
from tests.plans.cascade_support import build_cascade_world


@pytest.fixture
def world(cast):
    return build_cascade_world(cast)


def download(world, role="hr_admin", **params):
    query = {"unit": world.dinas.pk, "tahun": world.cast.year.year, **params}
    response = client_as(world.cast, role).get(reverse("plans:cascade_xlsx"), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    code = "sd" if params.get("unit") == world.bidang.pk else "disdik"
    assert (
        f"matriks-peran-hasil-{code}-{world.cast.year.year}.xlsx"
        in (response["Content-Disposition"])
    )
    return load_workbook(io.BytesIO(response.content))


def rows_of(sheet):
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_matrix_sheet_has_a_row_per_goal_rhk_and_iki(world):
    book = download(world)

    assert book.sheetnames == ["Matriks Peran Hasil", "Celah"]
    rows = rows_of(book["Matriks Peran Hasil"])
    goals = [r for r in rows if r["Tingkat"] == 0]
    assert [g["Sasaran Perjanjian Kinerja"] for g in goals] == [
        world.goal.text,
        world.lonely_goal.text,
    ]
    assert goals[1]["Celah"] == "Sasaran tanpa RHK"
    jpt = [r for r in rows if r["RHK"] == world.jpt_result.text]
    assert len(jpt) == 1
    assert jpt[0]["Tingkat"] == 1
    assert jpt[0]["Pegawai"] == world.cast.atasan.name
    assert jpt[0]["NIP"] == world.cast.atasan.nip
    assert jpt[0]["Jabatan"] == "Kepala Dinas"
    assert jpt[0]["Induk (RHK atasan / sasaran)"] == world.goal.text
    assert jpt[0]["Target"] == 95
    staff = [r for r in rows if r["RHK"] == world.staff_result.text]
    assert [r["IKI"] for r in staff] == [
        "Jumlah program pendidikan yang dilaksanakan",
        "Angka Partisipasi Sekolah 7-12",
    ]
    assert [r["Target"] for r in staff] == [12, 95]
    assert {r["Tingkat"] for r in staff} == {3}
    assert {r["Sasaran Perjanjian Kinerja"] for r in staff} == {world.goal.text}
    assert {r["Induk (RHK atasan / sasaran)"] for r in staff} == {world.chief_result.text}
    assert all(not r["Celah"] for r in staff)
    moved = [r for r in rows if r["RHK"] == world.moved_result.text]
    assert moved[0]["Celah"] == "Atasan sudah berganti, IKI tanpa target"
    orphan = [r for r in rows if r["RHK"] == world.jpt_orphan.text]
    assert orphan[0]["Celah"] == "RHK tanpa induk"
    assert orphan[0]["IKI"] is None  # an RHK without IKIs still has its row


def test_the_gap_sheet_lists_every_gap(world):
    rows = rows_of(download(world)["Celah"])

    kinds = sorted(r["Jenis celah"] for r in rows)
    assert kinds == sorted(
        [
            "Sasaran tanpa RHK",
            "RHK tanpa induk",
            "RHK tanpa induk",
            "Atasan sudah berganti",
            "Pegawai tanpa SKP",
            "IKI tanpa target",
        ]
    )
    newcomer = next(r for r in rows if r["Jenis celah"] == "Pegawai tanpa SKP")
    assert newcomer["Pegawai"] == world.newcomer.name
    assert newcomer["NIP"] == world.newcomer.nip


def test_a_leader_downloads_only_the_units_below_them(world):
    book = download(world, role="penilai", unit=world.bidang.pk)
    people = {r["Pegawai"] for r in rows_of(book["Matriks Peran Hasil"])}
    assert world.cast.pegawai.name in people
    assert world.cast.outsider.name not in people
    response = client_as(world.cast, "penilai").get(
        reverse("plans:cascade_xlsx"), {"unit": world.dinas.pk}
    )
    assert response.status_code == 404


def test_the_page_prints_cleanly_without_javascript(world):
    response = client_as(world.cast, "hr_admin").get(
        reverse("plans:cascade"), {"unit": world.dinas.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "plans/cascade.css" in html
    assert "data-print hidden" in html  # the Cetak button appears only with JavaScript
    assert 'class="cascade-actions no-print"' in html
    from django.contrib.staticfiles import finders

    with open(finders.find("plans/cascade.css"), encoding="utf-8") as handle:
        css = handle.read()
    assert "@media print" in css
    printed = css.split("@media print", 1)[1]
    assert ".topbar" in printed and ".no-print" in printed


@pytest.fixture
def small_threshold(monkeypatch):
    """The world's Dinas Pendidikan has five staff: above 4 it is shown per level."""
    from kinerja.plans import cascade

    monkeypatch.setattr(cascade, "CASCADE_FULL_DEPTH_MAX", 4)


def test_a_big_unit_shows_one_level_with_a_link_down_to_each_sub_unit(world, small_threshold):
    client = client_as(world.cast, "hr_admin")
    response = client.get(reverse("plans:cascade"), {"unit": world.dinas.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unit ini besar (5 pegawai): matriks ditampilkan per tingkat" in html
    link = f"{reverse('plans:cascade')}?unit={world.bidang.pk}&amp;tahun={world.cast.year.year}"
    assert f'href="{link}" data-testid="drill-{world.bidang.pk}"' in html
    assert f'data-testid="drill-rhk-{world.chief_result.pk}"' in html  # on the head's RHK
    assert f'data-testid="rhk-{world.chief_result.pk}"' in html
    assert f'data-testid="rhk-{world.staff_result.pk}"' not in html
    row = response.context["matrix"].sub_units[0]
    assert (row.unit, row.counts.staff) == (world.bidang, 3)

    # The link opens Bidang SD, small enough for every level.
    response = client.get(reverse("plans:cascade"), {"unit": world.bidang.pk})
    html = response.content.decode()
    assert "matriks ditampilkan per tingkat" not in html
    assert f'data-testid="rhk-{world.staff_result.pk}"' in html


def test_the_page_of_a_big_unit_costs_the_same_queries_with_more_staff(world, small_threshold):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.plans.cascade_support import add_staff

    client = client_as(world.cast, "hr_admin")
    url = reverse("plans:cascade")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"unit": world.dinas.pk}).status_code == 200
        return len(captured)

    before = queries()
    assert before <= 20  # session, user, viewer, units and years, then the matrix's own
    add_staff(world, 20)
    assert queries() == before


def test_the_file_of_a_big_unit_holds_the_level_and_a_sheet_per_sub_unit(world, small_threshold):
    book = download(world)

    assert book.sheetnames == ["Matriks Peran Hasil", "Celah", "Sub-unit"]
    texts = {r["RHK"] for r in rows_of(book["Matriks Peran Hasil"])}
    assert world.chief_result.text in texts and world.jpt_result.text in texts
    assert world.staff_result.text not in texts
    subs = {r["Sub-unit"]: r for r in rows_of(book["Sub-unit"])}
    assert list(subs) == [world.bidang.name, world.smp.name]
    sd = subs[world.bidang.name]
    assert (sd["Kode"], sd["Pegawai"], sd["SKP"], sd["RHK"], sd["IKI"]) == ("sd", 3, 2, 3, 3)
    assert sd["Pegawai tanpa SKP"] == 1 and sd["IKI tanpa target"] == 1
    assert sd["RHK tanpa induk"] == 0 and sd["Atasan sudah berganti"] == "–"
    assert subs[world.smp.name]["RHK tanpa induk"] == 1
    kinds = sorted(r["Jenis celah"] for r in rows_of(book["Celah"]))
    assert kinds == ["RHK tanpa induk", "Sasaran tanpa RHK"]  # the rendered level's


def test_the_file_of_a_small_unit_has_no_sub_unit_sheet(world):
    assert "Sub-unit" not in download(world).sheetnames
