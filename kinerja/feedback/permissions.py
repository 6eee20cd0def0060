"""Who may read and write the feedback of an SKP.

Built on plans.permissions (the owner and the derived penilai) and
organisation.access (who may see the SKP at all), so there is one answer to
"who is the penilai". Everyone who may see the SKP reads its feedback (the
pegawai, the reporting line above, HR admins and auditors of the instansi);
writing is for the people in the conversation:

- a message in a thread: the pegawai, the penilai and the atasan penilai;
- a check-in: the penilai records it;
- a follow-up plan: the penilai or the pegawai agrees it, and either closes it.

HR admins and auditors read only: feedback is a conversation of the reporting
line, and nobody else may put words in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.organisation.access import Viewer, today
from kinerja.organisation.models import Employee
from kinerja.organisation.selectors import reporting_line
from kinerja.plans.models import PerformancePlan
from kinerja.plans.permissions import is_owner, penilai_of, plan_get_visible

__all__ = ["FeedbackRights", "feedback_rights", "plan_get_visible"]


@dataclass(frozen=True)
class FeedbackRights:
    """What one viewer may do on one SKP's feedback page, decided once per request."""

    role: str  # "pegawai" | "penilai" | "atasan" | "" (a reader)
    employee: Employee | None
    penilai: Employee | None

    @property
    def may_write(self) -> bool:
        return bool(self.role)

    @property
    def may_check_in(self) -> bool:
        return self.role == "penilai"

    @property
    def may_follow_up(self) -> bool:
        """Add and close follow-up plans: the two people who agree them."""
        return self.role in ("pegawai", "penilai")


def atasan_of(plan: PerformancePlan) -> Employee | None:
    """The atasan penilai on the day plans.permissions.penilai_of reads the penilai."""
    day = min(max(today(), plan.start), plan.end)
    return reporting_line(plan.employee, on=day).atasan


def feedback_rights(viewer: Viewer, plan: PerformancePlan) -> FeedbackRights:
    """The viewer's part in the SKP's conversation; call only for a visible SKP."""
    penilai = penilai_of(plan)
    me = viewer.employee
    if is_owner(viewer, plan):
        role = "pegawai"
    elif me is not None and penilai is not None and penilai.pk == me.pk:
        role = "penilai"
    elif me is not None and (atasan := atasan_of(plan)) is not None and atasan.pk == me.pk:
        role = "atasan"
    else:
        role = ""
    return FeedbackRights(role=role, employee=me if role else None, penilai=penilai)
