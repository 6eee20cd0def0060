"""The departures downloads: safe text cells, the local day, the capaian as the page writes it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.evaluations.departures import departure_filters
from kinerja.evaluations.models import Evaluation
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Employee
from kinerja.scoring import Rating
from tests.matrix import client_as
from tests.support import behaviour, quarter, record

pytestmark = pytest.mark.usefixtures("start_of_year")

FORMULA_NAME = '=HYPERLINK("http://x","klik")'
FORMULA_REASON = "+1-1 bukan formula"


@pytest.fixture
def departure(cast) -> Evaluation:
    """A final evaluation departing from its proposal, with hostile text, finalised late in UTC."""
    record(cast.programmes, 12, "12")
    evaluation = evaluation_open(
        plan=cast.pegawai_plan, period=quarter(cast.year, 4), user=cast.penilai.user
    )
    assert evaluation.proposed_rating == "meets"
    evaluation_finalise(
        evaluation=evaluation,
        user=cast.penilai.user,
        result_rating=Rating("above"),
        reason=FORMULA_REASON,
        behaviour=behaviour("meets"),
    )
    Employee.objects.filter(pk=cast.pegawai.pk).update(name=FORMULA_NAME)
    # 20:00 UTC on 31 March is 03:00 on 1 April in Jakarta.
    Evaluation.objects.filter(pk=evaluation.pk).update(
        achievement=Decimal("100.0000"),
        finalised_at=dt.datetime(cast.year.year, 3, 31, 20, 0, tzinfo=dt.UTC),
    )
    return Evaluation.objects.get(pk=evaluation.pk)


def _csv_rows(cast) -> list[list[str]]:
    response = client_as(cast, "hr_admin").get(reverse("evaluations:departures") + "?format=csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def _xlsx_rows(cast) -> list[list[object]]:
    response = client_as(cast, "hr_admin").get(reverse("evaluations:departures") + "?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_csv_cells_cannot_run_as_formulas_and_read_as_the_page(cast, departure):
    header, row = _csv_rows(cast)
    cells = dict(zip(header, row, strict=True))
    assert cells["Nama"] == "'" + FORMULA_NAME
    assert cells["Alasan penilai"] == "'" + FORMULA_REASON
    assert cells["Capaian"] == "100,00"  # as the page writes it, not Decimal's "1E+2"
    assert cells["Difinalkan"] == f"{cast.year.year}-04-01"  # the day in WIB, not in UTC
    assert cells["NIP"] == cast.pegawai.nip


def test_the_xlsx_holds_text_not_formulas(cast, departure):
    header, row = _xlsx_rows(cast)
    cells = dict(zip(header, row, strict=True))
    assert cells["Nama"] == "'" + FORMULA_NAME
    assert cells["Alasan penilai"] == "'" + FORMULA_REASON
    assert cells["Capaian"] == "100,00"
    assert cells["Difinalkan"] == f"{cast.year.year}-04-01"
    assert cells["NIP"] == cast.pegawai.nip  # all 18 digits, as text


def test_the_xlsx_is_written_in_write_only_mode(cast, departure, monkeypatch):
    import openpyxl

    modes = []
    real = openpyxl.Workbook

    def spy(*args, **kwargs):
        modes.append(kwargs.get("write_only", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "Workbook", spy)
    _xlsx_rows(cast)
    assert modes == [True]


def test_the_year_filter_asks_the_database_for_each_year_once(cast, departure):
    viewer = viewer_for(cast.hr_admin)
    with CaptureQueriesContext(connection) as queries:
        filters = departure_filters(viewer, year=None)
    assert filters.years == [cast.year.year]
    assert any("DISTINCT" in q["sql"] and "year" in q["sql"] for q in queries.captured_queries)
