"""The record form, the inbox, the history and the evidence download, through HTTP."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.measurements.models import DataSource, Measurement, MeasurementStatus
from kinerja.measurements.services import (
    Origin,
    measurement_record,
    measurement_reject,
    measurement_submit,
    measurement_verify,
)
from kinerja.plans.models import PlanIndicator
from tests.measurements.test_verification_services import _record, _staff
from tests.support import field_errors, month, pdf_upload


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_evidence_is_served_as_an_attachment_that_is_never_sniffed(cast, media_root):
    measurement = _record(cast.programmes, 1, "2", evidence=[pdf_upload("surat tugas.pdf")])
    evidence = measurement.evidence_files.get()
    response = _client(cast.atasan.user).get(reverse("measurements:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "surat tugas.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_inbox_lists_pending_current_values_in_a_fixed_number_of_queries(cast, media_root):
    _record(cast.programmes, 1, "2", evidence=[pdf_upload("a.pdf")])
    client = _client(cast.penilai.user)
    url = reverse("measurements:verify_inbox")
    client.get(url)  # warm the session and the viewer
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    for indicator in _staff(cast, 5):
        _record(indicator, 1, "3", evidence=[pdf_upload("b.pdf"), pdf_upload("c.pdf")])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    html = response.content.decode()
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert html.count('data-testid="row-') == 6
    assert html.count("b.pdf") == 5


def test_inbox_leaves_out_decided_superseded_and_other_teams_values(cast, media_root):
    decided = _record(cast.programmes, 1, "2")
    measurement_verify(cast.penilai.user, decided)
    indicator = PlanIndicator.objects.select_related("result__plan__year").get(pk=cast.coverage.pk)
    old = measurement_record(
        user=cast.pegawai.user,
        plan_indicator=indicator,
        period=month(cast.year, 1),
        numerator=Decimal(1),
        denominator=Decimal(2),
    )
    new = measurement_record(
        user=cast.pegawai.user,
        plan_indicator=indicator,
        period=month(cast.year, 1),
        numerator=Decimal(2),
    )
    html = _client(cast.penilai.user).get(reverse("measurements:verify_inbox")).content.decode()
    assert f'data-testid="row-{decided.pk}"' not in html
    assert f'data-testid="row-{old.pk}"' not in html
    assert f'data-testid="row-{new.pk}"' in html
    # The outsider's penilai is someone else; the atasan sees the penilai's staff only
    # through the penilai, so the pegawai's value is not in the atasan's inbox.
    atasan = _client(cast.atasan.user).get(reverse("measurements:verify_inbox")).content.decode()
    assert f'data-testid="row-{new.pk}"' not in atasan


def test_rejecting_without_a_note_shows_the_message_beside_the_row_and_changes_nothing(
    cast, media_root
):
    measurement = _record(cast.programmes, 1, "2")
    response = _client(cast.penilai.user).post(
        reverse("measurements:reject", args=[measurement.pk]), {"note": " "}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="reject-note-{measurement.pk}_error"' in html
    assert "Catatan wajib diisi" in html
    assert Measurement.objects.get(pk=measurement.pk).status == MeasurementStatus.PENDING


def test_history_shows_every_version_with_source_verifier_and_reason(cast, media_root):
    first = _record(cast.programmes, 1, "2", evidence=[pdf_upload("awal.pdf")])
    measurement_verify(cast.penilai.user, first, note="Cocok")
    second = _record(cast.programmes, 1, "3", correction_reason="Kegiatan susulan")
    measurement_reject(cast.penilai.user, second, "Tanpa bukti")
    html = (
        _client(cast.auditor)
        .get(reverse("measurements:history", args=[cast.programmes.pk]))
        .content.decode()
    )
    for text in ["awal.pdf", "Cocok", "Kegiatan susulan", "Tanpa bukti", "Siti Rahmawati"]:
        assert text in html
    assert html.index(f'data-testid="version-{second.pk}"') < html.index(
        f'data-testid="version-{first.pk}"'
    )


def test_ratio_parts_may_come_one_at_a_time_and_the_form_names_who_gave_each(cast, media_root):
    client = _client(cast.pegawai.user)
    url = reverse("measurements:record", args=[cast.coverage.pk])
    period = month(cast.year, 1).pk
    response = client.post(url, {"period": period, "numerator": "90", "note": ""})
    assert response.status_code == 302
    half = Measurement.objects.get(plan_indicator=cast.coverage)
    assert half.numerator == 90 and half.denominator is None and half.value is None

    registry = DataSource.objects.create(instansi=cast.instansi, name="Dukcapil", trusted=False)
    indicator = PlanIndicator.objects.select_related("result__plan").get(pk=cast.coverage.pk)
    measurement_submit(
        plan_indicator=indicator,
        period=month(cast.year, 1),
        origin=Origin(kind="api", data_source=registry),
        denominator=Decimal(100),
    )
    html = client.get(url).content.decode()
    row = html[html.index('data-testid="current-1"') :]
    row = row[: row.index("</tr>")]
    assert "Andi Pratama" in row and "Dukcapil" in row and "90,00" in row


def test_the_correction_reason_is_asked_for_only_when_a_month_is_verified(cast, media_root):
    client = _client(cast.pegawai.user)
    url = reverse("measurements:record", args=[cast.programmes.pk])
    assert 'id="id_correction_reason"' not in client.get(url).content.decode()
    measurement = _record(cast.programmes, 1, "2")
    measurement_verify(cast.penilai.user, measurement)
    assert 'id="id_correction_reason"' in client.get(url).content.decode()

    data = {"period": month(cast.year, 1).pk, "value": "4", "note": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    [message] = field_errors(response.content.decode(), "id_correction_reason")
    assert "sudah diverifikasi penilai" in message
    assert Measurement.objects.count() == 1

    response = client.post(url, {**data, "correction_reason": "Salah ketik"})
    assert response.status_code == 302
    assert Measurement.objects.get(superseded_at__isnull=True).correction_reason == "Salah ketik"


def test_kinerja_saya_shows_source_and_status_beside_each_value(cast, media_root):
    verified = _record(cast.programmes, 1, "2")
    measurement_verify(cast.penilai.user, verified)
    rejected = measurement_record(
        user=cast.pegawai.user,
        plan_indicator=PlanIndicator.objects.select_related("result__plan").get(
            pk=cast.coverage.pk
        ),
        period=month(cast.year, 1),
        numerator=Decimal(80),
        denominator=Decimal(100),
    )
    measurement_reject(cast.penilai.user, rejected, "Data lama")
    html = _client(cast.pegawai.user).get(reverse("dashboards:mine")).content.decode()
    assert f'data-testid="status-{verified.pk}">Terverifikasi' in html
    assert f'data-testid="status-{rejected.pk}">Ditolak' in html
    assert "Data lama" in html
    assert reverse("measurements:history", args=[cast.programmes.pk]) in html
