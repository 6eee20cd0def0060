"""The SKP document: what it says for each SKP form, and the PDF that carries it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.organisation.models import Assignment, Position
from kinerja.organisation.services import assignment_create, employee_create
from kinerja.plans.documents import (
    BEHAVIOUR_GUIDES,
    css_string,
    plain_number,
    skp_document_context,
    skp_html,
    skp_pdf,
    target_display,
)
from kinerja.plans.models import CoreValue, PerformancePlan, PlanIndicator
from kinerja.plans.services import indicator_add, result_add
from tests.conftest import PASSWORD, Cast, make_nip
from tests.matrix import client_as
from tests.plans.documents_support import (
    ACCOUNTABILITY,
    CONSEQUENCES,
    RESOURCES,
    SERVICE_EXPECTATION,
    complete_pegawai_plan,
    jpt_plan,
    pdf_pages,
    pdf_text,
    qualitative_plan,
)

D = Decimal


def test_non_jpt_context_has_the_official_parts(cast):
    plan = complete_pegawai_plan(cast)

    document = skp_document_context(plan)

    assert document.title == "SASARAN KINERJA PEGAWAI"
    assert document.approach_title == "PENDEKATAN HASIL KERJA KUANTITATIF"
    assert document.instansi == "Pemerintah Provinsi Jambi"
    assert (document.start, document.end) == (plan.start, plan.end)
    assert not document.is_jpt
    assert document.pegawai.name == "Andi Pratama"
    assert document.pegawai.nip == cast.pegawai.nip
    assert document.pegawai.position == "Analis Kurikulum"
    assert document.pegawai.unit == "Bidang Pembinaan SD"

    utama, tambahan = document.groups
    assert (utama.label, tambahan.label) == ("A. Utama", "B. Tambahan")
    [rhk] = utama.results
    assert rhk.text == "Terlaksananya program pendidikan SD"
    assert rhk.supports == "Meningkatnya mutu layanan SD"
    assert rhk.span == 2
    assert [(i.name, i.aspect, i.target) for i in rhk.indicators] == [
        ("Jumlah program pendidikan yang dilaksanakan", "Kuantitas", "12 program"),
        ("Angka Partisipasi Sekolah 7-12", "Kuantitas", "95%"),
    ]
    [extra] = tambahan.results
    assert extra.supports == ""
    assert [(i.aspect, i.target) for i in extra.indicators] == [
        ("Waktu", "7–8 menit"),
        ("Kualitas", "Terlaksana"),
    ]

    assert [b.value for b in document.behaviours] == [str(v.label) for v in CoreValue]
    assert all(len(b.guides) == 3 for b in document.behaviours)
    assert document.behaviours[0].expectation == SERVICE_EXPECTATION
    assert document.behaviours[1].expectation == ""
    assert (
        document.supporting_resources,
        document.accountability_scheme,
        document.consequences,
    ) == (RESOURCES, ACCOUNTABILITY, CONSEQUENCES)
    assert document.filename == f"SKP-{cast.pegawai.nip}-{cast.year.year}.pdf"


def test_jpt_context_takes_the_rhk_from_the_perjanjian_kinerja_with_perspektif(cast):
    plan = jpt_plan(cast)

    document = skp_document_context(plan)

    assert document.is_jpt
    assert document.result_columns == 5
    [rhk] = document.groups[0].results
    # The objective of the agreement, not the RHK's own wording.
    assert rhk.text == "Meningkatnya akses dan mutu pendidikan dasar"
    [iki] = rhk.indicators
    assert (iki.name, iki.target, iki.perspective) == (
        "Angka Partisipasi Sekolah 7-12",
        "97,5%",
        "Penerima Layanan",
    )
    # The kepala dinas has nobody above on file: the penilai's place stays to be filled in.
    assert document.penilai is None
    html = skp_html(document)
    assert "PERSPEKTIF" in html
    assert "YANG DIINTERVENSI" not in html


def test_kualitatif_skp_shows_the_narrated_target(cast):
    plan = qualitative_plan(cast)

    document = skp_document_context(plan)

    assert document.approach_title == "PENDEKATAN HASIL KERJA KUALITATIF"
    [iki] = document.groups[0].results[0].indicators
    assert iki.target.startswith("Data seluruh SMP dimutakhirkan")
    assert "PENDEKATAN HASIL KERJA KUALITATIF" in skp_html(document)


def test_a_kuantitatif_skp_ignores_a_narrated_target(cast):
    PlanIndicator.objects.filter(pk=cast.programmes.pk).update(target_text="uraian lama")
    [iki, _] = skp_document_context(cast.pegawai_plan).groups[0].results[0].indicators
    assert iki.target == "12 program"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"polarity": "higher_better", "target_value": D("12.0000"), "unit": "program"},
            "12 program",
        ),
        ({"polarity": "higher_better", "target_value": D("1250"), "unit": "siswa"}, "1.250 siswa"),
        ({"polarity": "lower_better", "target_value": D("60"), "unit": "menit"}, "60 menit"),
        ({"polarity": "higher_better", "target_value": D("87.25"), "unit": "%"}, "87,25%"),
        ({"polarity": "range", "low": D("6.5"), "high": D("8"), "unit": "bulan"}, "6,5–8 bulan"),
        ({"polarity": "milestone", "target_value": D("1"), "unit": "dokumen"}, "Terlaksana"),
    ],
)
def test_targets_are_written_with_their_unit(fields, expected):
    indicator = PlanIndicator(
        name="x",
        polarity=fields["polarity"],
        unit_of_measure=fields["unit"],
        target_value=fields.get("target_value"),
        target_low=fields.get("low"),
        target_high=fields.get("high"),
    )
    assert target_display(indicator) == expected


def test_plain_number_keeps_only_the_decimals_it_has():
    assert [plain_number(D(v)) for v in ("7.0000", "7.5000", "100", "0.125")] == [
        "7",
        "7,5",
        "100",
        "0,125",
    ]


def test_every_berakhlak_value_has_its_three_guiding_behaviours():
    assert set(BEHAVIOUR_GUIDES) == set(CoreValue.values)
    assert all(len(guides) == 3 for guides in BEHAVIOUR_GUIDES.values())


@pytest.mark.parametrize(
    "status",
    [
        PerformancePlan.Status.DRAFT,
        PerformancePlan.Status.SUBMITTED,
        PerformancePlan.Status.RETURNED,
    ],
)
def test_an_skp_that_is_not_approved_is_marked_as_draft(cast, status):
    plan = jpt_plan(cast, status=status)

    document = skp_document_context(plan)

    assert document.is_draft
    assert document.signed_on is None
    html = skp_html(document)
    assert html.count("DRAF — belum disetujui") == 2  # the banner and the watermark
    assert "skp-watermark" in html
    assert "DRAF — belum disetujui" in pdf_text(skp_pdf(plan))


def test_an_approved_skp_carries_no_draft_mark_and_is_dated_on_approval(cast):
    plan = cast.pegawai_plan
    # Approved by the penilai on 20 January (set directly: the workflow would date it today).
    PerformancePlan.objects.filter(pk=plan.pk).update(
        status=PerformancePlan.Status.APPROVED,
        status_changed_at=dt.datetime(cast.year.year, 1, 20, 3, tzinfo=dt.UTC),
    )
    plan.refresh_from_db()

    document = skp_document_context(plan)

    assert not document.is_draft
    assert document.signed_on == dt.date(cast.year.year, 1, 20)
    html = skp_html(document)
    assert "DRAF" not in html
    assert f"20 Januari {cast.year.year}" in html


def test_penilai_is_derived_from_the_reporting_line(cast):
    document = skp_document_context(cast.pegawai_plan)

    assert document.penilai is not None
    assert document.penilai.name == "Siti Rahmawati"
    assert document.penilai.nip == cast.penilai.nip
    assert document.penilai.position == "Kepala Bidang SD"
    assert document.penilai.unit == "Bidang Pembinaan SD"


def test_penilai_is_who_held_the_post_on_the_skps_last_day(cast, monkeypatch):
    """A closed SKP keeps the penilai of its time; a running one follows today's line."""
    year = cast.year.year
    monkeypatch.setattr("kinerja.core.clock.today", lambda: dt.date(year, 6, 30))
    chief = Position.objects.get(instansi=cast.instansi, name="Kepala Bidang SD")
    Assignment.objects.filter(employee=cast.penilai, position=chief).update(
        end=dt.date(year, 3, 31)
    )
    successor = employee_create(
        instansi=cast.instansi,
        nip=make_nip(9),
        name="Yusuf Hidayat",
        username="yusuf",
        password=PASSWORD,
    )
    assignment_create(employee=successor, position=chief, start=dt.date(year, 4, 1))
    closed = cast.pegawai_plan
    PerformancePlan.objects.filter(pk=closed.pk).update(end=dt.date(year, 3, 31))
    closed.refresh_from_db()

    assert skp_document_context(closed).penilai.name == "Siti Rahmawati"  # type: ignore[union-attr]
    running = PerformancePlan.objects.get(pk=closed.pk)
    running.end = dt.date(year, 12, 31)
    assert skp_document_context(running).penilai.name == "Yusuf Hidayat"  # type: ignore[union-attr]


