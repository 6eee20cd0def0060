"""Ticket events from a queue machine: merge them into tickets, then feed the IKIs.

Two shapes of event are accepted (docs/api-antrean.md), and may be mixed:

- one step: {"tiket", "unit", "jenis": "datang"|"panggil"|"selesai", "waktu",
  "layanan"?, "nip_petugas"?};
- a whole ticket: {"tiket", "unit", "waktu_datang"?, "waktu_panggil"?,
  "waktu_selesai"?, "layanan"?, "nip_petugas"?} with at least one time.

Merge rules, chosen so that the result never depends on the order in which
events arrive (late, repeated and out-of-order events end in the same ticket):

- arrival and call keep the EARLIEST time ever reported (the citizen waited
  from taking the ticket until first called); finish keeps the LATEST (the
  service lasted until the counter last closed the ticket). Each is a min/max,
  so order does not matter.
- an event that changes nothing is counted unchanged and writes nothing.
- the unit and the officer of a ticket never change silently: an event naming
  another unit, or another officer once one is known, is refused with a reason.
  The service name is filled when first known and otherwise left as is.
- a unit or NIP outside the instansi of the data source is refused, as if it
  did not exist; so is a unit number that cannot be a database id.

After the tickets are saved, only the (officer, month) and (unit, month)
groups the batch touched are recomputed, and each IKI fed by them gets its
month's value through measurement_submit (one write path for every channel).
Only IKIs whose catalogue indicator is in `indicator_ids` are fed: an API
token writes what its scope allows and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kinerja.core import clock
from kinerja.core.params import id_param
from kinerja.cycles.models import Period, PeriodKind
from kinerja.indicators.models import ServiceMetric, ServiceScope, SourceKind
from kinerja.measurements.models import DataSource, Measurement, MeasurementStatus
from kinerja.measurements.services import (
    MeasurementError,
    Origin,
    measurement_submit,
    standing_recompute_plans,
)
from kinerja.organisation.models import Assignment, Employee, Unit
from kinerja.plans.changes import plan_months
from kinerja.plans.models import PlanIndicator
from kinerja.scoring.service_time import GroupStats, group_stats
from kinerja.servicetimes.models import ServiceTicket

# The API takes at most this many events per request.
MAX_EVENTS = 1000
# A duration longer than a working day is not a real wait or service: it is
# excluded like any outlier. Deployments may tune it in settings.
MAXIMUM_MINUTES = Decimal(getattr(settings, "SERVICE_TIME_MAXIMUM_MINUTES", 480))
# Clocks of queue machines drift; more than this in the future is a wrong clock.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)

STEPS = {"datang": "arrived_at", "panggil": "called_at", "selesai": "finished_at"}
WHOLE_TICKET_FIELDS = {f"waktu_{step}": attr for step, attr in STEPS.items()}
CORRECTION_REASON = "Diperbarui otomatis: peristiwa antrean baru untuk bulan ini."


class IngestError(ValueError):
    """The whole request cannot be taken (e.g. an inactive source); shown to the caller."""


@dataclass(frozen=True)
class EventError:
    """Why one event was refused: its position in the batch, the field, a message."""

    index: int
    field: str
    message: str


@dataclass(frozen=True)
class ParsedEvent:
    index: int
    ticket: str
    unit_ref: str | int
    service: str
    nip: str
    times: dict[str, dt.datetime]


@dataclass
class FeedResult:
    """What recomputing the touched groups wrote into IKIs."""

    groups: int = 0
    written: int = 0
    unchanged: int = 0
    outside_months: int = 0
    no_data: int = 0
    # Months whose current value a person verified (or another source wrote
    # and had verified): a recount never overwrites it on its own.
    kept_verified: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class IngestResult:
    received: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[EventError] = field(default_factory=list)
    feed: FeedResult = field(default_factory=FeedResult)

    def as_dict(self) -> dict[str, Any]:
        return {
            "diterima": self.received,
            "baru": self.created,
            "diperbarui": self.updated,
            "tanpa_perubahan": self.unchanged,
            "ditolak": len(self.refused),
            # The same item shape as every other error of the API (kinerja.api.errors).
            "errors": [
                {"index": e.index, "field": e.field, "message": e.message} for e in self.refused
            ],
            "pengisian": {
                "kelompok_dihitung": self.feed.groups,
                "nilai_ditulis": self.feed.written,
                "nilai_sama": self.feed.unchanged,
                "di_luar_bulan_skp": self.feed.outside_months,
                "tanpa_data": self.feed.no_data,
                "terverifikasi_dipertahankan": self.feed.kept_verified,
                "kesalahan": self.feed.errors,
            },
        }


Group = tuple[str, int, dt.date]  # (scope, officer or unit id, first day of month)


def events_ingest(
    *, source: DataSource, events: list[Any], indicator_ids: Collection[int] | None = None
) -> IngestResult:
    """Merge a batch of ticket events into tickets and feed the IKIs they touch.

    Refused events change nothing and are listed with the reason; the rest
    are applied in one transaction together with the values they feed.
    `indicator_ids` limits the feed to IKIs of those catalogue indicators (the
    API passes its token's scope); None feeds every service-metric indicator
    of the instansi and is for trusted in-process callers only (the demo).
    """
    if not source.active:
        raise IngestError(_("Sistem sumber ini tidak aktif."))
    if len(events) > MAX_EVENTS:
        raise IngestError(_("Paling banyak %(max)s peristiwa per kiriman.") % {"max": MAX_EVENTS})
    result = IngestResult(received=len(events))
    parsed: list[ParsedEvent] = []
    for index, raw in enumerate(events):
        event = _parse(index, raw, result.refused)
        if event is not None:
            parsed.append(event)
    units = _units(source, {e.unit_ref for e in parsed})
    officers = {
        e.nip: e
        for e in Employee.objects.filter(
            instansi_id=source.instansi_id, nip__in={e.nip for e in parsed if e.nip}
        )
    }
    parse_errors = list(result.refused)
    try:
        return _apply(source, parsed, units, officers, result, indicator_ids)
    except IntegrityError:
        # Another request created one of these tickets between our read and our
        # insert; once more, and the ticket it created is merged like any other.
        retry = IngestResult(received=len(events), refused=parse_errors)
        return _apply(source, parsed, units, officers, retry, indicator_ids)


def _apply(
    source: DataSource,
    parsed: list[ParsedEvent],
    units: dict[str | int, Unit],
    officers: dict[str, Employee],
    result: IngestResult,
    indicator_ids: Collection[int] | None,
) -> IngestResult:
    with transaction.atomic():
        existing = {
            t.ticket: t
            for t in ServiceTicket.objects.select_for_update().filter(
                data_source=source, ticket__in={e.ticket for e in parsed}
            )
        }
        tickets: dict[str, ServiceTicket] = dict(existing)
        new: dict[str, ServiceTicket] = {}
        changed: set[str] = set()
        groups: set[Group] = set()
        for event in parsed:
            unit = units.get(event.unit_ref)
            if unit is None:
                result.refused.append(
                    EventError(event.index, "unit", _("Unit tidak dikenal pada instansi ini."))
                )
                continue
            officer = officers.get(event.nip) if event.nip else None
            if event.nip and officer is None:
                result.refused.append(
                    EventError(
                        event.index,
                        "nip_petugas",
                        _("NIP %(nip)s tidak terdaftar pada instansi ini.") % {"nip": event.nip},
                    )
                )
                continue
            ticket = tickets.get(event.ticket)
            if ticket is None:
                ticket = ServiceTicket(data_source=source, ticket=event.ticket, unit=unit)
                _merge(ticket, event, officer)
                ticket.month = ticket.month_of()
                tickets[event.ticket] = new[event.ticket] = ticket
                groups |= _groups_of(ticket)
                result.created += 1
                continue
            conflict = _conflict(ticket, event, unit, officer)
            if conflict is not None:
                result.refused.append(conflict)
                continue
            before = _groups_of(ticket)
            if not _merge(ticket, event, officer):
                result.unchanged += 1
                continue
            ticket.month = ticket.month_of()
            groups |= before | _groups_of(ticket)
            if event.ticket in existing:
                changed.add(event.ticket)
            result.updated += 1
        ServiceTicket.objects.bulk_create(new.values())
        now = timezone.now()
        for key in changed:
            existing[key].updated_at = now
        ServiceTicket.objects.bulk_update(
            [existing[key] for key in changed],
            ["service", "officer", "arrived_at", "called_at", "finished_at", "month", "updated_at"],
        )
        result.refused.sort(key=lambda e: e.index)
        result.feed = groups_feed(source=source, groups=groups, indicator_ids=indicator_ids)
    return result


def _parse(index: int, raw: Any, errors: list[EventError]) -> ParsedEvent | None:
    """One event checked field by field; None (with the reason in `errors`) if unusable."""

    def refuse(name: str, message: str) -> None:
        errors.append(EventError(index, name, message))

    if not isinstance(raw, Mapping):
        refuse("", _("Setiap peristiwa harus berupa objek JSON."))
        return None
    ticket = raw.get("tiket")
    if not isinstance(ticket, str) or not ticket.strip():
        refuse("tiket", _("Nomor tiket wajib diisi sebagai teks."))
        return None
    if len(ticket.strip()) > 60:
        refuse("tiket", _("Nomor tiket paling panjang 60 karakter."))
        return None
    unit_ref = raw.get("unit")
    if isinstance(unit_ref, bool) or not isinstance(unit_ref, str | int) or unit_ref == "":
        refuse("unit", _("Unit wajib diisi dengan kode atau nomor unit."))
        return None
    if isinstance(unit_ref, int) and id_param(unit_ref) is None:
        # A number no unit can have (0, negative, beyond a 64-bit id): the
        # database would overflow on it, so it is an unknown unit right here.
        refuse("unit", _("Unit tidak dikenal pada instansi ini."))
        return None
    service = raw.get("layanan", "")
    if not isinstance(service, str) or len(service) > 200:
        refuse("layanan", _("Layanan harus berupa teks paling panjang 200 karakter."))
        return None
    nip = raw.get("nip_petugas") or ""
    if not isinstance(nip, str):
        refuse("nip_petugas", _("NIP petugas ditulis sebagai teks (18 angka)."))
        return None
    stamps: dict[str, Any] = {}
    if "jenis" in raw:
        step = raw.get("jenis")
        if step not in STEPS:
            refuse("jenis", _("Jenis peristiwa harus datang, panggil, atau selesai."))
            return None
        stamps["waktu"] = (STEPS[step], raw.get("waktu"))
    else:
        for name, attr in WHOLE_TICKET_FIELDS.items():
            if raw.get(name) not in (None, ""):
                stamps[name] = (attr, raw[name])
        if not stamps:
            refuse(
                "jenis",
                _("Sebutkan jenis peristiwa dan waktunya, atau waktu_datang/panggil/selesai."),
            )
            return None
    times: dict[str, dt.datetime] = {}
    latest = clock.now() + FUTURE_TOLERANCE
    for name, (attr, value) in stamps.items():
        moment = _moment(value)
        if moment is None:
            refuse(
                name,
                _("Waktu harus ditulis dalam format ISO 8601, mis. 2026-03-02T08:15:00+07:00."),
            )
            return None
        if moment > latest:
            refuse(name, _("Waktu berada di masa depan; periksa jam mesin antrean."))
            return None
        times[attr] = moment
    return ParsedEvent(index, ticket.strip(), unit_ref, service.strip(), nip.strip(), times)


def _moment(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        # Without an offset the time is read in the deployment's zone (WIB by default).
        moment = timezone.make_aware(moment)
    return moment


def _units(source: DataSource, refs: Iterable[str | int]) -> dict[str | int, Unit]:
    """Units of the source's instansi by code (text) or number (integer); others are absent."""
    codes = {r for r in refs if isinstance(r, str)}
    ids = {r for r in refs if isinstance(r, int)}
    found: dict[str | int, Unit] = {}
    for unit in Unit.objects.filter(instansi_id=source.instansi_id).filter(
        Q(code__in=codes) | Q(pk__in=ids)
    ):
        if unit.code in codes:
            found[unit.code] = unit
        if unit.pk in ids:
            found[unit.pk] = unit
    return found


def _conflict(
    ticket: ServiceTicket, event: ParsedEvent, unit: Unit, officer: Employee | None
) -> EventError | None:
    if ticket.unit_id != unit.pk:
        return EventError(
            event.index,
            "unit",
            _("Tiket %(ticket)s sudah tercatat pada unit lain.") % {"ticket": event.ticket},
        )
    if officer is not None and ticket.officer_id not in (None, officer.pk):
        return EventError(
            event.index,
            "nip_petugas",
            _("Tiket %(ticket)s sudah dilayani petugas lain.") % {"ticket": event.ticket},
        )
    return None


def _merge(ticket: ServiceTicket, event: ParsedEvent, officer: Employee | None) -> bool:
    """Apply the merge rules of the module docstring; True if anything changed."""
    changed = False
    if event.service and not ticket.service:
        ticket.service, changed = event.service, True
    if officer is not None and ticket.officer_id is None:
        ticket.officer, changed = officer, True
    for attr, moment in event.times.items():
        current: dt.datetime | None = getattr(ticket, attr)
        keep_latest = attr == "finished_at"
        if (
            current is None
            or (keep_latest and moment > current)
            or (not keep_latest and moment < current)
        ):
            setattr(ticket, attr, moment)
            changed = True
    return changed


def _groups_of(ticket: ServiceTicket) -> set[Group]:
    groups: set[Group] = {(ServiceScope.UNIT, ticket.unit_id, ticket.month)}
    if ticket.officer_id is not None:
        groups.add((ServiceScope.OFFICER, ticket.officer_id, ticket.month))
    return groups


def month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def group_tickets(scope: str, pk: int, month: dt.date) -> list[ServiceTicket]:
    """Every ticket of one officer's or unit's month, whichever source delivered it."""
    key = "officer_id" if scope == ServiceScope.OFFICER else "unit_id"
    return list(ServiceTicket.objects.filter(**{key: pk, "month": month}).order_by("pk"))


def statistics_of(tickets: Iterable[ServiceTicket]) -> GroupStats:
    return group_stats((t.times for t in tickets), maximum=MAXIMUM_MINUTES)


def groups_feed(
    *, source: DataSource, groups: Iterable[Group], indicator_ids: Collection[int] | None = None
) -> FeedResult:
    """Recompute the given groups and write their metrics into the IKIs they feed.

    Officer scope feeds the officer's own IKIs whose catalogue indicator has
    that scope; unit scope feeds the same kind of IKIs of every employee who
    held a position in that unit (the unit itself, not its sub-units) during
    the month. Only catalogue indicators in `indicator_ids` are fed (None: all
    of them, see events_ingest). Months outside an SKP are skipped and
    counted; a group without a usable duration writes nothing; a verified
    value that this source did not write is kept and counted.
    """
    result = FeedResult()
    plan_ids: set[int] = set()
    periods: dict[tuple[int, int], Period] = {}
    origin = Origin(kind=SourceKind.EVENTS, data_source=source)
    for scope, pk, month in sorted(groups):
        result.groups += 1
        stats = statistics_of(group_tickets(scope, pk, month))
        indicators = PlanIndicator.objects.filter(
            indicator__instansi_id=source.instansi_id,
            indicator__service_scope=scope,
            indicator__service_metric__in=ServiceMetric.values,
            result__plan__year__year=month.year,
        ).select_related("indicator", "result__plan__year")
        if indicator_ids is not None:
            indicators = indicators.filter(indicator_id__in=indicator_ids)
        if scope == ServiceScope.OFFICER:
            indicators = indicators.filter(result__plan__employee_id=pk)
        else:
            holders = Assignment.objects.filter(
                position__unit_id=pk, start__lte=month_end(month)
            ).filter(Q(end__isnull=True) | Q(end__gte=month))
            indicators = indicators.filter(
                result__plan__employee_id__in=holders.values("employee_id")
            )
        for plan_indicator in indicators:
            assert plan_indicator.indicator is not None
            plan = plan_indicator.result.plan
            if month.month not in plan_months(plan):
                result.outside_months += 1
                continue
            value = stats.metric(plan_indicator.indicator.service_metric)
            if value is None:
                result.no_data += 1
                continue
            period_key = (plan.year_id, month.month)
            if period_key not in periods:
                periods[period_key] = Period.objects.get(
                    year_id=plan.year_id, kind=PeriodKind.MONTH, number=month.month
                )
            period = periods[period_key]
            current = (
                Measurement.objects.filter(
                    plan_indicator=plan_indicator, period=period, superseded_at__isnull=True
                )
                .only("status", "data_source_id")
                .first()
            )
            locked = current is not None and current.status == MeasurementStatus.VERIFIED
            if locked and current is not None and current.data_source_id != source.pk:
                # A person verified this value (typed, imported or sent by
                # another source): a machine recount must not overrule them.
                # The feed summary reports it so the source's owner can ask.
                result.kept_verified += 1
                continue
            # This source's own earlier value, verified (trusted source or a
            # penilai): a later recount of the same month replaces it as a
            # correction with an automatic reason; the old version is kept.
            try:
                submitted = measurement_submit(
                    plan_indicator=plan_indicator,
                    period=period,
                    origin=origin,
                    value=value,
                    correction_reason=CORRECTION_REASON if locked else "",
                    refresh=False,
                )
            except MeasurementError as error:
                result.errors.append(f"{plan_indicator.name} · {period.label}: {error}")
                continue
            if submitted.created:
                result.written += 1
                plan_ids.add(plan.pk)
            else:
                result.unchanged += 1
    if plan_ids:
        standing_recompute_plans(sorted(plan_ids))
    return result
