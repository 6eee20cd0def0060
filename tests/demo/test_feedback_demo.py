"""The demo's feedback: written through the services for the featured penilai's team."""

from __future__ import annotations

from kinerja.core import clock
from kinerja.demo import feedback as demo_feedback
from kinerja.feedback.models import CheckIn, FeedbackMessage, FollowUpPlan
from kinerja.feedback.selectors import plan_feedback
from tests.feedback.feedback_support import coverage_behind


def test_the_team_gets_threads_a_check_in_and_follow_ups_once(cast):
    coverage_behind(cast)
    team_of = cast.pegawai_plan.position.parent
    counts = demo_feedback.load(years=[cast.year], today=clock.today(), team_of=team_of)
    assert counts == {"umpan balik": 5}
    roles = list(FeedbackMessage.objects.values_list("author_role", flat=True))
    assert roles == ["penilai", "pegawai", "penilai"]
    assert CheckIn.objects.get().recorded_by == cast.penilai
    page = plan_feedback(cast.pegawai_plan)
    assert page.indicators[0].indicator.pk == cast.coverage.pk
    assert page.open_count == 1 and page.overdue_count == 1
    assert FollowUpPlan.objects.filter(status="done").count() == 1
    # Loading again adds nothing.
    demo_feedback.load(years=[cast.year], today=clock.today(), team_of=team_of)
    assert FeedbackMessage.objects.count() == 3


def test_without_a_featured_penilai_nothing_is_written(cast):
    assert demo_feedback.load(years=[cast.year], today=clock.today(), team_of=None) == {
        "umpan balik": 0
    }
    assert not FeedbackMessage.objects.exists()
