"""Anonymous peer input: who may answer, one answer each, what is stored, what the penilai sees."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os

import pytest
from django.db import models
from django.urls import reverse

from kinerja.core import clock
from kinerja.evaluations.models import PeerInput
from kinerja.evaluations.peer import (
    PeerInputError,
    peer_input_give,
    peer_relation,
    peer_summary_get,
    peer_target_list,
    respondent_key,
)
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.scoring import Rating
from tests.evaluations.peer_support import peers_of_pegawai, subordinates_of_pegawai
from tests.support import behaviour, current_quarter, quarter


@pytest.fixture
def next_day(monkeypatch):
    """Move the domain's today one day on, as often as called (answers are dated by it)."""
    day = [clock.today()]
    monkeypatch.setattr("kinerja.core.clock.today", lambda: day[0])

    def advance() -> None:
        day[0] += dt.timedelta(days=1)

    return advance


def _give(user, plan, period, ratings=None, comment="Selalu membantu rekan.") -> PeerInput:
    return peer_input_give(
        user=user,
        plan=plan,
        period=period,
        ratings={"harmonis": "above"} if ratings is None else ratings,
        comment=comment,
    )


def test_subordinates_and_peers_may_answer_and_nobody_else(cast):
    period = current_quarter(cast.year)
    peer = peers_of_pegawai(cast, 1)[0]
    sub = subordinates_of_pegawai(cast, 1)[0]
    plan = cast.pegawai_plan
    assert peer_relation(peer, plan, period) == "peer"
    assert peer_relation(sub, plan, period) == "subordinate"
    assert peer_relation(cast.pegawai, cast.penilai_plan, period) == "subordinate"
    for other in (cast.pegawai, cast.penilai, cast.atasan, cast.outsider, cast.foreigner, None):
        assert peer_relation(other, plan, period) is None


def test_an_answer_keeps_no_identity_only_a_keyed_hash_and_the_day(cast, settings):
    period = current_quarter(cast.year)
    user = cast.pegawai.user
    saved = _give(user, cast.penilai_plan, period)

    # No column of the answer points at a user or an employee.
    links = {f.related_model for f in PeerInput._meta.get_fields() if f.is_relation}
    assert links == {cast.penilai_plan.__class__, period.__class__}
    assert not any(isinstance(f, models.DateTimeField) for f in PeerInput._meta.get_fields())
    assert saved.answered_on == clock.today()
    assert saved.relation == "subordinate"
    expected = hmac.new(
        settings.PEER_INPUT_KEY.encode(),
        f"peer-input:{user.pk}:{cast.penilai_plan.pk}:{period.pk}".encode(),
        hashlib.sha256,
    ).hexdigest()
    assert saved.respondent_key == expected
    assert str(user.pk) not in saved.respondent_key.split()
    # Without the secret key the hash cannot be reproduced from the user id.
    plain = hashlib.sha256(f"peer-input:{user.pk}:{cast.penilai_plan.pk}:{period.pk}".encode())
    assert saved.respondent_key != plain.hexdigest()
    settings.PEER_INPUT_KEY = "another-secret-key-entirely-different"
    assert (
        respondent_key(user_pk=user.pk, plan_pk=cast.penilai_plan.pk, period_pk=period.pk)
        != saved.respondent_key
    )


def test_the_key_is_its_own_derived_from_secret_key_unless_set(settings, monkeypatch):
    assert settings.PEER_INPUT_KEY != settings.SECRET_KEY
    derived = hmac.new(
        settings.SECRET_KEY.encode(), b"kinerja.peer-input-key", hashlib.sha256
    ).hexdigest()
    if "PEER_INPUT_KEY" not in os.environ:
        assert derived == settings.PEER_INPUT_KEY
    # Rotating SECRET_KEY alone leaves the answers' keys as they were.
    before = respondent_key(user_pk=1, plan_pk=2, period_pk=3)
    settings.SECRET_KEY = "a-rotated-secret-key-for-sessions-only"
    assert respondent_key(user_pk=1, plan_pk=2, period_pk=3) == before


