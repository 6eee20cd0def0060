"""The feedback page: order, overdue plans, query count, bad input on the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kinerja.core import clock
from kinerja.feedback.models import CheckIn, FeedbackMessage, FollowUpPlan
from kinerja.feedback.selectors import plan_feedback
from kinerja.feedback.services import feedback_post, follow_up_add
from tests.feedback.feedback_support import coverage_behind, coverage_on_target, rights
from tests.matrix import client_as
from tests.support import field_errors


def _follow_up(cast, due: dt.date) -> FollowUpPlan:
    return follow_up_add(
        rights=rights(cast, "penilai"),
        plan=cast.pegawai_plan,
        indicator=cast.coverage,
        action="Pendataan ulang",
        owner=cast.pegawai,
        due=due,
    )


def test_ikis_behind_target_come_first(cast):
    coverage_behind(cast)
    page = plan_feedback(cast.pegawai_plan)
    assert [row.indicator.pk for row in page.indicators] == [cast.coverage.pk, cast.programmes.pk]
    assert [row.behind for row in page.indicators] == [True, False]
    assert page.behind_count == 1


def test_an_iki_on_target_is_not_behind(cast):
    coverage_on_target(cast)
    page = plan_feedback(cast.pegawai_plan)
    assert not any(row.behind for row in page.indicators)
    assert page.behind_count == 0


def test_an_open_plan_past_its_due_date_is_overdue_and_a_closed_one_is_not(cast, monkeypatch):
    follow_up = _follow_up(cast, clock.today() + dt.timedelta(days=3))
    later = clock.today() + dt.timedelta(days=10)
    monkeypatch.setattr("kinerja.core.clock.today", lambda: later)
    page = plan_feedback(cast.pegawai_plan)
    assert page.overdue_count == 1 and page.open_count == 1
    FollowUpPlan.objects.filter(pk=follow_up.pk).update(status="done")
    page = plan_feedback(cast.pegawai_plan)
    assert page.overdue_count == 0 and page.open_count == 0


def test_the_page_reads_in_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    rhk = cast.pegawai_plan.results.get()
    for role in ("pegawai", "penilai", "atasan"):
        feedback_post(rights=rights(cast, role), plan=cast.pegawai_plan, result=rhk, text="a")
        feedback_post(rights=rights(cast, role), plan=cast.pegawai_plan, value="loyal", text="b")
    for days in (1, 2, 3):
        _follow_up(cast, clock.today() + dt.timedelta(days=days))
    with django_assert_max_num_queries(6):
        page = plan_feedback(cast.pegawai_plan)
        assert len(page.results[0].messages) == 3
        names = [m.author.name for v in page.values for m in v.messages]
        owners = [f.owner.name for row in page.indicators for f in row.follow_ups]
    assert len(names) == 3 and len(owners) == 3


def test_the_page_shows_threads_to_a_reader_without_forms(cast):
    rhk = cast.pegawai_plan.results.get()
    feedback_post(rights=rights(cast, "penilai"), plan=cast.pegawai_plan, result=rhk, text="Rapi")
    response = client_as(cast, "auditor").get(reverse("feedback:plan", args=[cast.pegawai_plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rapi" in html and 'data-testid="read-only"' in html
    assert "<textarea" not in html


def test_an_empty_message_shows_the_error_at_its_form_and_saves_nothing(cast):
    rhk = cast.pegawai_plan.results.get()
    url = reverse("feedback:result_post", args=[cast.pegawai_plan.pk, rhk.pk])
    response = client_as(cast, "penilai").post(url, {f"rhk-{rhk.pk}-text": "   "})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), f"id_rhk-{rhk.pk}-text") == ["Wajib diisi."]
    assert not FeedbackMessage.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"follow-up-due": "besok"}, "due", "Tanggal tidak valid"),
        ({"follow-up-indicator": "²"}, "indicator", "Pilih IKI dari SKP ini."),
        ({"follow-up-indicator": "9" * 30}, "indicator", "Pilih IKI dari SKP ini."),
        ({"follow-up-owner": "0"}, "owner", "Pilih pegawai atau pejabat penilainya."),
    ],
)
def test_bad_follow_up_input_is_a_message_not_a_500(cast, data, field, message):
    url = reverse("feedback:follow_up_add", args=[cast.pegawai_plan.pk])
    post = {
        "follow-up-indicator": str(cast.coverage.pk),
        "follow-up-action": "Pendataan",
        "follow-up-owner": str(cast.pegawai.pk),
        "follow-up-due": (clock.today() + dt.timedelta(days=5)).isoformat(),
    } | data
    response = client_as(cast, "penilai").post(url, post)
    assert response.status_code == 200
    errors = field_errors(response.content.decode(), f"id_follow-up-{field}")
    assert errors and errors[0].startswith(message)
    assert not FollowUpPlan.objects.exists()


def test_a_past_due_date_is_refused_by_the_service_on_the_page(cast):
    url = reverse("feedback:follow_up_add", args=[cast.pegawai_plan.pk])
    response = client_as(cast, "penilai").post(
        url,
        {
            "follow-up-indicator": str(cast.coverage.pk),
            "follow-up-action": "Pendataan",
            "follow-up-owner": str(cast.pegawai.pk),
            "follow-up-due": "2000-01-01",
        },
    )
    assert response.status_code == 200
    assert "Tenggat tidak boleh sebelum hari ini." in response.content.decode()
    assert not FollowUpPlan.objects.exists()


def test_a_check_in_in_the_future_is_refused_on_the_page(cast):
    url = reverse("feedback:check_in", args=[cast.pegawai_plan.pk])
    tomorrow = clock.today() + dt.timedelta(days=1)
    response = client_as(cast, "penilai").post(
        url, {"check-in-held_on": tomorrow.isoformat(), "check-in-went_well": "Baik"}
    )
    assert response.status_code == 200
    assert "tidak boleh di masa depan" in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("name", ["plan", "check_in"])
def test_an_overflowing_id_is_absent(cast, name):
    client = client_as(cast, "penilai")
    url = reverse(f"feedback:{name}", args=["9" * 30])
    response = client.get(url) if name == "plan" else client.post(url, {})
    assert response.status_code == 404


def test_a_value_that_is_no_berakhlak_value_is_absent(cast):
    url = reverse("feedback:value_post", args=[cast.pegawai_plan.pk, "jujur"])
    response = client_as(cast, "penilai").post(url, {"value-jujur-text": "x"})
    assert response.status_code == 404
    assert not FeedbackMessage.objects.exists()
