"""Writes of the Perjanjian Kinerja: the agreement, its goals (sasaran) and their indicators.

Every rule lives here, so the pages, the import and the admin refuse the same
things with the same words. Who may call these is decided by the views
(kinerja.agreements.selectors.may_edit_agreement).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.agreements.models import (
    AgreementGoal,
    AgreementIndicator,
    PerformanceAgreement,
    Perspective,
)
from kinerja.cycles.models import AppraisalYear
from kinerja.organisation.models import Position, Unit

# The column holds 16 digits with 4 after the point: anything at or above this does not fit.
MAX_TARGET = Decimal("1000000000000")
MAX_GOAL_LENGTH = 2000
MAX_NAME_LENGTH = AgreementIndicator._meta.get_field("name").max_length or 300
MAX_UNIT_LENGTH = AgreementIndicator._meta.get_field("unit_of_measure").max_length or 40


def agreement_check(*, unit: Unit, year: AppraisalYear, position: Position) -> None:
    """Raise a ValidationError (by field) unless `position` may own `unit`'s PK for `year`."""
    errors: dict[str, str] = {}
    if year.instansi_id != unit.instansi_id:
        errors["year"] = _("Tahun penilaian harus milik instansi unit ini.")
    if position.instansi_id != unit.instansi_id:
        errors["position"] = _("Jabatan pemilik harus dari instansi yang sama dengan unit.")
    elif position.unit_id != unit.pk:
        errors["position"] = _("Jabatan pemilik harus berada di unit %(unit)s.") % {
            "unit": unit.name
        }
    elif not position.heads_unit:
        errors["position"] = _(
            "Jabatan pemilik harus jabatan yang memimpin unit (ditandai 'memimpin unit')."
        )
    if errors:
        raise ValidationError(errors)


def agreement_create(
    *,
    unit: Unit,
    year: AppraisalYear,
    position: Position,
    signed_on: dt.date | None = None,
) -> PerformanceAgreement:
    """Open the PK of `unit` for `year`, owned by the position that heads the unit."""
    agreement_check(unit=unit, year=year, position=position)
    with transaction.atomic():
        # Lock the unit so two simultaneous creations cannot both pass the check.
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        if PerformanceAgreement.objects.filter(unit=unit, year=year).exists():
            raise ValidationError(
                {
                    "unit": _("Unit %(unit)s sudah memiliki Perjanjian Kinerja tahun %(year)s.")
                    % {"unit": unit.name, "year": year.year}
                }
            )
        return PerformanceAgreement.objects.create(
            unit=unit, year=year, position=position, signed_on=signed_on
        )


def agreement_update(
    *, agreement: PerformanceAgreement, position: Position, signed_on: dt.date | None
) -> PerformanceAgreement:
    """Change the owning position or the signing date."""
    agreement_check(unit=agreement.unit, year=agreement.year, position=position)
    agreement.position = position
    agreement.signed_on = signed_on
    agreement.save(update_fields=["position", "signed_on", "updated_at"])
    return agreement


def _clean_goal_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Sasaran wajib diisi.")})
    if len(text) > MAX_GOAL_LENGTH:
        raise ValidationError(
            {
                "text": _("Sasaran terlalu panjang (paling banyak %(n)d karakter).")
                % {"n": MAX_GOAL_LENGTH}
            }
        )
    return text


def goal_add(*, agreement: PerformanceAgreement, text: str) -> AgreementGoal:
    """Add a goal (sasaran) at the end of the PK."""
    text = _clean_goal_text(text)
    with transaction.atomic():
        last = agreement.goals.aggregate(last=Max("order"))["last"]
        return AgreementGoal.objects.create(
            agreement=agreement, text=text, order=0 if last is None else last + 1
        )


def goal_update(*, goal: AgreementGoal, text: str) -> AgreementGoal:
    """Reword a goal; the RHKs drawn from it follow (they point at the goal, not its text)."""
    goal.text = _clean_goal_text(text)
    goal.save(update_fields=["text"])
    return goal


