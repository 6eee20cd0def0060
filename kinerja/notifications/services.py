"""Writes of the notifications app: create, mark read, preferences, collect, daily digest.

The apps below never import this one. Their notifications are collected from
the records they already keep (PlanEvent, pending Measurement, and feedback's
messages, check-ins and follow-up plans) by `notifications_collect`, run every
few minutes; the apps above (evaluations
and later) may call `notification_create` themselves. Everything here is
idempotent: collecting or sending the digest twice creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.accounts.models import User
from kinerja.core import clock
from kinerja.feedback.models import CheckIn, FeedbackMessage, FollowUpPlan
from kinerja.measurements.models import Measurement, MeasurementStatus
from kinerja.notifications.models import (
    CollectCursor,
    Kind,
    Notification,
    NotificationDigest,
    NotificationPreference,
)
from kinerja.organisation.models import Assignment, Employee
from kinerja.plans.deadline import penilai_of_rows
from kinerja.plans.models import CoreValue, PerformancePlan, PlanEvent
from kinerja.plans.permissions import penilai_of

log = logging.getLogger(__name__)

PLAN_EVENTS = "plan_events"
FEEDBACK_MESSAGES = "feedback_messages"
CHECK_INS = "check_ins"
FOLLOW_UPS_ADDED = "follow_ups_added"
FOLLOW_UPS_CLOSED = "follow_ups_closed"
# On its very first run the collector starts a week back, not at the first event
# ever recorded: a running deployment must not greet everyone with years of history.
FIRST_RUN = dt.timedelta(days=7)
# Events are re-read this far back as well as past the cursor: an event whose
# transaction committed after a later one (ids are handed out before commit) would
# otherwise be skipped for good. The source key keeps the re-read from duplicating.
RESCAN = dt.timedelta(minutes=15)
DIGEST_ITEMS = 30
NOTE_IN_TEXT = 200

Status = PerformancePlan.Status
# Each SKP step that someone must hear about, its kind, and the SKP status that
# must still hold when it is collected: a step already overtaken (a submission
# the penilai has decided meanwhile) is no longer news.
PLAN_STEPS: dict[str, tuple[Kind, str]] = {
    PlanEvent.Action.SUBMITTED: (Kind.SKP_SUBMITTED, Status.SUBMITTED),
    PlanEvent.Action.RETURNED: (Kind.SKP_RETURNED, Status.RETURNED),
    PlanEvent.Action.APPROVED: (Kind.SKP_APPROVED, Status.APPROVED),
    PlanEvent.Action.REOPENED: (Kind.SKP_REOPENED, Status.DRAFT),
}


class NotificationError(ValidationError):
    """Input a person can correct; the message is for them."""


def _muted(user_ids: Iterable[int]) -> dict[int, set[str]]:
    rows = NotificationPreference.objects.filter(user_id__in=set(user_ids)).values_list(
        "user_id", "muted_kinds"
    )
    return {user_id: set(kinds or ()) for user_id, kinds in rows}


def notification_create(
    *, recipient: User, kind: str, text: str, link: str = "", key: str = ""
) -> Notification | None:
    """One notification for `recipient`, unless they muted its kind or `key` was seen before.

    For the apps above this one, whose events have no record to collect from.
    Returns None when nothing was created.
    """
    kind = Kind(kind)
    if kind in _muted([recipient.pk]).get(recipient.pk, set()):
        return None
    if key and Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipient=recipient, kind=kind, text=text[:500], link=link, key=key
            )
    except IntegrityError:  # the same key, created a moment ago by a concurrent call
        return None


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read; another's raises DoesNotExist."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preference_save(
    *, user: User, email_daily: bool, muted_kinds: Iterable[str]
) -> NotificationPreference:
    """Store the user's choices: the daily e-mail on or off, and the kinds they do not want."""
    kinds = sorted(set(muted_kinds))
    unknown = [k for k in kinds if k not in Kind.values]
    if unknown:
        raise NotificationError(
            _("Jenis notifikasi tidak dikenal: %(kinds)s.") % {"kinds": ", ".join(unknown)}
        )
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_daily": email_daily, "muted_kinds": kinds}
    )
    return preference


@dataclass(frozen=True)
class Collected:
    """What one run of the collector did."""

    created: int
    updated: int
    removed: int


