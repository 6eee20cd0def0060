"""Every kind of bad input is listed with its row, column and reason, and nothing is written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.imports.checking import parse_number
from kinerja.measurements.models import ImportBatch, Measurement
from tests.imports.support import csv_bytes, current, errors_of, ratio_row, row, run, xlsx_bytes

pytestmark = pytest.mark.django_db

INVALID = ImportBatch.Status.INVALID


def test_a_clean_file_is_written_through_the_one_write_path_and_scores(cast):
    batch = run(cast, csv_bytes([row(cast, realisasi="3"), ratio_row(cast)]))

    assert batch.status == ImportBatch.Status.DONE, batch.message
    assert (batch.rows_total, batch.rows_written, batch.rows_invalid) == (2, 2, 0)
    value = current(cast.programmes)
    assert value is not None and value.value == Decimal(3)
    assert value.source == "import" and value.import_batch == batch
    assert value.recorded_by == cast.hr_admin
    ratio = current(cast.coverage)
    assert ratio is not None and ratio.value == Decimal(90)
    cast.programmes.refresh_from_db()
    assert cast.programmes.achieved_value == Decimal(3)
    cast.pegawai_plan.refresh_from_db()
    assert cast.pegawai_plan.achievement is not None
    assert batch.job is not None and batch.job.status == "done"


def test_semicolons_a_bom_and_a_decimal_comma_are_read(cast):
    content = csv_bytes([row(cast, realisasi="12,5")], delimiter=";", bom=True)

    batch = run(cast, content)

    assert batch.status == ImportBatch.Status.DONE, batch.errors or batch.message
    assert current(cast.programmes).value == Decimal("12.5")


def test_a_latin1_file_is_refused_with_how_to_save_as_utf8(cast):
    content = csv_bytes([row(cast, catatan="Kegiatan di Bandar Lampung — Tahap Ⅰ")]).replace(
        b"Kegiatan", "Kegiatan é".encode("latin-1")
    )

    batch = run(cast, content)

    assert batch.status == INVALID
    assert "UTF-8" in batch.message and "Simpan Sebagai" in batch.message
    assert not Measurement.objects.exists()


def test_a_renamed_column_names_the_expected_and_found_columns(cast):
    header = ["nip", "kode_indikator", "tahun", "bulan", "nilai_realisasi"]
    content = csv_bytes([{"nip": cast.pegawai.nip}], header=header)

    batch = run(cast, content)

    assert batch.status == INVALID
    assert "nilai_realisasi" in batch.message  # found and unknown
    assert "realisasi atau pembilang atau penyebut" in batch.message  # missing
    assert "alasan_koreksi" in batch.message  # the expected list
    assert not Measurement.objects.exists()


def test_a_header_is_forgiving_about_case_and_spaces(cast):
    header = ["NIP", "Kode Indikator", "Tahun", "Bulan", "Realisasi"]
    content = csv_bytes(
        [
            {
                "NIP": cast.pegawai.nip,
                "Kode Indikator": "program-pendidikan",
                "Tahun": cast.year.year,
                "Bulan": 2,
                "Realisasi": "4",
            }
        ],
        header=header,
    )

    assert run(cast, content).status == ImportBatch.Status.DONE


@pytest.mark.parametrize("cell", ["=1+2", "+3", "@SUM(A1)", "-cmd|' /C calc'!A0", "=HYPERLINK(1)"])
def test_a_csv_cell_that_reads_as_a_formula_is_refused(cast, cell):
    batch = run(cast, csv_bytes([row(cast, catatan=cell)]))

    assert batch.status == INVALID
    assert errors_of(batch) == [(2, "catatan")]
    assert "rumus" in batch.errors[0]["message"]


@pytest.mark.parametrize("cell", ["=1+2", "+10% sekolah", "-2 kelas", "@x"])
@pytest.mark.parametrize("column", ["nama", "nama_iki", "cara_isi"])
def test_a_formula_looking_text_in_an_informational_column_does_not_matter(cast, column, cell):
    batch = run(cast, csv_bytes([row(cast, **{column: cell})]))

    assert batch.status == ImportBatch.Status.DONE, batch.errors


def test_an_xlsx_formula_cell_is_refused(cast):
    batch = run(
        cast, xlsx_bytes([row(cast, realisasi="=2*3", tahun=cast.year.year)]), name="r.xlsx"
    )

    assert batch.status == INVALID
    assert errors_of(batch) == [(2, "realisasi")]


def test_xlsx_numbers_and_text_cells_are_read(cast):
    rows = [
        row(cast, realisasi=4.5, tahun=cast.year.year, bulan=2),
        ratio_row(cast, bulan=2, pembilang=45, penyebut=50),
    ]

    batch = run(cast, xlsx_bytes(rows), name="r.xlsx")

    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert current(cast.programmes, 2).value == Decimal("4.5")
    assert current(cast.coverage, 2).value == Decimal(90)


def test_a_broken_xlsx_is_refused(cast):
    batch = run(cast, b"PK\x03\x04 not really a zip", name="r.xlsx")

    assert batch.status == INVALID
    assert "XLSX" in batch.message


def test_duplicated_rows_are_listed_with_the_row_they_repeat(cast):
    rows = [row(cast), row(cast, bulan=2), row(cast, realisasi="5")]

    batch = run(cast, csv_bytes(rows))

    assert batch.status == INVALID
    assert errors_of(batch) == [(4, "nip")]
    assert "baris 2" in batch.errors[0]["message"]
    assert not Measurement.objects.exists()


def test_blank_lines_are_skipped_and_row_numbers_stay_those_of_the_file(cast):
    rows = [None, row(cast), None, {**row(cast, bulan=2), "nip": "1"}, None]

    batch = run(cast, csv_bytes(rows) + b",,,,\r\n")

    assert batch.rows_total == 2
    assert errors_of(batch) == [(5, "nip")]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("-5", "negatif"),
        ("1e20", "bukan angka"),
        ("99999999999999999999", "terlalu besar"),
        ("1.234,5", "pemisah ribuan"),
        ("1.234", "ribuan atau desimal"),
        ("12,500", "ribuan atau desimal"),
        ("lima", "bukan angka"),
        ("NaN", "bukan angka"),
        ("1 234", "bukan angka"),
    ],
)
def test_bad_numbers_are_refused_with_the_reason(cast, text, fragment):
    batch = run(cast, csv_bytes([row(cast, realisasi=text)]))

    assert batch.status == INVALID
    assert errors_of(batch) == [(2, "realisasi")]
    assert fragment in batch.errors[0]["message"]


def test_numbers_that_are_not_ambiguous_are_read():
    assert parse_number("0,125") == Decimal("0.125")
    assert parse_number("12.5") == Decimal("12.5")
    assert parse_number(" 7 ") == Decimal(7)
    assert parse_number("1234,5") == Decimal("1234.5")
    assert parse_number("") is None


@pytest.mark.parametrize(
    ("cells", "column", "fragment"),
    [
        ({"nip": "199001012015011999"}, "nip", "tidak terdaftar pada instansi ini"),
        ({"kode_indikator": "tidak-ada"}, "kode_indikator", "tidak ada di katalog"),
        ({"bulan": 13}, "bulan", "1 sampai 12"),
        ({"bulan": "Januari"}, "bulan", "bilangan bulat"),
        ({"tahun": 1999}, "tahun", "tidak ada di instansi"),
        ({"kode_indikator": "aps-7-12", "realisasi": "90"}, "realisasi", "rasio"),
        ({"pembilang": "1", "penyebut": "2", "realisasi": ""}, "pembilang", "bukan rasio"),
        ({"pembilang": "1"}, "pembilang", "realisasi saja"),
        ({"realisasi": ""}, "realisasi", "wajib"),
        ({"kode_indikator": "", "id_iki": ""}, "kode_indikator", "id_iki"),
    ],
)
def test_bad_rows_name_their_column_and_reason(cast, cells, column, fragment):
    batch = run(cast, csv_bytes([row(cast, **cells)]))

    assert batch.status == INVALID
    assert errors_of(batch) == [(2, column)], batch.errors
    assert fragment in batch.errors[0]["message"]


def test_a_ratio_with_a_zero_denominator_is_refused(cast):
    batch = run(cast, csv_bytes([ratio_row(cast, penyebut="0")]))

    assert errors_of(batch) == [(2, "penyebut")]


def test_an_employee_of_another_instansi_looks_like_an_unknown_nip(cast):
    """The checker must not confirm that a NIP exists in another government."""
    unknown = "199001012015011999"
    rows = [row(cast, nip=cast.foreigner.nip), row(cast, nip=unknown, bulan=2)]

    batch = run(cast, csv_bytes(rows))

    assert errors_of(batch) == [(2, "nip"), (3, "nip")]
    foreign, absent = (e["message"] for e in batch.errors)
    assert foreign == absent.replace(unknown, cast.foreigner.nip)
    assert "tidak terdaftar pada instansi ini" in foreign
    assert "instansi lain" not in foreign


def test_an_employee_without_that_iki_in_force_is_refused(cast):
    batch = run(cast, csv_bytes([row(cast, nip=cast.outsider.nip)]))

    assert errors_of(batch) == [(2, "kode_indikator")]
    assert "tidak memiliki IKI" in batch.errors[0]["message"]


def test_a_month_outside_the_skp_is_refused(cast):
    plan = cast.pegawai_plan
    plan.end = plan.start.replace(month=3, day=31)
    plan.save()

    batch = run(cast, csv_bytes([row(cast, bulan=4)]))

    assert errors_of(batch) == [(2, "kode_indikator")]


def test_an_iki_without_catalogue_indicator_is_addressed_by_id_iki(cast):
    from kinerja.plans.services import indicator_add

    own = indicator_add(
        result=cast.programmes.result,
        name="Laporan tepat waktu",
        unit_of_measure="laporan",
        polarity="higher_better",
        aggregation="sum",
        target_value=Decimal(12),
    )
    rows = [row(cast, kode_indikator="", id_iki=own.pk, realisasi="1")]

    batch = run(cast, csv_bytes(rows))

    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert current(own).value == Decimal(1)


def test_an_id_iki_of_someone_else_is_refused(cast):
    rows = [row(cast, nip=cast.outsider.nip, kode_indikator="", id_iki=cast.programmes.pk)]

    batch = run(cast, csv_bytes(rows))

    assert errors_of(batch) == [(2, "id_iki")]


def test_a_verified_value_changes_only_with_a_correction_reason(cast):
    run(cast, csv_bytes([row(cast, realisasi="3")]))
    Measurement.objects.update(status="verified")

    refused = run(cast, csv_bytes([row(cast, realisasi="4")]))
    accepted = run(cast, csv_bytes([row(cast, realisasi="4", alasan_koreksi="salah ketik")]))

    assert errors_of(refused) == [(2, "alasan_koreksi")]
    assert accepted.status == ImportBatch.Status.DONE, accepted.errors
    value = current(cast.programmes)
    assert (value.value, value.version, value.correction_reason) == (Decimal(4), 2, "salah ketik")


def test_the_error_list_is_capped_but_the_count_is_complete(cast, monkeypatch):
    monkeypatch.setattr("kinerja.imports.services.ERRORS_KEPT", 5)
    rows = [row(cast, bulan=1 + n % 12, tahun=2000 + n) for n in range(12)]

    batch = run(cast, csv_bytes(rows))

    assert batch.rows_invalid == 12
    assert len(batch.errors) == 5
