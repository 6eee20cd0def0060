"""Demo service times: a queue machine at Puskesmas Sabangau feeding waiting-time IKIs.

Dinas Kesehatan Kota Palangka Raya gets a trusted data source, "Mesin antrean
RSUD/Puskesmas", and two catalogue indicators fed by it: the outpatient mean
waiting time per officer (lower is better, target ≤ 60 minutes, the hospital
minimum service standard) and the outpatient median service time of the unit.
The Perawat Terampil of the puskesmas carry the first in their SKP, the Kepala
UPT the second. Their months up to last month are then fed with generated
ticket events (a fixed seed), sent the way a queue machine would: one event
per step, shuffled, some repeated, a few with a wrong clock or a ticket left
open all day, so the outlier rules have something to show.

Must run while the SKPs are still drafts (before the loader sets statuses).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from random import Random
from typing import Any

from django.utils import timezone

from kinerja.demo.content import CATALOGUE, percent_weights
from kinerja.indicators.models import Indicator
from kinerja.measurements.models import DataSource
from kinerja.organisation.models import Assignment, Instansi, Unit
from kinerja.plans.models import PerformancePlan, PlanIndicator, PlannedResult
from kinerja.plans.services import indicator_add, result_add
from kinerja.servicetimes.services import MAX_EVENTS, events_ingest

SOURCE_NAME = "Mesin antrean RSUD/Puskesmas"
UNIT_NAME = "UPT Puskesmas Sabangau"
OFFICER_TITLE = "Perawat Terampil"
HEAD_TITLE = "Kepala UPT Puskesmas Sabangau"
SERVICE = "Poli Umum"
DAYS_PER_MONTH = 8
TICKETS_PER_DAY = 14
# Mean waiting minutes of each officer in turn: one meets the 60-minute target, one not.
WAIT_MEANS = (38.0, 72.0)


def load(*, today: dt.date, seed: int = 4) -> dict[str, int]:
    """Add the source, indicators and IKIs, then feed January up to last month."""
    instansi = Instansi.objects.get(code="palangkaraya")
    unit = Unit.objects.get(instansi=instansi, name=UNIT_NAME)
    source, _ = DataSource.objects.get_or_create(
        instansi=instansi,
        name=SOURCE_NAME,
        defaults={
            "kind": "events",
            "trusted": True,
            "description": "Peristiwa tiket antrean rawat jalan (datang, panggil, selesai).",
        },
    )
    wait = _catalogue(
        instansi,
        "waktu-tunggu-rajal",
        metric="wait_mean",
        scope="officer",
    )
    item = CATALOGUE["waktu-tunggu-rajal"]
    service = _catalogue(
        instansi,
        "waktu-layanan-rajal",
        name="Median waktu layanan rawat jalan puskesmas",
        description="Dari pasien dipanggil sampai layanan selesai, menurut mesin antrean.",
        metric="service_median",
        scope="unit",
        base=item.code,
    )
    holders = Assignment.objects.filter(position__unit=unit, end__isnull=True).select_related(
        "employee", "position"
    )
    officers = [a.employee for a in holders if a.position.name == OFFICER_TITLE]
    heads = [a.employee for a in holders if a.position.name == HEAD_TITLE]
    year = today.year
    # Heads first: the officers' new RHK hangs under the head's (cascading).
    for employee in heads:
        _add_iki(employee.pk, year, service, "Terselenggaranya layanan rawat jalan tepat waktu", 15)
    for employee in officers:
        _add_iki(employee.pk, year, wait, "Terlayaninya pasien rawat jalan tanpa antre lama", 60)

    rng = Random(seed)  # noqa: S311 (reproducible made-up data, not secrets)
    nips = [e.nip for e in officers]
    counts = {"events": 0, "tickets": 0, "values": 0, "refused": 0}
    for month in range(1, today.month):
        events = _month_events(rng, year, month, unit.code, nips)
        counts["events"] += len(events)
        for start in range(0, len(events), MAX_EVENTS):
            result = events_ingest(source=source, events=events[start : start + MAX_EVENTS])
            counts["tickets"] += result.created
            counts["values"] += result.feed.written
            counts["refused"] += len(result.refused)
    return counts


def _catalogue(
    instansi: Instansi,
    code: str,
    *,
    metric: str,
    scope: str,
    name: str = "",
    description: str = "",
    base: str = "",
) -> Indicator:
    item = CATALOGUE[base or code]
    indicator, _ = Indicator.objects.get_or_create(
        instansi=instansi,
        code=code,
        defaults={
            "name": name or item.name,
            "description": description or item.description,
            "unit_of_measure": item.unit,
            "polarity": item.polarity,
            "aggregation": item.aggregation,
        },
    )
    indicator.source_kind = "events"
    indicator.service_metric = metric
    indicator.service_scope = scope
    indicator.save(update_fields=["source_kind", "service_metric", "service_scope"])
    return indicator


def _add_iki(employee_id: int, year: int, catalogue: Indicator, text: str, target: int) -> None:
    """A new RHK with the IKI, weights re-spread so the SKP still adds up to 100."""
    plan = PerformancePlan.objects.get(employee_id=employee_id, year__year=year)
    existing = list(PlanIndicator.objects.filter(result__plan=plan).order_by("pk"))
    relative = [float(i.weight) for i in existing]
    share = sum(relative) / len(relative) if relative else 1.0
    weights = percent_weights([*relative, share])
    for indicator, weight in zip(existing, weights, strict=False):
        PlanIndicator.objects.filter(pk=indicator.pk).update(weight=weight)
    # The superior's newest RHK: for an officer, the head's RHK added just before.
    supports = (
        PlannedResult.objects.filter(
            plan__position_id=plan.position.parent_id, plan__year=plan.year
        )
        .order_by("-pk")
        .first()
    )
    result = result_add(plan=plan, text=text, supports=supports)
    indicator_add(
        result=result,
        catalogue=catalogue,
        target_value=Decimal(target),
        weight=weights[-1],
        aspect="waktu",
    )


def _month_events(
    rng: Random, year: int, month: int, unit: str, nips: list[str]
) -> list[dict[str, Any]]:
    """One month of step events of the puskesmas's queue machine, in no particular order."""
    tz = timezone.get_current_timezone()
    events: list[dict[str, Any]] = []
    days = [
        d
        for d in range(1, 29)
        if dt.date(year, month, d).weekday() < 5  # the puskesmas is closed at weekends
    ]
    for day in sorted(rng.sample(days, min(DAYS_PER_MONTH, len(days)))):
        for n in range(TICKETS_PER_DAY):
            officer = n % max(len(nips), 1)
            arrived = dt.datetime(year, month, day, 7, 30, tzinfo=tz) + dt.timedelta(
                minutes=rng.uniform(0, 240)
            )
            mean = WAIT_MEANS[officer % len(WAIT_MEANS)]
            called = arrived + dt.timedelta(minutes=rng.lognormvariate(0, 0.45) * mean * 0.9)
            finished = called + dt.timedelta(minutes=rng.uniform(6, 22))
            roll = rng.random()
            if roll < 0.01:
                called = arrived - dt.timedelta(minutes=rng.uniform(2, 20))  # a wrong clock
            elif roll < 0.02:
                finished = called + dt.timedelta(hours=9)  # left open until evening
            ticket = f"SBG-{year}{month:02d}{day:02d}-A{n + 1:03d}"
            base = {"tiket": ticket, "unit": unit, "layanan": SERVICE}
            nip = {"nip_petugas": nips[officer]} if nips else {}
            steps = [
                {**base, "jenis": "datang", "waktu": arrived.isoformat()},
                {**base, **nip, "jenis": "panggil", "waktu": called.isoformat()},
                {**base, **nip, "jenis": "selesai", "waktu": finished.isoformat()},
            ]
            if rng.random() < 0.05:
                steps.append(dict(steps[1]))  # the machine sent the call twice
            events.extend(steps)
    # Events arrive in no particular order, as they do over a flaky link.
    rng.shuffle(events)
    return events
