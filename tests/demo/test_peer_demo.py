"""The demo's peer input and acknowledgements, written through the services."""

from __future__ import annotations

from kinerja.core import clock
from kinerja.demo import peer as demo_peer
from kinerja.evaluations.models import Evaluation, PeerInput
from kinerja.evaluations.peer import peer_summary_get
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.scoring import Rating
from tests.evaluations.peer_support import peers_of_pegawai
from tests.support import behaviour, current_quarter, quarter


def test_one_of_the_team_gets_enough_answers_another_fewer_earlier_results_acknowledged(cast):
    peers_of_pegawai(cast, 3)
    period = current_quarter(cast.year)
    finals = []
    for number in [n for n in (1, 2, 3, 4) if quarter(cast.year, n) != period][:2]:
        evaluation = evaluation_open(
            plan=cast.pegawai_plan, period=quarter(cast.year, number), user=cast.penilai.user
        )
        finals.append(
            evaluation_finalise(
                evaluation=evaluation,
                user=cast.penilai.user,
                result_rating=Rating("meets"),
                reason="",
                behaviour=behaviour("meets"),
            )
        )
    team_of = cast.pegawai_plan.position.parent

    counts = demo_peer.load(years=[cast.year], today=clock.today(), team_of=team_of)

    assert counts == {"masukan rekan": 4, "tanda terima": 1}
    assert peer_summary_get(plan_id=cast.pegawai_plan.pk, period_id=period.pk).shown
    second = PeerInput.objects.exclude(plan=cast.pegawai_plan)
    assert second.count() == 1
    acknowledged = Evaluation.objects.filter(acknowledged_at__isnull=False)
    assert list(acknowledged) == [min(finals, key=lambda e: e.period.end)]
    # Loading again adds nothing.
    assert demo_peer.load(years=[cast.year], today=clock.today(), team_of=team_of) == {
        "masukan rekan": 0,
        "tanda terima": 0,
    }


def test_without_a_featured_penilai_nothing_is_written(cast):
    assert demo_peer.load(years=[cast.year], today=clock.today(), team_of=None) == {
        "masukan rekan": 0,
        "tanda terima": 0,
    }
