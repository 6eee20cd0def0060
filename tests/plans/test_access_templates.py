"""Who gets what from the Template SKP pages, role by role.

A template of "Guru Kelas", a position reporting to the penilai's: its HR
admins and the penilai manage it; the auditor of the instansi reads it; the
atasan (whose direct report is the penilai, not the teachers), the pegawai and
the others do not see it. A template of the other instansi is hidden from all.
Cells are read as tests/matrix.py says; ``→created`` is the template a POST
has just created, ``→tpl`` the template's page.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.organisation.services import position_create
from kinerja.plans.models import (
    PerformancePlan,
    PlanEvent,
    PlanIndicator,
    PlannedResult,
    PlanTemplate,
    TemplateIndicator,
    TemplateResult,
)
from kinerja.plans.position_templates import template_create, template_result_add
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers
from tests.plans.templates_support import holders, teacher_position, teaching_template

GET_TABLE = """
key            anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
list           login     403     200     200    403      403       200      200
create         login     403     200     200    403      403       200      403
detail@tpl     login     404     200     404    404      404       200      200
detail@foreign login     404     404     404    404      404       404      404
rhk_add@tpl    login     404     200     404    404      404       200      403
rhk_edit@rhk   login     404     200     404    404      404       200      403
rhk_delete@rhk login     404     200     404    404      404       200      403
iki_add@rhk    login     404     200     404    404      404       200      403
iki_edit@iki   login     404     200     404    404      404       200      403
iki_delete@iki login     404     200     404    404      404       200      403
apply@tpl      login     404     200     404    404      404       200      403
apply@foreign  login     404     404     404    404      404       404      404
"""

POST_TABLE = """
key            anonymous pegawai penilai  atasan outsider foreigner hr_admin auditor
create         login     403     →created 200    403      403       →created 403
rhk_add@tpl    login     404     →tpl     404    404      404       →tpl     403
rhk_edit@rhk   login     404     →tpl     404    404      404       →tpl     403
rhk_delete@rhk login     404     →tpl     404    404      404       →tpl     403
iki_add@rhk    login     404     →tpl     404    404      404       →tpl     403
iki_edit@iki   login     404     →tpl     404    404      404       →tpl     403
iki_delete@iki login     404     →tpl     404    404      404       →tpl     403
apply@tpl      login     404     200      404    404      404       200      403
"""

# The URL name behind each row key.
URL_NAMES = {
    "list": "plans:templates",
    "create": "plans:template_create",
    "detail": "plans:template_detail",
    "rhk_add": "plans:template_result_add",
    "rhk_edit": "plans:template_result_edit",
    "rhk_delete": "plans:template_result_delete",
    "iki_add": "plans:template_indicator_add",
    "iki_edit": "plans:template_indicator_edit",
    "iki_delete": "plans:template_indicator_delete",
    "apply": "plans:template_apply",
}

COVERED = {URL_NAMES[key.split("@")[0]] for key in [*parse(GET_TABLE), *parse(POST_TABLE)]}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)
MANAGERS = {"penilai", "hr_admin"}


class World:
    """The cast plus the templates the URLs point at.

    A plain class: tests/matrix.py loads this module outside sys.modules, where
    @dataclass cannot resolve its annotations.
    """

    def __init__(
        self,
        cast: Cast,
        template: PlanTemplate,
        result: TemplateResult,
        indicator: TemplateIndicator,
        foreign: PlanTemplate,
    ) -> None:
        self.cast = cast
        self.template = template
        self.result = result
        self.indicator = indicator
        self.foreign = foreign

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        if name == "tpl":
            return reverse("plans:template_detail", args=[self.template.pk])
        if name == "created":
            return reverse("plans:template_detail", args=[PlanTemplate.objects.latest("pk").pk])
        objects = {
            "": None,
            "tpl": self.template,
            "foreign": self.foreign,
            "rhk": self.result,
            "iki": self.indicator,
        }
        target_object = objects[target]
        args = [] if target_object is None else [target_object.pk]
        return reverse(URL_NAMES[name], args=args)


@pytest.fixture
def world(cast) -> World:
    position = teacher_position(cast)
    holders(cast, position, 2)
    template = teaching_template(cast, position)
    result = template.results.get()
    foreign_position = position_create(
        unit=cast.foreigner.assignments.get().position.unit, name="Perawat", kind="fungsional"
    )
    foreign = template_create(position=foreign_position, name="SKP Perawat", actor=None)
    template_result_add(template=foreign, text="Pelayanan keperawatan")
    return World(cast, template, result, result.indicators.order_by("pk").first(), foreign)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_table_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> dict[str, object]:
    return {
        "templates": list(PlanTemplate.objects.order_by("pk").values_list("pk", "name")),
        "results": list(TemplateResult.objects.order_by("pk").values_list("pk", "text", "kind")),
        "indicators": list(
            TemplateIndicator.objects.order_by("pk").values_list("pk", "name", "target_value")
        ),
        "plans": PerformancePlan.objects.count(),
        "plan_results": PlannedResult.objects.count(),
        "plan_indicators": PlanIndicator.objects.count(),
        "events": PlanEvent.objects.count(),
    }


def _post_data(world: World, key: str) -> dict[str, object]:
    name = key.partition("@")[0]
    if name == "create":
        return {"source": "empty", "position": world.template.position_id, "name": "SKP Guru Baru"}
    if name in {"rhk_add", "rhk_edit"}:
        return {"kind": "utama", "text": "RHK dari uji akses"}
    if name in {"iki_add", "iki_edit"}:
        return {
            "name": "Jumlah modul ajar",
            "aspect": "kuantitas",
            "unit_of_measure": "modul",
            "polarity": "higher_better",
            "aggregation": "sum",
            "target_value": "7",
            "weight": "20",
        }
    if name == "apply":
        return {"year": world.cast.year.pk}
    return {}


def _changed_as_expected(key: str, before: dict, after: dict) -> None:
    name = key.partition("@")[0]
    if name == "create":
        assert len(after["templates"]) == len(before["templates"]) + 1
        assert after["templates"][-1][1] == "SKP Guru Baru"
    elif name == "rhk_add":
        assert after["results"][-1][1] == "RHK dari uji akses"
        assert len(after["results"]) == len(before["results"]) + 1
    elif name == "rhk_edit":
        assert ("RHK dari uji akses", "utama") in [r[1:] for r in after["results"]]
        assert len(after["results"]) == len(before["results"])
    elif name == "rhk_delete":
        assert len(after["results"]) == len(before["results"]) - 1
        assert len(after["indicators"]) == len(before["indicators"]) - 2
    elif name == "iki_add":
        assert len(after["indicators"]) == len(before["indicators"]) + 1
    elif name == "iki_edit":
        assert after["indicators"][0][1:] == ("Jumlah modul ajar", Decimal(7))
    elif name == "iki_delete":
        assert len(after["indicators"]) == len(before["indicators"]) - 1
    elif name == "apply":
        assert after["plans"] == before["plans"] + 2
        assert after["plan_indicators"] == before["plan_indicators"] + 4
    else:  # pragma: no cover - a new row needs its expectation here
        raise AssertionError(key)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(world, key, role):
    url = world.url(key)
    expected = POST[key][role]
    before = _state()

    response = client_as(world.cast, role).post(url, _post_data(world, key))

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {url} as {role}: expected {expected}, got {describe(response)}"
    )
    after = _state()
    if role in MANAGERS:
        _changed_as_expected(key, before, after)
    else:
        assert after == before, f"POST {url} as {role} changed data"


def test_the_list_shows_only_the_templates_a_role_may_read(world):
    for role, sees in {"penilai": True, "hr_admin": True, "auditor": True, "atasan": False}.items():
        page = client_as(world.cast, role).get(reverse("plans:templates")).content.decode()
        assert ("SKP Guru Kelas" in page) is sees, role
        assert "SKP Perawat" not in page, role


def test_a_reader_sees_no_buttons_to_change_the_template(world):
    page = client_as(world.cast, "auditor").get(world.url("detail@tpl"))
    html = page.content.decode()
    assert reverse("plans:template_apply", args=[world.template.pk]) not in html
    assert reverse("plans:template_result_add", args=[world.template.pk]) not in html