def _queries(plan: PerformancePlan) -> int:
    fresh = PerformancePlan.objects.select_related(
        "employee", "position__unit", "year__instansi"
    ).get(pk=plan.pk)
    with CaptureQueriesContext(connection) as queries:
        skp_document_context(fresh)
    return len(queries)


def test_context_query_count_does_not_grow_with_the_skp(cast):
    plan = complete_pegawai_plan(cast)
    small = _queries(plan)
    for n in range(6):
        result = result_add(plan=plan, text=f"RHK tambahan {n}", kind="tambahan")
        for m in range(3):
            indicator_add(
                result=result,
                name=f"IKI {n}.{m}",
                target_value=D(10),
                unit_of_measure="dokumen",
                polarity="higher_better",
                aggregation="sum",
            )

    assert _queries(plan) == small
    assert small <= 10


def test_pdf_starts_with_the_pdf_marker_and_names_the_employee(cast):
    plan = complete_pegawai_plan(cast)

    pdf = skp_pdf(plan)

    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Andi Pratama" in text
    assert cast.pegawai.nip in text
    assert "Siti Rahmawati" in text
    assert "SASARAN KINERJA PEGAWAI" in text
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in text
    assert RESOURCES in text
    # The lampiran starts on a page of its own; every page says which page of how many it is.
    pages = pdf_pages(pdf)
    assert pages >= 2
    assert f"Halaman {pages} dari {pages}" in text


