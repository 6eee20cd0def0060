"""The SKP as a document: the official layout of PermenPANRB 6/2022, for paper and screen.

`skp_document_context` reads everything the document shows into plain data in a
fixed number of queries; one template (plans/pdf/skp_document.html) lays it out,
wrapped once for the browser's print view and once for WeasyPrint (`skp_pdf`),
so the PDF and the page can never say different things (ADR 0005).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core import clock
from kinerja.organisation.models import Employee, Position, PositionKind
from kinerja.organisation.selectors import reporting_line
from kinerja.plans.models import (
    BehaviourExpectation,
    CoreValue,
    PerformancePlan,
    PlanIndicator,
    PlannedResult,
)
from kinerja.scoring import Polarity

STATIC_DIR = Path(__file__).resolve().parent / "static"
STYLESHEET = STATIC_DIR / "plans" / "documents.css"

# The three guiding behaviours (panduan perilaku) of each BerAKHLAK value,
# as the SKP form prints them under the value's name.
BEHAVIOUR_GUIDES: Mapping[str, tuple[Promise, ...]] = {
    CoreValue.BERORIENTASI_PELAYANAN: (
        gettext_lazy("Memahami dan memenuhi kebutuhan masyarakat"),
        gettext_lazy("Ramah, cekatan, solutif, dan dapat diandalkan"),
        gettext_lazy("Melakukan perbaikan tiada henti"),
    ),
    CoreValue.AKUNTABEL: (
        gettext_lazy(
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, "
            "dan berintegritas tinggi"
        ),
        gettext_lazy(
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, "
            "efektif, dan efisien"
        ),
        gettext_lazy("Tidak menyalahgunakan kewenangan jabatan"),
    ),
    CoreValue.KOMPETEN: (
        gettext_lazy("Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah"),
        gettext_lazy("Membantu orang lain belajar"),
        gettext_lazy("Melaksanakan tugas dengan kualitas terbaik"),
    ),
    CoreValue.HARMONIS: (
        gettext_lazy("Menghargai setiap orang apa pun latar belakangnya"),
        gettext_lazy("Suka menolong orang lain"),
        gettext_lazy("Membangun lingkungan kerja yang kondusif"),
    ),
    CoreValue.LOYAL: (
        gettext_lazy(
            "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia "
            "Tahun 1945, setia kepada NKRI serta pemerintahan yang sah"
        ),
        gettext_lazy("Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara"),
        gettext_lazy("Menjaga rahasia jabatan dan negara"),
    ),
    CoreValue.ADAPTIF: (
        gettext_lazy("Cepat menyesuaikan diri menghadapi perubahan"),
        gettext_lazy("Terus berinovasi dan mengembangkan kreativitas"),
        gettext_lazy("Bertindak proaktif"),
    ),
    CoreValue.KOLABORATIF: (
        gettext_lazy("Memberi kesempatan kepada berbagai pihak untuk berkontribusi"),
        gettext_lazy("Terbuka dalam bekerja sama untuk menghasilkan nilai tambah"),
        gettext_lazy("Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama"),
    ),
}


@dataclass(frozen=True)
class Person:
    """One side of the identity block; empty strings where the record has nothing."""

    name: str
    nip: str
    rank: str
    position: str
    unit: str


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    aspect: str
    target: str
    perspective: str


@dataclass(frozen=True)
class ResultRow:
    """An RHK with its IKIs; the RHK's cells span `span` table rows."""

    number: int
    text: str
    supports: str
    indicators: tuple[IndicatorRow, ...]

    @property
    def span(self) -> int:
        return len(self.indicators)


@dataclass(frozen=True)
class ResultGroup:
    label: str
    results: tuple[ResultRow, ...]


@dataclass(frozen=True)
class BehaviourRow:
    number: int
    value: str
    guides: tuple[str, ...]
    expectation: str


