"""Writes of realisasi, and the refresh of the standings that depend on them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.formats import date_format

from kinerja.accounts.models import User
from kinerja.core import clock
from kinerja.cycles.models import Period, PeriodKind
from kinerja.indicators.models import SourceKind
from kinerja.measurements.evidence import MAX_FILES_PER_UPLOAD, EvidenceError, evidence_check
from kinerja.measurements.models import (
    DataSource,
    EvidenceFile,
    ImportBatch,
    Measurement,
    MeasurementStatus,
)
from kinerja.measurements.selectors import month_values
from kinerja.measurements.standing import (
    STORED_PLACES,
    indicator_standing,
    months_passed,
    plan_standing,
)
from kinerja.organisation.access import employee_list_visible, viewer_for
from kinerja.plans.changes import plan_months
from kinerja.plans.models import PerformancePlan, PlanIndicator
from kinerja.plans.permissions import is_penilai
from kinerja.scoring import ScoringPolicy

# The same bound as the form's; the realisasi column holds 16 digits before the point.
LARGEST_VALUE = Decimal("1e15")


class MeasurementError(ValueError):
    """A realisasi that cannot be recorded; the message is shown to the user."""


@dataclass(frozen=True)
class Origin:
    """Through which channel a value arrived and who or what delivered it."""

    kind: str = SourceKind.MANUAL
    user: User | None = None
    data_source: DataSource | None = None
    import_batch: ImportBatch | None = None

    @property
    def arrives_verified(self) -> bool:
        """Values of a source HR marked trusted need no penilai's second look."""
        return self.data_source is not None and self.data_source.trusted


@dataclass(frozen=True)
class Submitted:
    """The current realisasi after a submission, and whether a new version was written."""

    measurement: Measurement
    created: bool


@dataclass(frozen=True)
class Submission:
    """One value to submit: the IKI, the month, and the value or the ratio's parts."""

    plan_indicator: PlanIndicator
    period: Period
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""
    correction_reason: str = ""

    @property
    def key(self) -> tuple[int, int]:
        return (self.plan_indicator.pk, self.period.pk)


def measurement_submit(
    *,
    plan_indicator: PlanIndicator,
    period: Period,
    origin: Origin,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    note: str = "",
    correction_reason: str = "",
    refresh: bool = True,
) -> Submitted:
    """The one write path of realisasi, whatever the channel (form, import, API, events).

    - A ratio IKI takes its parts, possibly one at a time from different
      sources: a missing part is carried over from the current version and the
      value is computed once both are known, never typed in.
    - Sending what is already current changes nothing, so a retried request or
      a re-uploaded file never counts twice.
    - A verified value is locked: replacing it needs a correction reason, and
      the replacement is a new version; every version is kept.
    - Values of a trusted source arrive verified; the rest wait for the penilai.

    With `refresh` the IKI's and SKP's standings are updated in the same
    transaction; bulk callers use measurements_submit instead.
    """
    submission = Submission(
        plan_indicator, period, value, numerator, denominator, note, correction_reason
    )
    with transaction.atomic():
        current = (
            Measurement.objects.select_for_update()
            .filter(plan_indicator=plan_indicator, period=period, superseded_at__isnull=True)
            .order_by("pk")  # the model's ordering would join the period for nothing
            .first()
        )
        now = timezone.now()
        measurement = _next_version(submission, current, origin, now)
        if measurement is None:
            assert current is not None
            return Submitted(current, created=False)
        if current is not None:
            Measurement.objects.filter(pk=current.pk).update(superseded_at=now)
        measurement.save()
        if refresh:
            standing_refresh(plan_indicator)
    return Submitted(measurement, created=True)


