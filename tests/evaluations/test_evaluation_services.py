"""evaluation_open and evaluation_finalise: who may evaluate, what must be given, what is kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kinerja.core import clock
from kinerja.cycles.models import PeriodKind
from kinerja.evaluations.acknowledgement import evaluation_acknowledge
from kinerja.evaluations.models import BehaviourAssessment, Evaluation
from kinerja.evaluations.objections import objection_file, objection_window_closes
from kinerja.evaluations.services import (
    EvaluationError,
    evaluation_finalise,
    evaluation_open,
    evaluation_snapshot,
)
from kinerja.scoring import Rating
from tests.support import behaviour, month, quarter, record


@pytest.fixture(autouse=True)
def last_quarter(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Pin the domain's today to 15 December: the fourth quarter and the annual
    evaluation are open, and the standings do not depend on the real date.
    (The snapshot tests below pin 31 January instead, through start_of_year.)"""
    pinned = dt.date(clock.today().year, 12, 15)
    monkeypatch.setattr("kinerja.core.clock.today", lambda: pinned)
    return pinned


def _open(cast, period_number: int = 4) -> Evaluation:
    return evaluation_open(
        plan=cast.pegawai_plan, period=quarter(cast.year, period_number), user=cast.penilai.user
    )


def _finalise(cast, evaluation: Evaluation, rating: str, reason: str = "", **kw) -> Evaluation:
    return evaluation_finalise(
        evaluation=evaluation,
        user=kw.pop("user", cast.penilai.user),
        result_rating=Rating(rating),
        reason=reason,
        behaviour=kw.pop("behaviour", behaviour("meets")),
    )


def _nothing_saved(evaluation: Evaluation) -> None:
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert stored.status == Evaluation.Status.DRAFT
    assert stored.result_rating == stored.predikat == stored.result_rating_reason == ""
    assert stored.finalised_at is None
    assert not BehaviourAssessment.objects.filter(evaluation=stored).exists()


@pytest.fixture
def proposed_meets(cast):
    """Data proposing Sesuai Ekspektasi: 12 programmes by December is 100 %."""
    record(cast.programmes, 12, "12")
    return _open(cast)


@pytest.mark.parametrize(
    "role", ["pegawai", "atasan", "outsider", "foreigner", "hr_admin", "auditor"]
)
def test_only_the_derived_penilai_may_open_an_evaluation(cast, role):
    with pytest.raises(PermissionDenied):
        evaluation_open(plan=cast.pegawai_plan, period=quarter(cast.year, 4), user=cast.user(role))
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("role", ["pegawai", "atasan", "hr_admin", "auditor"])
def test_only_the_derived_penilai_may_finalise(cast, proposed_meets, role):
    with pytest.raises(PermissionDenied):
        _finalise(cast, proposed_meets, "meets", user=cast.user(role))
    _nothing_saved(proposed_meets)


def test_open_creates_a_draft_with_the_data_of_the_moment(cast, proposed_meets):
    assert proposed_meets.status == Evaluation.Status.DRAFT
    assert proposed_meets.achievement == 100
    assert proposed_meets.proposed_rating == "meets"
    assert proposed_meets.policy_version == "default-2026"
    again = _open(cast)
    assert again.pk == proposed_meets.pk  # one evaluation per SKP and period


def test_a_month_is_not_an_evaluation_period_of_a_quarterly_year(cast):
    with pytest.raises(EvaluationError, match="bukan periode evaluasi"):
        evaluation_open(plan=cast.pegawai_plan, period=month(cast.year, 3), user=cast.penilai.user)
    assert not Evaluation.objects.exists()


def test_every_berakhlak_value_must_be_rated(cast, proposed_meets):
    partial = behaviour("meets")
    del partial["loyal"]
    del partial["adaptif"]
    with pytest.raises(EvaluationError, match="Belum dinilai: Loyal, Adaptif"):
        _finalise(cast, proposed_meets, "meets", behaviour=partial)
    _nothing_saved(proposed_meets)


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_changed_rating_without_reason_is_refused_and_nothing_saved(cast, proposed_meets, reason):
    with pytest.raises(EvaluationError, match="tuliskan alasannya"):
        _finalise(cast, proposed_meets, "above", reason=reason)
    _nothing_saved(proposed_meets)


def test_changed_rating_with_reason_is_kept_and_reported(cast, proposed_meets):
    final = _finalise(cast, proposed_meets, "above", reason="  Memimpin dua program baru.  ")
    stored = Evaluation.objects.get(pk=final.pk)
    assert stored.status == Evaluation.Status.FINAL
    assert (stored.proposed_rating, stored.result_rating) == ("meets", "above")
    assert stored.result_rating_reason == "Memimpin dua program baru."
    assert stored.departs_from_proposal is True
    assert stored.evaluator == cast.penilai.user
    assert stored.finalised_at is not None
    assert BehaviourAssessment.objects.filter(evaluation=stored).count() == 7


def test_confirmed_rating_needs_no_reason_and_does_not_depart(cast, proposed_meets):
    final = _finalise(cast, proposed_meets, "meets", reason="tidak perlu")
    assert final.departs_from_proposal is False
    assert final.result_rating_reason == ""


def test_without_data_nothing_is_proposed_and_no_reason_is_needed(cast):
    # A qualitative SKP, or one without realisasi: the rating is the penilai's judgement.
    draft = _open(cast)
    assert draft.proposed_rating == ""
    final = _finalise(cast, draft, "meets")
    assert final.status == Evaluation.Status.FINAL
    assert final.departs_from_proposal is False