@dataclass(frozen=True)
class SkpDocument:
    """Everything the SKP document shows, as plain values."""

    title: str
    approach_title: str
    instansi: str
    year: int
    start: dt.date
    end: dt.date
    is_jpt: bool
    is_qualitative: bool
    is_draft: bool
    status: str
    pegawai: Person
    penilai: Person | None
    groups: tuple[ResultGroup, ...]
    behaviours: tuple[BehaviourRow, ...]
    supporting_resources: str
    accountability_scheme: str
    consequences: str
    signed_on: dt.date | None
    filename: str

    @property
    def result_columns(self) -> int:
        """How many columns the HASIL KERJA table has (for the group rows' colspan)."""
        return 5 if self.is_jpt else 6


def plain_number(value: Decimal) -> str:
    """A number in the reader's notation with only the decimals it has (7, 7,5; 1.250)."""
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _with_unit(number: str, unit: str) -> str:
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def target_display(indicator: PlanIndicator, *, qualitative: bool = False) -> str:
    """The target as the SKP form prints it: "12 program", "7–8 menit", "Terlaksana".

    Under the kualitatif approach the narrated expectation stands in for the number.
    """
    if qualitative and indicator.target_text.strip():
        return indicator.target_text.strip()
    unit = indicator.unit_of_measure.strip()
    if indicator.polarity == Polarity.MILESTONE:
        return _("Terlaksana")
    if indicator.polarity == Polarity.RANGE:
        if indicator.target_low is None or indicator.target_high is None:
            return "–"
        span = f"{plain_number(indicator.target_low)}–{plain_number(indicator.target_high)}"
        return _with_unit(span, unit)
    if indicator.target_value is None:
        return indicator.target_text.strip() or "–"
    return _with_unit(plain_number(indicator.target_value), unit)


def person(employee: Employee, position: Position | None) -> Person:
    """One side of an identity or signature block: `employee` as holder of `position`.

    `position` must come with its unit selected.
    """
    return Person(
        name=employee.name,
        nip=employee.nip,
        rank=employee.rank,
        position=position.name if position else "",
        unit=position.unit.name if position else "",
    )


def _result_row(
    number: int, result: PlannedResult, *, is_jpt: bool, qualitative: bool
) -> ResultRow:
    indicators = tuple(
        IndicatorRow(
            name=iki.name,
            aspect=iki.get_aspect_display(),
            target=target_display(iki, qualitative=qualitative),
            perspective=iki.get_perspective_display() if iki.perspective else "",
        )
        for iki in result.indicators.all()
    ) or (IndicatorRow(name="–", aspect="–", target="–", perspective=""),)
    # A JPT's RHK is the Perjanjian Kinerja objective it takes on.
    text = result.goal.text if is_jpt and result.goal is not None else result.text
    return ResultRow(
        number=number,
        text=text,
        supports=result.supports.text if result.supports is not None else "",
        indicators=indicators,
    )


def skp_filename(plan: PerformancePlan) -> str:
    return f"SKP-{plan.employee.nip}-{plan.year.year}.pdf"


