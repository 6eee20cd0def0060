"""What Kinerja Saya and Tim Saya show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.organisation.models import Assignment
from kinerja.plans.services import indicator_add
from tests.support import record


def _page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_kinerja_saya_explains_the_formula_of_each_iki_polarity(cast):
    waiting = indicator_add(
        result=cast.programmes.result,
        name="Waktu tunggu layanan",
        unit_of_measure="menit",
        polarity="lower_better",
        aggregation="mean",
        target_value=Decimal(60),
    )
    record(cast.programmes, 1, "1")
    record(waiting, 1, "54")

    html = _page(cast.pegawai.user, reverse("dashboards:mine"))

    assert "Bagaimana nilai ini dihitung" in html
    assert "Semakin tinggi semakin baik: capaian = realisasi / target × 100." in html
    assert "Semakin rendah semakin baik: capaian = (1 + (1 − realisasi / target)) × 100." in html
    assert '<span class="formula">(1 + (1 − realisasi / target)) × 100</span>' in html
    # The numbers that went in, written the Indonesian way.
    for piece in ("realisasi = 54,00", "target = 60,00", "capaian = 110,00"):
        assert piece in html


def test_explanations_show_numbers_not_stored_data(cast):
    record(cast.programmes, 1, "1")
    record(cast.coverage, 1, numerator="90", denominator="100")
    html = _page(cast.pegawai.user, reverse("dashboards:mine"))
    assert "$decimal" not in html
    assert "$enum" not in html


def test_page_without_data_has_no_explanation_yet(cast):
    html = _page(cast.pegawai.user, reverse("dashboards:mine"))
    assert "Bagaimana nilai ini dihitung" not in html
    assert 'data-testid="plan-achievement">–<' in html


def test_penilai_sees_the_iki_of_the_pegawai_but_cannot_record(cast):
    record(cast.programmes, 1, "1")
    html = _page(cast.penilai.user, reverse("dashboards:employee", args=[cast.pegawai.pk]))
    assert cast.programmes.name in html
    assert reverse("measurements:record", args=[cast.programmes.pk]) not in html
    own = _page(cast.pegawai.user, reverse("dashboards:mine"))
    assert reverse("measurements:record", args=[cast.programmes.pk]) in own


def test_tim_saya_lists_direct_reports_only(cast):
    html = _page(cast.penilai.user, reverse("dashboards:team"))
    assert cast.pegawai.name in html
    assert cast.outsider.name not in html
    top = _page(cast.atasan.user, reverse("dashboards:team"))
    assert cast.penilai.name in top
    assert cast.pegawai.name not in top  # the penilai's report, not the atasan's


def test_tim_saya_drops_someone_whose_assignment_ended(cast):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    if yesterday < dt.date(cast.year.year, 1, 1):
        pytest.skip("on 1 January the cast's assignments cannot have ended yet")
    Assignment.objects.filter(employee=cast.pegawai).update(end=yesterday)
    html = _page(cast.penilai.user, reverse("dashboards:team"))
    assert cast.pegawai.name not in html


def test_tim_saya_of_the_derived_penilai_includes_staff_under_a_vacant_post(cast):
    # The outsider's Kepala Bidang SMP is vacant: the Kepala Dinas is their penilai.
    html = _page(cast.atasan.user, reverse("dashboards:team"))
    assert cast.outsider.name in html
