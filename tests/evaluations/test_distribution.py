"""The distribution check in words, and which unit's curve applies."""

from __future__ import annotations

from decimal import Decimal

from kinerja import scoring
from kinerja.evaluations.distribution import curve_unit, distribution_check, violation_text
from tests.evaluations.eval_support import bidang, dinas, rated_draft, set_predikat
from tests.support import current_quarter

P = scoring.Predikat


def test_too_many_at_the_top_says_how_many_must_move():
    v = scoring.Violation(
        "distribution.max_share_exceeded",
        (P.SANGAT_BAIK,),
        "max_share",
        Decimal(70),
        Decimal("83.3333"),
        1,
    )
    assert violation_text(v, total=6) == (
        "Predikat Sangat Baik sebanyak 83,33% dari 6 pegawai, melebihi batas atas 70%: "
        "sedikitnya 1 pegawai harus berpindah ke predikat lain."
    )


def test_too_few_below_says_how_many_more_are_needed():
    v = scoring.Violation(
        "distribution.min_share_not_met",
        (P.BUTUH_PERBAIKAN,),
        "min_share",
        Decimal(60),
        Decimal(20),
        2,
    )
    assert violation_text(v, total=5) == (
        "Predikat Butuh Perbaikan baru 20% dari 5 pegawai, di bawah batas bawah 60%: "
        "sedikitnya 2 pegawai lagi harus berpredikat Butuh Perbaikan."
    )


def test_a_minimum_count_over_a_group_names_the_group():
    v = scoring.Violation(
        "distribution.min_count_not_met",
        (P.BUTUH_PERBAIKAN, P.KURANG),
        "min_count",
        Decimal(1),
        Decimal(0),
        1,
    )
    text = violation_text(v, total=3)
    assert text.startswith("Sedikitnya 1 pegawai harus berpredikat Butuh Perbaikan atau Kurang")
    assert "1 pegawai lagi" in text


def test_the_nearest_unit_with_a_predikat_gives_the_curve(cast):
    period = current_quarter(cast.year)
    assert curve_unit(bidang(cast), period) == (bidang(cast), None)
    on_dinas = set_predikat(cast, dinas(cast), period, "istimewa")
    assert curve_unit(bidang(cast), period) == (dinas(cast), on_dinas)
    on_bidang = set_predikat(cast, bidang(cast), period, "baik")
    assert curve_unit(bidang(cast), period) == (bidang(cast), on_bidang)


def test_counts_include_rated_drafts_of_the_subtree(cast):
    period = current_quarter(cast.year)
    set_predikat(cast, dinas(cast), period, "istimewa")
    rated_draft(cast, period, result="above", rating="above", reason="melampaui target")
    check = distribution_check(bidang(cast), period)
    assert check.unit == dinas(cast)
    assert check.counts["sangat_baik"] == 1 and check.total == 1
    # One of one is 100 % Sangat Baik, above Istimewa's 70 %.
    assert not check.ok and "Sangat Baik" in check.changes[0]


def test_a_newer_decision_supersedes_the_old_one(cast):
    period = current_quarter(cast.year)
    first = set_predikat(cast, bidang(cast), period, "baik")
    second = set_predikat(cast, bidang(cast), period, "istimewa")
    first.refresh_from_db()
    assert first.superseded_at is not None and second.superseded_at is None
    assert distribution_check(bidang(cast), period).unit_predikat == second
