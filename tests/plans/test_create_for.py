"""HR starts the SKP of a superior who has not, so the staff below can link to it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from kinerja.plans.models import PerformancePlan, PlanEvent


def test_hr_creates_a_draft_for_the_employee_and_the_history_names_hr(cast):
    client = Client()
    client.force_login(cast.hr_admin)

    response = client.post(reverse("plans:create_for", args=[cast.atasan.pk]))

    plan = PerformancePlan.objects.get(employee=cast.atasan)
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.status == PerformancePlan.Status.DRAFT
    event = plan.events.get()
    assert (event.action, event.actor) == (PlanEvent.Action.CREATED, cast.hr_admin)


def test_a_second_skp_is_refused_with_a_message_and_nothing_saved(cast):
    client = Client()
    client.force_login(cast.hr_admin)
    before = PerformancePlan.objects.filter(employee=cast.pegawai).count()

    response = client.post(reverse("plans:create_for", args=[cast.pegawai.pk]), follow=True)

    assert PerformancePlan.objects.filter(employee=cast.pegawai).count() == before
    assert "Satu pegawai hanya memiliki satu SKP" in response.content.decode()


def test_the_employee_page_offers_the_button_to_hr_only(cast):
    url = reverse("dashboards:employee", args=[cast.atasan.pk])
    hr, auditor = Client(), Client()
    hr.force_login(cast.hr_admin)
    auditor.force_login(cast.auditor)

    assert 'data-testid="create-for"' in hr.get(url).content.decode()
    assert 'data-testid="create-for"' not in auditor.get(url).content.decode()
