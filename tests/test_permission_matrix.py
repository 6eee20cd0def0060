"""Who gets what from every URL the project serves, role by role.

The rules the tables encode:
- a pegawai sees only their own data; the penilai, and the atasan above, the
  reporting line below them; HR admins and auditors read their own instansi;
  nothing crosses instansi;
- what a user may not see is 404; what they may see but not act on is 403;
- only the employee records their own realisasi; only the derived penilai
  evaluates; a draft evaluation is not shown to the pegawai.

Cells are read as tests/matrix.py says. A new view must get a row here or in
its area's ``test_access_<area>.py``: ``test_every_served_url_is_in_the_matrix``
fails until it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kinerja.evaluations.models import BehaviourAssessment, Evaluation
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.measurements.models import EvidenceFile, Measurement
from kinerja.measurements.services import measurement_record
from kinerja.plans.models import PerformancePlan
from kinerja.scoring import Rating
from tests.conftest import PASSWORD, ROLES, Cast
from tests.matrix import (
    area_modules,
    client_as,
    describe,
    outcome_matches,
    parse,
    wrong_get_answers,
)
from tests.support import (
    behaviour,
    current_quarter,
    evaluation_form_data,
    month,
    pdf_upload,
    quarter,
)

GET_TABLE = """
key                  anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
home                 login     →mine   →mine   →mine  →mine    →mine     →staff   →staff
mine                 login     200     200     200    200      200       →home    →home
team                 login     200     200     200    200      200       200      200
staff                login     403     403     403    403      403       200      200
employee@atasan      login     404     404     200    404      404       200      200
employee@penilai     login     404     200     200    404      404       200      200
employee@pegawai     login     200     200     200    404      404       200      200
employee@outsider    login     404     404     200    200      404       200      200
employee@foreigner   login     404     404     404    404      200       404      404
record@pegawai       login     200     403     403    404      404       403      403
evidence@pegawai     login     200     200     200    404      404       200      200
evaluate@pegawai     login     403     200     403    404      404       403      403
detail@final         login     200     200     200    404      404       200      200
detail@draft         login     403     200     200    404      404       200      200
password_change      login     200     200     200    200      200       200      200
password_change_done login     200     200     200    200      200       200      200
login                200       →home   →home   →home  →home    →home     →home    →home
logout               405       405     405     405    405      405       405      405
healthz              200       200     200     200    200      200       200      200
favicon              301       301     301     301    301      301       301      301
admin:index          admin     admin   admin   admin  admin    admin     200      admin
"""

POST_TABLE = """
key                  anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
record@pegawai       login     →mine   403     403    404      404       403      403
evaluate@pegawai     login     403     →draft  403    404      404       403      403
password_change      login     →done   →done   →done  →done    →done     →done    →done
logout               →login    →login  →login  →login →login   →login    →login   →login
"""

# The URL name behind each row key.
URL_NAMES = {
    "home": "dashboards:home",
    "mine": "dashboards:mine",
    "team": "dashboards:team",
    "staff": "dashboards:staff",
    "employee": "dashboards:employee",
    "record": "measurements:record",
    "evidence": "measurements:evidence",
    "evaluate": "evaluations:evaluate",
    "detail": "evaluations:detail",
    "draft": "evaluations:detail",
    "done": "password_change_done",
}


GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


@dataclass
class World:
    """The cast plus the objects the URLs point at."""

    cast: Cast
    evidence: EvidenceFile
    final: Evaluation
    draft: Evaluation

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        cast = self.cast
        args: dict[str, list[int]] = {
            "": [],
            "atasan": [cast.atasan.pk],
            "penilai": [cast.penilai.pk],
            "pegawai": [cast.pegawai.pk],
            "outsider": [cast.outsider.pk],
            "foreigner": [cast.foreigner.pk],
            "final": [self.final.pk],
            "draft": [self.draft.pk],
        }
        if name == "record":
            return reverse("measurements:record", args=[cast.programmes.pk])
        if name == "evidence":
            return reverse("measurements:evidence", args=[self.evidence.pk])
        if name == "evaluate":
            return reverse(
                "evaluations:evaluate", args=[cast.pegawai_plan.pk, self.draft.period_id]
            )
        if name == "draft":
            return reverse("evaluations:detail", args=[self.draft.pk])
        return reverse(URL_NAMES.get(name, name), args=args[target])


@pytest.fixture
def world(cast, media_root) -> World:
    evidence = measurement_record(
        user=cast.pegawai.user,
        plan_indicator=cast.programmes,
        period=month(cast.year, 1),
        value=Decimal(1),
        evidence=[pdf_upload()],
    ).evidence_files.get()
    now = current_quarter(cast.year)
    earlier = quarter(cast.year, 2 if now.number == 1 else 1)
    penilai = cast.penilai.user
    # The earlier quarter was evaluated while it was open: on its last day.
    with pytest.MonkeyPatch.context() as pinned:
        pinned.setattr("kinerja.core.clock.today", lambda: earlier.end)
        final = evaluation_open(plan=cast.pegawai_plan, period=earlier, user=penilai)
        final = evaluation_finalise(
            evaluation=final,
            user=penilai,
            result_rating=Rating(final.proposed_rating or "meets"),
            reason="sesuai bukti",
            behaviour=behaviour("meets"),
        )
    draft = evaluation_open(plan=cast.pegawai_plan, period=now, user=penilai)
    return World(cast, evidence, final, draft)


def client_for(world: World, role: str) -> Client:
    return client_as(world.cast, role)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state(world: World) -> dict[str, object]:
    world.cast.pegawai_plan.refresh_from_db()
    return {
        "measurements": Measurement.objects.count(),
        "evaluations": list(Evaluation.objects.order_by("pk").values_list("pk", "status")),
        "assessments": BehaviourAssessment.objects.count(),
        "achievement": PerformancePlan.objects.get(pk=world.cast.pegawai_plan.pk).achievement,
    }


def _post_data(world: World, key: str) -> dict[str, object]:
    if key == "record@pegawai":
        return {"period": month(world.cast.year, 1).pk, "value": "5", "note": ""}
    if key == "evaluate@pegawai":
        return evaluation_form_data(
            world.draft.proposed_rating or "meets", reason="sudah diverifikasi"
        )
    if key == "password_change":
        return {
            "old_password": PASSWORD,
            "new_password1": "Sandi-baru-kinerja-2026",
            "new_password2": "Sandi-baru-kinerja-2026",
        }
    return {}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(world, key, role):
    url = world.url(key)
    expected = POST[key][role]
    client = client_for(world, role)
    before = _state(world)

    response = client.post(url, _post_data(world, key))

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {url} as {role}: expected {expected}, got {describe(response)}"
    )
    after = _state(world)
    if key == "record@pegawai" and role == "pegawai":
        assert after["measurements"] == before["measurements"] + 1
        assert after["achievement"] != before["achievement"]
    elif key == "evaluate@pegawai" and role == "penilai":
        assert Evaluation.objects.get(pk=world.draft.pk).status == Evaluation.Status.FINAL
        assert after["assessments"] == before["assessments"] + 7
    else:
        assert after == before, f"POST {url} as {role} changed data"
    user = world.cast.user(role)
    if key == "password_change" and user is not None:
        user.refresh_from_db()
        assert user.check_password("Sandi-baru-kinerja-2026")
    elif key == "password_change":
        for other in filter(None, (world.cast.user(r) for r in ROLES)):
            other.refresh_from_db()
            assert other.check_password(PASSWORD)
    if key == "logout":
        assert "_auth_user_id" not in client.session


def _served_url_names(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            route = str(pattern.pattern)
            if pattern.namespace == "admin" or route.startswith(("i18n/", "static/")):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _served_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if str(pattern.pattern).startswith("static/"):
                continue
            # An unnamed pattern cannot be in the matrix: report it by its route.
            yield f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"


def test_every_served_url_is_in_the_matrix():
    covered = {URL_NAMES.get(key.split("@")[0], key.split("@")[0]) for key in [*GET, *POST]}
    for module in area_modules():
        covered |= set(module.COVERED)  # type: ignore[attr-defined]
    served = set(_served_url_names(get_resolver().url_patterns))
    assert served, "the resolver walk found no URL at all"
    missing = served - covered
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"


def test_matrix_keys_resolve_to_real_urls(world):
    for key in [*GET, *POST]:
        assert world.url(key).startswith("/"), key
