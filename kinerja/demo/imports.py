"""Demo data of bulk imports: the story of an HR admin's first import, told twice.

The admin of BKPSDM Provinsi Jambi uploads last month's realisasi for staff who
had not reported it; the first file has a negative number and is refused whole
(the error table shows the row), the corrected file is imported. Both go
through the real services, so the demo shows what the product does. The
featured demo accounts are left out: their last month is for the visitor.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.accounts.models import User
from kinerja.cycles.models import AppraisalYear
from kinerja.imports.columns import NAMES
from kinerja.imports.services import import_batch_create, import_run
from kinerja.measurements.models import ImportBatch, Measurement
from kinerja.plans.changes import plan_months
from kinerja.plans.models import PlanIndicator

ROWS = 24


def _rows(year: AppraisalYear, month: int, skip_usernames: set[str]) -> list[list[str]]:
    recorded = Measurement.objects.filter(
        period__year=year, period__number=month, period__kind="month", superseded_at__isnull=True
    ).values("plan_indicator_id")
    candidates = (
        PlanIndicator.objects.filter(result__plan__year=year, indicator__isnull=False)
        .exclude(pk__in=recorded)
        .exclude(result__plan__employee__user__username__in=skip_usernames)
        .select_related("result__plan__employee", "indicator")
        .order_by("result__plan__employee__name", "pk")
    )
    rows = []
    for iki in candidates[: ROWS * 2]:
        plan = iki.result.plan
        if month not in plan_months(plan) or iki.indicator is None:
            continue
        target = iki.target_value or Decimal(10)
        value = target / 12 if iki.aggregation == "sum" else target
        parts = ["", "9", "10"] if iki.is_ratio else [f"{value:.2f}".replace(".", ","), "", ""]
        rows.append(
            [
                plan.employee.nip, plan.employee.name, iki.indicator.code, str(iki.pk), iki.name,
                "", str(year.year), str(month), *parts, "", "",
            ]
        )  # fmt: skip
        if len(rows) == ROWS:
            break
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(NAMES)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def load(*, today: dt.date, instansi_code: str = "jambi", hr_username: str = "bkpsdm.jambi") -> int:
    """Two batches (one refused, one imported) for last month; returns the rows imported."""
    from kinerja.demo.loader import demo_accounts

    month = today.month - 1
    hr = User.objects.filter(username=hr_username).first()
    year = AppraisalYear.objects.filter(instansi__code=instansi_code, year=today.year).first()
    if month < 1 or hr is None or year is None:
        return 0
    rows = _rows(year, month, {a.username for a in demo_accounts(today=today)})
    if not rows:
        return 0
    wrong = [list(r) for r in rows]
    number = 8 if wrong[0][8] else 9
    wrong[0][number] = "-" + wrong[0][number]
    for name, content in (
        (f"realisasi-{month:02d}.csv", _csv(wrong)),
        (f"realisasi-{month:02d}-perbaikan.csv", _csv(rows)),
    ):
        batch = import_batch_create(
            user=hr,
            instansi=year.instansi,
            upload=SimpleUploadedFile(name, content),
            mode=ImportBatch.Mode.ALL_OR_NOTHING,
        ).batch
        if batch is not None:
            batch = import_run(batch_id=batch.pk)
    return batch.rows_written if batch is not None else 0
