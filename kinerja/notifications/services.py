"""Writes of the notifications app: create, mark read, preferences, collect, daily digest.

The apps below never import this one. Their notifications are collected from
the records they already keep (PlanEvent, pending Measurement) by
`notifications_collect`, run every few minutes; the apps above (evaluations
and later) may call `notification_create` themselves. Everything here is
idempotent: collecting or sending the digest twice creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.accounts.models import User
from kinerja.core import clock
from kinerja.measurements.models import Measurement, MeasurementStatus
from kinerja.notifications.models import (
    CollectCursor,
    Kind,
    Notification,
    NotificationDigest,
    NotificationPreference,
)
from kinerja.organisation.models import Employee
from kinerja.plans.models import PerformancePlan, PlanEvent
from kinerja.plans.permissions import penilai_of
from kinerja.plans.workflow import penilai_by_employee

log = logging.getLogger(__name__)

PLAN_EVENTS = "plan_events"
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
    """Turn new SKP steps and waiting realisasi into notifications; safe to run at any time.

    SKP submitted → the penilai; returned, approved, reopened → the pegawai (never
    the person who acted). Pending realisasi → one item per penilai, "N realisasi
    menunggu verifikasi", kept current while unread and removed once nothing waits.
    Texts are written in the product's default language, as the e-mails are.
    """
    now = now or timezone.now()
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        # The cursor row is locked first, so two collectors running at once take turns.
        cursor = CollectCursor.objects.select_for_update().filter(name=PLAN_EVENTS).first()
        if cursor is None:
            start = PlanEvent.objects.filter(at__lt=now - FIRST_RUN).aggregate(top=Max("pk"))
            cursor = CollectCursor.objects.create(name=PLAN_EVENTS, last_id=start["top"] or 0)
        created = _collect_plan_events(cursor, now)
        pending = _collect_pending_realisasi(now)
    return Collected(created + pending.created, pending.updated, pending.removed)


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
    events = list(
        PlanEvent.objects.filter(action__in=list(PLAN_STEPS))
        .filter(Q(pk__gt=cursor.last_id) | Q(at__gte=now - RESCAN))
        .select_related("plan__year", "plan__employee")
        .order_by("pk")
    )
    top = PlanEvent.objects.filter(pk__gt=cursor.last_id).aggregate(top=Max("pk"))["top"]
    if top is not None:
        cursor.last_id = top
        cursor.save(update_fields=["last_id", "updated"])
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
    muted = _muted(n.recipient_id for n in wanted)
    wanted = [n for n in wanted if n.kind not in muted.get(n.recipient_id, set())]
    seen = set(
        Notification.objects.filter(key__in=[n.key for n in wanted]).values_list(
            "recipient_id", "key"
        )
    )
    fresh = [n for n in wanted if (n.recipient_id, n.key) not in seen]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)


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
    employees = Employee.objects.filter(pk__in=list(waiting))
    penilai = penilai_by_employee(employees, on=clock.today()) if waiting else {}
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


def _digest_message(user: User, items: list[Notification], total: int) -> mail.EmailMessage:
    name = user.get_full_name() or user.username
    lines = [
        f"- {date_format(timezone.localtime(n.created), 'j F Y H:i')} · {n.text}" for n in items
    ]
    if total > len(items):
        lines.append(_("…dan %(more)d lainnya.") % {"more": total - len(items)})
    body = "\n\n".join(
        [
            _("Yth. %(name)s,") % {"name": name},
            ngettext(
                "Ada %(count)d notifikasi baru di Kinerja yang belum Anda baca:",
                "Ada %(count)d notifikasi baru di Kinerja yang belum Anda baca:",
                total,
            )
            % {"count": total},
            "\n".join(lines),
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
            total = items.count()
            if not total:
                continue
            shown = list(items.order_by("-created", "-pk")[:DIGEST_ITEMS])
            try:
                with transaction.atomic():
                    NotificationDigest.objects.create(
                        user=user, day=day, sent_at=now, count=total, email=user.email
                    )
                    _send_after_commit(_digest_message(user, shown, total))
            except IntegrityError:  # another run sent today's digest a moment ago
                continue
            sent += 1
    return DigestsSent(sent=sent)