def notifications_collect(*, now: dt.datetime | None = None) -> Collected:
    """Turn new SKP steps, feedback and waiting realisasi into notifications; safe at any time.

    SKP submitted → the penilai; returned, approved, reopened → the pegawai (never
    the person who acted). Feedback (a message, a check-in, a follow-up plan added
    or closed) → the other side of the SKP's conversation, see _collect_feedback.
    Pending realisasi → one item per penilai, "N realisasi menunggu verifikasi",
    kept current while unread and removed once nothing waits. Texts are written in
    the product's default language, as the e-mails are.
    """
    now = now or timezone.now()
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        # The cursor row is locked first, so two collectors running at once take turns.
        cursor = _cursor(PLAN_EVENTS, PlanEvent.objects.filter(at__lt=now - FIRST_RUN), now)
        created = _collect_plan_events(cursor, now)
        created += _collect_feedback(now)
        pending = _collect_pending_realisasi(now)
    return Collected(created + pending.created, pending.updated, pending.removed)


def _cursor(name: str, older: QuerySet[Any], now: dt.datetime) -> CollectCursor:
    """The named cursor, locked; created on the first run a week back (`older` is what
    lies before that), so a running deployment does not greet everyone with history."""
    cursor = CollectCursor.objects.select_for_update().filter(name=name).first()
    if cursor is None:
        start = older.aggregate(top=Max("pk"))["top"] or 0
        cursor = CollectCursor.objects.create(name=name, last_id=start, read_until=now - FIRST_RUN)
    return cursor


def _past_cursor(
    rows: QuerySet[Any], cursor: CollectCursor, at_field: str, now: dt.datetime
) -> list[Any]:
    """The rows past the cursor and those of the re-read window; moves the cursor on.

    Ids are handed out before commit, so a row committed after a later one would be
    skipped for good without the window; the source key keeps it from duplicating.
    """
    found = list(
        rows.filter(Q(pk__gt=cursor.last_id) | Q(**{f"{at_field}__gte": now - RESCAN})).order_by(
            "pk"
        )
    )
    top = max((row.pk for row in found), default=0)
    if top > cursor.last_id:
        cursor.last_id = top
        cursor.save(update_fields=["last_id", "updated"])
    return found


def _create_new(wanted: list[Notification]) -> int:
    """Create the wanted items whose recipient has not muted the kind nor had them before."""
    muted = _muted(n.recipient_id for n in wanted)
    wanted = [n for n in wanted if n.kind not in muted.get(n.recipient_id, set())]
    if not wanted:
        return 0
    seen = set(
        Notification.objects.filter(key__in={n.key for n in wanted}).values_list(
            "recipient_id", "key"
        )
    )
    fresh: dict[tuple[int, str], Notification] = {}
    for n in wanted:
        fresh.setdefault((n.recipient_id, n.key), n)
    new = [n for pair, n in fresh.items() if pair not in seen]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _plan_text(event: PlanEvent) -> str:
    plan = event.plan
    year = plan.year.year
    note = event.note[:NOTE_IN_TEXT]
    if event.action == PlanEvent.Action.SUBMITTED:
        return _("%(name)s mengajukan SKP %(year)s untuk Anda setujui.") % {
            "name": plan.employee.name,
            "year": year,
        }
    if event.action == PlanEvent.Action.RETURNED:
        return _("SKP %(year)s Anda dikembalikan penilai: %(note)s") % {"year": year, "note": note}
    if event.action == PlanEvent.Action.APPROVED:
        return _("SKP %(year)s Anda telah disetujui.") % {"year": year}
    return _("SKP %(year)s Anda dibuka kembali: %(note)s") % {"year": year, "note": note}


