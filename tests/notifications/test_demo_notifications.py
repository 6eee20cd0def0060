"""The demo's notifications: the featured team's feedback reaches the other side, once."""

from __future__ import annotations

from kinerja.core import clock
from kinerja.demo import feedback as demo_feedback
from kinerja.demo import notifications as demo_notifications
from kinerja.feedback.models import FeedbackMessage
from kinerja.notifications.models import Kind, Notification
from tests.feedback.feedback_support import coverage_behind


def _feedback_of(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind=Kind.FEEDBACK_RECEIVED)
        .order_by("key")
        .values_list("key", flat=True)
    )


def test_the_demo_feedback_becomes_notifications_once(cast):
    coverage_behind(cast)
    team_of = cast.pegawai_plan.position.parent
    demo_feedback.load(years=[cast.year], today=clock.today(), team_of=team_of)

    demo_notifications.load()
    again = demo_notifications.load()

    pegawai = _feedback_of(cast.pegawai.user)
    # Two messages of the penilai, the check-in, and the follow-up plans the penilai
    # agreed (two added, one of them closed).
    assert len([k for k in pegawai if k.startswith("feedback-message:")]) == 2
    assert len([k for k in pegawai if k.startswith("check-in:")]) == 1
    assert len([k for k in pegawai if k.startswith("follow-up:")]) == 2
    assert len([k for k in pegawai if k.startswith("follow-up-closed:")]) == 1
    # The pegawai's reply goes to the penilai.
    reply = FeedbackMessage.objects.get(author_role="pegawai")
    assert _feedback_of(cast.penilai.user) == [f"feedback-message:{reply.pk}"]
    assert again.created == 0