def measurements_submit(
    submissions: Sequence[Submission], *, origin: Origin
) -> list[Submitted | MeasurementError]:
    """measurement_submit for many values at once: the same rules, a few queries per call.

    For imports and batches: the current versions are read and locked with one
    query, superseded with one UPDATE and the new versions inserted with one
    bulk INSERT. Each submission gets its own outcome, in order: Submitted, or
    the MeasurementError that refused it (nothing is written for that one).
    Two submissions for the same IKI and month are applied one after the
    other. Standings are not refreshed: call standing_recompute_plans with the
    SKPs of the created rows.
    """
    outcomes: list[Submitted | MeasurementError] = []
    if not submissions:
        return outcomes
    with transaction.atomic():
        indicator_ids = {s.plan_indicator.pk for s in submissions}
        period_ids = {s.period.pk for s in submissions}
        wanted = {s.key for s in submissions}
        current: dict[tuple[int, int], Measurement] = {
            (m.plan_indicator_id, m.period_id): m
            for m in Measurement.objects.select_for_update()
            .filter(
                plan_indicator_id__in=indicator_ids,
                period_id__in=period_ids,
                superseded_at__isnull=True,
            )
            .order_by()
            if (m.plan_indicator_id, m.period_id) in wanted
        }
        now = timezone.now()
        superseded: list[int] = []
        created: list[Measurement] = []
        for submission in submissions:
            before = current.get(submission.key)
            try:
                measurement = _next_version(submission, before, origin, now)
            except MeasurementError as error:
                outcomes.append(error)
                continue
            if measurement is None:
                assert before is not None
                outcomes.append(Submitted(before, created=False))
                continue
            if before is not None:
                if before.pk is None:
                    before.superseded_at = now  # written earlier in this same call
                else:
                    superseded.append(before.pk)
            current[submission.key] = measurement
            created.append(measurement)
            outcomes.append(Submitted(measurement, created=True))
        for start in range(0, len(superseded), 900):
            Measurement.objects.filter(pk__in=superseded[start : start + 900]).update(
                superseded_at=now
            )
        Measurement.objects.bulk_create(created, batch_size=500)
    return outcomes


def _next_version(
    submission: Submission, current: Measurement | None, origin: Origin, now: dt.datetime
) -> Measurement | None:
    """The unsaved next version of a month's realisasi, None when nothing changes.

    Every rule of ADR 0010 is here, once; it raises MeasurementError with a
    message for the user when the submission must be refused.
    """
    from django.utils.translation import gettext as _

    plan_indicator, period = submission.plan_indicator, submission.period
    value = submission.value
    # Parts are kept as the columns keep them (four places), so a resent file or
    # request compares equal to what is stored and changes nothing.
    numerator, denominator = _stored(submission.numerator), _stored(submission.denominator)
    plan = plan_indicator.result.plan
    if period.kind != PeriodKind.MONTH or period.year_id != plan.year_id:
        raise MeasurementError(_("Periode realisasi harus salah satu bulan pada tahun SKP."))
    if period.number not in plan_months(plan):
        # A month belongs to the SKP in force on its last day (plans.changes).
        raise MeasurementError(
            _(
                "%(month)s tidak termasuk masa berlaku SKP ini (%(start)s–%(end)s): "
                "realisasi sebulan dicatat pada SKP yang berlaku di akhir bulan itu."
            )
            % {
                "month": period.label,
                "start": date_format(plan.start, "j F Y"),
                "end": date_format(plan.end, "j F Y"),
            }
        )
    for number in (value, numerator, denominator):
        if number is None:
            continue
        if not number.is_finite():
            raise MeasurementError(_("Nilai harus berupa angka."))
        if number < 0:
            raise MeasurementError(_("Realisasi tidak boleh negatif."))
        if number >= LARGEST_VALUE:
            raise MeasurementError(_("Angka terlalu besar."))
    carried: Measurement | None = None
    if plan_indicator.is_ratio:
        if value is not None:
            raise MeasurementError(
                _("Indikator rasio diisi dengan pembilang dan penyebut, bukan nilai jadi.")
            )
        if numerator is None and denominator is None:
            raise MeasurementError(_("Indikator rasio memerlukan pembilang dan penyebut."))
        # The other part comes from the current version, unless the penilai rejected it.
        if current is not None and current.status != MeasurementStatus.REJECTED:
            if numerator is None and current.numerator is not None:
                numerator, carried = current.numerator, current
            if denominator is None and current.denominator is not None:
                denominator, carried = current.denominator, current
        if denominator == 0:
            raise MeasurementError(_("Penyebut tidak boleh nol."))
        if numerator is not None and denominator is not None:
            value = numerator / denominator * 100
            if value >= LARGEST_VALUE:
                raise MeasurementError(_("Angka terlalu besar."))
    else:
        if numerator is not None or denominator is not None:
            raise MeasurementError(
                _("Indikator ini bukan rasio: isi nilai realisasi, bukan pembilang/penyebut.")
            )
        if value is None:
            raise MeasurementError(_("Nilai realisasi wajib diisi."))
    note = submission.note
    # A person sending a rejected value again asks for a second look, so it
    # becomes a new pending version; machine channels stay idempotent.
    resubmitted = (
        current is not None
        and current.status == MeasurementStatus.REJECTED
        and origin.kind == SourceKind.MANUAL
    )
    if (
        current is not None
        and not resubmitted
        and _same(current, value, numerator, denominator, note)
    ):
        return None
    correction_reason = submission.correction_reason.strip()
    if (
        current is not None
        and current.status == MeasurementStatus.VERIFIED
        # Completing a ratio (adding the part still missing) is not a correction.
        and current.value is not None
        and not correction_reason
    ):
        raise MeasurementError(
            _(
                "Realisasi %(month)s sudah diverifikasi: perubahan hanya dapat dicatat "
                "sebagai koreksi dengan alasan."
            )
            % {"month": period.label}
        )
    # A trusted source vouches for its own part only: a value merged with a part
    # nobody verified yet waits for the penilai like any other.
    verified = origin.arrives_verified and (
        carried is None or carried.status == MeasurementStatus.VERIFIED
    )
    return Measurement(
        plan_indicator=plan_indicator,
        period=period,
        value=_stored(value),
        numerator=numerator,
        denominator=denominator,
        note=note,
        source=origin.kind,
        recorded_by=origin.user,
        data_source=origin.data_source,
        import_batch=origin.import_batch,
        version=(current.version + 1) if current is not None else 1,
        correction_reason=correction_reason,
        status=MeasurementStatus.VERIFIED if verified else MeasurementStatus.PENDING,
        verified_at=now if verified else None,
    )


