"""Changing a year's scoring policy: the form's checks, the recorded history, the versions."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from kinerja.cycles.forms import PolicyForm
from kinerja.cycles.models import AppraisalYear, PolicyChange
from kinerja.cycles.selectors import policy_history
from kinerja.cycles.services import PolicyChangeRefused, policy_change
from kinerja.scoring import OrgPredikat, Predikat, ScoringPolicy
from tests.conftest import PASSWORD, Cast

P = Predikat


def form_data(policy: ScoringPolicy | None = None, **changes: Any) -> dict[str, Any]:
    """What the page posts when HR saves `policy` (defaults) unchanged, with `changes` on top."""
    policy = policy or ScoringPolicy()
    data: dict[str, Any] = {
        "capaian_cap": str(policy.capaian_cap),
        "rating_above_min": str(policy.rating_above_min),
        "rating_meets_min": str(policy.rating_meets_min),
        "nilai_at_target": str(policy.nilai_at_target),
        "behaviour_rule": policy.behaviour_rule,
        "distribution_enforcement": policy.distribution_enforcement,
        "legacy_mode": policy.legacy_mode,
        "based_on": policy.version,
        "reason": "Perkada TPP 2026 ditetapkan",
    }
    for p in P:
        data[f"credit_{p}"] = str(policy.credit_point_percent[p])
        data[f"tpp_{p}"] = str(policy.tpp_percent.get(p, ""))
    for org in OrgPredikat:
        bounds = policy.distribution[org].bounds
        prefix = f"dist-{org}"
        data[f"{prefix}-TOTAL_FORMS"] = str(len(bounds) + 1)
        data[f"{prefix}-INITIAL_FORMS"] = str(len(bounds))
        for i, bound in enumerate(bounds):
            data[f"{prefix}-{i}-predikats"] = [str(p) for p in bound.predikats]
            for name in ("min_share", "max_share", "min_count"):
                value = getattr(bound, name)
                data[f"{prefix}-{i}-{name}"] = "" if value is None else str(value)
    data.update(changes)
    return data


def hr_client(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.hr_admin)
    return client


def url(year: AppraisalYear) -> str:
    return reverse("cycles:policy", args=[year.pk])


def test_the_unchanged_form_describes_the_policy_in_force():
    form = PolicyForm(form_data(), policy=ScoringPolicy())
    assert form.is_valid(), form.errors
    assert form.policy(ScoringPolicy()) == ScoringPolicy()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"capaian_cap": "95"}, "capaian_cap", "paling rendah 100%"),
        ({"rating_above_min": "125"}, "rating_above_min", "tidak boleh melebihi batas atas"),
        ({"rating_meets_min": "115"}, "rating_meets_min", "tidak boleh melebihi ambang"),
        ({"nilai_at_target": "120"}, "nilai_at_target", "lebih kecil dari atau sama dengan 110"),
        ({"capaian_cap": "abc"}, "capaian_cap", "Masukkan sebuah bilangan"),
        ({"capaian_cap": "NaN"}, "capaian_cap", "Masukkan sebuah bilangan"),
        ({"tpp_baik": "100"}, "tpp_sangat_baik", "setiap predikat, atau kosongkan"),
        ({**{f"tpp_{p}": "80" for p in P}, "tpp_kurang": "150"}, "tpp_kurang", "100"),
        ({"credit_baik": "-1"}, "credit_baik", "lebih besar dari atau sama dengan 0"),
        ({"behaviour_rule": "mean"}, "behaviour_rule", "Masukkan pilihan yang valid"),
        ({"legacy_mode": "pp10"}, "legacy_mode", "Masukkan pilihan yang valid"),
        ({"reason": "   "}, "reason", "tidak boleh kosong"),
    ],
)
def test_a_bad_value_is_a_field_error_in_indonesian(cast, changes, field, message):
    client = hr_client(cast)
    response = client.post(url(cast.year), form_data(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field]), errors[field]
    assert "Kebijakan belum disimpan" in response.content.decode()
    cast.year.refresh_from_db()
    assert cast.year.policy == {}
    assert not PolicyChange.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"predikats": ["baik"]}, "Isi paling sedikit satu batas"),
        ({"max_share": "50"}, "Pilih predikat yang dibatasi"),
        ({"predikats": ["baik"], "min_share": "60", "max_share": "50"}, "melebihi batas paling"),
        ({"predikats": ["baik"], "max_share": "101"}, "lebih kecil dari atau sama dengan 100"),
    ],
)
def test_a_bad_distribution_row_is_refused_and_nothing_is_saved(cast, row, message):
    prefix = f"dist-{OrgPredikat.ISTIMEWA}"
    extra = {f"{prefix}-1-{name}": value for name, value in row.items()}
    response = hr_client(cast).post(url(cast.year), form_data(**extra))
    assert response.status_code == 200
    assert message in response.content.decode()
    cast.year.refresh_from_db()
    assert cast.year.policy == {}


def test_hr_admin_changes_the_policy_and_the_change_is_recorded(cast):
    client = hr_client(cast)
    tpp = {f"tpp_{p}": v for p, v in zip(P, ["100", "100", "80", "60", "40"], strict=True)}
    prefix = f"dist-{OrgPredikat.ISTIMEWA}"
    response = client.post(
        url(cast.year),
        form_data(
            rating_above_min="115",
            distribution_enforcement="block",
            legacy_mode="pp46_2011",
            **tpp,
            **{f"{prefix}-0-max_share": "60"},
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url(cast.year)

    cast.year.refresh_from_db()
    policy = cast.year.scoring_policy()
    assert policy.version == f"{cast.year.year}-r1"
    assert policy.rating_above_min == D(115)
    assert policy.distribution_enforcement == "block"
    assert policy.legacy_mode == "pp46_2011"
    assert policy.tpp_percent[P.BUTUH_PERBAIKAN] == D(80)
    assert policy.distribution[OrgPredikat.ISTIMEWA].bounds[0].max_share == D(60)
    # Everything not touched keeps its default.
    assert policy.capaian_cap == D(120)
    assert policy.distribution[OrgPredikat.BAIK] == ScoringPolicy().distribution[OrgPredikat.BAIK]

    change = PolicyChange.objects.get()
    assert change.changed_by == cast.hr_admin
    assert change.reason == "Perkada TPP 2026 ditetapkan"
    assert change.before == ScoringPolicy().to_dict()
    assert change.after == cast.year.policy

    page = client.get(url(cast.year)).content.decode()
    assert f"Kebijakan disimpan sebagai versi {cast.year.year}-r1" in page
    assert reverse("measurements:recompute") in page
    assert "Perkada TPP 2026 ditetapkan" in page
    differences = {d.label: (d.before, d.after) for d in policy_history(cast.year)[0].differences}
    assert differences["Ambang Di Atas Ekspektasi"] == ("110,00%", "115,00%")
    assert differences["TPP Butuh Perbaikan"] == ("belum ditetapkan", "80,00%")
    assert differences["Predikat organisasi Istimewa"] == (
        "Sangat Baik paling banyak 70,00%",
        "Sangat Baik paling banyak 60,00%",
    )
    assert "Ambang Sesuai Ekspektasi" not in differences


def test_each_change_is_a_new_version_and_the_history_is_newest_first(cast):
    for n, above in enumerate(["112", "114"], start=1):
        form = PolicyForm(
            form_data(cast.year.scoring_policy(), rating_above_min=above),
            policy=cast.year.scoring_policy(),
        )
        assert form.is_valid(), form.errors
        policy_change(
            year=cast.year,
            actor=cast.hr_admin,
            policy=form.policy(cast.year.scoring_policy()),
            reason=f"langkah {n}",
        )
    history = policy_history(cast.year)
    assert [e.change.version for e in history] == [f"{cast.year.year}-r2", f"{cast.year.year}-r1"]
    assert [(d.before, d.after) for d in history[0].differences] == [("112,00%", "114,00%")]


def test_an_unchanged_policy_is_not_saved_as_a_new_version(cast):
    response = hr_client(cast).post(url(cast.year), form_data())
    assert response.status_code == 200
    assert "Tidak ada nilai yang berubah" in response.content.decode()
    assert not PolicyChange.objects.exists()


def test_a_save_on_top_of_someone_elses_newer_change_is_refused(cast):
    """Two HR admins open the same version; the second save must not undo the first."""
    opened = cast.year.scoring_policy()
    policy_change(
        year=cast.year,
        actor=cast.hr_admin,
        policy=ScoringPolicy(capaian_cap=D(115)),
        reason="cap baru",
        based_on=opened.version,
    )
    response = hr_client(cast).post(
        url(cast.year), form_data(opened, rating_above_min="112", based_on=opened.version)
    )
    assert response.status_code == 200
    assert "baru saja diubah orang lain" in response.content.decode()
    cast.year.refresh_from_db()
    assert cast.year.scoring_policy().capaian_cap == D(115)
    assert PolicyChange.objects.count() == 1


def test_the_service_refuses_an_auditor_and_an_empty_reason(cast):
    new = ScoringPolicy(rating_above_min=D(115))
    with pytest.raises(PermissionDenied):
        policy_change(year=cast.year, actor=cast.auditor, policy=new, reason="coba")
    with pytest.raises(PolicyChangeRefused):
        policy_change(year=cast.year, actor=cast.hr_admin, policy=new, reason=" ")
    unreachable = ScoringPolicy(capaian_cap=D(105))
    with pytest.raises(PolicyChangeRefused, match="rating_above_min above capaian_cap"):
        policy_change(year=cast.year, actor=cast.hr_admin, policy=unreachable, reason="coba")
    assert not PolicyChange.objects.exists()


def test_an_auditor_reads_the_policy_and_its_history_without_a_form(cast):
    policy_change(
        year=cast.year,
        actor=cast.hr_admin,
        policy=ScoringPolicy(behaviour_rule="lowest"),
        reason="Perilaku dinilai ketat",
    )
    client = Client()
    client.login(username="auditor", password=PASSWORD)
    response = client.get(url(cast.year))
    page = response.content.decode()
    assert response.context["form"] is None
    assert "Perilaku dinilai ketat" in page
    assert "Terendah" in page
    assert 'data-testid="save-policy"' not in page
    assert 'data-testid="recompute-link"' not in page


def test_the_policy_page_shows_every_field_with_its_default(cast, django_assert_max_num_queries):
    client = hr_client(cast)
    client.get(url(cast.year))  # warm the session and the viewer
    with django_assert_max_num_queries(12):
        response = client.get(url(cast.year))
    rows = response.context["rows"]
    keys = {row.item.key for row in rows}
    assert {"capaian_cap", "behaviour_rule", "legacy_mode", "distribution_enforcement"} <= keys
    assert {f"tpp_percent.{p}" for p in P} <= keys
    assert {f"credit_point_percent.{p}" for p in P} <= keys
    assert {f"distribution.{org}" for org in OrgPredikat} <= keys
    assert not any(row.differs for row in rows)


def test_finalised_evaluations_keep_their_version_is_stated_on_the_page(cast):
    page = hr_client(cast).get(url(cast.year)).content.decode()
    assert "Evaluasi yang sudah difinalkan tidak berubah diam-diam" in page


def test_the_years_list_shows_only_the_viewers_instansi(cast, django_assert_max_num_queries):
    client = hr_client(cast)
    client.get(reverse("cycles:years"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("cycles:years"))
    assert [y.pk for y in response.context["years"]] == [cast.year.pk]
    assert url(cast.year) in response.content.decode()