def _collect_plan_events(cursor: CollectCursor, now: dt.datetime) -> int:
    # The cursor may stay behind steps nobody hears about (edits); that is harmless.
    events = _past_cursor(
        PlanEvent.objects.filter(action__in=list(PLAN_STEPS)).select_related(
            "plan__year", "plan__employee"
        ),
        cursor,
        "at",
        now,
    )
    current = [
        e for e in events if not e.plan.closed_reason and e.plan.status == PLAN_STEPS[e.action][1]
    ]
    # The decider is the penilai of the SKP's own time (plans.permissions.penilai_of), not
    # today's: a continuation submitted before a transfer goes to the new superior.
    deciders = {
        e.plan_id: penilai_of(e.plan) for e in current if e.action == PlanEvent.Action.SUBMITTED
    }
    wanted: list[Notification] = []
    for event in current:
        kind = PLAN_STEPS[event.action][0]
        if event.action == PlanEvent.Action.SUBMITTED:
            decider = deciders.get(event.plan_id)
            recipient_id = decider.user_id if decider else None
            link = reverse("plans:inbox")
        else:
            recipient_id = event.plan.employee.user_id
            link = reverse("plans:detail", args=[event.plan_id])
        if recipient_id is None or recipient_id == event.actor_id:
            continue
        wanted.append(
            Notification(
                recipient_id=recipient_id,
                kind=kind,
                text=_plan_text(event)[:500],
                link=link,
                key=f"plan-event:{event.pk}",
                created=event.at,
            )
        )
    return _create_new(wanted)


# --- who is the penilai, for many at once ---------------------------------------------


def _penilai_on(employee_ids: set[int], *, on: dt.date) -> dict[int, Employee | None]:
    """The penilai on `on` of each of `employee_ids`, in three queries however many.

    plans.deadline.penilai_of_rows walks up only from these employees' positions;
    plans.workflow.penilai_by_employee would read every position and assignment of
    their instansi, which is the whole province when two SKPs have news.
    """
    if not employee_ids:
        return {}
    # The employee's own post on `on`, a definitive one before an acting one, as
    # organisation.selectors.assignment_current chooses it.
    own = Assignment.objects.filter(Assignment.active_on(on), employee=OuterRef("pk")).order_by(
        "-kind", "-start"
    )
    rows = [
        row
        for row in Employee.objects.filter(pk__in=employee_ids).annotate(
            position_id=Subquery(own.values("position_id")[:1])
        )
        if getattr(row, "position_id", None) is not None
    ]
    found = penilai_of_rows(rows, on=on) if rows else {}
    return {pk: found.get(pk) for pk in employee_ids}


def _penilai_day(plan: PerformancePlan) -> dt.date:
    # The day plans.permissions.penilai_of reads the penilai on: today, or the SKP's
    # nearest day, so a closed SKP keeps the penilai of its time.
    return min(max(clock.today(), plan.start), plan.end)


def _penilai_of_plans(plans: Iterable[PerformancePlan]) -> dict[int, Employee | None]:
    """plans.permissions.penilai_of for many SKPs, a few queries per distinct day."""
    by_day: dict[dt.date, dict[int, PerformancePlan]] = {}
    for plan in plans:
        by_day.setdefault(_penilai_day(plan), {})[plan.pk] = plan
    answer: dict[int, Employee | None] = {}
    for day, of_day in by_day.items():
        penilai = _penilai_on({p.employee_id for p in of_day.values()}, on=day)
        answer.update({pk: penilai.get(p.employee_id) for pk, p in of_day.items()})
    return answer


# --- feedback -----------------------------------------------------------------------


