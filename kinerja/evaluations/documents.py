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
from kinerja.evaluations.models import (
    Evaluation,
    Objection,
    OrgPredikatChoice,
    UnitPredikat,
)
from kinerja.organisation.models import Unit
from kinerja.organisation.selectors import reporting_line
from kinerja.plans.documents import STYLESHEET as SKP_STYLESHEET
from kinerja.plans.documents import Person, css_string

STATIC_DIR = Path(__file__).resolve().parent / "static"
STYLESHEET = STATIC_DIR / "evaluations" / "documents.css"
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


def _person(employee: object, position: object) -> Person:
    return Person(
        name=employee.name,  # type: ignore[attr-defined]
        nip=employee.nip,  # type: ignore[attr-defined]
        rank=employee.rank,  # type: ignore[attr-defined]
        position=position.name if position else "",  # type: ignore[attr-defined]
        unit=position.unit.name if position else "",  # type: ignore[attr-defined]
    )


def org_predikat_for(unit: Unit, period: Period) -> tuple[Unit, UnitPredikat] | None:
    """The current organisational predikat of `unit` or, when it has none, its nearest
    ancestor that has one for `period` (a bidang's staff fall under their dinas)."""
    chain = list(unit.ancestors(include_self=True))
    current = {
        p.unit_id: p
        for p in UnitPredikat.objects.filter(
            unit__in=chain, period=period, superseded_at__isnull=True
        )
    }
    for node in reversed(chain):  # nearest first
        if node.pk in current:
            return node, current[node.pk]
    return None


def summary_capaian(summary: object) -> Decimal | None:
    """The unit's capaian from a UnitPredikat summary, if the leader had one in view."""
    if not isinstance(summary, dict):
        return None
    for key in ("achievement", "capaian"):
        raw = summary.get(key)
        if raw is not None:
            try:
                return Decimal(str(raw))
            except (InvalidOperation, ValueError):
                return None
    return None


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def _objection(evaluation: Evaluation) -> ObjectionSection | None:
    objection = Objection.objects.filter(evaluation=evaluation).first()
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

    The penilai and the atasan penilai come from the reporting line on the last day
    of the period that the SKP ran, as the SKP document derives its penilai.
    """
    plan = evaluation.plan
    period = evaluation.period
    employee = plan.employee
    day = max(plan.start, min(plan.end, period.end))
    line = reporting_line(employee, on=day)
    penilai = _person(line.penilai, line.penilai_position) if line.penilai else None
    atasan = _person(line.atasan, line.atasan_position) if line.atasan else None
    position = plan.position
    org = org_predikat_for(position.unit, period)
    if org is None:
        org_unit, org_predikat, org_capaian = position.unit.name, "–", "–"
    else:
        unit, decided = org
        capaian = summary_capaian(decided.summary)
        org_unit = unit.name
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
        pegawai=_person(employee, position),
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
        acknowledged_on=_day(evaluation.acknowledged_at),
        objection=_objection(evaluation),
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


def page_css(owner: str) -> str:
    """The @page margin boxes: who the document is for, and "Halaman x dari y"."""
    return (
        "@page { "
        f"@bottom-left {{ content: {css_string(owner)}; }} "
        f"@bottom-right {{ content: {css_string(_('Halaman') + ' ')} counter(page) "
        f"{css_string(' ' + _('dari') + ' ')} counter(pages); }} }}"
    )


def evaluation_html(document: EvaluationDocument) -> str:
    """The standalone HTML that WeasyPrint lays out: the document with its stylesheet inline."""
    owner = f"{document.title} · {document.pegawai.name} · NIP {document.pegawai.nip}"
    return render_to_string(
        "evaluations/pdf/evaluation.html",
        {"document": document, "stylesheet": stylesheet(), "page_css": page_css(owner)},
    )


def html_to_pdf(html: str) -> bytes:
    """Lay out `html` with WeasyPrint; relative references stay inside the static folder."""
    # Imported here: WeasyPrint loads Pango at import, which only this path needs.
    import weasyprint

    pdf = weasyprint.HTML(string=html, base_url=STATIC_DIR.as_uri() + "/").write_pdf()
    assert pdf is not None
    return bytes(pdf)


def evaluation_pdf(document: EvaluationDocument) -> bytes:
    """The Dokumen Evaluasi Kinerja Pegawai as an A4 PDF."""
    return html_to_pdf(evaluation_html(document))
