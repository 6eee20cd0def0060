"""Review fixes of the evaluation round: who reads a draft, which curve counts whom,
when a period is open, what is re-read under a lock, and the language of stored texts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kinerja import scoring
from kinerja.cycles.models import PeriodKind
from kinerja.evaluations import services
from kinerja.evaluations.distribution import (
    calibration_list,
    distribution_check,
    predikat_counts,
    unit_evaluations,
)
from kinerja.evaluations.models import Evaluation, UnitPredikat
from kinerja.evaluations.services import (
    EvaluationError,
    evaluation_open,
    evaluation_rate,
    evaluation_snapshot,
    evaluations_finalise,
    period_evaluations,
)
from kinerja.evaluations.unit_predikat import (
    UnitPredikatError,
    unit_predikat_overview,
    unit_predikat_rights,
    unit_predikat_set,
)
from kinerja.evaluations.views.evaluate import period_rows
from kinerja.notifications.models import Notification
from kinerja.organisation.access import employee_list_visible, viewer_for
from kinerja.organisation.models import Assignment
from tests.evaluations.eval_support import bidang, dinas, rated_draft, set_predikat
from tests.support import behaviour, current_quarter, quarter, record


@pytest.fixture
def period(cast):
    return current_quarter(cast.year)


def _head_draft(cast, period) -> Evaluation:
    """The penilai's own evaluation (the bidang head), rated by the atasan, left a draft."""
    user = cast.atasan.user
    evaluation = evaluation_open(plan=cast.penilai_plan, period=period, user=user)
    return evaluation_rate(
        evaluation=evaluation,
        user=user,
        result_rating=scoring.Rating(evaluation.proposed_rating or "meets"),
        reason="",
        behaviour=behaviour("above"),
    )


# 1. A pegawai never reads their own draft predikat ----------------------------------------


def test_the_calibration_table_leaves_out_the_readers_own_draft(cast, period):
    mine = _head_draft(cast, period)
    staff = rated_draft(cast, period)
    viewer = viewer_for(cast.penilai.user)
    rows = unit_evaluations(
        dinas(cast), period, viewer=viewer, visible=employee_list_visible(viewer)
    )
    assert staff in rows and mine not in rows
    evaluations_finalise([mine], user=cast.atasan.user, acknowledge_warning=True)
    rows = unit_evaluations(
        dinas(cast), period, viewer=viewer, visible=employee_list_visible(viewer)
    )
    assert mine in rows  # final: the pegawai reads it


def test_the_calibration_page_does_not_show_the_readers_draft_predikat(cast, period):
    mine = _head_draft(cast, period)
    client = Client()
    client.force_login(cast.penilai.user)
    html = client.get(
        reverse("evaluations:calibration", args=[bidang(cast).pk, period.pk])
    ).content.decode()
    assert reverse("evaluations:detail", args=[mine.pk]) not in html


def test_the_annual_page_shows_only_the_status_of_a_periodic_draft(cast, period):
    draft = rated_draft(cast, period, rating="above")
    assert draft.predikat
    annual = cast.year.periods.get(kind=PeriodKind.YEAR)
    (row,) = period_evaluations(cast.pegawai_plan, annual)
    assert row["status"] == Evaluation.Status.DRAFT
    assert row["predikat"] == row["result_rating"] == row["behaviour_rating"] == ""
    # A snapshot stored before the fix keeps the ratings: the page still hides them.
    old = Evaluation(inputs={"period_evaluations": [{**row, "predikat": draft.predikat}]})
    (shown,) = period_rows(old)
    assert shown["predikat"] == "" and shown["predikat_label"] == ""
    assert shown["status_label"]


# 2. Nested units: each employee counts under one curve --------------------------------------


def test_a_unit_with_its_own_predikat_is_not_counted_again_above(cast, period):
    set_predikat(cast, dinas(cast), period, "baik")
    set_predikat(cast, bidang(cast), period, "baik")
    rated_draft(cast, period)
    assert sum(predikat_counts(bidang(cast), period).values()) == 1
    assert sum(predikat_counts(dinas(cast), period).values()) == 0
    viewer = viewer_for(cast.hr_admin)
    rows = calibration_list(viewer, visible=employee_list_visible(viewer))
    assert [(r.unit, r.drafts) for r in rows if r.period == period] == [(bidang(cast), 1)]


