"""Writes for appraisal years and their scoring policy."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import replace

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core import clock
from kinerja.cycles.models import AppraisalYear, Cadence, Period, PeriodKind, PolicyChange
from kinerja.cycles.permissions import may_change_policy
from kinerja.cycles.selectors import OBJECTION_DAYS_LOG
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Instansi
from kinerja.scoring import ScoringPolicy


def appraisal_year_create(
    *, instansi: Instansi, year: int, cadence: str = Cadence.QUARTERLY
) -> AppraisalYear:
    """Open an appraisal year with its 12 months, 4 quarters and the annual period.

    Idempotent: an existing year is returned unchanged.
    """
    with transaction.atomic():
        appraisal_year, created = AppraisalYear.objects.get_or_create(
            instansi=instansi, year=year, defaults={"cadence": cadence}
        )
        if not created:
            return appraisal_year

        def last_day(month: int) -> dt.date:
            return dt.date(year, month, calendar.monthrange(year, month)[1])

        periods = [
            Period(
                year=appraisal_year,
                kind=PeriodKind.MONTH,
                number=m,
                start=dt.date(year, m, 1),
                end=last_day(m),
            )
            for m in range(1, 13)
        ]
        periods += [
            Period(
                year=appraisal_year,
                kind=PeriodKind.QUARTER,
                number=q,
                start=dt.date(year, 3 * q - 2, 1),
                end=last_day(3 * q),
            )
            for q in range(1, 5)
        ]
        periods.append(
            Period(
                year=appraisal_year,
                kind=PeriodKind.YEAR,
                number=1,
                start=dt.date(year, 1, 1),
                end=dt.date(year, 12, 31),
            )
        )
        Period.objects.bulk_create(periods)
    return appraisal_year


class PolicyChangeRefused(ValidationError):
    """A policy change that must not be saved; the message says why, in the user's language."""


def policy_change(
    *,
    year: AppraisalYear,
    actor: User,
    policy: ScoringPolicy,
    reason: str,
    based_on: str | None = None,
) -> PolicyChange:
    """Save `policy` as `year`'s scoring policy and record the change, in one transaction.

    `based_on` is the version the editor started from: when someone saved a newer one
    meanwhile, the change is refused rather than overwriting theirs.

    The new policy gets its own version ("2026-r3"), which every evaluation finalised under
    it stores; evaluations finalised earlier keep theirs and are never rewritten. Standings
    are not recomputed here: HR starts Hitung Ulang, which the policy page links to.
    """
    if not may_change_policy(viewer_for(actor), year):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise PolicyChangeRefused(_("Tuliskan alasan perubahan kebijakan."))
    if problems := policy.unwise():
        raise PolicyChangeRefused(
            _("Kebijakan ini tidak dapat dipakai: %(reason)s") % {"reason": "; ".join(problems)}
        )
    with transaction.atomic():
        locked = AppraisalYear.objects.select_for_update().get(pk=year.pk)
        current = locked.scoring_policy()
        if based_on is not None and based_on != current.version:
            raise PolicyChangeRefused(
                _(
                    "Kebijakan ini baru saja diubah orang lain (kini versi %(version)s). "
                    "Muat ulang halaman, periksa perubahan itu, lalu simpan lagi."
                )
                % {"version": current.version}
            )
        if replace(policy, version=current.version) == current:
            raise PolicyChangeRefused(_("Tidak ada nilai yang berubah; kebijakan tidak disimpan."))
        number = locked.policy_changes.count() + 1
        saved = replace(policy, version=f"{locked.year}-r{number}")
        change = PolicyChange.objects.create(
            year=locked,
            number=number,
            version=saved.version,
            before=current.to_dict(),
            after=saved.to_dict(),
            reason=reason,
            changed_by=actor,
        )
        locked.policy = saved.to_dict()
        locked.save(update_fields=["policy"])
    year.policy = locked.policy
    return change


OBJECTION_DAY_FIELDS = ("objection_days", "objection_explain_days", "objection_decide_days")


def objection_days_change(
    *, year: AppraisalYear, actor: User, values: dict[str, int], reason: str
) -> AppraisalYear:
    """Set the year's three objection deadlines (1–90 calendar days) and record who, why, what.

    Kept apart from ``policy_change``: the deadlines are not part of the scoring policy, so
    changing them must not give the policy a new version. The record is Django's change
    log entry for the year (before, after and reason), written in the same transaction.
    A new ``objection_days`` reaches the windows still open at this moment (a window that
    has closed stays closed); objections already filed keep their explain_due/decide_due.
    """
    if not may_change_policy(viewer_for(actor), year):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise PolicyChangeRefused(_("Tuliskan alasan perubahan batas waktu."))
    if set(values) != set(OBJECTION_DAY_FIELDS) or not all(
        isinstance(v, int) and 1 <= v <= 90 for v in values.values()
    ):
        raise PolicyChangeRefused(_("Setiap batas waktu keberatan harus 1 sampai 90 hari."))
    with transaction.atomic():
        locked = AppraisalYear.objects.select_for_update().get(pk=year.pk)
        before = {name: getattr(locked, name) for name in OBJECTION_DAY_FIELDS}
        if before == values:
            raise PolicyChangeRefused(
                _("Tidak ada nilai yang berubah; batas waktu tidak disimpan.")
            )
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(OBJECTION_DAY_FIELDS))
        LogEntry.objects.create(
            # The moment decides which open windows to object the change reaches.
            action_time=clock.now(),
            user=actor,
            content_type=ContentType.objects.get_for_model(AppraisalYear),
            object_id=str(locked.pk),
            object_repr=str(locked)[:200],
            action_flag=CHANGE,
            change_message=json.dumps(
                {OBJECTION_DAYS_LOG: {"before": before, "after": values, "reason": reason}}
            ),
        )
    for name, value in values.items():
        setattr(year, name, value)
    return locked
