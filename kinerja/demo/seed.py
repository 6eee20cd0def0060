"""Generate a government of any size for load tests (`kinerja seed --employees N`).

The shape is the demo's: OPD → bidang → seksi or UPT → staff, SKPs cascaded
along the reporting line, about eight IKIs per SKP and monthly realisasi. The
writing is not: rows go in with bulk inserts (no per-row services, no per-row
validation), NIPs and usernames are precomputed, and every account shares one
password hash. Generation streams one OPD at a time with the staff in chunks,
so memory stays bounded whatever N. Scores are then computed by the
measurements service, exactly as for real data.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.cycles.models import AppraisalYear, Period, PeriodKind
from kinerja.cycles.services import appraisal_year_create
from kinerja.demo.bulk import RowWriter
from kinerja.demo.content import (
    CATALOGUE,
    EXPECTATIONS,
    SUM,
    draw_profile,
    percent_weights,
    realisasi,
    recorded_at,
    reported_months,
)
from kinerja.demo.people import AGE_BY_KIND, Nips, Usernames, draw_name, rank_for
from kinerja.indicators.models import Indicator
from kinerja.measurements.models import Measurement
from kinerja.measurements.services import standing_recompute_year
from kinerja.organisation.models import Assignment, Employee, Instansi, Position, Unit
from kinerja.plans.models import (
    BehaviourExpectation,
    CoreValue,
    PerformancePlan,
    PlanIndicator,
    PlannedResult,
)

BATCH = 5000
# People written per round trip of the pipeline (positions → ... → realisasi).
PEOPLE_CHUNK = 1000
# Staff per seksi/UPT, on average.
TEAM_SIZE = 20
COMMON_INDICATORS = ("realisasi-anggaran", "laporan-tepat-waktu")
# Counts add up along the hierarchy, so a leader's count target is a multiple of staff's.
SUM_SCALE = {"jpt": 30.0, "administrator": 10.0, "pengawas": 4.0}
DENOMINATOR_SCALE = {"jpt": 6.0, "administrator": 4.0, "pengawas": 2.5}
# Titles of the middle managers follow the field of the head of the OPD.
STAFF_PERSONA = {"pimpinan_pendidikan": "pendidikan", "pimpinan_kesehatan": "kesehatan"}


@dataclass(frozen=True)
class OpdTemplate:
    """One kind of OPD: its bidang, its seksi or UPTs, its staff posts and indicators.

    `aims` name the first three results the OPD pursues; every SKP has one RHK
    per aim plus one for budget and reporting, each with two IKIs, the first
    two from `indicators`, and so on.
    """

    code: str
    name: str
    weight: float
    leader_persona: str
    bidang: tuple[str, ...]
    sections: tuple[str, ...]
    staff: tuple[tuple[str, str, str], ...]
    aims: tuple[str, str, str]
    indicators: tuple[str, str, str, str, str, str]
    upt: bool = False


_GENERIC_STAFF = (
    ("Analis Kebijakan Ahli Pertama", "fungsional", "umum"),
    ("Pengelola Data dan Informasi", "pelaksana", "umum"),
    ("Penata Laporan Keuangan", "pelaksana", "umum"),
    ("Pengadministrasi Perkantoran", "pelaksana", "umum"),
)
_GENERIC_INDICATORS = (
    "layanan-diselesaikan",
    "waktu-layanan",
    "kegiatan-teknis",
    "dokumen-perencanaan",
    "ikm-layanan",
    "tindak-lanjut-temuan",
)


def _generic(code: str, name: str, weight: float, aims: tuple[str, str, str]) -> OpdTemplate:
    return OpdTemplate(
        code=code,
        name=name,
        weight=weight,
        leader_persona="pimpinan",
        bidang=("Sekretariat", "Bidang Program", "Bidang Pelayanan", "Bidang Pengendalian"),
        sections=(
            "Subbagian Umum dan Kepegawaian",
            "Seksi Perencanaan",
            "Seksi Pelayanan",
            "Seksi Pengendalian dan Evaluasi",
        ),
        staff=_GENERIC_STAFF,
        aims=aims,
        indicators=_GENERIC_INDICATORS,
    )


OPD_TEMPLATES: tuple[OpdTemplate, ...] = (
    OpdTemplate(
        code="disdik",
        name="Dinas Pendidikan",
        weight=38,
        leader_persona="pimpinan_pendidikan",
        bidang=(
            "Bidang Pembinaan SMA",
            "Bidang Pembinaan SMK",
            "Bidang Pendidikan Khusus",
            "Bidang Ketenagaan",
        ),
        sections=("SMA Negeri", "SMK Negeri", "SLB Negeri", "SMA Negeri"),
        staff=(
            ("Guru Ahli Pertama", "fungsional", "guru"),
            ("Guru Ahli Muda", "fungsional", "guru"),
            ("Guru Ahli Madya", "fungsional", "guru"),
            ("Tenaga Administrasi Sekolah", "pelaksana", "umum"),
        ),
        aims=("mutu pembelajaran", "layanan pendidikan", "kepuasan masyarakat"),
        indicators=(
            "nilai-belajar",
            "program-pendidikan",
            "supervisi-sekolah",
            "kegiatan-teknis",
            "ikm-pendidikan",
            "tindak-lanjut-temuan",
        ),
        upt=True,
    ),
    OpdTemplate(
        code="rsud",
        name="Rumah Sakit Umum Daerah",
        weight=12,
        leader_persona="pimpinan_kesehatan",
        bidang=("Bidang Pelayanan Medik", "Bidang Keperawatan", "Bidang Penunjang"),
        sections=(
            "Instalasi Rawat Jalan",
            "Instalasi Rawat Inap",
            "Instalasi Gawat Darurat",
            "Instalasi Farmasi",
        ),
        staff=(
            ("Perawat Ahli Pertama", "fungsional", "perawat"),
            ("Perawat Terampil", "fungsional", "perawat_terampil"),
            ("Bidan Ahli Pertama", "fungsional", "bidan"),
            ("Apoteker Ahli Pertama", "fungsional", "apoteker"),
        ),
        aims=("mutu pelayanan rujukan", "kepuasan pasien", "kompetensi tenaga kesehatan"),
        indicators=(
            "waktu-tunggu-rajal",
            "layanan-diselesaikan",
            "ikm-pasien",
            "tindak-lanjut-temuan",
            "nakes-dilatih",
            "kegiatan-teknis",
        ),
    ),
    OpdTemplate(
        code="dinkes",
        name="Dinas Kesehatan",
        weight=6,
        leader_persona="pimpinan_kesehatan",
        bidang=(
            "Bidang Kesehatan Masyarakat",
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "Bidang Pelayanan Kesehatan",
            "Bidang Sumber Daya Kesehatan",
        ),
        sections=(
            "Seksi Surveilans dan Imunisasi",
            "Seksi Kesehatan Keluarga dan Gizi",
            "Seksi Pelayanan Kesehatan Primer",
            "Seksi Kefarmasian dan Alat Kesehatan",
        ),
        staff=(
            ("Epidemiolog Kesehatan Ahli Pertama", "fungsional", "epidemiolog"),
            ("Administrator Kesehatan Ahli Pertama", "fungsional", "kesehatan"),
            ("Pengelola Program Imunisasi", "pelaksana", "kesehatan"),
            ("Apoteker Ahli Pertama", "fungsional", "apoteker"),
        ),
        aims=("cakupan imunisasi", "mutu fasilitas kesehatan", "sumber daya kesehatan"),
        indicators=(
            "imunisasi-dasar-lengkap",
            "posyandu-didampingi",
            "pembinaan-fasyankes",
            "ikm-pasien",
            "nakes-dilatih",
            "pembinaan-farmasi",
        ),
    ),
    OpdTemplate(
        code="pupr",
        name="Dinas Pekerjaan Umum dan Penataan Ruang",
        weight=5,
        leader_persona="pimpinan",
        bidang=("Sekretariat", "Bidang Bina Marga", "Bidang Sumber Daya Air", "Bidang Tata Ruang"),
        sections=(
            "Seksi Pembangunan Jalan",
            "Seksi Preservasi Jalan",
            "Seksi Irigasi",
            "Seksi Pemanfaatan Ruang",
        ),
        staff=(
            ("Teknik Jalan dan Jembatan Ahli Pertama", "fungsional", "teknik"),
            ("Pengawas Lapangan", "pelaksana", "teknik"),
            ("Penata Ruang Ahli Pertama", "fungsional", "teknik"),
            ("Pengadministrasi Perkantoran", "pelaksana", "umum"),
        ),
        aims=("kemantapan jalan provinsi", "layanan infrastruktur", "tertib tata ruang"),
        indicators=(
            "jalan-ditingkatkan",
            "kegiatan-teknis",
            "layanan-diselesaikan",
            "waktu-layanan",
            "ikm-layanan",
            "tindak-lanjut-temuan",
        ),
    ),
    _generic(
        "bappeda",
        "Badan Perencanaan Pembangunan Daerah",
        2,
        ("kualitas perencanaan pembangunan", "pengendalian pembangunan", "layanan data"),
    ),
    _generic(
        "bpkad",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        3,
        ("tata kelola keuangan daerah", "pengelolaan aset", "layanan perbendaharaan"),
    ),
    _generic(
        "bkpsdm",
        "Badan Kepegawaian dan Pengembangan SDM",
        2,
        ("layanan kepegawaian", "kompetensi aparatur", "tertib administrasi kepegawaian"),
    ),
    _generic(
        "dinsos",
        "Dinas Sosial",
        2,
        ("perlindungan sosial", "rehabilitasi sosial", "pemberdayaan sosial"),
    ),
    _generic(
        "dishub",
        "Dinas Perhubungan",
        3,
        ("keselamatan transportasi", "layanan angkutan", "pengujian kendaraan"),
    ),
    _generic(
        "satpolpp",
        "Satuan Polisi Pamong Praja",
        4,
        ("ketertiban umum", "penegakan peraturan daerah", "perlindungan masyarakat"),
    ),
    _generic(
        "dpmptsp",
        "Dinas Penanaman Modal dan PTSP",
        2,
        ("layanan perizinan", "iklim investasi", "pengaduan perizinan"),
    ),
    _generic(
        "distan",
        "Dinas Tanaman Pangan dan Hortikultura",
        4,
        ("produksi pangan", "penyuluhan pertanian", "perlindungan tanaman"),
    ),
    _generic(
        "dlh",
        "Dinas Lingkungan Hidup",
        2,
        ("kualitas lingkungan hidup", "pengelolaan sampah", "pengawasan lingkungan"),
    ),
    _generic(
        "diskominfo",
        "Dinas Komunikasi dan Informatika",
        2,
        ("layanan informasi publik", "pemerintahan berbasis elektronik", "keamanan informasi"),
    ),
    _generic(
        "bpbd",
        "Badan Penanggulangan Bencana Daerah",
        2,
        ("kesiapsiagaan bencana", "penanganan darurat", "rehabilitasi pascabencana"),
    ),
    _generic(
        "inspektorat",
        "Inspektorat",
        2,
        ("kualitas pengawasan", "tindak lanjut pemeriksaan", "pencegahan korupsi"),
    ),
    _generic(
        "disbun",
        "Dinas Perkebunan",
        3,
        ("produktivitas perkebunan", "pembinaan pekebun", "perlindungan perkebunan"),
    ),
    _generic(
        "dkp",
        "Dinas Kelautan dan Perikanan",
        2,
        ("produksi perikanan", "pengawasan sumber daya kelautan", "pemberdayaan nelayan"),
    ),
    _generic(
        "dispora",
        "Dinas Pemuda dan Olahraga",
        1,
        ("prestasi olahraga", "kepemudaan", "sarana olahraga"),
    ),
    _generic(
        "disnakertrans",
        "Dinas Tenaga Kerja dan Transmigrasi",
        2,
        ("penempatan tenaga kerja", "pelatihan kerja", "hubungan industrial"),
    ),
)


@dataclass(frozen=True)
class SeedOptions:
    employees: int
    instansi_code: str
    instansi_name: str
    months: int
    seed: int
    password: str
    today: dt.date


@dataclass
class SeedResult:
    """Row counts and seconds spent per stage."""

    counts: dict[str, int] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class _Seat:
    """A post to fill: where it sits and which RHKs of the superior it supports."""

    unit_id: int
    unit_name: str
    parent_position_id: int | None
    supports: list[int] | None
    title: str
    kind: str
    persona: str
    heads_unit: bool


@dataclass
class _Filled:
    position_id: int
    result_ids: list[int]


def opd_sizes(total: int) -> list[tuple[OpdTemplate, int]]:
    """Spread `total` employees over OPDs by weight (one OPD per ~300 people, at most all)."""
    count = max(1, min(len(OPD_TEMPLATES), total // 300))
    chosen = OPD_TEMPLATES[:count]
    weight = sum(t.weight for t in chosen)
    sizes = [max(1, math.floor(total * t.weight / weight)) for t in chosen]
    sizes[0] += total - sum(sizes)  # the remainder goes to the largest OPD
    return list(zip(chosen, sizes, strict=True))


def opd_shape(size: int, template: OpdTemplate) -> tuple[int, int, int]:
    """(bidang, seksi/UPT, staff) for an OPD of `size` people, the head included."""
    rest = size - 1
    bidang = min(len(template.bidang), max(1, math.ceil(size / 150)), rest)
    rest -= bidang
    sections = min(rest, max(bidang, round(rest / (TEAM_SIZE + 1)))) if rest else 0
    return bidang, sections, rest - sections


def seed_instansi(options: SeedOptions, *, say: Callable[[str], None]) -> SeedResult:
    """Create the instansi and fill it; see the module docstring."""
    started = time.perf_counter()
    seeder = _Seeder(options)
    sizes = opd_sizes(options.employees)
    for number, (template, size) in enumerate(sizes, start=1):
        opd_started = time.perf_counter()
        before = seeder.counts.get("realisasi", 0)
        # One transaction per OPD: all-or-nothing per OPD, while keeping PostgreSQL's
        # queue of deferred foreign-key checks (one entry per inserted row) short.
        with transaction.atomic():
            seeder.opd(template, size)
            body_done = time.perf_counter()
        # PostgreSQL checks the deferred foreign keys of every inserted row here.
        seeder.stages["commit"] = seeder.stages.get("commit", 0.0) + (
            time.perf_counter() - body_done
        )
        say(
            f"[{number}/{len(sizes)}] {template.name}: {size} employees, "
            f"{seeder.counts.get('realisasi', 0) - before} realisasi "
            f"({time.perf_counter() - opd_started:.1f} s)"
        )
    with seeder.stage("standings"):

        def progress(done: int, total: int) -> None:
            if done == total or done % 10_000 == 0:
                say(f"  standings: {done}/{total} SKP")

        standing_recompute_year(year_id=seeder.year.pk, progress=progress)
    with seeder.stage("analyze"):
        _refresh_planner_statistics()
    seeder.stages["total"] = time.perf_counter() - started
    return SeedResult(
        counts=dict(seeder.counts), stages=dict(seeder.stages), seconds=seeder.stages["total"]
    )


def _refresh_planner_statistics() -> None:
    """Let PostgreSQL see the rows just written, as a bulk load must.

    Autovacuum analyses a table only some time after it grew; until then the
    planner may take the fresh tables for empty and choose nested loops over
    hundreds of thousands of rows.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class _Seeder:
    """Writes one instansi; keeps the stage timers and row counters."""

    def __init__(self, options: SeedOptions) -> None:
        self.options = options
        self.rng = Random(options.seed)  # noqa: S311 (reproducible made-up data)
        self.today = options.today
        self.stages: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        with self.stage("setup"):
            self.password = make_password(options.password)
            self.usernames = Usernames(User.objects.values_list("username", flat=True))
            self.nips = Nips(
                self.rng, today=self.today, taken=Employee.objects.values_list("nip", flat=True)
            )
            self.instansi = Instansi.objects.create(
                code=options.instansi_code, name=options.instansi_name
            )
            self.year: AppraisalYear = appraisal_year_create(
                instansi=self.instansi, year=self.today.year
            )
            self.periods = {
                p.number: p.pk for p in Period.objects.filter(year=self.year, kind=PeriodKind.MONTH)
            }
            codes = {c for t in OPD_TEMPLATES for c in t.indicators} | set(COMMON_INDICATORS)
            self.catalogue = {
                i.code: i
                for i in Indicator.objects.bulk_create(
                    Indicator(
                        instansi=self.instansi,
                        code=code,
                        name=CATALOGUE[code].name,
                        description=CATALOGUE[code].description,
                        unit_of_measure=CATALOGUE[code].unit,
                        polarity=CATALOGUE[code].polarity,
                        aggregation=CATALOGUE[code].aggregation,
                        numerator_label=CATALOGUE[code].numerator_label,
                        denominator_label=CATALOGUE[code].denominator_label,
                        source_kind=CATALOGUE[code].sources[0],
                    )
                    for code in sorted(codes)
                )
            }
            admin, _created = User.objects.get_or_create(
                username=f"bkpsdm.{options.instansi_code}"[:150],
                defaults={"first_name": f"Admin BKPSDM {options.instansi_name}"[:150]},
            )
            admin.password = self.password
            admin.save(update_fields=["password"])
            RoleGrant.objects.get_or_create(user=admin, instansi=self.instansi, role=Role.HR_ADMIN)
        self.codes = {i.pk: code for code, i in self.catalogue.items()}
        self.last_month = min(options.months, 12)
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()
        self.measurement_rows = RowWriter(
            Measurement,
            (
                "plan_indicator_id",
                "period_id",
                "value",
                "numerator",
                "denominator",
                "source",
                "recorded_by_id",
                "recorded_at",
            ),
            batch_size=BATCH,
        )
        self.expectation_rows = RowWriter(
            BehaviourExpectation, ("plan_id", "value", "expectation"), batch_size=BATCH
        )

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started

    def count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    # The organisation ------------------------------------------------------

    def opd(self, template: OpdTemplate, size: int) -> None:
        """Write one OPD: the head, the bidang, then seksi/UPT teams a chunk at a time."""
        n_bidang, n_sections, n_staff = opd_shape(size, template)
        prefix = template.code
        persona = STAFF_PERSONA.get(template.leader_persona, "umum")
        opd_unit = self._units([(prefix, template.name, "opd", None)])[0]
        seat = _Seat(
            unit_id=opd_unit.pk,
            unit_name=opd_unit.name,
            parent_position_id=None,
            supports=None,
            title=f"Kepala {template.name}",
            kind="jpt",
            persona=template.leader_persona,
            heads_unit=True,
        )
        head = self._fill([seat], template)[0]
        bidang_units = self._units(
            [
                (f"{prefix}-b{i + 1}", template.bidang[i], "bidang", opd_unit.pk)
                for i in range(n_bidang)
            ]
        )
        chiefs = self._fill(
            [
                _Seat(
                    unit_id=u.pk,
                    unit_name=u.name,
                    parent_position_id=head.position_id,
                    supports=head.result_ids,
                    title=_head_title(u.name),
                    kind="administrator",
                    persona=persona,
                    heads_unit=True,
                )
                for u in bidang_units
            ],
            template,
        )
        numbers: dict[str, int] = {}

        def section_name(i: int) -> str:
            base = template.sections[i % len(template.sections)]
            numbers[base] = n = numbers.get(base, 0) + 1
            if template.upt:
                return f"UPT {base} {n}"
            return base if n == 1 else f"{base} {n}"

        teams_per_chunk = max(1, PEOPLE_CHUNK // (TEAM_SIZE + 1))
        staff_left = n_staff
        for first in range(0, n_sections, teams_per_chunk):
            indices = list(range(first, min(n_sections, first + teams_per_chunk)))
            units = self._units(
                [
                    (
                        f"{prefix}-s{i + 1}",
                        section_name(i),
                        "upt" if template.upt else "seksi",
                        bidang_units[i % n_bidang].pk,
                    )
                    for i in indices
                ]
            )
            heads = self._fill(
                [
                    _Seat(
                        unit_id=u.pk,
                        unit_name=u.name,
                        parent_position_id=chiefs[i % n_bidang].position_id,
                        supports=chiefs[i % n_bidang].result_ids,
                        title=_head_title(u.name),
                        kind="pengawas",
                        persona="guru" if template.upt else persona,
                        heads_unit=True,
                    )
                    for u, i in zip(units, indices, strict=True)
                ],
                template,
            )
            seats = []
            for unit, team_head, i in zip(units, heads, indices, strict=True):
                # Spread the staff evenly over the teams still to come.
                team = staff_left // (n_sections - i)
                staff_left -= team
                for _ in range(team):
                    title, kind, staff_persona = self.rng.choice(template.staff)
                    seats.append(
                        _Seat(
                            unit_id=unit.pk,
                            unit_name=unit.name,
                            parent_position_id=team_head.position_id,
                            supports=team_head.result_ids,
                            title=title,
                            kind=kind,
                            persona=staff_persona,
                            heads_unit=False,
                        )
                    )
            for start in range(0, len(seats), PEOPLE_CHUNK):
                self._fill(seats[start : start + PEOPLE_CHUNK], template)

    def _units(self, rows: list[tuple[str, str, str, int | None]]) -> list[Unit]:
        with self.stage("organisation"):
            units: list[Unit] = Unit.objects.bulk_create(
                [
                    Unit(instansi=self.instansi, code=code, name=name, kind=kind, parent_id=parent)
                    for code, name, kind, parent in rows
                ],
                batch_size=BATCH,
            )
        self.count("unit", len(units))
        return units

    # People, SKPs and realisasi ------------------------------------------

    def _fill(self, seats: list[_Seat], template: OpdTemplate) -> list[_Filled]:
        """Write positions, people, SKPs and realisasi for `seats`, in bulk."""
        if not seats:
            return []
        rng = self.rng
        jan1 = dt.date(self.year.year, 1, 1)
        with self.stage("organisation"):
            positions = Position.objects.bulk_create(
                [
                    Position(
                        instansi=self.instansi,
                        unit_id=s.unit_id,
                        name=s.title,
                        kind=s.kind,
                        parent_id=s.parent_position_id,
                        heads_unit=s.heads_unit,
                    )
                    for s in seats
                ],
                batch_size=BATCH,
            )
        with self.stage("employees"):
            people = []
            for seat in seats:
                name = draw_name(rng, persona=seat.persona)
                pppk = seat.kind in ("pelaksana", "fungsional") and rng.random() < 0.15
                low, high = AGE_BY_KIND[seat.kind]
                identity = self.nips.make(sex=name.sex, min_age=low, max_age=high, pppk=pppk)
                people.append((name, identity, rank_for(seat.kind, identity, self.today, rng)))
            users = User.objects.bulk_create(
                [
                    User(
                        username=self.usernames.make(name.bare),
                        first_name=name.display[:150],
                        password=self.password,
                    )
                    for name, _identity, _rank in people
                ],
                batch_size=BATCH,
            )
            employees = Employee.objects.bulk_create(
                [
                    Employee(
                        instansi=self.instansi,
                        nip=identity.nip,
                        name=name.display,
                        rank=rank,
                        status=Employee.Status.PPPK if identity.pppk else Employee.Status.PNS,
                        user_id=user.pk,
                    )
                    for (name, identity, rank), user in zip(people, users, strict=True)
                ],
                batch_size=BATCH,
            )
            Assignment.objects.bulk_create(
                [
                    Assignment(employee_id=e.pk, position_id=p.pk, start=jan1)
                    for e, p in zip(employees, positions, strict=True)
                ],
                batch_size=BATCH,
            )
        self.count("pegawai", len(employees))
        with self.stage("plans"):
            plans = PerformancePlan.objects.bulk_create(
                [
                    PerformancePlan(
                        employee_id=e.pk,
                        position_id=p.pk,
                        year=self.year,
                        start=jan1,
                        end=dt.date(self.year.year, 12, 31),
                        status=PerformancePlan.Status.APPROVED,
                    )
                    for e, p in zip(employees, positions, strict=True)
                ],
                batch_size=BATCH,
            )
            self._expectations(plans)
            results = PlannedResult.objects.bulk_create(
                [
                    PlannedResult(
                        plan_id=plan.pk,
                        supports_id=seat.supports[i] if seat.supports else None,
                        kind="tambahan" if i == 3 and not seat.heads_unit else "utama",
                        text=_rhk_text(template, seat, i),
                        order=i,
                    )
                    for plan, seat in zip(plans, seats, strict=True)
                    for i in range(4)
                ],
                batch_size=BATCH,
            )
            # Every SKP has the same shape: 4 RHKs of 2 IKIs, so one set of percentages.
            percents = iter(
                percent_weights([w for rhk in range(4) for _code, w in _ikis(template, rhk)])
                * len(plans)
            )
            indicators = PlanIndicator.objects.bulk_create(
                [
                    self._indicator(result, code, seat.kind, next(percents))
                    for index, result in enumerate(results)
                    for seat in (seats[index // 4],)
                    for code, _weight in _ikis(template, index % 4)
                ],
                batch_size=BATCH,
            )
        self.count("skp", len(plans))
        self.count("iki", len(indicators))
        with self.stage("realisasi"):
            self._realisasi(indicators, seats, users)
        return [
            _Filled(p.pk, [r.pk for r in results[4 * n : 4 * n + 4]])
            for n, p in enumerate(positions)
        ]

    def _expectations(self, plans: list[PerformancePlan]) -> None:
        """Seven BerAKHLAK rows per SKP, as plan_create makes; some with a text."""
        for plan in plans:
            chosen: set[str] = set()
            if self.rng.random() < 0.3:
                chosen = set(self.rng.sample(list(CoreValue.values), 2))
            for value in CoreValue.values:
                text = self.rng.choice(EXPECTATIONS[value]) if value in chosen else ""
                self.expectation_rows.add((plan.pk, value, text))
        self.expectation_rows.flush()

    def _indicator(
        self, result: PlannedResult, code: str, kind: str, weight: Decimal
    ) -> PlanIndicator:
        spec = CATALOGUE[code]
        target = spec.target * (SUM_SCALE.get(kind, 1.0) if spec.aggregation == SUM else 1.0)
        catalogue = self.catalogue[code]
        return PlanIndicator(
            result_id=result.pk,
            indicator=catalogue,
            name=catalogue.name,
            aspect=spec.aspect,
            unit_of_measure=spec.unit,
            polarity=spec.polarity,
            range_polarity=catalogue.range_polarity,
            aggregation=spec.aggregation,
            target_value=Decimal(str(target)),
            weight=weight,
        )

    def _realisasi(
        self, indicators: list[PlanIndicator], seats: list[_Seat], users: list[User]
    ) -> None:
        rng = self.rng
        writer = self.measurement_rows
        before = writer.written
        per_plan = len(indicators) // len(seats)
        for n, seat in enumerate(seats):
            _profile, factor = draw_profile(rng, leader=seat.heads_unit)
            months = reported_months(rng, self.last_month)
            # One sitting per person and month: every IKI of that month shares the time.
            stamps = {m: writer.adapt_datetime(self._recorded_at(m)) for m in months}
            user_id = users[n].pk
            scale = DENOMINATOR_SCALE.get(seat.kind, 1.0)
            for indicator in indicators[n * per_plan : (n + 1) * per_plan]:
                spec = CATALOGUE[self.codes[indicator.indicator_id or 0]]
                denominator = None
                if spec.denominator[1]:
                    denominator = round(rng.randint(*spec.denominator) * scale)
                rows = realisasi(
                    spec,
                    float(indicator.target_value or 0),
                    factor * rng.uniform(0.97, 1.03),
                    months,
                    rng,
                    denominator=denominator,
                )
                source = spec.sources[n % len(spec.sources)]
                for month, value, num, den in rows:
                    writer.add(
                        (
                            indicator.pk,
                            self.periods[month],
                            value,
                            num,
                            den,
                            source,
                            user_id,
                            stamps[month],
                        )
                    )
        writer.flush()
        self.count("realisasi", writer.written - before)

    def _recorded_at(self, month: int) -> dt.datetime:
        stamp = recorded_at(self.year.year, month, self.rng).replace(tzinfo=self.tz)
        return min(stamp, self.now)


def _head_title(unit_name: str) -> str:
    """'Bidang Bina Marga' → 'Kepala Bidang Bina Marga'; 'UPT SMA Negeri 3' → 'Kepala SMA …'."""
    if unit_name == "Sekretariat":
        return "Sekretaris"
    return f"Kepala {unit_name.removeprefix('UPT ')}"


def _ikis(template: OpdTemplate, rhk: int) -> tuple[tuple[str, int], ...]:
    """The two IKIs (code, relative weight) of RHK number `rhk`; the first RHK weighs double.

    Stored as percentages of the SKP (percent_weights)."""
    if rhk == 3:
        return ((COMMON_INDICATORS[0], 1), (COMMON_INDICATORS[1], 1))
    weight = 2 if rhk == 0 else 1
    return ((template.indicators[2 * rhk], weight), (template.indicators[2 * rhk + 1], weight))


def _rhk_text(template: OpdTemplate, seat: _Seat, rhk: int) -> str:
    aim = template.aims[rhk] if rhk < 3 else "akuntabilitas kinerja dan anggaran"
    if seat.kind == "jpt":
        return f"Meningkatnya {aim} {template.name}"
    if seat.kind == "administrator":
        return f"Meningkatnya {aim} di {seat.unit_name}"
    if seat.heads_unit:
        return f"Terlaksananya program {aim} di {seat.unit_name}"
    return f"Terlaksananya tugas {seat.title} untuk {aim}"