def test_keys_differ_by_person_skp_and_period(cast):
    keys = {
        respondent_key(user_pk=u, plan_pk=p, period_pk=q)
        for u in (1, 2)
        for p in (1, 2)
        for q in (1, 2)
    }
    assert len(keys) == 8


def test_a_second_answer_is_refused_and_the_first_stands(cast):
    period = current_quarter(cast.year)
    _give(cast.pegawai.user, cast.penilai_plan, period, {"loyal": "meets"}, "Pertama")
    with pytest.raises(PeerInputError, match="sudah memberi masukan"):
        _give(cast.pegawai.user, cast.penilai_plan, period, {"loyal": "below"}, "Kedua")
    stored = PeerInput.objects.get()
    assert stored.ratings == {"loyal": "meets"} and stored.comment == "Pertama"


@pytest.mark.parametrize(
    ("ratings", "comment", "message"),
    [
        ({}, "  ", "sedikitnya satu"),
        ({"jujur": "above"}, "", "rating yang tersedia"),
        ({"loyal": "excellent"}, "", "rating yang tersedia"),
        ({}, "x" * 2001, "paling banyak"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(cast, ratings, comment, message):
    with pytest.raises(PeerInputError, match=message):
        _give(cast.pegawai.user, cast.penilai_plan, current_quarter(cast.year), ratings, comment)
    assert not PeerInput.objects.exists()


@pytest.mark.parametrize("role", ["penilai", "atasan", "outsider", "foreigner", "hr_admin"])
def test_someone_who_is_not_a_peer_or_subordinate_is_refused(cast, role):
    with pytest.raises(PeerInputError, match="bukan rekan kerja"):
        _give(cast.user(role), cast.pegawai_plan, current_quarter(cast.year))
    assert not PeerInput.objects.exists()


def test_a_period_that_is_not_open_is_refused(cast):
    current = current_quarter(cast.year)
    other = next(quarter(cast.year, n) for n in (1, 2, 3, 4) if quarter(cast.year, n) != current)
    with pytest.raises(PeerInputError, match="periode evaluasi yang berjalan"):
        _give(cast.pegawai.user, cast.penilai_plan, other)
    assert not PeerInput.objects.exists()


def test_no_input_once_the_evaluation_is_final(cast):
    period = current_quarter(cast.year)
    evaluation = evaluation_open(plan=cast.penilai_plan, period=period, user=cast.atasan.user)
    evaluation_finalise(
        evaluation=evaluation,
        user=cast.atasan.user,
        result_rating=Rating("meets"),
        reason="",
        behaviour=behaviour("meets"),
    )
    with pytest.raises(PeerInputError, match="sudah final"):
        _give(cast.pegawai.user, cast.penilai_plan, period)


def test_the_summary_shows_only_from_the_threshold(cast, next_day):
    period = current_quarter(cast.year)
    peers = peers_of_pegawai(cast, 3)
    plan = cast.pegawai_plan
    _give(peers[0].user, plan, period, {"harmonis": "above", "loyal": "meets"}, "Zebra cross")
    _give(peers[1].user, plan, period, {"harmonis": "above"}, "")
    next_day()
    below = peer_summary_get(plan_id=plan.pk, period_id=period.pk)
    assert (below.count, below.shown, below.values, below.comments) == (2, False, [], [])

    _give(peers[2].user, plan, period, {"harmonis": "below"}, "Aktif berbagi ilmu")
    next_day()
    summary = peer_summary_get(plan_id=plan.pk, period_id=period.pk)
    assert summary.shown and summary.count == 3
    by_value = {v.value: v for v in summary.values}
    harmonis = by_value["harmonis"]
    assert harmonis.shown and (harmonis.above, harmonis.meets, harmonis.below) == (2, 0, 1)
    # Rated by one person (loyal) or nobody (kompeten): no counts that would point at a few.
    assert not by_value["loyal"].shown and not by_value["kompeten"].shown
    # Sorted by text, not by arrival: the order says nothing about who wrote what.
    assert summary.comments == ["Aktif berbagi ilmu", "Zebra cross"]


def test_the_summary_counts_only_answers_given_before_today(cast, next_day, settings):
    """An answer counts from the next day: the page never changes right after one answer."""
    settings.PEER_INPUT_MIN_RESPONSES = 1
    period = current_quarter(cast.year)
    peers = peers_of_pegawai(cast, 2)
    plan = cast.pegawai_plan
    _give(peers[0].user, plan, period, {"loyal": "above"}, "Hari pertama")
    today = peer_summary_get(plan_id=plan.pk, period_id=period.pk)
    assert (today.count, today.shown, today.comments) == (0, False, [])
    next_day()
    _give(peers[1].user, plan, period, {"loyal": "below"}, "Hari kedua")
    summary = peer_summary_get(plan_id=plan.pk, period_id=period.pk)
    assert (summary.count, summary.comments) == (1, ["Hari pertama"])
    loyal = next(v for v in summary.values if v.value == "loyal")
    assert (loyal.above, loyal.below) == (1, 0)


def test_the_threshold_is_a_setting(cast, settings, next_day):
    settings.PEER_INPUT_MIN_RESPONSES = 1
    period = current_quarter(cast.year)
    _give(cast.pegawai.user, cast.penilai_plan, period)
    next_day()
    assert peer_summary_get(plan_id=cast.penilai_plan.pk, period_id=period.pk).shown


def test_the_list_names_the_colleagues_of_the_current_period(cast):
    peer = peers_of_pegawai(cast, 1)[0]
    period = current_quarter(cast.year)
    targets = peer_target_list(user=peer.user)
    current = [t for t in targets if t.period == period]
    # A peer of the pegawai, and a subordinate of their common penilai.
    assert [(t.plan.employee, t.relation, t.answered) for t in current] == [
        (cast.pegawai, "peer", False),
        (cast.penilai, "subordinate", False),
    ]
    _give(peer.user, cast.pegawai_plan, period)
    again = [t for t in peer_target_list(user=peer.user) if t.period == period]
    assert again[0].answered
    assert peer_target_list(user=cast.hr_admin) == []
    assert not [t for t in peer_target_list(user=cast.outsider.user)]


def test_the_list_asks_once_whatever_the_number_of_colleagues(cast, django_assert_max_num_queries):
    peers = peers_of_pegawai(cast, 12)
    period = current_quarter(cast.year)
    for peer in peers[1:4]:
        _give(peers[0].user, peer.plans.get(), period, {"loyal": "meets"}, "")
    # About a dozen (more while the annual period is open too); one per colleague would be 24+.
    with django_assert_max_num_queries(16):
        targets = [t for t in peer_target_list(user=peers[0].user) if t.period == period]
    # The pegawai, the penilai (their common superior) and the eleven other peers.
    assert len(targets) == 13
    answered = {t.plan.employee for t in targets if t.answered}
    assert answered == set(peers[1:4])


def test_the_penilai_sees_the_summary_on_the_evaluate_page_only_from_the_threshold(
    cast, client, next_day
):
    period = current_quarter(cast.year)
    peers = peers_of_pegawai(cast, 3)
    url = reverse("evaluations:evaluate", args=[cast.pegawai_plan.pk, period.pk])
    client.force_login(cast.penilai.user)
    for peer in peers[:2]:
        _give(peer.user, cast.pegawai_plan, period, {"loyal": "above"}, f"Catatan {peer.name}")
    next_day()
    page = client.get(url).content.decode()
    assert 'data-testid="peer-below-threshold"' in page and "Catatan" not in page
    _give(peers[2].user, cast.pegawai_plan, period, {"loyal": "below"}, "Catatan ketiga")
    page = client.get(url).content.decode()
    assert "Catatan ketiga" not in page and "sampai kemarin" in page  # counted from tomorrow
    next_day()
    page = client.get(url).content.decode()
    assert 'data-testid="peer-comments"' in page and "Catatan ketiga" in page
    # Loyal was rated by all three: counts; the other values by nobody: the stand-in.
    assert page.count('data-testid="peer-value-hidden"') == 6