# 3. A period is evaluated once it has begun, and late -----------------------------------------


def test_a_period_that_has_not_begun_is_refused(cast, monkeypatch):
    monkeypatch.setattr("kinerja.core.clock.today", lambda: dt.date(cast.year.year, 4, 20))
    for future in (quarter(cast.year, 3), cast.year.periods.get(kind=PeriodKind.YEAR)):
        with pytest.raises(EvaluationError, match="belum dibuka"):
            evaluation_open(
                plan=cast.pegawai_plan, period=future, user=cast.penilai.user, require_open=True
            )
    assert not Evaluation.objects.exists()


def test_a_past_period_stays_open_for_a_late_evaluation(cast, monkeypatch):
    monkeypatch.setattr("kinerja.core.clock.today", lambda: dt.date(cast.year.year, 8, 5))
    late = evaluation_open(
        plan=cast.pegawai_plan,
        period=quarter(cast.year, 1),
        user=cast.penilai.user,
        require_open=True,
    )
    assert late.status == Evaluation.Status.DRAFT


def test_the_evaluate_page_redirects_with_the_message(cast, monkeypatch):
    monkeypatch.setattr("kinerja.core.clock.today", lambda: dt.date(cast.year.year, 4, 20))
    client = Client()
    client.force_login(cast.penilai.user)
    response = client.get(
        reverse("evaluations:evaluate", args=[cast.pegawai_plan.pk, quarter(cast.year, 4).pk]),
        follow=True,
    )
    assert "belum dibuka" in response.content.decode()
    assert not Evaluation.objects.exists()


# 4. Finalising judges the proposal as it stands now ------------------------------------------


def test_finalise_refreshes_the_draft_before_the_reason_check(cast, period):
    draft = rated_draft(cast, period, result="above")  # no data yet: nothing proposed
    assert draft.proposed_rating == ""
    record(cast.programmes, 1, "1")  # far below target now
    assert evaluation_snapshot(cast.pegawai_plan, period)["proposed_rating"] != "above"
    with pytest.raises(EvaluationError, match="kini berbeda dari usulan data"):
        evaluations_finalise([draft], user=cast.penilai.user, acknowledge_warning=True)
    assert Evaluation.objects.get(pk=draft.pk).status == Evaluation.Status.DRAFT


# 5. Opening never writes a stale draft over a final evaluation -------------------------------


def test_open_does_not_overwrite_a_finalise_that_lands_meanwhile(cast, period, monkeypatch):
    draft = rated_draft(cast, period)

    def racing(**kwargs):  # type: ignore[no-untyped-def]
        # Our read sees the draft; another request finalises it right after.
        stale = Evaluation.objects.get(**kwargs)
        Evaluation.objects.filter(pk=stale.pk).update(status=Evaluation.Status.FINAL)
        return stale, False

    monkeypatch.setattr(Evaluation.objects, "get_or_create", racing)
    opened = evaluation_open(plan=cast.pegawai_plan, period=period, user=cast.penilai.user)
    assert opened.status == Evaluation.Status.FINAL
    assert Evaluation.objects.get(pk=draft.pk).status == Evaluation.Status.FINAL


# 6. Unit predikat: the lock, a concurrent insert, and HR acting for the leader ------------------


def test_a_concurrent_first_decision_is_a_clear_error(cast, period, monkeypatch):
    real_create = UnitPredikat.objects.create

    def racing(**kwargs):  # type: ignore[no-untyped-def]
        real_create(**{**kwargs, "note": "keputusan lain"})
        return real_create(**kwargs)

    monkeypatch.setattr(UnitPredikat.objects, "create", racing)
    with pytest.raises(UnitPredikatError, match="baru saja ditetapkan"):
        set_predikat(cast, bidang(cast), period, "baik")