def _stored(value: Decimal | None) -> Decimal | None:
    """The value as the column keeps it (four places), so comparisons with it are exact."""
    return None if value is None else value.quantize(STORED_PLACES)


def _same(
    current: Measurement,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    note: str,
) -> bool:
    return (
        current.value == _stored(value)
        and current.numerator == numerator
        and current.denominator == denominator
        and current.note == note
    )


def measurement_record(
    *,
    user: User,
    plan_indicator: PlanIndicator,
    period: Period,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    note: str = "",
    evidence: Sequence[UploadedFile[bytes]] = (),
    correction_reason: str = "",
) -> Measurement:
    """Record a realisasi typed by the pegawai, with its evidence, and refresh the standings.

    Every file is checked before anything is written: one bad file and nothing
    is kept, neither the value nor the other files. Sending the current value
    again with new files adds the files to it; a value the penilai rejected is
    submitted again as a new version even when the numbers did not change,
    because the pegawai is asking for a second look.
    """
    from django.utils.translation import gettext as _

    if len(evidence) > MAX_FILES_PER_UPLOAD:
        raise MeasurementError(
            _("Paling banyak %(count)s berkas sekaligus.") % {"count": MAX_FILES_PER_UPLOAD}
        )
    kinds = []
    for upload in evidence:
        try:
            kinds.append(evidence_check(upload))
        except EvidenceError as error:
            raise MeasurementError(str(error)) from error
    with transaction.atomic():
        submitted = measurement_submit(
            plan_indicator=plan_indicator,
            period=period,
            origin=Origin(kind=SourceKind.MANUAL, user=user),
            value=value,
            numerator=numerator,
            denominator=denominator,
            note=note,
            correction_reason=correction_reason,
        )
        measurement = submitted.measurement
        if not submitted.created and evidence and measurement.status == MeasurementStatus.VERIFIED:
            raise MeasurementError(
                _(
                    "Realisasi %(month)s sudah diverifikasi: bukti baru hanya dapat "
                    "ditambahkan bersama koreksi nilainya."
                )
                % {"month": period.label}
            )
        for upload, content_type in zip(evidence, kinds, strict=True):
            _evidence_store(measurement, upload, content_type, user)
    return measurement


def _evidence_store(
    measurement: Measurement, upload: UploadedFile[bytes], content_type: str, user: User | None
) -> EvidenceFile:
    name = Path(upload.name or "bukti").name[:255]
    evidence = EvidenceFile(
        measurement=measurement,
        original_name=name,
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=user,
    )
    # The stored name is not the user's: the original name is kept as a column,
    # and a random one on disk cannot collide or be guessed.
    evidence.file.save(f"{uuid.uuid4().hex}{Path(name).suffix.lower()}", upload, save=False)
    evidence.save()
    return evidence


# --- verification by the penilai -------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    """What a bulk verification did: rows verified, and rows left alone with why."""

    verified: int
    skipped: list[tuple[Measurement, str]]


def _locked_current(measurement: Measurement) -> Measurement:
    """The row locked for a decision; refused unless it is the current, pending version."""
    from django.utils.translation import gettext as _

    locked = (
        Measurement.objects.select_for_update()
        .select_related("period", "plan_indicator__result__plan")
        .get(pk=measurement.pk)
    )
    if locked.superseded_at is not None:
        raise MeasurementError(
            _(
                "Realisasi %(month)s ini sudah diganti oleh versi yang lebih baru; "
                "periksa versi terbaru."
            )
            % {"month": locked.period.label}
        )
    if locked.status != MeasurementStatus.PENDING:
        raise MeasurementError(
            _("Realisasi %(month)s sudah diputuskan (%(status)s).")
            % {"month": locked.period.label, "status": locked.get_status_display()}
        )
    return locked


