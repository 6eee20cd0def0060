"""`kinerja bench`: the speed and memory figures of Kinerja, measured on generated data.

Seeds a throwaway instansi of N employees (kinerja.demo.seed), then measures
what users wait for: Kinerja Saya, Tim Saya, the HR staff list, the planning
pages (the SKP, the approval inbox, the Matriks Peran Hasil of the leader's
unit, the late list) and the evaluation pages (kinerja.demo.bench_evaluations
seeds evaluations, objections and unit predikats in bulk), served in-process
through Django's test client so the figures are the server's own time without
network; the live refresh after a realisasi; a position template applied to
every holder of the most common position; a full recompute; and, when asked
(--import-rows), the bulk import of a generated CSV file. Each scenario has a
target; the command fails when one is missed. Timed unit tests are avoided on
purpose: this is the one place for them.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.core import clock
from kinerja.cycles.models import Period, PeriodKind
from kinerja.cycles.services import appraisal_year_create
from kinerja.demo.bench_evaluations import (
    EvaluationScenarios,
    measure_evaluations,
    seed_evaluations,
)
from kinerja.demo.seed import SeedOptions, _refresh_planner_statistics, seed_instansi
from kinerja.measurements.models import Measurement
from kinerja.measurements.services import measurement_record, standing_recompute_year
from kinerja.organisation.models import Assignment, Employee, Instansi, Position
from kinerja.plans.changes import plan_months
from kinerja.plans.models import PerformancePlan, PlanIndicator
from kinerja.plans.position_templates import (
    template_apply,
    template_create,
    template_indicator_add,
    template_result_add,
)


@dataclass(frozen=True)
class Targets:
    """What a user must not wait longer than (95th percentile, milliseconds)."""

    page_p95_ms: float = 500.0
    record_p95_ms: float = 1000.0
    # Applying a template writes SKPs for hundreds or thousands of holders at once.
    template_apply_ms: float = 60_000.0


@dataclass
class Scenario:
    name: str
    samples_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    target_ms: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else 0.0

    @property
    def p95(self) -> float:
        if not self.samples_ms:
            return 0.0
        ordered = sorted(self.samples_ms)  # nearest-rank percentile
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    @property
    def passed(self) -> bool:
        return bool(self.samples_ms) and (self.target_ms is None or self.p95 <= self.target_ms)


@dataclass
class BenchReport:
    employees: int
    seed_seconds: float
    seed_counts: dict[str, int]
    scenarios: list[Scenario]
    recompute_seconds: float
    recompute_plans: int
    peak_rss_mb: float
    bulk_import: ImportFigures | None = None

    @property
    def passed(self) -> bool:
        return all(s.passed for s in self.scenarios) and (
            self.bulk_import is None or self.bulk_import.status == "done"
        )


@dataclass
class ImportFigures:
    """One bulk import of a generated CSV file, run in a process of its own."""

    rows: int
    file_mb: float
    seconds: float
    peak_rss_mb: float
    status: str
    written: int
    unchanged: int

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@contextmanager
def _timed(scenario: Scenario) -> Iterator[None]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        yield
        scenario.samples_ms.append((time.perf_counter() - started) * 1000)
    scenario.queries.append(len(captured))


def _account(employee: Employee) -> User:
    if employee.user is None:
        raise RuntimeError(f"{employee} has no account; the seed gives every employee one")
    return employee.user


def _every(items: list[int], count: int) -> list[int]:
    """`count` ids spread evenly over `items` (deterministic, unlike random sampling)."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def bench_run(
    *,
    employees: int,
    instansi_code: str,
    samples: int,
    targets: Targets,
    say: Callable[[str], None],
    import_rows: int = 0,
) -> BenchReport:
    """Seed, measure every scenario, and return the figures."""
    seeded = seed_instansi(
        SeedOptions(
            employees=employees,
            instansi_code=instansi_code,
            instansi_name=f"Bench {instansi_code}",
            months=12,
            seed=1,
            password="bench-not-for-login",
            today=clock.today(),
        ),
        say=say,
    )
    instansi = Instansi.objects.get(code=instansi_code)
    hr = _hr_account(instansi)
    started = time.perf_counter()
    evaluations = seed_evaluations(instansi, today=clock.today(), hr=hr)
    _refresh_planner_statistics()
    seeded.counts.update(evaluations.counts)
    seeded.seconds += time.perf_counter() - started
    say(
        f"Evaluasi: {evaluations.counts['evaluasi']:,} "
        f"({time.perf_counter() - started:.1f} s); unit {evaluations.unit.name}: "
        f"{evaluations.subtree_final:,} evaluasi {evaluations.final_period.label}, "
        f"{evaluations.subtree_open:,} evaluasi {evaluations.open_period.label}"
    )
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    today = clock.today()
    staff_ids = list(
        Employee.objects.filter(instansi=instansi, user__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    leader_position_ids = Position.objects.filter(instansi=instansi, children__isnull=False).values(
        "pk"
    )
    leader_ids = list(
        Assignment.objects.filter(Assignment.active_on(today), position_id__in=leader_position_ids)
        .order_by("employee_id")
        .values_list("employee_id", flat=True)
        .distinct()
    )
    client = Client()
    mine = Scenario("Kinerja Saya", target_ms=targets.page_p95_ms)
    team = Scenario("Tim Saya", target_ms=targets.page_p95_ms)
    staff = Scenario("Pegawai (HR, page 1)", target_ms=targets.page_p95_ms)
    record = Scenario("Catat realisasi → capaian", target_ms=targets.record_p95_ms)
    skp = Scenario("SKP (pegawai)", target_ms=targets.page_p95_ms)
    inbox = Scenario("Persetujuan SKP (penilai)", target_ms=targets.page_p95_ms)
    cascade = Scenario("Matriks Peran Hasil (pimpinan)", target_ms=targets.page_p95_ms)
    late = Scenario("SKP Terlambat (HR, page 1)", target_ms=targets.page_p95_ms)
    page = targets.page_p95_ms
    rows_final, rows_open = evaluations.subtree_final, evaluations.subtree_open
    evaluation_scenarios = EvaluationScenarios(
        calibration=Scenario(f"Kalibrasi unit ({rows_open:,} evaluasi)", target_ms=page),
        recap=Scenario(f"Rekap evaluasi HTML ({rows_final:,} baris)", target_ms=page),
        recap_xlsx=Scenario(f"Rekap evaluasi XLSX ({rows_final:,} baris)", target_ms=page),
        document_pdf=Scenario("Dokumen Evaluasi PDF", target_ms=page),
        objections_atasan=Scenario("Keberatan (atasan penilai)", target_ms=page),
        objections_hr=Scenario("Keberatan (HR)", target_ms=page),
        departures=Scenario("Penyimpangan rating (HR)", target_ms=page),
        evaluate_head=Scenario("Evaluasi kepala unit (GET)", target_ms=page),
        finalise=Scenario("Finalkan satu evaluasi", target_ms=targets.record_p95_ms),
    )

    def get(url: str, scenario: Scenario) -> None:
        with _timed(scenario):
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    def post(url: str, data: dict[str, str], scenario: Scenario) -> None:
        with _timed(scenario):
            response = client.post(url, data)
        if response.status_code != 302:
            raise RuntimeError(f"POST {url} answered {response.status_code}, not a redirect")

    for employee in Employee.objects.filter(pk__in=_every(staff_ids, samples)).select_related(
        "user"
    ):
        client.force_login(_account(employee))
        get(reverse("dashboards:mine"), mine)
        plan_pk = PerformancePlan.objects.filter(employee=employee).values_list("pk", flat=True)
        get(reverse("plans:detail", args=[plan_pk.first()]), skp)
    for employee in Employee.objects.filter(pk__in=_every(leader_ids, samples)).select_related(
        "user"
    ):
        client.force_login(_account(employee))
        get(reverse("dashboards:team"), team)
        get(reverse("plans:inbox"), inbox)
        get(reverse("plans:cascade"), cascade)
    client.force_login(hr)
    for _ in range(samples):
        get(reverse("dashboards:staff"), staff)
        get(reverse("plans:late"), late)
    measure_evaluations(
        evaluations,
        evaluation_scenarios,
        client=client,
        hr=hr,
        samples=samples,
        today=today,
        get=get,
        post=post,
    )
    _measure_record(instansi, samples, record)
    apply = _measure_template_apply(instansi, hr, targets, staff_ids)

    started = time.perf_counter()
    plans = standing_recompute_year(year_id=instansi.years.get(year=today.year).pk)
    recompute_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bulk_import = _measure_import(instansi, hr, import_rows, say) if import_rows else None
    return BenchReport(
        employees=employees,
        seed_seconds=seeded.seconds,
        seed_counts=seeded.counts,
        scenarios=[
            mine,
            team,
            staff,
            record,
            skp,
            inbox,
            cascade,
            late,
            *evaluation_scenarios.all(),
            apply,
        ],
        recompute_seconds=recompute_seconds,
        recompute_plans=plans,
        peak_rss_mb=peak,
        bulk_import=bulk_import,
    )


def _hr_account(instansi: Instansi) -> User:
    from kinerja.accounts.models import Role
    from kinerja.organisation.services import role_grant

    user, _created = User.objects.get_or_create(username=f"bench-hr-{instansi.code}")
    role_grant(user=user, instansi=instansi, role=Role.HR_ADMIN)
    return user


def _measure_template_apply(
    instansi: Instansi, hr: User, targets: Targets, staff_ids: list[int]
) -> Scenario:
    """One template with two IKIs applied to every holder of the most common position.

    Applied to next year, as planning in December does: every holder gets a new
    draft SKP (this year's seeded SKPs are approved, so they would be skipped).
    """
    today = clock.today()
    # The seed gives every employee a post of their own; teachers share one. Put a
    # fifth of the staff (at most 1,000) on one shared post, as a school service does.
    staff = list(
        Employee.objects.filter(instansi=instansi).order_by("-pk").values_list("pk", flat=True)
    )[: max(1, min(1000, len(staff_ids) // 5))]
    anchor = Position.objects.filter(instansi=instansi, parent__isnull=False).order_by("pk").first()
    if anchor is None:
        raise RuntimeError("the seeded instansi has no position under a superior")
    position = Position.objects.create(
        instansi=instansi,
        unit=anchor.unit,
        parent=anchor.parent,
        name="Guru Ahli Pertama (bench)",
        kind="fungsional",
    )
    Assignment.objects.bulk_create(
        Assignment(employee_id=pk, position=position, start=dt.date(today.year, 1, 1))
        for pk in staff
    )
    holders = len(staff)
    scenario = Scenario(
        f"Terapkan template ({holders} pemegang)", target_ms=targets.template_apply_ms
    )
    template = template_create(position=position, name="Bench", actor=hr)
    result = template_result_add(template=template, text="Layanan terlaksana")
    for name, weight in (("Layanan terlaksana tepat waktu", "50"), ("Kepuasan penerima", "50")):
        template_indicator_add(
            result=result,
            name=name,
            unit_of_measure="%",
            polarity="higher_better",
            aggregation="mean",
            target_value=Decimal(90),
            weight=Decimal(weight),
        )
    next_year = appraisal_year_create(instansi=instansi, year=today.year + 1)
    with _timed(scenario):
        outcome = template_apply(template=template, year=next_year, actor=hr)
    if len(outcome.created) != holders:
        raise RuntimeError(f"the template reached {len(outcome.created)} of {holders} holders")
    return scenario


def _measure_record(instansi: Instansi, samples: int, scenario: Scenario) -> None:
    """Re-record existing monthly values: the live path of every new realisasi."""
    indicator_ids = list(
        PlanIndicator.objects.filter(result__plan__employee__instansi=instansi)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for indicator in PlanIndicator.objects.filter(
        pk__in=_every(indicator_ids, samples)
    ).select_related("result__plan__year", "result__plan__employee__user"):
        month = Period.objects.get(year=indicator.result.plan.year, kind=PeriodKind.MONTH, number=1)
        current = Measurement.objects.filter(
            plan_indicator=indicator, period=month, superseded_at__isnull=True
        ).first()
        parts: dict[str, Decimal | None] = (
            {"numerator": current.numerator, "denominator": current.denominator}
            if current is not None and indicator.is_ratio
            else {"value": current.value if current is not None else Decimal(1)}
        )
        if indicator.is_ratio and current is None:
            parts = {"numerator": Decimal(9), "denominator": Decimal(10)}
        with _timed(scenario):
            measurement_record(
                user=_account(indicator.result.plan.employee),
                plan_indicator=indicator,
                period=month,
                note="bench",
                **parts,  # type: ignore[arg-type]
            )


def import_rows_write(instansi: Instansi, rows: int, path: str) -> int:
    """Write a CSV of `rows` realisasi rows (every IKI, month by month) for the instansi.

    Each (IKI, month) appears once, as a valid file must; the values differ from
    the seeded ones, so every row is a new version (the import's heaviest case).
    Returns the rows written, fewer than asked when the instansi has too few IKIs.
    """
    from kinerja.imports.columns import NAMES

    written = 0
    indicators = (
        PlanIndicator.objects.filter(
            result__plan__employee__instansi=instansi, indicator__isnull=False
        )
        .select_related("result__plan__year", "result__plan__employee", "indicator")
        .order_by("pk")
    )
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(NAMES)
        for iki in indicators.iterator(chunk_size=2000):
            plan = iki.result.plan
            for month in plan_months(plan):
                if written >= rows:
                    return written
                amount = 3 + (iki.pk + month) % 7
                parts = (
                    ["", str(amount * 9), str(amount * 10)]
                    if iki.is_ratio
                    else [f"{amount},5", "", ""]
                )
                writer.writerow(
                    [
                        plan.employee.nip,
                        "",
                        iki.indicator.code if iki.indicator else "",
                        iki.pk,
                        "",
                        "",
                        plan.year.year,
                        month,
                        *parts,
                        "bench",
                        "bench",
                    ]
                )
                written += 1
    return written


def _measure_import(
    instansi: Instansi, hr: User, rows: int, say: Callable[[str], None]
) -> ImportFigures:
    """Generate a CSV of `rows` rows, upload it, and run it in a child process.

    The child (`kinerja import_run`) is a fresh interpreter, so its peak resident
    memory is the import's own, not the seeding's of this process.
    """
    from django.core.files.uploadedfile import UploadedFile

    from kinerja.imports.services import import_batch_create

    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as folder:
        path = os.path.join(folder, "realisasi.csv")
        generated = import_rows_write(instansi, rows, path)
        if generated < rows:
            raise RuntimeError(
                f"the instansi has IKI-months for {generated:,} rows only; raise --employees"
            )
        size = os.path.getsize(path)
        say(f"Import: {generated:,} rows, {size / 1e6:,.1f} MB CSV")
        with open(path, "rb") as handle:
            upload = UploadedFile(handle, name="bench-realisasi.csv", size=size)
            batch = import_batch_create(user=hr, instansi=instansi, upload=upload, mode="all")
        if batch.batch is None:
            raise RuntimeError("the generated file was imported before; purge the instansi")
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
        [sys.executable, "-m", "kinerja", "import_run", str(batch.batch.pk)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    _pid, _status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
    process.returncode = os.waitstatus_to_exitcode(_status)
    result = batch.batch
    result.refresh_from_db()
    say(f"Import: {output.strip()[:300]}")
    return ImportFigures(
        rows=generated,
        file_mb=size / 1e6,
        seconds=seconds,
        peak_rss_mb=usage.ru_maxrss / 1024,
        status=result.status,
        written=result.rows_written,
        unchanged=result.rows_unchanged,
    )


def import_purge(instansi_code: str) -> None:
    """Remove the bench's import batches, which instansi_purge does not know (yet)."""
    from kinerja.core.models import BackgroundJob
    from kinerja.measurements.models import ImportBatch

    batches = ImportBatch.objects.filter(instansi__code=instansi_code)
    Measurement.objects.filter(import_batch__in=batches).delete()
    for batch in batches:
        batch.file.delete(save=False)
    job_ids = list(batches.values_list("job_id", flat=True))
    batches.delete()
    BackgroundJob.objects.filter(pk__in=[j for j in job_ids if j is not None]).delete()


def report_lines(report: BenchReport) -> list[str]:
    """The report as printed by the command and pasted into closing notes."""
    lines = [
        f"Employees: {report.employees:,} · seed {report.seed_seconds:.1f} s · "
        + ", ".join(f"{k} {v:,}" for k, v in report.seed_counts.items()),
        f"{'scenario':36} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'target':>8} "
        f"{'queries':>8}  result",
    ]
    for s in report.scenarios:
        target = f"{s.target_ms:.0f}" if s.target_ms is not None else "–"
        queries = f"{min(s.queries)}-{max(s.queries)}" if s.queries else "–"
        lines.append(
            f"{s.name:36} {len(s.samples_ms):>4} {s.median:>10.1f} {s.p95:>8.1f} {target:>8} "
            f"{queries:>8}  {'ok' if s.passed else 'MISSED'}"
        )
    rate = report.recompute_plans / report.recompute_seconds if report.recompute_seconds else 0
    lines.append(
        f"Full recompute: {report.recompute_plans:,} SKP in {report.recompute_seconds:.1f} s "
        f"({rate:,.0f} SKP/s) · peak memory {report.peak_rss_mb:,.0f} MB"
    )
    if report.bulk_import is not None:
        imported = report.bulk_import
        lines.append(
            f"Bulk import: {imported.rows:,} rows ({imported.file_mb:,.1f} MB CSV) in "
            f"{imported.seconds:.1f} s ({imported.rows_per_second:,.0f} rows/s) · "
            f"{imported.written:,} written, {imported.unchanged:,} unchanged · "
            f"peak memory of the import process {imported.peak_rss_mb:,.0f} MB · "
            f"{'ok' if imported.status == 'done' else imported.status.upper()}"
        )
    return lines
