"""Dokumen Evaluasi Kinerja Pegawai: a final evaluation in the official layout.

`evaluation_document_context` reads everything the document shows into plain data;
one template (evaluations/pdf/evaluation_document.html) lays it out, wrapped once
for the browser (the preview page) and once for WeasyPrint (`evaluation_pdf`), so
the PDF and the page never say different things (ADR 0005, as plans.documents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.explanations import format_number
from kinerja.cycles.models import Period, PeriodKind
from kinerja.evaluations.acknowledgement import acknowledged_current
from kinerja.evaluations.distribution import curve_unit
from kinerja.evaluations.models import Evaluation, Objection, OrgPredikatChoice
from kinerja.organisation.models import Employee
from kinerja.organisation.selectors import assignment_current, reporting_line
from kinerja.plans.documents import STYLESHEET as SKP_STYLESHEET
from kinerja.plans.documents import Person, html_to_pdf, page_css, person

STATIC_DIR = Path(__file__).resolve().parent / "static"
STYLESHEET = STATIC_DIR / "evaluations" / "documents.css"
# Relative references in the documents resolve inside this app's static folder.
BASE_URL = STATIC_DIR.as_uri() + "/"
_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV-AKHIR"}


@dataclass(frozen=True)
class BehaviourLine:
    number: int
    value: str
    rating: str
    feedback: str


@dataclass(frozen=True)
class ObjectionSection:
    """The keberatan, the penilai's explanation and the atasan penilai's decision."""

    status: str
    reason: str
    filed_on: dt.date
    explanation: str
    explained_on: dt.date | None
    decision: str
    decision_reason: str
    decided_on: dt.date | None


@dataclass(frozen=True)
class EvaluationDocument:
    """Everything the Dokumen Evaluasi Kinerja Pegawai shows, as plain values."""

    title: str
    period_title: str
    year: int
    start: dt.date
    end: dt.date
    instansi: str
    pegawai: Person
    penilai: Person | None
    atasan: Person | None
    org_unit: str
    org_predikat: str
    org_capaian: str
    capaian: str
    result_rating: str
    behaviour_rating: str
    predikat: str
    behaviours: tuple[BehaviourLine, ...]
    recommendations: str
    finalised_on: dt.date | None
    acknowledged_on: dt.date | None
    objection: ObjectionSection | None
    revision: int
    filename: str


def period_title(period: Period) -> str:
    """The period as the official form heads it: TRIWULAN I … IV-AKHIR, TAHUNAN, or the month."""
    if period.kind == PeriodKind.QUARTER:
        return _("TRIWULAN %(roman)s") % {"roman": _QUARTERS[period.number]}
    if period.kind == PeriodKind.YEAR:
        return _("TAHUNAN")
    return period.label.upper()


def evaluation_filename(evaluation: Evaluation) -> str:
    period = evaluation.period
    code = {PeriodKind.QUARTER: "TW", PeriodKind.MONTH: "BLN", PeriodKind.YEAR: "TAHUNAN"}[
        PeriodKind(period.kind)
    ]
    suffix = "" if period.kind == PeriodKind.YEAR else str(period.number)
    nip = evaluation.plan.employee.nip
    return f"Evaluasi-Kinerja-{nip}-{period.year.year}-{code}{suffix}.pdf"


def summary_capaian(summary: object) -> Decimal | None:
    """The unit's capaian from a UnitPredikat summary (unit_predikat.unit_summary writes it
    under "unit_capaian"), if the leader had one in view."""
    unit = summary.get("unit_capaian") if isinstance(summary, dict) else None
    raw = unit.get("achievement") if isinstance(unit, dict) else None
    if raw is None:
        return None
    try:
        return Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None


def _signer(user_id: int | None, *, signed: dt.datetime | None, day: dt.date) -> Person | None:
    """The person behind the account that acted, as holder of the post they held when they
    signed (else at the period's end); None when the account is nobody's employee record."""
    employee = Employee.objects.filter(user_id=user_id).first() if user_id is not None else None
    if employee is None:
        return None
    assignment = None
    for on in (_day(signed), day):
        if on is not None and (assignment := assignment_current(employee, on=on)):
            break
    return person(employee, assignment.position if assignment else None)


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def _objection_section(objection: Objection | None) -> ObjectionSection | None:
    if objection is None:
        return None
    return ObjectionSection(
        status=objection.get_status_display(),
        reason=objection.reason,
        filed_on=timezone.localdate(objection.filed_at),
        explanation=objection.explanation,
        explained_on=_day(objection.explained_at),
        decision=objection.get_decision_display() if objection.decision else "",
        decision_reason=objection.decision_reason,
        decided_on=_day(objection.decided_at),
    )


def evaluation_document_context(evaluation: Evaluation) -> EvaluationDocument:
    """Read one final evaluation into the document's plain data.

    The penilai is who judged (the evaluation's evaluator) and the atasan penilai who
    decided the objection, if one was decided; each missing one comes from the reporting
    line on the last day of the period that the SKP ran, as the SKP document derives its
    penilai.
    """
    plan = evaluation.plan
    period = evaluation.period
    employee = plan.employee
    day = max(plan.start, min(plan.end, period.end))
    objection = Objection.objects.filter(evaluation=evaluation).first()
    penilai = _signer(evaluation.evaluator_id, signed=evaluation.finalised_at, day=day)
    atasan = None
    if objection is not None:
        atasan = _signer(objection.decided_by_id, signed=objection.decided_at, day=day)
    if penilai is None or atasan is None:
        line = reporting_line(employee, on=day)
        if penilai is None and line.penilai:
            penilai = person(line.penilai, line.penilai_position)
        if atasan is None and line.atasan:
            atasan = person(line.atasan, line.atasan_position)
    position = plan.position
    unit, decided = curve_unit(position.unit, period)
    org_unit, org_predikat, org_capaian = unit.name, "–", "–"
    if decided is not None:
        capaian = summary_capaian(decided.summary)
        org_predikat = str(OrgPredikatChoice(decided.predikat).label)
        org_capaian = "–" if capaian is None else f"{format_number(capaian)}%"
    behaviours = tuple(
        BehaviourLine(n, b.get_value_display(), b.get_rating_display(), b.feedback.strip())
        for n, b in enumerate(evaluation.behaviour_assessments.all(), start=1)
    )
    recommendations = "\n".join(f"{b.value}: {b.feedback}" for b in behaviours if b.feedback)
    capaian_text = (
        "–" if evaluation.achievement is None else f"{format_number(evaluation.achievement)}%"
    )
    return EvaluationDocument(
        title=_("DOKUMEN EVALUASI KINERJA PEGAWAI"),
        period_title=period_title(period),
        year=period.year.year,
        start=period.start,
        end=period.end,
        instansi=plan.year.instansi.name,
        pegawai=person(employee, position),
        penilai=penilai,
        atasan=atasan,
        org_unit=org_unit,
        org_predikat=org_predikat,
        org_capaian=org_capaian,
        capaian=capaian_text,
        result_rating=evaluation.get_result_rating_display() or "–",
        behaviour_rating=evaluation.get_behaviour_rating_display() or "–",
        predikat=evaluation.get_predikat_display() or "–",
        behaviours=behaviours,
        recommendations=recommendations,
        finalised_on=_day(evaluation.finalised_at),
        acknowledged_on=_day(evaluation.acknowledged_at)
        if acknowledged_current(evaluation)
        else None,
        objection=_objection_section(objection),
        revision=evaluation.revision,
        filename=evaluation_filename(evaluation),
    )


def stylesheet(*, landscape: bool = False) -> str:
    """The SKP document's rules (fonts, tables, signatures) and this app's additions."""
    size = "A4 landscape" if landscape else "A4 portrait"
    return (
        SKP_STYLESHEET.read_text(encoding="utf-8")
        + "\n"
        + STYLESHEET.read_text(encoding="utf-8")
        + f"\n@page {{ size: {size}; }}\n"
    )


def evaluation_html(document: EvaluationDocument) -> str:
    """The standalone HTML that WeasyPrint lays out: the document with its stylesheet inline."""
    owner = f"{document.title} · {document.pegawai.name} · NIP {document.pegawai.nip}"
    return render_to_string(
        "evaluations/pdf/evaluation.html",
        {"document": document, "stylesheet": stylesheet(), "page_css": page_css(owner)},
    )


def evaluation_pdf(document: EvaluationDocument) -> bytes:
    """The Dokumen Evaluasi Kinerja Pegawai as an A4 PDF."""
    return html_to_pdf(evaluation_html(document), base_url=BASE_URL)
