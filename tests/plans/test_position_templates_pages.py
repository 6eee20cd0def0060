"""The Template SKP pages: bad input answered beside the field, nothing saved; applying."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.organisation.services import position_create
from kinerja.plans.models import PerformancePlan, PlanTemplate, TemplateIndicator, TemplateResult
from kinerja.plans.services import plan_create
from tests.matrix import client_as
from tests.plans.templates_support import holders, teacher_position, teaching_template

VALID_IKI = {
    "name": "Jumlah modul ajar",
    "aspect": "kuantitas",
    "unit_of_measure": "modul",
    "polarity": "higher_better",
    "aggregation": "sum",
    "target_value": "7",
    "weight": "20",
}


def _field_error(html: str, field: str, text: str) -> bool:
    """The message sits in the field's own error list, right under its input."""
    marker = f'id="id_{field}_error"'
    at = html.find(marker)
    return at != -1 and text in html[at : at + 400]


def _iki_post(cast, result, **changes):
    data = {**VALID_IKI, **changes}
    url = reverse("plans:template_indicator_add", args=[result.pk])
    return client_as(cast, "hr_admin").post(url, data)


def test_iki_target_of_zero_is_refused_beside_the_target(cast):
    result = teaching_template(cast, teacher_position(cast)).results.get()
    before = TemplateIndicator.objects.count()
    response = _iki_post(cast, result, target_value="0")
    assert response.status_code == 200
    assert _field_error(response.content.decode(), "target_value", "lebih besar dari nol")
    assert TemplateIndicator.objects.count() == before


def test_iki_without_catalogue_needs_its_own_definition(cast):
    result = teaching_template(cast, teacher_position(cast)).results.get()
    before = TemplateIndicator.objects.count()
    response = _iki_post(cast, result, name="", unit_of_measure="", polarity="", aggregation="")
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("name", "unit_of_measure", "polarity", "aggregation"):
        assert _field_error(html, field, "indikator katalog"), field
    assert TemplateIndicator.objects.count() == before


def test_iki_weights_above_100_percent_are_refused_beside_the_weight(cast):
    result = teaching_template(cast, teacher_position(cast)).results.get()  # 60% used
    before = TemplateIndicator.objects.count()
    alone = _iki_post(cast, result, weight="120")
    total = _iki_post(cast, result, weight="45")
    assert _field_error(alone.content.decode(), "weight", "100")
    assert _field_error(total.content.decode(), "weight", "105%")
    assert TemplateIndicator.objects.count() == before


def test_iki_range_with_bounds_reversed_is_refused(cast):
    result = teaching_template(cast, teacher_position(cast)).results.get()
    before = TemplateIndicator.objects.count()
    response = _iki_post(
        cast, result, polarity="range", target_value="", target_low="9", target_high="7"
    )
    assert response.status_code == 200
    assert "Batas bawah target tidak boleh melebihi batas atas" in response.content.decode()
    assert TemplateIndicator.objects.count() == before


def test_iki_garbage_number_is_refused_not_a_500(cast):
    result = teaching_template(cast, teacher_position(cast)).results.get()
    response = _iki_post(cast, result, target_value="banyak", weight="1e400")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_target_value_error"' in html and 'id="id_weight_error"' in html


def test_iki_edit_refused_leaves_the_template_unchanged(cast):
    template = teaching_template(cast, teacher_position(cast))
    indicator = TemplateIndicator.objects.filter(result__template=template).first()
    url = reverse("plans:template_indicator_edit", args=[indicator.pk])
    response = client_as(cast, "penilai").post(url, {**VALID_IKI, "target_value": "-3"})
    assert _field_error(response.content.decode(), "target_value", "lebih besar dari nol")
    indicator.refresh_from_db()
    assert indicator.target_value == 85


