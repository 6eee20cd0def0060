"""The SKP deadline, the list of SKPs that are late, and the reminders to their owners.

Every SKP must be approved by the year's deadline (end of January unless HR
sets another date on the AppraisalYear). The late list is one query over the
instansi (a province has 100,000 employees), never a loop in Python; the
reminders are written in batches and the mail goes out after each batch commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core import clock
from kinerja.cycles.models import AppraisalYear
from kinerja.organisation.models import Assignment, Employee
from kinerja.plans.cascade import penilai_holders
from kinerja.plans.models import PerformancePlan, PlanReminder

log = logging.getLogger(__name__)

NOT_APPROVED = [
    PerformancePlan.Status.DRAFT,
    PerformancePlan.Status.SUBMITTED,
    PerformancePlan.Status.RETURNED,
]
BATCH = 500


def plan_deadline(year: AppraisalYear) -> dt.date:
    """The day by which every SKP of `year` must be approved."""
    return year.plan_deadline_effective


def late_plans(
    year: AppraisalYear, *, on: dt.date, units: Iterable[int] | RawSQL | None = None
) -> QuerySet[Employee]:
    """Everyone assigned on `on` in the year's instansi whose SKP is missing or not approved.

    One query, whatever the size of the instansi: the assignment, the latest
    SKP of the year and the last reminder are correlated subqueries, annotated
    as position_id, position_name, unit_name, plan_id, plan_status and
    last_reminder. `units` (ids or a subquery) keeps those assigned there.
    Before the deadline the same list reads "not approved yet".
    """
    active = Assignment.objects.filter(Assignment.active_on(on), employee=OuterRef("pk"))
    if units is not None:
        active = active.filter(position__unit_id__in=units)
    # A definitive assignment wins over an acting one, as in reporting_line.
    first = active.order_by("-kind", "-start")
    latest = PerformancePlan.objects.filter(year=year, employee=OuterRef("pk")).order_by(
        "-start", "-pk"
    )
    reminders = PlanReminder.objects.filter(year=year, employee=OuterRef("pk")).order_by("-sent_at")
    plans = PerformancePlan.objects.filter(year=year, employee=OuterRef("pk"))
    return (
        Employee.objects.filter(instansi_id=year.instansi_id)
        .filter(Exists(active))
        # A cheap necessary condition first, on the (year, employee) index: whoever has
        # an approved SKP and no other stays out before the subqueries below run.
        .filter(
            ~Exists(plans.filter(status=PerformancePlan.Status.APPROVED))
            | Exists(plans.filter(status__in=NOT_APPROVED))
        )
        .annotate(
            position_id=Subquery(first.values("position_id")[:1]),
            position_name=Subquery(first.values("position__name")[:1]),
            unit_name=Subquery(first.values("position__unit__name")[:1]),
            plan_id=Subquery(latest.values("pk")[:1]),
            plan_status=Subquery(latest.values("status")[:1]),
            last_reminder=Subquery(reminders.values("sent_at")[:1]),
        )
        .filter(Q(plan_status__isnull=True) | Q(plan_status__in=NOT_APPROVED))
        .order_by("unit_name", "name", "pk")
    )


def penilai_of_rows(rows: Sequence[Employee], *, on: dt.date) -> dict[int, Employee | None]:
    """The penilai of each row of a late-list page, in two queries for the whole page."""
    holders: dict[int, set[int]] = {}
    positions = {row.pk: row.position_id for row in rows}  # type: ignore[attr-defined]
    superiors = penilai_holders(holders, positions.values(), on=on)
    wanted = {e for ids in superiors.values() for e in ids}
    people = Employee.objects.in_bulk(wanted) if wanted else {}
    answer: dict[int, Employee | None] = {}
    for employee_id, position_id in positions.items():
        candidates = sorted(
            (people[e] for e in superiors.get(position_id, ()) if e != employee_id),
            key=lambda e: e.name,
        )
        answer[employee_id] = candidates[0] if candidates else None
    return answer


@dataclass(frozen=True)
class RemindersSent:
    """How many employees were reminded, and how many of them had an e-mail address."""

    reminded: int
    emailed: int


def _message(year: AppraisalYear, name: str, email: str, status: str | None) -> mail.EmailMessage:
    deadline = plan_deadline(year)
    state = PerformancePlan.Status(status).label if status else _("belum dibuat")
    if clock.today() > deadline:
        when = _("Batas penetapan SKP, %(date)s, telah lewat.")
    else:
        when = _("Batas penetapan SKP adalah %(date)s.")
    body = "\n\n".join(
        [
            _("Yth. %(name)s,") % {"name": name},
            _("SKP Anda untuk tahun %(year)s belum disetujui (status: %(state)s).")
            % {"year": year.year, "state": state},
            when % {"date": date_format(deadline, "j F Y")},
            _(
                "Silakan buka menu SKP Saya di Kinerja untuk menyusun atau mengajukan SKP, "
                "atau hubungi penilai Anda bila SKP sudah diajukan."
            ),
            _("Pesan ini dikirim otomatis oleh Kinerja."),
        ]
    )
    subject = _("Pengingat: SKP %(year)s Anda belum disetujui") % {"year": year.year}
    return mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def _send_after_commit(messages: list[mail.EmailMessage]) -> None:
    def send() -> None:
        try:
            mail.get_connection().send_messages(messages)
        except Exception:
            # The reminders are recorded; a mail server that is down must not undo them.
            log.exception("sending %d SKP reminders failed", len(messages))

    transaction.on_commit(send)


def plan_reminders_send(
    *, year: AppraisalYear, actor: User | None, employee_ids: Iterable[int] | None = None
) -> RemindersSent:
    """Remind everyone whose SKP of `year` is late (or only `employee_ids` among them).

    Each reminder is a PlanReminder row (who, when, by whom, to which address)
    and an e-mail to the employee's account, sent after the row commits.
    Nobody is reminded twice on the same day: the day is the one on which the
    reminder rows are stamped (the deployment's time zone).
    """
    today = timezone.localdate()
    late = late_plans(year, on=clock.today())
    if employee_ids is not None:
        late = late.filter(pk__in=list(employee_ids))
    reminded_today = PlanReminder.objects.filter(
        year=year, employee=OuterRef("pk"), sent_at__date=today
    )
    ids = list(late.exclude(Exists(reminded_today)).values_list("pk", flat=True))
    reminded = emailed = 0
    with translation.override(settings.LANGUAGE_CODE):
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            rows = list(
                late_plans(year, on=clock.today())
                .filter(pk__in=batch)
                .values_list("pk", "name", "user__email", "plan_status")  # type: ignore[misc]
            )
            with transaction.atomic():
                PlanReminder.objects.bulk_create(
                    PlanReminder(year=year, employee_id=pk, sent_by=actor, email=email or "")
                    for pk, _name, email, _status in rows
                )
                messages = [
                    _message(year, name, email, status)
                    for _pk, name, email, status in rows
                    if email
                ]
                _send_after_commit(messages)
            reminded += len(rows)
            emailed += len(messages)
    return RemindersSent(reminded=reminded, emailed=emailed)
