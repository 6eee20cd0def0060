"""Helpers of the feedback tests: the rights of a cast member, an IKI behind target."""

from __future__ import annotations

from kinerja.feedback.permissions import FeedbackRights, feedback_rights
from kinerja.organisation.access import viewer_for
from kinerja.plans.models import PerformancePlan, PlanIndicator
from tests.conftest import Cast
from tests.support import record


def rights(cast: Cast, role: str, plan: PerformancePlan | None = None) -> FeedbackRights:
    """What `role` of the cast may do on the pegawai's SKP (or on `plan`)."""
    user = cast.user(role)
    assert user is not None
    return feedback_rights(viewer_for(user), plan or cast.pegawai_plan)


def coverage_behind(cast: Cast) -> PlanIndicator:
    """January's APS recorded at 80 of 100 against a target of 95: capaian 84.2 %."""
    record(cast.coverage, 1, numerator="80", denominator="100")
    return PlanIndicator.objects.get(pk=cast.coverage.pk)


def coverage_on_target(cast: Cast) -> PlanIndicator:
    """January's APS at 99 of 100 against 95: above target."""
    record(cast.coverage, 1, numerator="99", denominator="100")
    return PlanIndicator.objects.get(pk=cast.coverage.pk)