# PermenPANRB 6/2022, Predikat Kinerja Pegawai (rows: hasil kerja, columns: perilaku).
PREDIKAT = [
    ("above", "below", "kurang"),
    ("above", "meets", "baik"),
    ("above", "above", "sangat_baik"),
    ("meets", "below", "kurang"),
    ("meets", "meets", "baik"),
    ("meets", "above", "baik"),
    ("below", "below", "sangat_kurang"),
    ("below", "meets", "butuh_perbaikan"),
    ("below", "above", "butuh_perbaikan"),
]


@pytest.mark.parametrize(("hasil", "perilaku", "predikat"), PREDIKAT)
def test_predikat_follows_the_matrix(cast, proposed_meets, hasil, perilaku, predikat):
    final = _finalise(
        cast, proposed_meets, hasil, reason="dasar penilaian", behaviour=behaviour(perilaku)
    )
    stored = Evaluation.objects.get(pk=final.pk)
    assert stored.behaviour_rating == perilaku
    assert stored.predikat == predikat
    assert stored.inputs["predikat"]["steps"][0]["code"] == "predikat.matrix"


def test_behaviour_rating_is_the_most_frequent_value_rating(cast, proposed_meets):
    ratings = behaviour("above", loyal="below", adaptif="below", kolaboratif="meets")
    final = _finalise(cast, proposed_meets, "meets", behaviour=ratings)
    assert final.behaviour_rating == "above"  # 4 above, 2 below, 1 meets
    stored = {b.value: b.rating for b in final.behaviour_assessments.all()}
    assert stored["loyal"] == "below" and stored["kompeten"] == "above"


def test_an_evaluation_is_finalised_once(cast, proposed_meets):
    _finalise(cast, proposed_meets, "meets")
    final = Evaluation.objects.get(pk=proposed_meets.pk)
    # Twice with a fresh copy, and with the caller's stale draft copy.
    for copy in (final, proposed_meets):
        with pytest.raises(EvaluationError, match="sudah final"):
            _finalise(cast, copy, "above", reason="ubah", behaviour=behaviour("above"))
    stored = Evaluation.objects.get(pk=proposed_meets.pk)
    assert (stored.result_rating, stored.predikat) == ("meets", "baik")
    assert stored.finalised_at == final.finalised_at


def test_opening_a_final_evaluation_keeps_its_numbers(cast, proposed_meets):
    final = _finalise(cast, proposed_meets, "meets")
    record(cast.coverage, 12, numerator="10", denominator="100")  # later data
    reopened = _open(cast)
    assert reopened.status == Evaluation.Status.FINAL
    assert reopened.achievement == final.achievement == 100


def test_snapshot_uses_only_months_up_to_the_period_end(cast, start_of_year):
    record(cast.programmes, 2, "3")
    record(cast.programmes, 5, "9")
    record(cast.coverage, 4, numerator="50", denominator="100")

    first = evaluation_snapshot(cast.pegawai_plan, quarter(cast.year, 1))
    second = evaluation_snapshot(cast.pegawai_plan, quarter(cast.year, 2))

    assert first["until_month"] == 3
    by_id = {row["id"]: row for row in first["indicators"]}
    assert Decimal(by_id[cast.programmes.pk]["achieved"]) == 3  # May's 9 is not counted
    assert by_id[cast.coverage.pk]["achieved"] is None  # April's data comes after March
    assert Decimal(first["achievement"]) == 120  # 3 against 12 × 2/12, capped
    by_id = {row["id"]: row for row in second["indicators"]}
    assert Decimal(by_id[cast.programmes.pk]["achieved"]) == 12
    assert Decimal(by_id[cast.coverage.pk]["achieved"]) == 50


def test_annual_evaluation_uses_the_whole_year(cast):
    record(cast.programmes, 11, "6")
    record(cast.programmes, 12, "6")
    annual = cast.year.periods.get(kind=PeriodKind.YEAR)
    evaluation = evaluation_open(plan=cast.pegawai_plan, period=annual, user=cast.penilai.user)
    assert evaluation.inputs["until_month"] == 12
    assert evaluation.achievement == 100


def test_finalising_and_acknowledging_are_stamped_by_the_domain_clock(cast, monkeypatch):
    """The objection window counts from the finalisation day, and the window is judged by
    clock.today(): both stamps come from the same clock, so a pinned clock moves them too."""
    pinned = timezone.make_aware(dt.datetime.combine(clock.today(), dt.time(9, 30)))
    monkeypatch.setattr("kinerja.core.clock.now", lambda: pinned)
    evaluation = _finalise(cast, _open(cast, 1), "meets", behaviour=behaviour("meets"))
    assert evaluation.finalised_at == pinned
    closes = objection_window_closes(evaluation)
    assert closes == pinned.date() + dt.timedelta(days=cast.year.objection_days)

    evaluation_acknowledge(evaluation=evaluation, user=cast.pegawai.user)
    assert Evaluation.objects.get(pk=evaluation.pk).acknowledged_at == pinned

    # On the window's last day by the domain's clock, the objection is still in time.
    monkeypatch.setattr("kinerja.core.clock.today", lambda: closes)
    objection = objection_file(evaluation=evaluation, user=cast.pegawai.user, reason="Belum adil.")
    assert objection.filed_at == pinned