def _short(text: str, limit: int = NOTE_IN_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _skp(plan: PerformancePlan, recipient: Employee) -> str:
    """The SKP as its reader calls it: "SKP 2026 Anda" to its owner, else with the name."""
    if recipient.pk == plan.employee_id:
        return _("SKP %(year)s Anda") % {"year": plan.year.year}
    return _("SKP %(year)s %(name)s") % {"year": plan.year.year, "name": plan.employee.name}


def _feedback_link(plan_id: int, anchor: str) -> str:
    return f"{reverse('feedback:plan', args=[plan_id])}#{anchor}"


def _message_item(message: FeedbackMessage, recipient: Employee, user_id: int) -> Notification:
    if message.result is not None:
        topic = _("RHK “%(rhk)s”") % {"rhk": _short(message.result.text, 80)}
        anchor = f"rhk-{message.result_id}"
    else:
        topic = _("nilai %(value)s") % {"value": CoreValue(message.value).label}
        anchor = f"value-{message.value}"
    text = _("%(name)s menulis umpan balik tentang %(topic)s (%(skp)s): %(text)s") % {
        "name": message.author.name,
        "topic": topic,
        "skp": _skp(message.plan, recipient),
        "text": _short(message.text),
    }
    return Notification(
        recipient_id=user_id,
        kind=Kind.FEEDBACK_RECEIVED,
        text=text[:500],
        link=_feedback_link(message.plan_id, anchor),
        key=f"feedback-message:{message.pk}",
        created=message.at,
    )


def _check_in_item(check_in: CheckIn, recipient: Employee, user_id: int) -> Notification:
    text = _("%(name)s mencatat check-in tanggal %(date)s (%(skp)s).") % {
        "name": check_in.recorded_by.name,
        "date": date_format(check_in.held_on, "j F Y"),
        "skp": _skp(check_in.plan, recipient),
    }
    return Notification(
        recipient_id=user_id,
        kind=Kind.FEEDBACK_RECEIVED,
        text=text[:500],
        link=_feedback_link(check_in.plan_id, "check-ins"),
        key=f"check-in:{check_in.pk}",
        created=check_in.recorded_at,
    )


def _follow_up_item(
    follow_up: FollowUpPlan, recipient: Employee, user_id: int, *, closed: bool
) -> Notification:
    values = {
        "iki": _short(follow_up.indicator.name, 80),
        "skp": _skp(follow_up.plan, recipient),
        "due": date_format(follow_up.due, "j F Y"),
    }
    if closed:
        assert follow_up.closed_by is not None and follow_up.closed_at is not None
        text = _(
            "%(name)s menandai selesai rencana tindak lanjut IKI “%(iki)s” (%(skp)s): %(note)s"
        ) % {**values, "name": follow_up.closed_by.name, "note": _short(follow_up.closing_note)}
        key, created = f"follow-up-closed:{follow_up.pk}", follow_up.closed_at
    else:
        text = _(
            "%(name)s menambahkan rencana tindak lanjut IKI “%(iki)s” (%(skp)s), "
            "tenggat %(due)s: %(action)s"
        ) % {**values, "name": follow_up.created_by.name, "action": _short(follow_up.action)}
        key, created = f"follow-up:{follow_up.pk}", follow_up.created_at
    return Notification(
        recipient_id=user_id,
        kind=Kind.FEEDBACK_RECEIVED,
        text=text[:500],
        link=_feedback_link(follow_up.plan_id, f"follow-up-{follow_up.pk}"),
        key=key,
        created=created,
    )


def _collect_feedback(now: dt.datetime) -> int:
    """Feedback becomes news for the other side of the SKP's conversation, never the author.

    - A message: from the penilai or the atasan penilai → the pegawai; from the
      pegawai → the penilai.
    - A check-in (recorded by the penilai) → the pegawai.
    - A follow-up plan added or closed → the pegawai and the plan's owner; when the
      pegawai acted, the penilai instead of them.

    The penilai is the one the feedback page names (plans.permissions.penilai_of),
    looked up only where the pegawai acted, for all SKPs at once. Each item links to
    its thread, the check-ins or the follow-up plan on the SKP's feedback page.
    """
    since = now - FIRST_RUN
    messages = _past_cursor(
        FeedbackMessage.objects.select_related("plan__year", "plan__employee", "author", "result"),
        _cursor(FEEDBACK_MESSAGES, FeedbackMessage.objects.filter(at__lt=since), now),
        "at",
        now,
    )
    check_ins = _past_cursor(
        CheckIn.objects.select_related("plan__year", "plan__employee", "recorded_by"),
        _cursor(CHECK_INS, CheckIn.objects.filter(recorded_at__lt=since), now),
        "recorded_at",
        now,
    )
    follow_ups = FollowUpPlan.objects.select_related(
        "plan__year", "plan__employee", "indicator", "owner", "created_by", "closed_by"
    )
    added = _past_cursor(
        follow_ups,
        _cursor(FOLLOW_UPS_ADDED, FollowUpPlan.objects.filter(created_at__lt=since), now),
        "created_at",
        now,
    )
    # Closing changes a row that already exists: followed by the time it was read to.
    cursor = _cursor(FOLLOW_UPS_CLOSED, FollowUpPlan.objects.none(), now)
    closed = list(
        follow_ups.filter(
            status=FollowUpPlan.Status.DONE,
            closed_at__gte=(cursor.read_until or since) - RESCAN,
        ).order_by("pk")
    )
    cursor.read_until = now
    cursor.save(update_fields=["read_until", "updated"])

    def by_pegawai(plan: PerformancePlan, actor_id: int) -> bool:
        return actor_id == plan.employee_id

    asking = [m.plan for m in messages if by_pegawai(m.plan, m.author_id)]
    asking += [f.plan for f in added if by_pegawai(f.plan, f.created_by_id)]
    asking += [f.plan for f in closed if f.closed_by_id and by_pegawai(f.plan, f.closed_by_id)]
    penilai = _penilai_of_plans(asking)

    def told(
        plan: PerformancePlan, actor_id: int, *others: Employee | None
    ) -> list[tuple[Employee, int]]:
        """The pegawai, or their penilai when the pegawai acted, and `others`; not the actor.

        Each with their account; someone without one cannot be told.
        """
        side = penilai.get(plan.pk) if by_pegawai(plan, actor_id) else plan.employee
        people = {e.pk: e for e in (side, *others) if e is not None}
        return [
            (e, e.user_id) for pk, e in people.items() if pk != actor_id and e.user_id is not None
        ]

    wanted = [_message_item(m, *r) for m in messages for r in told(m.plan, m.author_id)]
    wanted += [_check_in_item(c, *r) for c in check_ins for r in told(c.plan, c.recorded_by_id)]
    wanted += [
        _follow_up_item(f, *r, closed=False)
        for f in added
        for r in told(f.plan, f.created_by_id, f.owner)
    ]
    wanted += [
        _follow_up_item(f, *r, closed=True)
        for f in closed
        if f.closed_by_id is not None
        for r in told(f.plan, f.closed_by_id, f.owner)
    ]
    return _create_new(wanted)


# --- realisasi waiting for verification ----------------------------------------------


def _pending_text(count: int) -> str:
    return ngettext(
        "%(count)d realisasi menunggu verifikasi Anda.",
        "%(count)d realisasi menunggu verifikasi Anda.",
        count,
    ) % {"count": count}


def _collect_pending_realisasi(now: dt.datetime) -> Collected:
    per_employee = (
        Measurement.objects.filter(
            superseded_at__isnull=True,
            status=MeasurementStatus.PENDING,
            plan_indicator__result__plan__closed_reason="",
        )
        .values("plan_indicator__result__plan__employee_id")
        .annotate(count=Count("pk"), newest=Max("recorded_at"))
    )
    waiting = {
        row["plan_indicator__result__plan__employee_id"]: (row["count"], row["newest"])
        for row in per_employee
    }
    # The verification inbox lists what waits for today's penilai.
    penilai = _penilai_on(set(waiting), on=clock.today())
    per_user: dict[int, tuple[int, dt.datetime]] = {}
    for employee_id, decider in penilai.items():
        if decider is None or decider.user_id is None:
            continue
        count, newest = waiting[employee_id]
        total, latest = per_user.get(decider.user_id, (0, newest))
        per_user[decider.user_id] = (total + count, max(latest, newest))

    kind = Kind.REALISASI_PENDING
    unread = {
        n.recipient_id: n
        for n in Notification.objects.filter(kind=kind, read_at__isnull=True).order_by("created")
    }
    # What nobody waits for any more is no longer news: the item goes.
    gone = [n.pk for uid, n in unread.items() if uid not in per_user]
    removed = Notification.objects.filter(pk__in=gone).delete()[0] if gone else 0
    last_told = dict(
        Notification.objects.filter(kind=kind, recipient_id__in=list(per_user))
        .values("recipient_id")
        .annotate(last=Max("created"))
        .values_list("recipient_id", "last")
    )
    muted = _muted(per_user)
    link = reverse("measurements:verify_inbox")
    created = updated = 0
    for user_id, (count, newest) in per_user.items():
        if kind in muted.get(user_id, set()):
            continue
        text = _pending_text(count)
        existing = unread.get(user_id)
        if existing is not None:
            if existing.text != text:
                existing.text = text
                # More arrived: the item moves up the list and into the next digest.
                if newest > existing.created:
                    existing.created = now
                existing.save(update_fields=["text", "created"])
                updated += 1
            continue
        # Read and still waiting: a new item only when something arrived since.
        told = last_told.get(user_id)
        if told is None or newest > told:
            Notification.objects.create(
                recipient_id=user_id, kind=kind, text=text, link=link, created=now
            )
            created += 1
    return Collected(created, updated, removed)


@dataclass(frozen=True)
class DigestsSent:
    """How many people were sent their daily digest."""

    sent: int


def _absolute(link: str) -> str:
    """The link as an e-mail needs it: on the deployment's address when SITE_URL says it."""
    return f"{settings.SITE_URL}{link}" if settings.SITE_URL else link


def _digest_section(kind: Kind, count: int, items: list[Notification]) -> str:
    """One kind's part of the digest: its name and count, then its latest items with links."""
    lines = [f"{kind.label} ({count})"]
    for n in items:
        lines.append(f"- {date_format(timezone.localtime(n.created), 'j F Y H:i')} · {n.text}")
        if n.link:
            lines.append(f"  {_absolute(n.link)}")
    if count > len(items):
        lines.append("- " + _("…dan %(more)d lainnya.") % {"more": count - len(items)})
    return "\n".join(lines)


def _digest_message(
    user: User, items: list[Notification], per_kind: dict[str, int]
) -> mail.EmailMessage:
    name = user.get_full_name() or user.username
    total = sum(per_kind.values())
    # Grouped by kind in the order of models.Kind (SKP, realisasi, feedback, evaluation),
    # so a long digest reads as a few lists of one thing each.
    sections = [
        _digest_section(kind, per_kind[kind], [n for n in items if n.kind == kind])
        for kind in Kind
        if per_kind.get(kind)
    ]
    body = "\n\n".join(
        [
            _("Yth. %(name)s,") % {"name": name},
            ngettext(
                "Ada %(count)d notifikasi baru di Kinerja yang belum Anda baca:",
                "Ada %(count)d notifikasi baru di Kinerja yang belum Anda baca:",
                total,
            )
            % {"count": total},
            *sections,
            _(
                "Buka menu Notifikasi di Kinerja untuk melihat dan menindaklanjutinya. "
                "Ringkasan ini dikirim paling banyak sekali sehari; Anda dapat mematikannya "
                "atau membisukan jenis tertentu di Notifikasi › Pengaturan."
            ),
            _("Pesan ini dikirim otomatis oleh Kinerja."),
        ]
    )
    subject = ngettext(
        "Kinerja: %(count)d notifikasi baru",
        "Kinerja: %(count)d notifikasi baru",
        total,
    ) % {"count": total}
    return mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def _send_after_commit(message: mail.EmailMessage) -> None:
    def send() -> None:
        try:
            message.send()
        except Exception:
            # The digest row stands: a mail server that is down must not lead to a
            # second digest the same day once it is back.
            log.exception("sending the notification digest to %s failed", message.to)

    transaction.on_commit(send)


def digests_send(*, now: dt.datetime | None = None) -> DigestsSent:
    """E-mail each person one digest of their unread notifications since their last digest.

    Only people with an e-mail address, the daily e-mail on, and something new;
    nobody gets two on the same day (the deployment's time zone), whatever
    how often it runs. Muted kinds are left out.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    last_digest = (
        NotificationDigest.objects.filter(user=OuterRef("recipient"))
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    fresh = (
        Notification.objects.filter(read_at__isnull=True)
        .annotate(since=Subquery(last_digest))
        .filter(Q(since__isnull=True) | Q(created__gt=F("since")))
    )
    users = list(
        User.objects.filter(is_active=True, pk__in=fresh.values("recipient_id"))
        .exclude(email="")
        .exclude(notification_preference__email_daily=False)
        .exclude(Exists(NotificationDigest.objects.filter(user=OuterRef("pk"), day=day)))
        .order_by("pk")
    )
    muted = _muted(u.pk for u in users)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            since = (
                NotificationDigest.objects.filter(user=user)
                .order_by("-sent_at")
                .values_list("sent_at", flat=True)
                .first()
            )
            items = Notification.objects.filter(recipient=user, read_at__isnull=True).exclude(
                kind__in=list(muted.get(user.pk, set()))
            )
            if since is not None:
                items = items.filter(created__gt=since)
            per_kind = dict(
                items.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
            )
            total = sum(per_kind.values())
            if not total:
                continue
            shown = list(items.order_by("-created", "-pk")[:DIGEST_ITEMS])
            try:
                with transaction.atomic():
                    NotificationDigest.objects.create(
                        user=user, day=day, sent_at=now, count=total, email=user.email
                    )
                    _send_after_commit(_digest_message(user, shown, per_kind))
            except IntegrityError:  # another run sent today's digest a moment ago
                continue
            sent += 1
    return DigestsSent(sent=sent)
