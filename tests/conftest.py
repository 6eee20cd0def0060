"""The shared cast of every test, set up through the real write functions.

Instansi A (Provinsi Jambi) has a Dinas Pendidikan with two bidang:
    kepala dinas (atasan penilai) → kepala bidang (penilai) → pegawai
and an outsider in the other bidang. Instansi B has one employee of its own.
An HR admin and an auditor hold office roles in instansi A.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from kinerja.accounts.models import Role, User
from kinerja.cycles.models import AppraisalYear
from kinerja.cycles.services import appraisal_year_create
from kinerja.indicators.models import Indicator
from kinerja.organisation.models import Employee, Instansi, Position
from kinerja.organisation.services import (
    assignment_create,
    employee_create,
    position_create,
    role_grant,
    unit_create,
)
from kinerja.plans.models import PerformancePlan, PlanIndicator
from kinerja.plans.services import indicator_add, plan_create, result_add

PASSWORD = "kinerja-uji-123"


# Speed is the benchmark's business, never a unit test's: on a loaded CI machine
# hypothesis' per-example deadline fails correct code.
hypothesis_settings.register_profile("kinerja", deadline=None)
hypothesis_settings.load_profile("kinerja")


def make_nip(serial: int, *, birth: str = "19800101", appointed: str = "200501") -> str:
    return f"{birth}{appointed}1{serial:03d}"


@dataclass
class Cast:
    instansi: Instansi
    other_instansi: Instansi
    year: AppraisalYear
    atasan: Employee
    penilai: Employee
    pegawai: Employee
    outsider: Employee
    foreigner: Employee
    hr_admin: User
    auditor: User
    pegawai_plan: PerformancePlan
    penilai_plan: PerformancePlan
    programmes: PlanIndicator
    coverage: PlanIndicator

    def user(self, role: str) -> User | None:
        people = {
            "pegawai": self.pegawai.user,
            "penilai": self.penilai.user,
            "atasan": self.atasan.user,
            "outsider": self.outsider.user,
            "foreigner": self.foreigner.user,
            "hr_admin": self.hr_admin,
            "auditor": self.auditor,
            "anonymous": None,
        }
        return people[role]


ROLES = [
    "anonymous",
    "pegawai",
    "penilai",
    "atasan",
    "outsider",
    "foreigner",
    "hr_admin",
    "auditor",
]


def build_cast() -> Cast:
    today = timezone.localdate()
    jan1 = dt.date(today.year, 1, 1)
    jambi = Instansi.objects.create(code="jambi", name="Pemerintah Provinsi Jambi")
    palangka = Instansi.objects.create(code="palangkaraya", name="Pemerintah Kota Palangka Raya")
    year = appraisal_year_create(instansi=jambi, year=today.year)
    other_year = appraisal_year_create(instansi=palangka, year=today.year)

    dinas = unit_create(instansi=jambi, code="disdik", name="Dinas Pendidikan", kind="opd")
    bidang = unit_create(
        instansi=jambi, code="sd", name="Bidang Pembinaan SD", kind="bidang", parent=dinas
    )
    other_bidang = unit_create(
        instansi=jambi, code="smp", name="Bidang Pembinaan SMP", kind="bidang", parent=dinas
    )
    head = position_create(unit=dinas, name="Kepala Dinas", kind="jpt", heads_unit=True)
    chief = position_create(
        unit=bidang, name="Kepala Bidang SD", kind="administrator", parent=head, heads_unit=True
    )
    staff = position_create(unit=bidang, name="Analis Kurikulum", kind="pelaksana", parent=chief)
    other_chief = position_create(
        unit=other_bidang, name="Kepala Bidang SMP", kind="administrator", parent=head
    )
    other_staff = position_create(
        unit=other_bidang, name="Pengelola Data", kind="pelaksana", parent=other_chief
    )
    dinkes = unit_create(instansi=palangka, code="dinkes", name="Dinas Kesehatan", kind="opd")
    foreign_post = position_create(unit=dinkes, name="Kepala Dinas", kind="jpt")

    def person(serial: int, name: str, username: str, instansi: Instansi, position: Position):
        employee = employee_create(
            instansi=instansi,
            nip=make_nip(serial),
            name=name,
            username=username,
            password=PASSWORD,
        )
        assignment_create(employee=employee, position=position, start=jan1)
        return employee

    atasan = person(1, "Dr. Hasan Basri", "atasan", jambi, head)
    penilai = person(2, "Siti Rahmawati", "penilai", jambi, chief)
    pegawai = person(3, "Andi Pratama", "pegawai", jambi, staff)
    outsider = person(4, "Budi Santoso", "outsider", jambi, other_staff)
    foreigner = person(5, "Rina Marlina", "foreigner", palangka, foreign_post)
    hr_admin = User.objects.create_user(username="hr_admin", password=PASSWORD)
    role_grant(user=hr_admin, instansi=jambi, role=Role.HR_ADMIN)
    auditor = User.objects.create_user(username="auditor", password=PASSWORD)
    role_grant(user=auditor, instansi=jambi, role=Role.AUDITOR)

    programmes_catalogue = Indicator.objects.create(
        instansi=jambi,
        code="program-pendidikan",
        name="Jumlah program pendidikan yang dilaksanakan",
        unit_of_measure="program",
        polarity="higher_better",
        aggregation="sum",
    )
    coverage_catalogue = Indicator.objects.create(
        instansi=jambi,
        code="aps-7-12",
        name="Angka Partisipasi Sekolah 7-12",
        unit_of_measure="%",
        polarity="higher_better",
        aggregation="ratio",
        numerator_label="Penduduk usia 7-12 yang bersekolah",
        denominator_label="Penduduk usia 7-12",
    )
    penilai_plan = plan_create(employee=penilai, position=chief, year=year)
    penilai_result = result_add(plan=penilai_plan, text="Meningkatnya mutu layanan SD")
    pegawai_plan = plan_create(employee=pegawai, position=staff, year=year)
    result = result_add(
        plan=pegawai_plan, text="Terlaksananya program pendidikan SD", supports=penilai_result
    )
    programmes = indicator_add(
        result=result, catalogue=programmes_catalogue, target_value=Decimal(12), weight=Decimal(1)
    )
    coverage = indicator_add(
        result=result, catalogue=coverage_catalogue, target_value=Decimal(95), weight=Decimal(1)
    )
    plan_create(employee=outsider, position=other_staff, year=year)
    plan_create(employee=foreigner, position=foreign_post, year=other_year)
    return Cast(
        instansi=jambi,
        other_instansi=palangka,
        year=year,
        atasan=atasan,
        penilai=penilai,
        pegawai=pegawai,
        outsider=outsider,
        foreigner=foreigner,
        hr_admin=hr_admin,
        auditor=auditor,
        pegawai_plan=pegawai_plan,
        penilai_plan=penilai_plan,
        programmes=programmes,
        coverage=coverage,
    )


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def media_root(settings, tmp_path):
    """Evidence files go to a temporary directory instead of the data directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def start_of_year(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Pin the domain's today to 31 January: no month is due yet, so a summed target is
    prorated by the months that have data only, whatever the real date is."""
    pinned = dt.date(timezone.localdate().year, 1, 31)
    monkeypatch.setattr("kinerja.core.clock.today", lambda: pinned)
    return pinned
