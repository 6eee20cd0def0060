from decimal import Decimal

from django.test import Client

from kinerja.cycles.models import Period
from kinerja.measurements.services import measurement_record
from tests.conftest import PASSWORD


def test_pegawai_records_penilai_evaluates_hr_sees(cast):
    c = Client()
    assert c.login(username="pegawai", password=PASSWORD)
    month = Period.objects.get(year=cast.year, kind="month", number=3)
    measurement_record(
        user=cast.pegawai.user, plan_indicator=cast.programmes, period=month, value=Decimal(4)
    )
    r = c.get("/kinerja-saya/")
    assert r.status_code == 200, r.content[:3000]
    print(r.content.decode()[:200])
    r = c.get(f"/realisasi/iki/{cast.coverage.pk}/catat/")
    assert r.status_code == 200
    r = c.post(
        f"/realisasi/iki/{cast.coverage.pk}/catat/",
        {"period": month.pk, "numerator": "90", "denominator": "100"},
    )
    assert r.status_code == 302, r.content.decode()[-3000:]
    c.login(username="penilai", password=PASSWORD)
    r = c.get("/tim-saya/")
    assert r.status_code == 200
    assert b"Andi" in r.content
    q = Period.objects.get(year=cast.year, kind="quarter", number=4)
    r = c.get(f"/evaluasi/skp/{cast.pegawai_plan.pk}/periode/{q.pk}/")
    assert r.status_code == 200, r.content.decode()[-3000:]
    data = {"result_rating": "meets", "result_rating_reason": "x"}
    for v in [
        "berorientasi_pelayanan",
        "akuntabel",
        "kompeten",
        "harmonis",
        "loyal",
        "adaptif",
        "kolaboratif",
    ]:
        data[f"rating_{v}"] = "above"
    r = c.post(f"/evaluasi/skp/{cast.pegawai_plan.pk}/periode/{q.pk}/", data)
    assert r.status_code == 302, r.content.decode()[-3000:]
    r = c.get(r["Location"])
    assert r.status_code == 200
    c.login(username="hr_admin", password=PASSWORD)
    assert c.get("/pegawai/").status_code == 200
    assert c.get("/healthz").status_code == 200
