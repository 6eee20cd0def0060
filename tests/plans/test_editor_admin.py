"""The SKP in the admin: the new fields show, the history is read-only and scoped."""

from __future__ import annotations

from django.urls import reverse

from kinerja.plans.models import PlanEvent
from kinerja.plans.services import plan_event_record
from tests.matrix import client_as


def test_hr_admin_sees_lampiran_and_iki_fields_in_the_admin(cast):
    client = client_as(cast, "hr_admin")
    plan_page = client.get(
        reverse("admin:plans_performanceplan_change", args=[cast.pegawai_plan.pk])
    )
    assert plan_page.status_code == 200
    assert 'name="supporting_resources"' in plan_page.content.decode()
    result_page = client.get(
        reverse("admin:plans_plannedresult_change", args=[cast.programmes.result_id])
    )
    html = result_page.content.decode()
    assert "target_text" in html and "perspective" in html


def test_skp_history_is_read_only_and_stays_in_its_instansi(cast):
    own = plan_event_record(
        plan=cast.pegawai_plan, action=PlanEvent.Action.SUBMITTED, actor=cast.pegawai.user
    )
    foreign = plan_event_record(
        plan=cast.foreigner.plans.get(), action=PlanEvent.Action.SUBMITTED, actor=None
    )
    client = client_as(cast, "hr_admin")
    listing = client.get(reverse("admin:plans_planevent_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert reverse("admin:plans_planevent_change", args=[own.pk]) in html
    assert reverse("admin:plans_planevent_change", args=[foreign.pk]) not in html
    assert client.get(reverse("admin:plans_planevent_add")).status_code == 403
    response = client.post(reverse("admin:plans_planevent_delete", args=[own.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert PlanEvent.objects.filter(pk=own.pk).exists()
    assert client.get(reverse("admin:plans_planversion_changelist")).status_code == 200