def test_rhk_text_is_required(cast):
    template = teaching_template(cast, teacher_position(cast))
    url = reverse("plans:template_result_add", args=[template.pk])
    response = client_as(cast, "hr_admin").post(url, {"kind": "utama", "text": "   "})
    assert response.status_code == 200
    assert 'id="id_text_error"' in response.content.decode()
    assert TemplateResult.objects.count() == 1


def test_create_from_an_skp_needs_the_skp_and_a_new_name(cast):
    position = teacher_position(cast)
    teaching_template(cast, position)
    client = client_as(cast, "hr_admin")
    url = reverse("plans:template_create")
    no_plan = client.post(url, {"source": "plan", "name": "Dari SKP"})
    same_name = client.post(
        url, {"source": "empty", "position": position.pk, "name": "SKP Guru Kelas"}
    )
    assert _field_error(no_plan.content.decode(), "plan", "Pilih SKP")
    assert _field_error(same_name.content.decode(), "name", "sudah memiliki template")
    assert PlanTemplate.objects.count() == 1


def test_create_from_an_skp_copies_it(cast):
    response = client_as(cast, "penilai").post(
        reverse("plans:template_create"),
        {"source": "plan", "plan": cast.pegawai_plan.pk, "name": "Analis Kurikulum"},
    )
    template = PlanTemplate.objects.get()
    assert response["Location"] == reverse("plans:template_detail", args=[template.pk])
    assert template.position == cast.pegawai_plan.position
    assert TemplateIndicator.objects.filter(result__template=template).count() == 2


def test_the_skp_source_list_offers_only_positions_the_viewer_manages(cast):
    page = client_as(cast, "penilai").get(reverse("plans:template_create")).content.decode()
    assert cast.pegawai.name in page
    assert cast.outsider.name not in page


def test_apply_with_an_unknown_year_saves_nothing(cast):
    position = teacher_position(cast)
    holders(cast, position, 2)
    template = teaching_template(cast, position)
    url = reverse("plans:template_apply", args=[template.pk])
    response = client_as(cast, "hr_admin").post(url, {"year": cast.foreigner.plans.get().year_id})
    assert response.status_code == 200
    assert 'id="id_year_error"' in response.content.decode()
    assert not PerformancePlan.objects.filter(position=position).exists()


def test_apply_page_lists_holders_by_page_and_then_reports_the_outcome(cast):
    position = teacher_position(cast)
    staff = holders(cast, position, 55)
    plan_create(employee=staff[0], position=position, year=cast.year, status="approved")
    template = teaching_template(cast, position)
    client = client_as(cast, "penilai")
    url = reverse("plans:template_apply", args=[template.pk])

    first = client.get(url).content.decode()
    second = client.get(url, {"year": cast.year.pk, "page": 2}).content.decode()
    assert "Halaman 1 dari 2" in first and "Terapkan ke 54 pegawai" in first
    assert "Guru 055" in second and "Guru 055" not in first

    done = client.post(url, {"year": cast.year.pk}).content.decode()
    assert "SKP dibuat untuk 54 pegawai, diperbarui 0, dilewati 1." in done
    assert "SKP terkunci" in done and staff[0].name in done
    assert PerformancePlan.objects.filter(position=position, status="draft").count() == 54


def test_apply_page_queries_do_not_grow_with_holders(cast, django_assert_max_num_queries):
    position = teacher_position(cast)
    holders(cast, position, 5)
    template = teaching_template(cast, position)
    client = client_as(cast, "hr_admin")
    url = reverse("plans:template_apply", args=[template.pk])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    holders(cast, position, 40, first=200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    with CaptureQueriesContext(connection) as listing:
        client.get(reverse("plans:templates"))
    for n in range(3):
        other = position_create(
            unit=position.unit, name=f"Guru Mapel {n}", kind="fungsional", parent=position.parent
        )
        holders(cast, other, 2, first=300 + 2 * n)
        teaching_template(cast, other)
    with django_assert_max_num_queries(len(listing.captured_queries)):
        client.get(reverse("plans:templates"))