def goal_ensure_deletable(goal: AgreementGoal) -> None:
    """Refuse to delete a goal that RHKs of SKPs already draw on."""
    count = goal.results.count()
    if count:
        raise ValidationError(
            ngettext(
                "Sasaran ini tidak dapat dihapus karena sudah menjadi dasar %(count)d RHK "
                "pada SKP. Ubah dulu RHK tersebut agar tidak lagi merujuk sasaran ini.",
                "Sasaran ini tidak dapat dihapus karena sudah menjadi dasar %(count)d RHK "
                "pada SKP. Ubah dulu RHK tersebut agar tidak lagi merujuk sasaran ini.",
                count,
            )
            % {"count": count}
        )


def goal_delete(*, goal: AgreementGoal) -> None:
    """Delete a goal and its indicators, unless an RHK draws on it."""
    with transaction.atomic():
        goal_ensure_deletable(goal)
        goal.delete()


@dataclass(frozen=True)
class IndicatorValues:
    """An indicator's content, checked."""

    name: str
    unit_of_measure: str
    target_value: Decimal
    perspective: str


def indicator_values_check(
    *, name: str, unit_of_measure: str, target_value: Decimal | None, perspective: str = ""
) -> IndicatorValues:
    """The cleaned values, or a ValidationError by field (the form's and the import's rules)."""
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    unit_of_measure = " ".join(unit_of_measure.split())
    if not name:
        errors["name"] = _("Nama indikator wajib diisi.")
    elif len(name) > MAX_NAME_LENGTH:
        errors["name"] = _("Nama indikator terlalu panjang (paling banyak %(n)d karakter).") % {
            "n": MAX_NAME_LENGTH
        }
    if not unit_of_measure:
        errors["unit_of_measure"] = _("Satuan wajib diisi.")
    elif len(unit_of_measure) > MAX_UNIT_LENGTH:
        errors["unit_of_measure"] = _("Satuan terlalu panjang (paling banyak %(n)d karakter).") % {
            "n": MAX_UNIT_LENGTH
        }
    target_error = target_problem(target_value)
    if target_error:
        errors["target_value"] = target_error
    if perspective not in ("", *Perspective.values):
        errors["perspective"] = _("Perspektif tidak dikenal.")
    if errors:
        raise ValidationError(errors)
    assert target_value is not None
    return IndicatorValues(name, unit_of_measure, target_value, perspective)


def target_problem(value: Decimal | None) -> str:
    """Why `value` cannot be a target ("" when it can)."""
    if value is None:
        return _("Target wajib diisi.")
    if not value.is_finite():
        return _("Target harus berupa angka.")
    if value <= 0:
        return _("Target harus lebih besar dari nol.")
    if value >= MAX_TARGET:
        return _("Angka terlalu besar (paling besar 999.999.999.999).")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        return _("Target paling banyak 4 angka di belakang koma.")
    return ""


def indicator_add(
    *,
    goal: AgreementGoal,
    name: str,
    unit_of_measure: str,
    target_value: Decimal | None,
    perspective: str = "",
) -> AgreementIndicator:
    """Add an indicator with its yearly target to a goal."""
    values = indicator_values_check(
        name=name,
        unit_of_measure=unit_of_measure,
        target_value=target_value,
        perspective=perspective,
    )
    with transaction.atomic():
        last = goal.indicators.aggregate(last=Max("order"))["last"]
        return AgreementIndicator.objects.create(
            goal=goal,
            name=values.name,
            unit_of_measure=values.unit_of_measure,
            target_value=values.target_value,
            perspective=values.perspective,
            order=0 if last is None else last + 1,
        )


def indicator_update(
    *,
    indicator: AgreementIndicator,
    name: str,
    unit_of_measure: str,
    target_value: Decimal | None,
    perspective: str = "",
) -> AgreementIndicator:
    """Change an indicator's name, unit, target or perspective."""
    values = indicator_values_check(
        name=name,
        unit_of_measure=unit_of_measure,
        target_value=target_value,
        perspective=perspective,
    )
    indicator.name = values.name
    indicator.unit_of_measure = values.unit_of_measure
    indicator.target_value = values.target_value
    indicator.perspective = values.perspective
    indicator.save(update_fields=["name", "unit_of_measure", "target_value", "perspective"])
    return indicator


