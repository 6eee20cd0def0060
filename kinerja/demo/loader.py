"""Load the demo through the real write services, so the demo shows what the product does.

The organisation, accounts and SKPs go through the services one by one (about
a hundred people); realisasi are bulk-inserted and then scored by the
measurements service, and evaluations are finalised by each employee's real
penilai. Loading is one transaction and skips an instansi whose code already
exists, so running it twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from kinerja import scoring
from kinerja.accounts.models import Role
from kinerja.agreements.models import Perspective
from kinerja.core import clock
from kinerja.cycles.models import AppraisalYear, Period, PeriodKind
from kinerja.cycles.services import appraisal_year_create
from kinerja.demo import api as demo_api
from kinerja.demo import evaluations as demo_evaluations
from kinerja.demo import evidence as demo_evidence
from kinerja.demo import feedback as demo_feedback
from kinerja.demo import notifications as demo_notifications
from kinerja.demo import objections as demo_objections
from kinerja.demo import peer as demo_peer
from kinerja.demo import policy as demo_policy
from kinerja.demo import servicetimes as demo_servicetimes
from kinerja.demo.agreements import demo_agreements_load
from kinerja.demo.content import (
    CATALOGUE,
    DEPARTURE_CHANCE,
    DEPARTURES,
    EXPECTATIONS,
    FEEDBACK,
    MONTH_NAMES,
    IndicatorSpec,
    draw_profile,
    percent_weights,
    realisasi,
    recorded_at,
    reported_months,
)
from kinerja.demo.imports import load as demo_imports_load
from kinerja.demo.people import AGE_BY_KIND, Nips, Usernames, draw_name, rank_for
from kinerja.demo.structure import INSTANSI, InstansiSpec, Post, credit_coefficient
from kinerja.evaluations.models import Evaluation
from kinerja.evaluations.services import BehaviourInput, evaluation_finalise, evaluation_open
from kinerja.indicators.models import Indicator
from kinerja.measurements.models import Measurement
from kinerja.measurements.services import standing_recompute_year
from kinerja.organisation.models import Employee, Instansi, Position, Unit
from kinerja.organisation.selectors import reporting_line
from kinerja.organisation.services import (
    assignment_create,
    employee_create,
    position_create,
    role_grant,
    unit_create,
)
from kinerja.plans.models import (
    CoreValue,
    PerformancePlan,
    PlanEvent,
    PlanIndicator,
    PlannedResult,
)
from kinerja.plans.services import indicator_add, plan_create, result_add

DEMO_PASSWORD = "kinerja2026"
DEMO_SEED = 2026

# Office accounts: username → (display name, instansi code, role); None = superuser.
OFFICE_ACCOUNTS: dict[str, tuple[str, str, Role | None]] = {
    "bkpsdm.jambi": ("Admin BKPSDM Provinsi Jambi", "jambi", Role.HR_ADMIN),
    "bkpsdm.palangkaraya": ("Admin BKPSDM Kota Palangka Raya", "palangkaraya", Role.HR_ADMIN),
    "inspektorat.jambi": ("Auditor Inspektorat Provinsi Jambi", "jambi", Role.AUDITOR),
    "admin": ("Administrator sistem", "", None),
}

# The penilai's note on the one demo SKP returned for revision.
RETURN_NOTE = (
    "Target jumlah program terlalu rendah dibanding tahun lalu; naikkan targetnya dan "
    "periksa kembali bobot IKI agar berjumlah 100%."
)

# A ratio's denominator grows with the area the post covers (kelurahan → city).
DENOMINATOR_SCALE = {"jpt": 6.0, "administrator": 4.0, "pengawas": 2.5}


@dataclass(frozen=True)
class DemoAccount:
    """One line of the account table printed by `kinerja demo`."""

    username: str
    role: str
    name: str
    hint: str


@dataclass
class DemoResult:
    """What a load did: whether anything was added, the counts and the time taken."""

    loaded: bool
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class _Person:
    """One loaded employee with what the later stages (realisasi, evaluation) need."""

    employee: Employee
    post: Post
    plan: PerformancePlan
    indicators: list[tuple[PlanIndicator, IndicatorSpec, float]]
    profile: str
    factor: float
    featured: str
    reports_to_featured_penilai: bool


def demo_load(*, today: dt.date | None = None) -> DemoResult:
    """Load the demo instansi that are missing, for the year of `today`.

    Realisasi run from January to the month before `today`; evaluations are
    finalised for the periods that ended before `today`.
    """
    today = today or timezone.localdate()
    started = time.perf_counter()
    missing = [s for s in INSTANSI if not Instansi.objects.filter(code=s.code).exists()]
    if not missing:
        _set_demo_password(_office_accounts())
        return DemoResult(loaded=False, seconds=time.perf_counter() - started)
    with transaction.atomic():
        loader = _Loader(today)
        for spec in missing:
            loader.load_instansi(spec)
        demo_agreements_load(loader.years)
        loader.write_realisasi()
        # Queue events feed their IKIs while the SKPs are still drafts.
        if any(spec.code == "palangkaraya" for spec in missing):
            demo_servicetimes.load(today=today)
        # Verification states first, so the rejected value is out of the standings below.
        demo_evidence.load(
            years=loader.years, today=loader.today, team_of=loader._featured_penilai_position
        )
        for year in loader.years:
            standing_recompute_year(year_id=year.pk)
        evaluations = loader.evaluate()
        loader.set_planning_statuses()
        tokens = demo_api.load()
        demo_imports_load(today=today)
        demo_feedback.load(
            years=loader.years, today=loader.today, team_of=loader._featured_penilai_position
        )
        demo_peer.load(
            years=loader.years, today=loader.today, team_of=loader._featured_penilai_position
        )
        demo_objections.load(today=loader.today, team_of=loader._featured_penilai_position)
        demo_evaluations.load(
            years=loader.years, today=loader.today, team_of=loader._featured_penilai_position
        )
        _set_demo_password([*loader.user_ids, *_office_accounts()])
        # Needs the office accounts (the HR admin records the change).
        demo_policy.load(years=loader.years)
        # Last: turns the SKP steps and pending realisasi above into notifications.
        demo_notifications.load()
    counts = {
        "instansi": len(missing),
        "pegawai": len(loader.people),
        "skp": len(loader.people),
        "iki": sum(len(p.indicators) for p in loader.people),
        "realisasi": loader.measurement_count,
        "evaluasi": evaluations,
        "token API": tokens,
    }
    return DemoResult(loaded=True, counts=counts, seconds=time.perf_counter() - started)


def _set_demo_password(user_ids: list[int]) -> None:
    """One hash for every demo account: hashing ~100 times would take most of the load."""
    if user_ids:
        hashed = make_password(DEMO_PASSWORD)
        get_user_model().objects.filter(pk__in=user_ids).update(password=hashed)


def _office_accounts() -> list[int]:
    """Create the HR admin, auditor and superuser accounts if missing; returns new ids."""
    User = get_user_model()
    created_ids = []
    for username, (name, code, role) in OFFICE_ACCOUNTS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            if role is None:
                user = User.objects.create_superuser(username=username, email="", password=None)
            else:
                user = User.objects.create_user(username=username, password=None)
            user.first_name = name
            user.save(update_fields=["first_name"])
            created_ids.append(user.pk)
        instansi = Instansi.objects.filter(code=code).first()
        if role is not None and instansi is not None:
            role_grant(user=user, instansi=instansi, role=role)
    return created_ids


class _Loader:
    """Builds the demo instansi one post at a time; holds what later stages need."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.rng = Random(DEMO_SEED)  # noqa: S311 (reproducible made-up data, not secrets)
        self.usernames = Usernames(get_user_model().objects.values_list("username", flat=True))
        self.nips = Nips(
            self.rng, today=today, taken=Employee.objects.values_list("nip", flat=True)
        )
        self.people: list[_Person] = []
        self.years: list[AppraisalYear] = []
        self.user_ids: list[int] = []
        self.measurement_count = 0
        self._catalogue: dict[str, Indicator] = {}
        self._featured_penilai_position: Position | None = None

    # Organisation and SKPs -------------------------------------------------

    def load_instansi(self, spec: InstansiSpec) -> None:
        instansi = Instansi.objects.create(code=spec.code, name=spec.name)
        year = appraisal_year_create(instansi=instansi, year=self.today.year, cadence=spec.cadence)
        self.years.append(year)
        self._catalogue = {}
        for code in spec.catalogue:
            item = CATALOGUE[code]
            self._catalogue[code] = Indicator.objects.create(
                instansi=instansi,
                code=item.code,
                name=item.name,
                description=item.description,
                unit_of_measure=item.unit,
                polarity=item.polarity,
                aggregation=item.aggregation,
                numerator_label=item.numerator_label,
                denominator_label=item.denominator_label,
                source_kind=item.sources[0],
            )
        for dinas in spec.dinas:
            self._post(dinas, instansi=instansi, year=year, unit=None, superior=None, results=[])

    def _post(
        self,
        post: Post,
        *,
        instansi: Instansi,
        year: AppraisalYear,
        unit: Unit | None,
        superior: Position | None,
        results: list[PlannedResult],
    ) -> None:
        if post.unit is not None:
            code = f"{unit.code}-{post.unit.code}" if unit else post.unit.code
            unit = unit_create(
                instansi=instansi,
                code=code,
                name=post.unit.name,
                kind=post.unit.kind,
                parent=unit,
            )
        assert unit is not None, f"{post.title} has no unit"
        for index in range(post.count):
            position = position_create(
                unit=unit,
                name=post.title,
                kind=post.kind,
                parent=superior,
                heads_unit=post.unit is not None,
                credit_coefficient=credit_coefficient(post.title)
                if post.kind == "fungsional"
                else None,
            )
            person = self._person(post, index, instansi, year, position, results)
            if post.feature == "penilai":
                self._featured_penilai_position = position
            own_results = list(person.plan.results.order_by("order"))
            for staff in post.staff:
                self._post(
                    staff,
                    instansi=instansi,
                    year=year,
                    unit=unit,
                    superior=position,
                    results=own_results,
                )

    def _person(
        self,
        post: Post,
        index: int,
        instansi: Instansi,
        year: AppraisalYear,
        position: Position,
        superior_results: list[PlannedResult],
    ) -> _Person:
        rng = self.rng
        featured = post.feature if index == 0 else ""
        name = (
            post.names[index] if index < len(post.names) else draw_name(rng, persona=post.persona)
        )
        pppk = rng.random() < post.pppk_share
        min_age, max_age = AGE_BY_KIND[post.kind]
        identity = self.nips.make(sex=name.sex, min_age=min_age, max_age=max_age, pppk=pppk)
        employee = employee_create(
            instansi=instansi,
            nip=identity.nip,
            name=name.display,
            rank=rank_for(post.kind, identity, self.today, rng),
            username=self.usernames.make(name.bare),
        )
        if pppk:
            employee.status = Employee.Status.PPPK
            employee.save(update_fields=["status"])
        assert employee.user_id is not None
        self.user_ids.append(employee.user_id)
        assignment_create(employee=employee, position=position, start=dt.date(year.year, 1, 1))
        plan = plan_create(
            employee=employee, position=position, year=year, expectations=self._expectations()
        )
        place = post.places[index] if index < len(post.places) else ""
        indicators: list[tuple[PlanIndicator, IndicatorSpec, float]] = []
        weights = iter(percent_weights([iki.weight for rhk in post.rhks for iki in rhk.ikis]))
        for rhk in post.rhks:
            supports = None
            if rhk.supports is not None:
                supports = superior_results[rhk.supports]
            result = result_add(
                plan=plan, text=rhk.text.format(wilayah=place), kind=rhk.kind, supports=supports
            )
            for iki in rhk.ikis:
                catalogue = self._catalogue[iki.code]
                indicator = indicator_add(
                    result=result,
                    catalogue=catalogue,
                    target_value=Decimal(str(iki.target)),
                    weight=next(weights),
                    aspect=CATALOGUE[iki.code].aspect,
                    perspective=_perspective(post.kind, iki.code),
                )
                indicators.append((indicator, CATALOGUE[iki.code], iki.target))
        if featured:
            profile, factor = "on_track", 1.0
        else:
            profile, factor = draw_profile(rng, leader=post.kind not in ("pelaksana", "fungsional"))
        person = _Person(
            employee=employee,
            post=post,
            plan=plan,
            indicators=indicators,
            profile=profile,
            factor=factor,
            featured=featured,
            reports_to_featured_penilai=(
                self._featured_penilai_position is not None
                and position.parent_id == self._featured_penilai_position.pk
            ),
        )
        self.people.append(person)
        return person

    def _expectations(self) -> dict[str, str]:
        """Ekspektasi khusus pimpinan for two or three values, on about half the SKPs."""
        if self.rng.random() < 0.5:
            return {}
        values = self.rng.sample(list(CoreValue.values), self.rng.randint(2, 3))
        return {v: self.rng.choice(EXPECTATIONS[v]) for v in values}

    # Planning statuses ---------------------------------------------------------

    def set_planning_statuses(self) -> None:
        """Most SKPs approved; a few drafts, a few awaiting the penilai and one returned.

        The featured penilai's staff provide the submitted and returned ones, so
        the approval pages have something to act on when the visitor logs in as
        that penilai. Each status comes with the PlanEvent rows that led to it.
        """
        now = timezone.now()
        team = [p for p in self.people if p.reports_to_featured_penilai and not p.featured]
        others = [
            p
            for p in self.people
            if not p.featured and not p.reports_to_featured_penilai and p.post.kind != "jpt"
        ]
        submitted = team[:2]
        returned = team[2:3]
        drafts = others[-3:]
        status: dict[int, str] = {p.plan.pk: PerformancePlan.Status.APPROVED for p in self.people}
        status.update({p.plan.pk: PerformancePlan.Status.SUBMITTED for p in submitted})
        status.update({p.plan.pk: PerformancePlan.Status.RETURNED for p in returned})
        status.update({p.plan.pk: PerformancePlan.Status.DRAFT for p in drafts})
        penilai = {
            p.plan.pk: reporting_line(p.employee, on=self.today).penilai for p in self.people
        }
        events: list[PlanEvent] = []
        for person in self.people:
            plan = person.plan
            plan.status = status[plan.pk]
            plan.status_changed_at = now
            if plan.status == PerformancePlan.Status.DRAFT:
                continue
            boss = penilai[plan.pk]
            boss_user = boss.user_id if boss is not None else None
            events.append(
                PlanEvent(
                    plan=plan, action=PlanEvent.Action.SUBMITTED, actor_id=person.employee.user_id
                )
            )
            if plan.status == PerformancePlan.Status.APPROVED:
                events.append(
                    PlanEvent(plan=plan, action=PlanEvent.Action.APPROVED, actor_id=boss_user)
                )
            elif plan.status == PerformancePlan.Status.RETURNED:
                events.append(
                    PlanEvent(
                        plan=plan,
                        action=PlanEvent.Action.RETURNED,
                        actor_id=boss_user,
                        note=RETURN_NOTE,
                    )
                )
        PerformancePlan.objects.bulk_update(
            [p.plan for p in self.people], ["status", "status_changed_at"], batch_size=500
        )
        PlanEvent.objects.bulk_create(events, batch_size=500)

    # Realisasi ---------------------------------------------------------------

    def write_realisasi(self) -> None:
        """Monthly realisasi up to last month, bulk-inserted (scored afterwards)."""
        last_month = self.today.month - 1
        months_by_year = {
            y.pk: {p.number: p for p in Period.objects.filter(year=y, kind=PeriodKind.MONTH)}
            for y in self.years
        }
        rows: list[Measurement] = []
        stamps: list[dt.datetime] = []
        tz = timezone.get_current_timezone()
        for person in self.people:
            rng = self.rng
            if person.featured in ("pegawai", "pegawai_rasio"):
                # Left for the visitor to record in the demo.
                months = list(range(1, last_month))
            else:
                months = reported_months(rng, last_month, complete=bool(person.featured))
            periods = months_by_year[person.plan.year_id]
            scale = DENOMINATOR_SCALE.get(person.post.kind, 1.0)
            for indicator, spec, target in person.indicators:
                factor = person.factor * rng.uniform(0.97, 1.03)
                denominator = None
                if spec.denominator[1]:
                    denominator = round(rng.randint(*spec.denominator) * scale)
                for month, value, num, den in realisasi(
                    spec, target, factor, months, rng, denominator=denominator
                ):
                    rows.append(
                        Measurement(
                            plan_indicator=indicator,
                            period=periods[month],
                            value=value,
                            numerator=num,
                            denominator=den,
                            note=spec.note if rng.random() < 0.6 else "",
                            source=rng.choice(spec.sources),
                            recorded_by_id=person.employee.user_id,
                        )
                    )
                    stamps.append(recorded_at(self.today.year, month, rng).replace(tzinfo=tz))
        Measurement.objects.bulk_create(rows, batch_size=1000)
        _set_recorded_at([(row.pk, stamp) for row, stamp in zip(rows, stamps, strict=True)])
        self.measurement_count = len(rows)

    # Evaluations -------------------------------------------------------------

    def evaluate(self) -> int:
        """Finalise evaluations of ended periods, acting as each employee's penilai."""
        count = 0
        for year in self.years:
            kind = PeriodKind.QUARTER if year.cadence == "quarterly" else PeriodKind.MONTH
            ended = list(
                Period.objects.filter(year=year, kind=kind, end__lt=self.today).order_by("start")
            )
            people = [p for p in self.people if p.plan.year_id == year.pk]
            penilai = {
                p.employee.pk: reporting_line(p.employee, on=self.today).penilai for p in people
            }
            for index, period in enumerate(ended):
                age = len(ended) - 1 - index
                # Recent periods are less often evaluated yet.
                share = 0.35 if age == 0 else 0.65 if age == 1 else 0.8
                for person in people:
                    boss = penilai[person.employee.pk]
                    if boss is None or boss.user is None:
                        continue
                    # The featured penilai's team has a complete history; the current
                    # quarter is left for the visitor who logs in as that penilai.
                    if self.rng.random() >= share and not person.reports_to_featured_penilai:
                        continue
                    self._finalise(person, period, boss.user)
                    count += 1
        return count

    def _finalise(self, person: _Person, period: Period, user: object) -> None:
        # Each period was evaluated while it was open for evaluation: on its last day.
        with clock.as_of(period.end):
            self._rate_and_finalise(person, period, user)

    def _rate_and_finalise(self, person: _Person, period: Period, user: object) -> None:
        rng = self.rng
        evaluation: Evaluation = evaluation_open(plan=person.plan, period=period, user=user)
        proposed = evaluation.proposed_rating
        chosen, reason = proposed, ""
        if rng.random() < DEPARTURE_CHANCE[proposed]:
            chosen, reasons = DEPARTURES[proposed]
            reason = rng.choice(reasons)
        behaviour = {}
        for value in CoreValue.values:
            rating = self._behaviour_rating(person.profile)
            behaviour[value] = BehaviourInput(
                rating=scoring.Rating(rating), feedback=rng.choice(FEEDBACK[value][rating])
            )
        evaluation_finalise(
            evaluation=evaluation,
            user=user,
            result_rating=scoring.Rating(chosen),
            reason=reason,
            behaviour=behaviour,
        )

    def _behaviour_rating(self, profile: str) -> str:
        pick = self.rng.random()
        if profile == "ahead":
            return "above" if pick < 0.7 else "meets"
        if profile == "behind":
            return "below" if pick < 0.25 else "meets"
        return "above" if pick < 0.15 else "below" if pick > 0.97 else "meets"


