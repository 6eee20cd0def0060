"""The demo's objections: written through the services, in the featured penilai's team."""

from __future__ import annotations

from kinerja.core import clock
from kinerja.demo import objections as demo_objections
from kinerja.evaluations.models import Evaluation, EvaluationRevision, Objection
from tests.evaluations.objection_support import final_evaluation


def test_the_team_gets_a_decided_objection_once(cast):
    evaluation = final_evaluation(cast)
    final_evaluation(cast, number=2)
    team_of = cast.pegawai_plan.position.parent

    assert demo_objections.load(today=clock.today(), team_of=team_of) == {"keberatan": 1}

    # One person in the cast's team: the first state, decided with a changed result.
    objection = Objection.objects.get()
    assert objection.evaluation.period_id == cast.year.periods.get(kind="quarter", number=2).pk
    assert objection.status == "decided" and objection.decision == "changed"
    assert objection.decided_by == cast.atasan.user
    assert EvaluationRevision.objects.filter(cause="objection").count() == 1
    assert Evaluation.objects.get(pk=evaluation.pk).revision == 1
    assert demo_objections.load(today=clock.today(), team_of=team_of) == {"keberatan": 0}
    assert Objection.objects.count() == 1


def test_without_a_featured_penilai_nothing_is_written(cast):
    assert demo_objections.load(today=clock.today(), team_of=None) == {"keberatan": 0}
    assert not Objection.objects.exists()