def indicator_delete(*, indicator: AgreementIndicator) -> None:
    """Delete an indicator (an SKP's IKI is its own copy, so nothing else changes)."""
    indicator.delete()


# Import ---------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    """One checked row of an import file: a goal's text and one of its indicators."""

    number: int
    goal: str
    indicator: IndicatorValues


@dataclass
class ImportOutcome:
    """What an import changed; all zero when the PK already matched the file."""

    goals_added: int = 0
    goals_removed: int = 0
    indicators_added: int = 0
    indicators_updated: int = 0
    indicators_removed: int = 0
    kept_because_linked: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.goals_added
            or self.goals_removed
            or self.indicators_added
            or self.indicators_updated
            or self.indicators_removed
        )


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def agreement_import(*, agreement: PerformanceAgreement, rows: list[ImportRow]) -> ImportOutcome:
    """Make the PK's goals and indicators match the rows of a checked import file.

    Goals are matched by their text and indicators by their name within the
    goal (ignoring case and extra spaces), so importing the same file again
    changes nothing. A matched indicator takes the file's unit, target and
    perspective. What the file lacks is removed, unless an RHK already draws
    on one of the PK's goals: then nothing is removed, only added and updated,
    so no SKP loses the goal it was built on.
    """
    outcome = ImportOutcome()
    with transaction.atomic():
        PerformanceAgreement.objects.select_for_update().filter(pk=agreement.pk).first()
        goals = list(agreement.goals.prefetch_related("indicators").order_by("order", "pk"))
        linked = {
            g.pk for g in AgreementGoal.objects.filter(agreement=agreement, results__isnull=False)
        }
        replace = not linked
        by_text = {_key(g.text): g for g in goals}
        next_order = max((g.order for g in goals), default=-1) + 1
        wanted_goals: list[str] = []
        for row in rows:
            if _key(row.goal) not in wanted_goals:
                wanted_goals.append(_key(row.goal))
        seen_goals: set[int] = set()
        seen_indicators: set[int] = set()
        for position, key in enumerate(wanted_goals):
            goal = by_text.get(key)
            text = next(r.goal for r in rows if _key(r.goal) == key)
            if goal is None:
                order = position if replace else next_order
                next_order += 1
                goal = AgreementGoal.objects.create(agreement=agreement, text=text, order=order)
                by_text[key] = goal
                outcome.goals_added += 1
                existing: dict[str, AgreementIndicator] = {}
            else:
                if replace and goal.order != position:
                    goal.order = position
                    goal.save(update_fields=["order"])
                existing = {_key(i.name): i for i in goal.indicators.all()}
            seen_goals.add(goal.pk)
            for index, row in enumerate(r for r in rows if _key(r.goal) == key):
                values = row.indicator
                indicator = existing.get(_key(values.name))
                if indicator is None:
                    indicator = AgreementIndicator.objects.create(
                        goal=goal,
                        name=values.name,
                        unit_of_measure=values.unit_of_measure,
                        target_value=values.target_value,
                        perspective=values.perspective,
                        order=index if replace else len(existing) + index,
                    )
                    outcome.indicators_added += 1
                elif (
                    indicator.unit_of_measure,
                    indicator.target_value,
                    indicator.perspective,
                ) != (values.unit_of_measure, values.target_value, values.perspective):
                    indicator.unit_of_measure = values.unit_of_measure
                    indicator.target_value = values.target_value
                    indicator.perspective = values.perspective
                    indicator.save(update_fields=["unit_of_measure", "target_value", "perspective"])
                    outcome.indicators_updated += 1
                seen_indicators.add(indicator.pk)
        stale_goals = [g for g in goals if g.pk not in seen_goals]
        stale_indicators = AgreementIndicator.objects.filter(goal__in=seen_goals).exclude(
            pk__in=seen_indicators
        )
        if replace:
            outcome.indicators_removed = stale_indicators.count()
            stale_indicators.delete()
            for goal in stale_goals:
                goal.delete()
            outcome.goals_removed = len(stale_goals)
        else:
            outcome.kept_because_linked = [g.text for g in stale_goals]
    return outcome