def skp_document_context(plan: PerformancePlan) -> SkpDocument:
    """Read one SKP into the document's plain data, in a fixed number of queries.

    The penilai is derived from the reporting line on the SKP's last day, or
    today while it still runs: the person who signs is who the line says,
    never a name typed in.
    """
    employee = plan.employee
    is_jpt = plan.position.kind == PositionKind.JPT
    qualitative = plan.approach == PerformancePlan.Approach.QUALITATIVE
    results = (
        PlannedResult.objects.filter(plan=plan)
        .select_related("supports", "goal")
        .prefetch_related("indicators")
        .order_by("kind", "order", "pk")
    )
    by_kind: dict[str, list[PlannedResult]] = {k: [] for k in PlannedResult.Kind.values}
    for result in results:
        by_kind[result.kind].append(result)
    groups = tuple(
        ResultGroup(
            label=label,
            results=tuple(
                _result_row(n, r, is_jpt=is_jpt, qualitative=qualitative)
                for n, r in enumerate(by_kind[kind], start=1)
            ),
        )
        for kind, label in (
            (PlannedResult.Kind.UTAMA, _("A. Utama")),
            (PlannedResult.Kind.TAMBAHAN, _("B. Tambahan")),
        )
    )

    expectations = {
        e.value: e.expectation
        for e in BehaviourExpectation.objects.filter(plan=plan).only("value", "expectation")
    }
    behaviours = tuple(
        BehaviourRow(
            number=n,
            value=str(value.label),
            guides=tuple(str(g) for g in BEHAVIOUR_GUIDES[value]),
            expectation=expectations.get(value, "").strip(),
        )
        for n, value in enumerate(CoreValue, start=1)
    )

    line = reporting_line(employee, on=min(plan.end, clock.today()))
    penilai = person(line.penilai, line.penilai_position) if line.penilai else None

    approved = plan.status == PerformancePlan.Status.APPROVED
    signed_on = (
        timezone.localdate(plan.status_changed_at)
        if approved and plan.status_changed_at is not None
        else None
    )
    approach_title = (
        _("PENDEKATAN HASIL KERJA KUALITATIF")
        if qualitative
        else _("PENDEKATAN HASIL KERJA KUANTITATIF")
    )
    return SkpDocument(
        title=_("SASARAN KINERJA PEGAWAI"),
        approach_title=approach_title,
        instansi=plan.year.instansi.name,
        year=plan.year.year,
        start=plan.start,
        end=plan.end,
        is_jpt=is_jpt,
        is_qualitative=qualitative,
        is_draft=not approved,
        status=plan.get_status_display(),
        pegawai=person(employee, plan.position),
        penilai=penilai,
        groups=groups,
        behaviours=behaviours,
        supporting_resources=plan.supporting_resources.strip(),
        accountability_scheme=plan.accountability_scheme.strip(),
        consequences=plan.consequences.strip(),
        signed_on=signed_on,
        filename=skp_filename(plan),
    )


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that cannot end the string or the <style> element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>' or ord(c) < 32 else c for c in text)
    return f'"{escaped}"'


def page_css(owner: str) -> str:
    """The @page margin boxes: who the document is for, and "Halaman x dari y"."""
    return (
        "@page { "
        f"@bottom-left {{ content: {css_string(owner)}; }} "
        f"@bottom-right {{ content: {css_string(_('Halaman') + ' ')} counter(page) "
        f"{css_string(' ' + _('dari') + ' ')} counter(pages); }} }}"
    )


def _page_css(document: SkpDocument) -> str:
    return page_css(
        f"{document.title} {document.year} · {document.pegawai.name} · NIP {document.pegawai.nip}"
    )


def skp_html(document: SkpDocument) -> str:
    """The standalone HTML that WeasyPrint lays out: the document with its stylesheet inline."""
    return render_to_string(
        "plans/pdf/skp.html",
        {
            "document": document,
            "stylesheet": STYLESHEET.read_text(encoding="utf-8"),
            "page_css": _page_css(document),
        },
    )


def html_to_pdf(html: str, base_url: str) -> bytes:
    """Lay out a standalone document with WeasyPrint: A4, the page numbers its CSS asks for.

    The templates hold only escaped text and no URL of their own; relative references
    resolve against `base_url` (an app's static folder), never over the network.
    """
    # Imported here: WeasyPrint loads Pango at import, which only this path needs.
    import weasyprint

    pdf = weasyprint.HTML(string=html, base_url=base_url).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def skp_pdf(plan: PerformancePlan, *, document: SkpDocument | None = None) -> bytes:
    """The SKP as an A4-landscape PDF, with page numbers and the signature blocks."""
    html = skp_html(document or skp_document_context(plan))
    return html_to_pdf(html, base_url=STATIC_DIR.as_uri() + "/")