def test_hr_setting_for_the_leader_is_recorded_and_shown(cast, period):
    on_behalf = set_predikat(cast, dinas(cast), period, "baik")  # top level: HR
    by_leader = set_predikat(cast, bidang(cast), period, "baik")  # the atasan heads the dinas
    assert on_behalf.summary["on_behalf"] is True
    assert "on_behalf" not in by_leader.summary
    client = Client()
    client.force_login(cast.hr_admin)
    html = client.get(
        reverse("evaluations:unit_predikat", args=[dinas(cast).pk, period.pk])
    ).content.decode()
    assert "ditetapkan oleh admin kepegawaian atas nama pimpinan" in html


def test_hr_sets_and_lists_a_unit_whose_parent_head_post_is_vacant(cast, period):
    Assignment.objects.filter(employee=cast.atasan).update(
        end=dt.date.today() - dt.timedelta(days=1)
    )
    viewer = viewer_for(cast.hr_admin)
    rights = unit_predikat_rights(viewer, bidang(cast))
    assert rights.set and rights.on_behalf
    rows = {row.unit: row.can_set for row in unit_predikat_overview(viewer)}
    assert rows.get(bidang(cast)) is True
    decision = unit_predikat_set(
        viewer=viewer,
        user=cast.hr_admin,
        unit=bidang(cast),
        period=period,
        predikat="baik",
        note="Kepala dinas kosong",
    )
    assert decision.summary["on_behalf"] is True


# 7. Rating and finalising lock the curve unit first ------------------------------------------


def test_rating_and_finalising_lock_the_curve_unit(cast, period, monkeypatch):
    set_predikat(cast, dinas(cast), period, "baik")
    locked: list[set[int]] = []
    real = services._lock_units

    def recording(ids):  # type: ignore[no-untyped-def]
        ids = set(ids)
        locked.append(ids)
        real(ids)

    monkeypatch.setattr(services, "_lock_units", recording)
    draft = rated_draft(cast, period)
    evaluations_finalise([draft], user=cast.penilai.user, acknowledge_warning=True)
    assert locked == [{dinas(cast).pk}, {dinas(cast).pk}]


# 8. A changed reporting line in a batch is a message, not a 403 ------------------------------


def test_a_batch_with_someone_no_longer_rated_names_them(cast, period):
    draft = rated_draft(cast, period)
    Assignment.objects.filter(employee=cast.penilai).update(
        end=dt.date.today() - dt.timedelta(days=1)
    )
    with pytest.raises(EvaluationError, match=cast.pegawai.name):
        evaluations_finalise([draft], user=cast.penilai.user, acknowledge_warning=True)
    assert Evaluation.objects.get(pk=draft.pk).status == Evaluation.Status.DRAFT


# 10. Stored texts in the site's language -----------------------------------------------------


def test_stored_texts_are_in_the_sites_language(cast, period):
    draft = rated_draft(cast, period)
    with translation.override("en"):
        # The control: in English the note does read differently.
        assert not distribution_check(bidang(cast), period).note().startswith("Predikat")
        (final,) = evaluations_finalise([draft], user=cast.penilai.user, acknowledge_warning=True)
    final.refresh_from_db()
    assert final.distribution_note.startswith("Predikat kinerja organisasi unit")
    notification = Notification.objects.get(recipient=cast.pegawai.user)
    assert "telah difinalkan" in notification.text


# 11. The calibration table is paged, in constant queries -------------------------------------


def test_the_unit_table_is_paged(cast, period, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr("kinerja.evaluations.views.calibration.PAGE_SIZE", 1)
    rated_draft(cast, period)
    _head_draft(cast, period)
    client = Client()
    client.force_login(cast.hr_admin)
    url = reverse("evaluations:calibration", args=[dinas(cast).pk, period.pk])
    with django_assert_max_num_queries(40):
        first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert "Halaman 1 dari 2" in first and "Halaman 2 dari 2" in second
    names = [cast.pegawai.name, cast.penilai.name]
    table = [html.split('data-testid="unit-evaluations"')[1] for html in (first, second)]
    assert sorted(n for n in names for t in table if n in t.split("</table>")[0]) == sorted(names)