def test_pdf_view_sends_a_named_pdf_inline_or_as_a_download(cast):
    client = client_as(cast, "pegawai")
    url = reverse("plans:pdf", args=[cast.pegawai_plan.pk])
    filename = f"SKP-{cast.pegawai.nip}-{cast.year.year}.pdf"

    shown = client.get(url)
    saved = client.get(url, {"unduh": "1"})

    assert shown["Content-Type"] == "application/pdf"
    assert shown["Content-Disposition"] == f'inline; filename="{filename}"'
    assert saved["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert shown.content.startswith(b"%PDF")
    assert "no-store" in shown["Cache-Control"]


def test_print_view_shows_the_same_document_with_a_download_link(cast):
    plan = complete_pegawai_plan(cast)
    response = client_as(cast, "penilai").get(reverse("plans:print", args=[plan.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="skp-document"' in html
    assert "plans/documents.css" in html
    assert reverse("plans:pdf", args=[plan.pk]) in html
    for part in ("PEJABAT PENILAI KINERJA", "HASIL KERJA", "PERILAKU KERJA", "KONSEKUENSI"):
        assert part in html
    assert "7–8 menit" in html


def test_document_links_tag_offers_download_and_print(cast, rf):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = cast.pegawai.user
    plan = cast.pegawai_plan
    html = Template("{% load plan_documents %}{% document_links plan %}").render(
        Context({"plan": plan, "request": request})
    )
    assert f'href="{reverse("plans:pdf", args=[plan.pk])}?unduh=1"' in html
    assert f'href="{reverse("plans:print", args=[plan.pk])}"' in html
    assert "Unduh PDF" in html
    assert "Cetak" in html


def test_css_string_cannot_break_out_of_the_style_element():
    quoted = css_string('Nama "aneh" </style><script>\\')
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    assert '"' not in inner
    assert "<" not in inner and ">" not in inner


def test_names_are_escaped_in_the_document(cast: Cast):
    cast.pegawai.name = "Andi <b>Pratama</b>"
    cast.pegawai.save()
    plan = PerformancePlan.objects.select_related("employee").get(pk=cast.pegawai_plan.pk)
    html = skp_html(skp_document_context(plan))
    assert "<b>Pratama</b>" not in html
    assert "Andi &lt;b&gt;Pratama&lt;/b&gt;" in html
