"""The import pages: upload runs the check in-process without a broker, the template
round-trips (download → fill → import), and the detail page lists the errors."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.imports.columns import NAMES
from kinerja.measurements.models import ImportBatch, Measurement
from tests.imports.support import csv_bytes, current, row
from tests.matrix import client_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(cast):
    return client_as(cast, "hr_admin")


def _upload(hr, content: bytes, name: str = "r.csv", mode: str = "all", capture=None):
    data = {"file": SimpleUploadedFile(name, content), "mode": mode}
    # The task runs on commit (eagerly, without a broker), so before the redirect is followed.
    with capture(execute=True):
        response = hr.post(reverse("imports:upload"), data)
    if response.status_code != 302:
        return response
    page = hr.get(response["Location"])
    page.redirect_chain = [(response["Location"], 302)]
    return page


def test_an_upload_is_checked_at_once_and_its_errors_are_shown(
    cast, hr, django_capture_on_commit_callbacks
):
    content = csv_bytes([row(cast), row(cast, bulan=2, realisasi="-4")])

    page = _upload(hr, content, capture=django_capture_on_commit_callbacks)

    batch = ImportBatch.objects.get()
    assert page.redirect_chain[-1][0] == reverse("imports:detail", args=[batch.pk])
    html = page.content.decode()
    assert batch.status == ImportBatch.Status.INVALID
    assert 'data-testid="import-errors"' in html
    assert "tidak boleh negatif" in html
    assert not Measurement.objects.exists()


def test_the_same_file_uploaded_again_says_so_and_links_the_earlier_batch(
    cast, hr, django_capture_on_commit_callbacks
):
    content = csv_bytes([row(cast)])
    _upload(hr, content, capture=django_capture_on_commit_callbacks)
    first = ImportBatch.objects.get()

    page = _upload(hr, content, name="lagi.csv", capture=django_capture_on_commit_callbacks)

    assert ImportBatch.objects.count() == 1
    assert page.redirect_chain[-1][0] == reverse("imports:detail", args=[first.pk])
    assert "tidak mengubah apa pun" in page.content.decode()


def test_an_old_xls_file_is_refused_on_the_form(cast, hr, django_capture_on_commit_callbacks):
    page = _upload(
        hr, b"\xd0\xcf\x11\xe0", name="r.xls", capture=django_capture_on_commit_callbacks
    )

    assert ".xls lama" in page.content.decode()
    assert not ImportBatch.objects.exists()


def test_revert_from_the_detail_page(cast, hr, django_capture_on_commit_callbacks):
    _upload(hr, csv_bytes([row(cast)]), capture=django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    detail = hr.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert 'data-testid="import-revert"' in detail

    page = hr.post(reverse("imports:revert", args=[batch.pk]), follow=True)

    assert "Impor dibatalkan" in page.content.decode()
    assert not Measurement.objects.exists()
    assert "Dibatalkan" in hr.get(reverse("imports:list")).content.decode()


def _template(hr, cast, fmt: str, **extra) -> bytes:
    unit = cast.pegawai.assignments.get().position.unit
    response = hr.get(
        reverse("imports:template"),
        {"unit": unit.parent_id, "year": cast.year.year, "month": 3, "format": fmt, **extra},
    )
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_csv_template_round_trips(cast, hr, django_capture_on_commit_callbacks):
    content = _template(hr, cast, "csv")
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == list(NAMES)
    by_code = {r[2]: r for r in rows[1:]}
    # The pegawai's two IKIs, pre-filled; nobody else in the dinas has an IKI.
    assert set(by_code) == {"program-pendidikan", "aps-7-12"}
    assert by_code["program-pendidikan"][0] == cast.pegawai.nip
    assert by_code["program-pendidikan"][6:8] == [str(cast.year.year), "3"]
    by_code["program-pendidikan"][8] = "2,5"
    by_code["aps-7-12"][9:11] = ["45", "50"]
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)

    _upload(hr, out.getvalue().encode("utf-8-sig"), capture=django_capture_on_commit_callbacks)

    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert current(cast.programmes, 3).value == Decimal("2.5")
    assert current(cast.coverage, 3).value == Decimal(90)


def test_the_xlsx_template_round_trips(cast, hr, django_capture_on_commit_callbacks):
    workbook = load_workbook(io.BytesIO(_template(hr, cast, "xlsx")))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == list(NAMES)
    for cells in sheet.iter_rows(min_row=2):
        if cells[2].value == "program-pendidikan":
            cells[8].value = 7
        else:
            cells[9].value, cells[10].value = 9, 10
    buffer = io.BytesIO()
    workbook.save(buffer)

    _upload(hr, buffer.getvalue(), name="isi.xlsx", capture=django_capture_on_commit_callbacks)

    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert current(cast.programmes, 3).value == Decimal(7)
    assert current(cast.coverage, 3).value == Decimal(90)


def test_the_template_can_be_narrowed_to_catalogue_indicators(cast, hr):
    catalogue = cast.coverage.indicator
    text = _template(hr, cast, "csv", indicators=[catalogue.pk]).decode("utf-8-sig")

    codes = [r[2] for r in csv.reader(io.StringIO(text), delimiter=";")][1:]
    assert codes == ["aps-7-12"]


def test_the_template_form_refuses_a_year_the_instansi_has_not_opened(cast, hr):
    unit = cast.pegawai.assignments.get().position.unit
    response = hr.get(
        reverse("imports:template"),
        {"unit": unit.pk, "year": cast.year.year, "month": 13, "format": "csv"},
    )

    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]


def test_a_queued_batch_shows_its_progress_to_the_uploader_only(cast, hr):
    from kinerja.accounts.models import Role, User
    from kinerja.organisation.services import role_grant

    # Outside on_commit capture the task never starts: the batch stays queued.
    hr.post(
        reverse("imports:upload"),
        {"file": SimpleUploadedFile("r.csv", csv_bytes([row(cast)])), "mode": "all"},
    )
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.QUEUED
    colleague = User.objects.create_user(username="hr_kedua")
    role_grant(user=colleague, instansi=cast.instansi, role=Role.HR_ADMIN)
    url = reverse("imports:detail", args=[batch.pk])

    own = hr.get(url).content.decode()
    hr.force_login(colleague)
    other = hr.get(url).content.decode()

    assert 'class="job-progress"' in own
    assert 'class="job-progress"' not in other
    assert "Muat ulang" in other


@pytest.fixture
def formula_named_iki(cast):
    """The pegawai's summed IKI renamed as people do: a leading + or = is free text to them."""
    cast.programmes.name = '=HYPERLINK("http://x","+10% sekolah")'
    cast.programmes.save(update_fields=["name"])
    return cast.programmes


