"""Anonymous peer input in a real browser.

Three colleagues of the pegawai find them under Masukan Rekan and answer (the
last on a phone); a second answer is not offered. The penilai, on the evaluate
page, sees only "2 masukan" after two answers given yesterday; the third, given
today, changes nothing until the next day, when the summary shows.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from kinerja.core import clock
from kinerja.evaluations.models import PeerInput
from tests.browser.conftest import DESKTOP, PHONE, Visit
from tests.conftest import Cast
from tests.evaluations.peer_support import peers_of_pegawai
from tests.support import current_quarter

pytestmark = pytest.mark.browser


def _answer(visit: Visit, username: str, cast: Cast, rating: str, comment: str, phone=False):
    period = current_quarter(cast.year)
    visitor = visit(username, PHONE if phone else DESKTOP)
    page = visitor.page
    visitor.login(username)
    with page.expect_navigation():
        page.get_by_role("link", name="Masukan Rekan").first.click()
    visitor.check("masukan-rekan")
    row = page.get_by_test_id(f"peer-target-{cast.pegawai_plan.pk}-{period.pk}")
    expect(row).to_contain_text(cast.pegawai.name)
    expect(row).to_contain_text("Rekan kerja")
    with page.expect_navigation():
        row.get_by_role("link", name="Beri masukan").click()
    visitor.check("beri-masukan")
    page.get_by_test_id("peer-rating_kolaboratif").get_by_label(rating).check()
    page.get_by_test_id("peer-rating_loyal").get_by_label("Sesuai Ekspektasi").check()
    page.fill("#id_comment", comment)
    with page.expect_navigation():
        page.get_by_test_id("peer-submit").click()
    visitor.check("masukan-terkirim")
    expect(page.locator("body")).to_contain_text("tersimpan tanpa nama Anda")
    expect(row).to_contain_text("Sudah diberikan")
    expect(row.get_by_role("link", name="Beri masukan")).to_have_count(0)
    return visitor


def _a_day_passes() -> None:
    """The answers so far were given yesterday (the summary counts up to yesterday)."""
    PeerInput.objects.update(answered_on=clock.today() - dt.timedelta(days=1))


def test_three_colleagues_answer_and_the_penilai_sees_the_summary(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    peers_of_pegawai(cast, 3)
    period = current_quarter(cast.year)

    first = _answer(visit, "rekan1", cast, "Di Atas Ekspektasi", "Sigap membantu rekan satu tim.")
    # Back on the form: the first answer stands and cannot be seen or changed.
    first.goto("evaluations:peer_give", cast.pegawai_plan.pk, period.pk)
    first.check("sudah-menjawab")
    expect(first.page.get_by_test_id("already-answered")).to_be_visible()
    _answer(visit, "rekan2", cast, "Di Atas Ekspektasi", "Rajin berbagi catatan rapat.")
    _a_day_passes()

    penilai = visit("penilai")
    penilai.login("penilai")
    penilai.goto("evaluations:evaluate", cast.pegawai_plan.pk, period.pk)
    penilai.check("evaluasi-dua-masukan")
    expect(penilai.page.get_by_test_id("peer-below-threshold")).to_contain_text("2 masukan")
    expect(penilai.page.get_by_test_id("peer-summary")).not_to_contain_text("Rajin berbagi")

    _answer(visit, "rekan3", cast, "Di Bawah Ekspektasi", "Kadang terlambat membalas.", True)
    assert PeerInput.objects.filter(plan=cast.pegawai_plan, period=period).count() == 3

    # Given today: not counted yet, so the page does not change right after one answer.
    penilai.goto("evaluations:evaluate", cast.pegawai_plan.pk, period.pk)
    expect(penilai.page.get_by_test_id("peer-below-threshold")).to_contain_text("2 masukan")
    expect(penilai.page.get_by_test_id("peer-until-yesterday")).to_be_visible()

    _a_day_passes()
    penilai.goto("evaluations:evaluate", cast.pegawai_plan.pk, period.pk)
    penilai.check("evaluasi-tiga-masukan")
    summary = penilai.page.get_by_test_id("peer-summary")
    expect(summary).to_contain_text("3 orang memberi masukan")
    kolaboratif = penilai.page.get_by_test_id("peer-value-kolaboratif")
    expect(kolaboratif.locator("td").nth(1)).to_have_text("2")
    expect(kolaboratif.locator("td").nth(3)).to_have_text("1")
    # Nobody rated Harmonis: no counts, only that fewer than three did.
    expect(penilai.page.get_by_test_id("peer-value-harmonis")).to_contain_text(
        "kurang dari 3 penilai"
    )
    expect(penilai.page.get_by_test_id("peer-comments")).to_contain_text("Rajin berbagi")


def test_an_empty_answer_is_refused_with_a_message(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    peers_of_pegawai(cast, 1)
    period = current_quarter(cast.year)
    visitor = visit("rekan1")
    visitor.login("rekan1")
    visitor.goto("evaluations:peer_give", cast.pegawai_plan.pk, period.pk)
    visitor.check("masukan-kosong")
    with visitor.page.expect_navigation():
        visitor.page.get_by_test_id("peer-submit").click()
    visitor.check("masukan-kosong-ditolak")
    expect(visitor.page.locator("#error-summary")).to_contain_text("sedikitnya satu")
    assert not PeerInput.objects.exists()