def _require_penilai(user: User, plan: PerformancePlan) -> None:
    from django.utils.translation import gettext as _

    if not is_penilai(viewer_for(user), plan):
        raise PermissionDenied(
            _("Hanya pejabat penilai pegawai ini yang dapat memverifikasi realisasinya.")
        )


def measurement_verify(user: User, measurement: Measurement, note: str = "") -> Measurement:
    """The penilai accepts the current version of a realisasi; it is locked from then on.

    A pending value already counts in the capaian, so nothing is recomputed.
    """
    from django.utils.translation import gettext as _

    _require_penilai(user, measurement.plan_indicator.result.plan)
    with transaction.atomic():
        locked = _locked_current(measurement)
        if locked.value is None:
            raise MeasurementError(
                _(
                    "Realisasi %(month)s belum lengkap: pembilang atau penyebutnya belum ada, "
                    "jadi belum dapat diverifikasi."
                )
                % {"month": locked.period.label}
            )
        _decide(locked, user, MeasurementStatus.VERIFIED, note)
    return locked


def measurement_reject(user: User, measurement: Measurement, note: str) -> Measurement:
    """The penilai refuses the current version, with a note; it drops out of the capaian."""
    from django.utils.translation import gettext as _

    _require_penilai(user, measurement.plan_indicator.result.plan)
    if not note.strip():
        raise MeasurementError(_("Catatan wajib diisi: tuliskan mengapa realisasi ditolak."))
    with transaction.atomic():
        locked = _locked_current(measurement)
        _decide(locked, user, MeasurementStatus.REJECTED, note)
        standing_refresh(locked.plan_indicator)
    return locked


def _decide(measurement: Measurement, user: User, status: str, note: str) -> None:
    measurement.status = status
    measurement.verified_by = user
    measurement.verified_at = timezone.now()
    measurement.verification_note = note.strip()
    measurement.save(update_fields=["status", "verified_by", "verified_at", "verification_note"])


def measurements_verify(user: User, measurement_ids: Sequence[int], note: str = "") -> Decided:
    """Verify many realisasi at once (the inbox's "verify selected").

    The penilai is derived once per SKP, not once per row; rows that are not the
    viewer's to decide, no longer current, already decided or incomplete are
    skipped and reported, and the rest are verified in one UPDATE.
    """
    from django.utils.translation import gettext as _

    viewer = viewer_for(user)
    skipped: list[tuple[Measurement, str]] = []
    with transaction.atomic():
        rows = list(
            Measurement.objects.select_for_update(of=("self",))
            # Rows of employees the viewer may not see are not even named as skipped.
            .filter(
                pk__in=list(measurement_ids),
                plan_indicator__result__plan__employee__in=employee_list_visible(viewer),
            )
            .select_related("period", "plan_indicator__result__plan__employee")
            .order_by("pk")
        )
        allowed: dict[int, bool] = {}
        chosen: list[int] = []
        for row in rows:
            plan = row.plan_indicator.result.plan
            if plan.pk not in allowed:
                allowed[plan.pk] = is_penilai(viewer, plan)
            if not allowed[plan.pk]:
                skipped.append((row, _("bukan pegawai yang Anda nilai")))
            elif row.superseded_at is not None:
                skipped.append((row, _("sudah diganti versi yang lebih baru")))
            elif row.status != MeasurementStatus.PENDING:
                skipped.append((row, _("sudah diputuskan")))
            elif row.value is None:
                skipped.append((row, _("pembilang atau penyebut belum ada")))
            else:
                chosen.append(row.pk)
        if chosen:
            Measurement.objects.filter(pk__in=chosen).update(
                status=MeasurementStatus.VERIFIED,
                verified_by=user,
                verified_at=timezone.now(),
                verification_note=note.strip(),
            )
    return Decided(len(chosen), skipped)


def standing_refresh(plan_indicator: PlanIndicator) -> None:
    """Recompute one IKI from its realisasi, then its SKP from the stored IKI standings."""
    plan = plan_indicator.result.plan
    policy = plan.year.scoring_policy()
    months = plan_months(plan)
    standing = indicator_standing(
        plan_indicator,
        month_values([plan_indicator.pk]).get(plan_indicator.pk, []),
        policy=policy,
        first_month=months.start,
        until_month=months.stop - 1,
        due_months=months_passed(plan.year.year, clock.today()),
    )
    PlanIndicator.objects.filter(pk=plan_indicator.pk).update(
        achieved_value=standing.achieved,
        achievement=standing.achievement,
        explanation=standing.explanation,
        computed_at=timezone.now(),
    )
    plan_refresh(plan)


