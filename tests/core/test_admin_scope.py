"""The admin site is for HR admins, each inside their own instansi."""

from django.test import Client

from tests.conftest import PASSWORD


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_hr_admin_reaches_every_master_data_page_of_own_instansi(cast):
    client = _client("hr_admin")
    for url in [
        "/admin/",
        "/admin/organisation/employee/",
        f"/admin/organisation/employee/{cast.pegawai.pk}/change/",
        "/admin/organisation/position/add/",
        "/admin/plans/performanceplan/",
        f"/admin/plans/performanceplan/{cast.pegawai_plan.pk}/change/",
        "/admin/cycles/appraisalyear/add/",
        f"/admin/cycles/appraisalyear/{cast.year.pk}/change/",
        "/admin/indicators/indicator/",
        "/admin/organisation/instansi/",
    ]:
        assert client.get(url).status_code == 200, url


def test_hr_admin_does_not_see_another_instansi(cast):
    client = _client("hr_admin")
    listing = client.get("/admin/organisation/employee/").content.decode()
    assert cast.pegawai.name in listing
    assert cast.foreigner.name not in listing
    response = client.get(f"/admin/organisation/employee/{cast.foreigner.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect, not the form


def test_hr_admin_choices_are_limited_to_own_instansi(cast):
    client = _client("hr_admin")
    form = client.get("/admin/organisation/position/add/").content.decode()
    assert cast.instansi.name in form
    assert cast.other_instansi.name not in form
    units = client.get(
        "/admin/autocomplete/",
        {"app_label": "organisation", "model_name": "position", "field_name": "unit", "term": ""},
    ).json()
    names = {row["text"] for row in units["results"]}
    assert "Dinas Pendidikan" in names
    assert "Dinas Kesehatan" not in names  # the unit of the other instansi


def test_staff_without_hr_role_are_sent_to_the_admin_login(cast):
    for username in ["pegawai", "penilai", "auditor"]:
        response = _client(username).get("/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_new_appraisal_year_in_admin_gets_its_periods(cast):
    client = _client("hr_admin")
    response = client.post(
        "/admin/cycles/appraisalyear/add/",
        {
            "instansi": cast.instansi.pk,
            "year": cast.year.year + 1,
            "cadence": "monthly",
            "policy": "{}",
            "periods-TOTAL_FORMS": "0",
            "periods-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    from kinerja.cycles.models import AppraisalYear

    created = AppraisalYear.objects.get(instansi=cast.instansi, year=cast.year.year + 1)
    assert created.periods.count() == 17


def test_the_admin_cannot_change_the_scoring_policy_past_its_history(cast):
    """The policy changes only on its page (cycles:policy), which records who, when and why."""
    client = _client("hr_admin")
    response = client.post(
        f"/admin/cycles/appraisalyear/{cast.year.pk}/change/",
        {
            "instansi": cast.instansi.pk,
            "year": cast.year.year,
            "cadence": "quarterly",
            "policy": '{"rating_meets_min": "100"}',
            "periods-TOTAL_FORMS": "0",
            "periods-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    cast.year.refresh_from_db()
    assert cast.year.policy == {}
    page = client.get(f"/admin/cycles/appraisalyear/{cast.year.pk}/change/").content.decode()
    assert f"/tahun/{cast.year.pk}/kebijakan/" in page