def test_the_csv_template_writes_free_text_so_no_spreadsheet_runs_it(
    cast, hr, formula_named_iki, django_capture_on_commit_callbacks
):
    text = _template(hr, cast, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    named = next(r for r in rows[1:] if r[2] == "program-pendidikan")

    assert named[4] == "'" + formula_named_iki.name
    named[8] = "4"
    next(r for r in rows[1:] if r[2] == "aps-7-12")[9:11] = ["45", "50"]
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)

    _upload(hr, out.getvalue().encode("utf-8-sig"), capture=django_capture_on_commit_callbacks)

    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert current(cast.programmes, 3).value == Decimal(4)


def test_the_xlsx_template_stores_free_text_as_text_not_a_formula(
    cast, hr, formula_named_iki, django_capture_on_commit_callbacks
):
    workbook = load_workbook(io.BytesIO(_template(hr, cast, "xlsx")))
    sheet = workbook.worksheets[0]
    named = next(c for c in sheet.iter_rows(min_row=2) if c[2].value == "program-pendidikan")

    assert named[4].value == formula_named_iki.name
    assert named[4].data_type == "s"
    named[8].value = 4
    for cells in sheet.iter_rows(min_row=2):
        if cells[2].value == "aps-7-12":
            cells[9].value, cells[10].value = 9, 10
    buffer = io.BytesIO()
    workbook.save(buffer)

    _upload(hr, buffer.getvalue(), name="isi.xlsx", capture=django_capture_on_commit_callbacks)

    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert current(cast.programmes, 3).value == Decimal(4)