def plan_refresh(plan: PerformancePlan) -> None:
    """Roll the stored IKI standings of one SKP up into its capaian and proposed rating."""
    indicators = PlanIndicator.objects.filter(result__plan=plan).select_related("result")
    result = plan_standing(
        plan,
        [(i, i.achievement) for i in indicators],
        policy=plan.year.scoring_policy(),
    )
    PerformancePlan.objects.filter(pk=plan.pk).update(
        achievement=result.achievement,
        proposed_rating=result.proposed_rating or "",
        explanation=result.explanation,
        computed_at=timezone.now(),
    )


def standing_recompute_plan(plan: PerformancePlan) -> None:
    """Recompute every IKI of one SKP and the SKP itself (after its months changed)."""
    standing_recompute_plans([plan.pk])


def standing_recompute_plans(plan_ids: list[int]) -> None:
    """Recompute every IKI of the given SKPs and the SKPs themselves, in a few queries.

    Bulk writers (imports, the API's batches, queue events) call this once per
    batch of rows instead of refreshing after every value.
    """
    _recompute_plans(plan_ids)


def standing_recompute_year(
    *, year_id: int, batch_size: int = 500, progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute every standing of an appraisal year (after a policy change), in batches.

    Work is done per batch of SKPs with four queries and two bulk updates, so
    memory stays bounded whatever the size of the instansi.
    """
    plan_ids = list(
        PerformancePlan.objects.filter(year_id=year_id).order_by("pk").values_list("pk", flat=True)
    )
    total = len(plan_ids)
    done = 0
    for offset in range(0, total, batch_size):
        batch = plan_ids[offset : offset + batch_size]
        _recompute_plans(batch)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return total


def _recompute_plans(plan_ids: list[int]) -> None:
    plans = {
        p.pk: p for p in PerformancePlan.objects.filter(pk__in=plan_ids).select_related("year")
    }
    indicators = list(
        PlanIndicator.objects.filter(result__plan_id__in=plan_ids).select_related("result")
    )
    rows = month_values([i.pk for i in indicators])
    today = clock.today()
    now = timezone.now()
    per_plan: dict[int, list[tuple[PlanIndicator, Decimal | None]]] = {}
    policies: dict[int, ScoringPolicy] = {}
    indicator_rows = []
    for indicator in indicators:
        plan = plans[indicator.result.plan_id]
        if plan.year_id not in policies:
            policies[plan.year_id] = plan.year.scoring_policy()
        policy = policies[plan.year_id]
        months = plan_months(plan)
        standing = indicator_standing(
            indicator,
            rows.get(indicator.pk, []),
            policy=policy,
            first_month=months.start,
            until_month=months.stop - 1,
            due_months=months_passed(plan.year.year, today),
        )
        per_plan.setdefault(plan.pk, []).append((indicator, standing.achievement))
        indicator_rows.append(
            (standing.achieved, standing.achievement, standing.explanation, now, indicator.pk)
        )
    plan_rows = []
    for plan_id, achievements in per_plan.items():
        plan = plans[plan_id]
        result = plan_standing(plan, achievements, policy=policies[plan.year_id])
        plan_rows.append(
            (result.achievement, result.proposed_rating or "", result.explanation, now, plan_id)
        )
    _update_rows(
        PlanIndicator,
        ["achieved_value", "achievement", "explanation", "computed_at"],
        indicator_rows,
    )
    _update_rows(
        PerformancePlan, ["achievement", "proposed_rating", "explanation", "computed_at"], plan_rows
    )


def _update_rows(model: type[Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """UPDATE many rows by primary key with one prepared statement (executemany).

    bulk_update builds a CASE expression per row and field, which dominated the
    recompute of a province; a prepared UPDATE is several times faster on both
    SQLite and PostgreSQL. Values go through each field's own adaptation.
    """
    if not rows:
        return
    model_fields: list[Field[Any, Any]] = [model._meta.get_field(name) for name in fields]  # type: ignore[misc]
    quote = connection.ops.quote_name
    assignments = ", ".join(
        f"{quote(f.get_attname_column()[1] or f.name)} = %s" for f in model_fields
    )
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
    prepared = [
        [f.get_db_prep_save(v, connection) for f, v in zip(model_fields, row, strict=False)]
        + [row[-1]]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)
