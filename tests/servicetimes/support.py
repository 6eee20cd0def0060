"""Queue tickets on top of the shared cast.

Instansi A (Jambi) gets a trusted queue machine and two catalogue indicators
fed by it: the officer's own mean waiting time (in the pegawai's SKP) and
the unit's median service time (in the pegawai's and penilai's SKPs; both
hold positions in Bidang Pembinaaan SD). The outsider (Bidang SMP) has the
officer indicator too, so feeding the wrong officer would show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from kinerja.indicators.models import Indicator
from kinerja.measurements.models import DataSource, Measurement
from kinerja.plans.models import PerformancePlan, PlanIndicator
from kinerja.plans.services import indicator_add, result_add
from tests.conftest import Cast

WIB = ZoneInfo("Asia/Jakarta")


@dataclass
class Queue:
    source: DataSource
    wait_officer: Indicator
    service_unit: Indicator
    pegawai_wait: PlanIndicator
    pegawai_service: PlanIndicator
    penilai_service: PlanIndicator
    outsider_wait: PlanIndicator


def build_queue(cast: Cast, *, trusted: bool = True) -> Queue:
    source = DataSource.objects.create(
        instansi=cast.instansi, name="Mesin antrean", kind="events", trusted=trusted
    )
    wait_officer = Indicator.objects.create(
        instansi=cast.instansi,
        code="waktu-tunggu-petugas",
        name="Rata-rata waktu tunggu layanan",
        unit_of_measure="menit",
        polarity="lower_better",
        aggregation="mean",
        source_kind="events",
        service_metric="wait_mean",
        service_scope="officer",
    )
    service_unit = Indicator.objects.create(
        instansi=cast.instansi,
        code="waktu-layanan-unit",
        name="Median waktu layanan unit",
        unit_of_measure="menit",
        polarity="lower_better",
        aggregation="mean",
        source_kind="events",
        service_metric="service_median",
        service_scope="unit",
    )

    def iki(plan: PerformancePlan, catalogue: Indicator) -> PlanIndicator:
        result = result_add(plan=plan, text=f"Layanan cepat: {catalogue.name}")
        return indicator_add(
            result=result, catalogue=catalogue, target_value=Decimal(60), weight=Decimal(1)
        )

    outsider_plan = PerformancePlan.objects.get(employee=cast.outsider)
    return Queue(
        source=source,
        wait_officer=wait_officer,
        service_unit=service_unit,
        pegawai_wait=iki(cast.pegawai_plan, wait_officer),
        pegawai_service=iki(cast.pegawai_plan, service_unit),
        penilai_service=iki(cast.penilai_plan, service_unit),
        outsider_wait=iki(outsider_plan, wait_officer),
    )


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> str:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB).isoformat()


def step(ticket: str, kind: str, when: str, *, unit: Any = "sd", nip: str = "", **extra: Any):
    event = {"tiket": ticket, "jenis": kind, "waktu": when, "unit": unit, **extra}
    if nip:
        event["nip_petugas"] = nip
    return event


def whole(
    ticket: str,
    arrived: str | None,
    called: str | None,
    finished: str | None,
    *,
    unit: Any = "sd",
    nip: str = "",
    service: str = "Legalisir ijazah",
) -> dict[str, Any]:
    event: dict[str, Any] = {"tiket": ticket, "unit": unit, "layanan": service}
    for name, value in (
        ("waktu_datang", arrived),
        ("waktu_panggil", called),
        ("waktu_selesai", finished),
    ):
        if value is not None:
            event[name] = value
    if nip:
        event["nip_petugas"] = nip
    return event


def current(plan_indicator: PlanIndicator, month: int) -> Measurement | None:
    return Measurement.objects.filter(
        plan_indicator=plan_indicator, period__number=month, superseded_at__isnull=True
    ).first()
