"""The SKP deadline, the late list and the reminders (service, task, command, pages)."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.organisation.models import Assignment, Position, Unit
from kinerja.organisation.services import assignment_create, employee_create
from kinerja.plans.cascade import unit_subtree
from kinerja.plans.changes import plan_close_and_continue
from kinerja.plans.deadline import late_plans, plan_deadline, plan_reminders_send
from kinerja.plans.models import ChangeReason, PerformancePlan, PlanIndicator, PlanReminder
from kinerja.plans.services import indicator_update
from kinerja.plans.tasks import send_plan_reminders
from kinerja.plans.workflow import plan_approve, plan_submit
from tests.conftest import Cast, make_nip
from tests.matrix import client_as
from tests.plans.deadline_support import outsider_plan_to, penilai_plan_approved


def pin_today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> dt.date:
    monkeypatch.setattr("kinerja.core.clock.today", lambda: day)
    return day


@pytest.fixture
def late_cast(cast: Cast) -> Cast:
    """The pegawai's SKP a draft, the outsider's submitted, the kepala bidang's approved
    (through the workflow), the kepala dinas without one."""
    penilai_plan_approved(cast)
    outsider_plan_to(cast, PerformancePlan.Status.SUBMITTED)
    for person in (cast.pegawai, cast.outsider, cast.atasan, cast.penilai):
        person.user.email = f"{person.user.username}@jambiprov.go.id"
        person.user.save()
    return cast


def late_names(cast: Cast, **kwargs) -> list[str]:
    return list(late_plans(cast.year, **kwargs).values_list("name", flat=True))


def test_the_deadline_is_the_end_of_january_unless_hr_sets_another(cast):
    assert plan_deadline(cast.year) == dt.date(cast.year.year, 1, 31)
    cast.year.plan_deadline = dt.date(cast.year.year, 2, 15)
    cast.year.save()
    assert plan_deadline(cast.year) == dt.date(cast.year.year, 2, 15)


def test_the_late_list_holds_everyone_without_an_approved_skp(late_cast):
    cast = late_cast
    rows = {row.name: row for row in late_plans(cast.year, on=dt.date(cast.year.year, 2, 1))}

    assert set(rows) == {cast.atasan.name, cast.pegawai.name, cast.outsider.name}
    assert rows[cast.atasan.name].plan_status is None
    assert rows[cast.pegawai.name].plan_status == "draft"
    assert rows[cast.outsider.name].plan_status == "submitted"
    assert rows[cast.pegawai.name].unit_name == "Bidang Pembinaan SD"
    assert rows[cast.pegawai.name].position_name == "Analis Kurikulum"
    assert rows[cast.pegawai.name].last_reminder is None


def test_the_late_list_follows_the_latest_skp_and_the_active_assignments(late_cast):
    cast = late_cast
    on = dt.date(cast.year.year, 2, 1)
    # The outsider left before that day: no longer in the list.
    Assignment.objects.filter(employee=cast.outsider).update(end=dt.date(cast.year.year, 1, 20))
    # The pegawai's SKP was closed and continued by one that is approved; the closed
    # draft stays in the record but no longer counts.
    successor = plan_close_and_continue(
        plan=cast.pegawai_plan,
        on=dt.date(cast.year.year, 1, 15),
        reason=ChangeReason.NEW_SUPERIOR,
        actor=cast.hr_admin,
    )
    for iki, weight in zip(
        PlanIndicator.objects.filter(result__plan=successor).order_by("pk"),
        (Decimal(60), Decimal(40)),
        strict=True,
    ):
        indicator_update(
            indicator=iki,
            catalogue=iki.indicator,
            aspect=iki.aspect,
            target_value=iki.target_value,
            weight=weight,
        )
    plan_submit(plan=successor, actor=cast.pegawai.user)
    plan_approve(plan=successor, actor=cast.penilai.user)
    assert late_names(cast, on=on) == [cast.atasan.name]


def test_the_late_list_filters_by_unit_and_its_sub_units(late_cast):
    cast = late_cast
    on = dt.date(cast.year.year, 2, 1)
    bidang = Unit.objects.get(instansi=cast.instansi, code="sd")
    dinas = Unit.objects.get(instansi=cast.instansi, code="disdik")

    assert late_names(cast, on=on, units=unit_subtree([bidang.pk])) == [cast.pegawai.name]
    assert len(late_names(cast, on=on, units=unit_subtree([dinas.pk]))) == 3


def test_the_late_list_is_one_query_however_many_are_late(late_cast):
    cast = late_cast
    on = dt.date(cast.year.year, 2, 1)
    with CaptureQueriesContext(connection) as few:
        list(late_plans(cast.year, on=on))
    post = Position.objects.get(unit__code="sd", name="Analis Kurikulum")
    for n in range(20):
        employee = employee_create(instansi=cast.instansi, nip=make_nip(200 + n), name=f"P{n}")
        assignment_create(employee=employee, position=post, start=dt.date(cast.year.year, 1, 1))
    with CaptureQueriesContext(connection) as many:
        rows = list(late_plans(cast.year, on=on))
    assert len(few) == len(many) == 1
    assert len(rows) == 23


def test_reminders_go_by_email_once_a_day(
    late_cast, monkeypatch, django_capture_on_commit_callbacks
):
    cast = late_cast
    pin_today(monkeypatch, dt.date(cast.year.year, 2, 3))

    with django_capture_on_commit_callbacks(execute=True):
        sent = plan_reminders_send(year=cast.year, actor=cast.hr_admin)

    assert (sent.reminded, sent.emailed) == (3, 3)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "atasan@jambiprov.go.id",
        "outsider@jambiprov.go.id",
        "pegawai@jambiprov.go.id",
    ]
    message = next(m for m in mail.outbox if m.to == ["pegawai@jambiprov.go.id"])
    assert f"SKP {cast.year.year}" in message.subject
    assert "Draf" in message.body and "telah lewat" in message.body
    assert PlanReminder.objects.filter(sent_by=cast.hr_admin).count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        again = plan_reminders_send(year=cast.year, actor=cast.hr_admin)
    assert again.reminded == 0
    assert len(mail.outbox) == 3
    assert PlanReminder.objects.count() == 3

    # The next day they are reminded again.
    PlanReminder.objects.update(sent_at=PlanReminder.objects.first().sent_at - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        next_day = plan_reminders_send(year=cast.year, actor=cast.hr_admin)
    assert next_day.reminded == 3
    assert len(mail.outbox) == 6


def test_only_the_selected_late_employees_are_reminded(
    late_cast, django_capture_on_commit_callbacks
):
    cast = late_cast
    with django_capture_on_commit_callbacks(execute=True):
        sent = plan_reminders_send(
            year=cast.year, actor=cast.hr_admin, employee_ids=[cast.pegawai.pk, cast.penilai.pk]
        )
    # The penilai's SKP is approved: not late, not reminded.
    assert sent.reminded == 1
    assert [m.to for m in mail.outbox] == [["pegawai@jambiprov.go.id"]]
    assert list(PlanReminder.objects.values_list("employee_id", flat=True)) == [cast.pegawai.pk]


def test_an_employee_without_email_gets_a_recorded_reminder_but_no_mail(
    late_cast, django_capture_on_commit_callbacks
):
    cast = late_cast
    cast.pegawai.user.email = ""
    cast.pegawai.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        sent = plan_reminders_send(year=cast.year, actor=None, employee_ids=[cast.pegawai.pk])
    assert (sent.reminded, sent.emailed) == (1, 0)
    assert mail.outbox == []
    assert PlanReminder.objects.get().email == ""


def test_the_task_runs_the_service_through_celery(
    late_cast, settings, django_capture_on_commit_callbacks
):
    cast = late_cast
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        result = send_plan_reminders.delay(cast.year.pk, cast.hr_admin.pk)
    assert result.get() == 3
    assert len(mail.outbox) == 3
    assert set(PlanReminder.objects.values_list("sent_by", flat=True)) == {cast.hr_admin.pk}


def test_the_command_waits_for_the_deadline_then_reminds(late_cast, monkeypatch, capsys):
    cast = late_cast
    pin_today(monkeypatch, dt.date(cast.year.year, 1, 31))
    call_command("remind_late_plans", str(cast.year.year), "--instansi", "jambi")
    assert "not passed" in capsys.readouterr().out
    assert PlanReminder.objects.count() == 0

    pin_today(monkeypatch, dt.date(cast.year.year, 2, 1))
    call_command("remind_late_plans", "--instansi", "jambi")
    assert "3 reminded" in capsys.readouterr().out
    assert PlanReminder.objects.count() == 3
    assert PlanReminder.objects.filter(sent_by__isnull=True).count() == 3


def test_the_command_can_queue_the_task(late_cast, monkeypatch, capsys):
    cast = late_cast
    pin_today(monkeypatch, dt.date(cast.year.year, 3, 1))
    call_command("remind_late_plans", "--background")
    # Without --instansi every instansi's year is queued (eager without a broker): the
    # three late in Jambi and the kepala dinas of Palangka Raya, whose SKP is a draft.
    assert capsys.readouterr().out.count("queued as job") == 2
    reminded = PlanReminder.objects.values_list("employee__instansi__code", flat=True)
    assert sorted(reminded) == ["jambi", "jambi", "jambi", "palangkaraya"]


def test_the_page_before_the_deadline_counts_the_days_left(late_cast, monkeypatch):
    cast = late_cast
    pin_today(monkeypatch, dt.date(cast.year.year, 1, 21))
    response = client_as(cast, "hr_admin").get(reverse("plans:late"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tinggal 10 hari lagi" in html
    assert "belum disetujui" in html
    for person in (cast.atasan, cast.pegawai, cast.outsider):
        assert person.name in html
    assert f'data-testid="late-{cast.penilai.pk}"' not in html  # approved: not listed


def test_the_page_after_a_configured_deadline_shows_the_late_with_penilai(late_cast, monkeypatch):
    cast = late_cast
    cast.year.plan_deadline = dt.date(cast.year.year, 2, 10)
    cast.year.save()
    pin_today(monkeypatch, dt.date(cast.year.year, 2, 13))
    response = client_as(cast, "auditor").get(reverse("plans:late"))
    html = response.content.decode()
    assert "Sudah lewat 3 hari" in html
    assert "10 Februari" in html
    row = html.split(f'data-testid="late-{cast.pegawai.pk}"')[1].split("</tr>")[0]
    assert cast.penilai.name in row and "Draf" in row
    assert 'name="employee"' not in html  # an auditor reads the list and sends nothing
    assert reverse("plans:remind") not in html


def test_the_page_filters_by_unit_and_paginates(
    late_cast, monkeypatch, django_assert_max_num_queries
):
    cast = late_cast
    bidang = Unit.objects.get(instansi=cast.instansi, code="sd")
    client = client_as(cast, "hr_admin")
    response = client.get(reverse("plans:late"), {"unit": bidang.pk})
    html = response.content.decode()
    assert cast.pegawai.name in html and cast.outsider.name not in html
    post = Position.objects.get(unit=bidang, name="Analis Kurikulum")
    for n in range(60):
        employee = employee_create(instansi=cast.instansi, nip=make_nip(300 + n), name=f"Q{n:02d}")
        assignment_create(employee=employee, position=post, start=dt.date(cast.year.year, 1, 1))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("plans:late"), {"unit": bidang.pk, "page": 2})
    html = response.content.decode()
    assert "Halaman 2 dari 2" in html
    assert "61 pegawai" in html


def test_hr_sends_reminders_from_the_page(late_cast, django_capture_on_commit_callbacks):
    cast = late_cast
    client = client_as(cast, "hr_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("plans:remind"),
            {"tahun": cast.year.pk, "scope": "selected", "employee": [cast.pegawai.pk]},
            follow=True,
        )
    assert "Pengingat dikirim kepada 1 pegawai." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["pegawai@jambiprov.go.id"]]
    row = response.content.decode().split(f'data-testid="late-{cast.pegawai.pk}"')[1]
    assert "–</td>" not in row.split("</tr>")[0]  # the last reminder now shows

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("plans:remind"), {"tahun": cast.year.pk, "scope": "all"}, follow=True
        )
    assert "Pengingat dikirim kepada 2 pegawai." in response.content.decode()
    assert len(mail.outbox) == 3


def test_reminding_nobody_selected_is_refused_with_a_message(late_cast):
    cast = late_cast
    response = client_as(cast, "hr_admin").post(
        reverse("plans:remind"), {"tahun": cast.year.pk, "scope": "selected"}, follow=True
    )
    assert "Pilih dulu pegawai yang akan diingatkan." in response.content.decode()
    assert PlanReminder.objects.count() == 0
    assert mail.outbox == []


def test_reminding_an_employee_of_another_instansi_is_refused(late_cast):
    cast = late_cast
    response = client_as(cast, "hr_admin").post(
        reverse("plans:remind"),
        {"tahun": cast.year.pk, "scope": "selected", "employee": [cast.foreigner.pk]},
        follow=True,
    )
    assert "Pegawai yang dipilih tidak ditemukan." in response.content.decode()
    assert PlanReminder.objects.count() == 0


def test_hr_sets_the_deadline_in_the_admin(cast):
    client = client_as(cast, "hr_admin")
    data = {
        "instansi": cast.instansi.pk,
        "year": cast.year.year,
        "cadence": "quarterly",
        "policy": "{}",
        "periods-TOTAL_FORMS": "0",
        "periods-INITIAL_FORMS": "0",
    }
    url = f"/admin/cycles/appraisalyear/{cast.year.pk}/change/"
    wrong = client.post(url, {**data, "plan_deadline": f"{cast.year.year + 1}-01-31"})
    assert wrong.status_code == 200
    assert "harus jatuh pada tahun penilaian" in wrong.content.decode()
    cast.year.refresh_from_db()
    assert cast.year.plan_deadline is None

    response = client.post(url, {**data, "plan_deadline": f"{cast.year.year}-02-28"})
    assert response.status_code == 302
    cast.year.refresh_from_db()
    assert plan_deadline(cast.year) == dt.date(cast.year.year, 2, 28)


def test_a_new_year_in_the_admin_keeps_its_deadline(cast):
    client = client_as(cast, "hr_admin")
    response = client.post(
        "/admin/cycles/appraisalyear/add/",
        {
            "instansi": cast.instansi.pk,
            "year": cast.year.year + 1,
            "cadence": "quarterly",
            "plan_deadline": f"{cast.year.year + 1}-02-14",
            "policy": "{}",
            "periods-TOTAL_FORMS": "0",
            "periods-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    from kinerja.cycles.models import AppraisalYear

    created = AppraisalYear.objects.get(instansi=cast.instansi, year=cast.year.year + 1)
    assert created.plan_deadline == dt.date(cast.year.year + 1, 2, 14)
    assert created.periods.count() == 17