def _perspective(kind: str, code: str) -> str:
    """A JPT's IKI carries a Perspektif: satisfaction surveys face the service users."""
    if kind != "jpt":
        return ""
    return Perspective.SERVICE_USERS if code.startswith("ikm") else Perspective.BUSINESS_PROCESS


def _set_recorded_at(stamps: list[tuple[int, dt.datetime]]) -> None:
    """Backdate `recorded_at` to when each realisasi would have been typed in.

    The field is auto_now_add, so bulk_create stamps every row with the load
    time. One parameterised UPDATE run with executemany is used because
    bulk_update's CASE expression costs more than the whole insert.
    """
    now = timezone.now()
    table = connection.ops.quote_name(Measurement._meta.db_table)
    params = [
        (connection.ops.adapt_datetimefield_value(min(stamp, now)), pk) for pk, stamp in stamps
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET recorded_at = %s WHERE id = %s", params)  # noqa: S608


def demo_accounts(*, today: dt.date | None = None) -> list[DemoAccount]:
    """The accounts worth trying, read from the database (works on a loaded demo)."""
    today = today or timezone.localdate()
    last_month = MONTH_NAMES[today.month - 2] if today.month > 1 else "bulan ini"
    roman = ("I", "II", "III", "IV")[(today.month - 1) // 3]  # the quarter open for evaluation
    hints = {
        "pegawai": (
            "Pegawai",
            f"Kinerja saya: capaian langsung; catat realisasi {last_month}",
        ),
        "penilai": (
            "Penilai (kepala seksi)",
            f"Tim saya: capaian staf; evaluasi Triwulan {roman}; Persetujuan SKP",
        ),
        "kepala_dinas": (
            "Kepala dinas",
            "Capaian seluruh dinas; atasan penilai; Perjanjian Kinerja, Matriks Peran Hasil",
        ),
        "pegawai_rasio": (
            "Pegawai (Puskesmas Sabangau)",
            f"Catat pembilang/penyebut imunisasi {last_month}",
        ),
    }
    accounts: list[DemoAccount] = []
    for spec in INSTANSI:
        for post in _featured_posts(spec.dinas):
            role, hint = hints[post.feature]
            employee = (
                Employee.objects.filter(
                    instansi__code=spec.code, name=post.names[0].display, user__isnull=False
                )
                .select_related("user")
                .first()
            )
            if employee is not None and employee.user is not None:
                accounts.append(DemoAccount(employee.user.username, role, employee.name, hint))
    order = ["Pegawai", "Penilai (kepala seksi)", "Kepala dinas", "Pegawai (Puskesmas Sabangau)"]
    accounts.sort(key=lambda a: order.index(a.role))
    office_hints = {
        "bkpsdm.jambi": (
            "Admin kepegawaian",
            "Semua pegawai Jambi; SKP Terlambat, Template SKP; data induk di /admin/",
        ),
        "bkpsdm.palangkaraya": ("Admin kepegawaian", "Hanya data Palangka Raya"),
        "inspektorat.jambi": ("Auditor", "Membaca semua data Jambi, tanpa mengubah"),
        "admin": ("Superuser", "Semua instansi, /admin/"),
    }
    User = get_user_model()
    for username, (role, hint) in office_hints.items():
        user = User.objects.filter(username=username).first()
        if user is not None:
            accounts.append(DemoAccount(username, role, user.first_name, hint))
    return accounts


def _featured_posts(posts: tuple[Post, ...]) -> list[Post]:
    found = []
    for post in posts:
        if post.feature:
            found.append(post)
        found.extend(_featured_posts(post.staff))
    return found
