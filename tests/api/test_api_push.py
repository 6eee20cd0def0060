"""Pushing realisasi: one value, batches, idempotency, scope, isolation and bad input."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client, override_settings
from django.utils import translation
from django.utils.translation import gettext

from kinerja.api.models import IdempotencyRecord
from kinerja.api.services import source_create
from kinerja.measurements.models import Measurement, MeasurementStatus
from kinerja.measurements.services import measurement_record
from kinerja.plans.models import PlanIndicator
from tests.api.conftest import Api, issue
from tests.support import month


def item(api: Api, **overrides):
    body = {
        "nip": api.cast.pegawai.nip,
        "indikator": "program-pendidikan",
        "tahun": api.cast.year.year,
        "bulan": 1,
        "nilai": 4,
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def current(indicator: PlanIndicator) -> list[Measurement]:
    return list(indicator.measurements.filter(superseded_at__isnull=True))


def test_one_value_is_written_with_the_source_and_updates_the_capaian(api, start_of_year):
    # On 31 January the yearly target of 12 counts one month: 0.5 of 1 is 50 %.
    response = api.post("realisasi", item(api, nilai="0.5", catatan="dari dapodik"))

    assert response.status_code == 201
    body = response.json()
    assert body["tersimpan"] is True
    assert body["versi"] == 1
    assert body["status"] == "pending"
    assert body["capaian_iki"] == "50"
    (measurement,) = current(api.cast.programmes)
    assert measurement.value == Decimal("0.5")
    assert measurement.source == "api"
    assert measurement.data_source == api.source
    assert measurement.note == "dari dapodik"
    assert PlanIndicator.objects.get(pk=api.cast.programmes.pk).achievement == Decimal(50)


def test_a_trusted_source_arrives_verified(cast):
    trusted = source_create(
        actor=cast.hr_admin, instansi=cast.instansi, name="Register", kind="api", trusted=True
    )
    issued = issue(cast, trusted, "program-pendidikan")
    api = Api(cast, trusted, issued, Client())

    response = api.post("realisasi", item(api))

    assert response.json()["status"] == "verified"
    assert current(cast.programmes)[0].status == MeasurementStatus.VERIFIED


def test_sending_the_same_value_again_changes_nothing(api):
    api.post("realisasi", item(api))

    again = api.post("realisasi", item(api))

    assert again.status_code == 200
    assert again.json()["tersimpan"] is False
    assert api.cast.programmes.measurements.count() == 1


def test_a_verified_value_needs_a_correction_reason_and_keeps_the_old_version(api):
    api.post("realisasi", item(api, nilai=4))
    Measurement.objects.update(status=MeasurementStatus.VERIFIED)

    refused = api.post("realisasi", item(api, nilai=5))
    corrected = api.post("realisasi", item(api, nilai=5, alasan_koreksi="salah ketik"))

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "nilai"
    assert "koreksi" in refused.json()["errors"][0]["message"]
    assert corrected.status_code == 201
    assert corrected.json()["versi"] == 2
    versions = api.get(
        "realisasi", nip=api.cast.pegawai.nip, tahun=api.cast.year.year, semua_versi="true"
    ).json()["realisasi"]
    assert [(v["versi"], v["terkini"]) for v in versions] == [(1, False), (2, True)]
    assert versions[1]["alasan_koreksi"] == "salah ketik"


# Ratio indicators from their parts


def test_ratio_parts_arrive_separately_possibly_from_two_sources(cast, api, start_of_year):
    register = source_create(
        actor=cast.hr_admin, instansi=cast.instansi, name="Register", kind="api"
    )
    census = Api(cast, register, issue(cast, register, "aps-7-12"), Client())

    first = api.post("realisasi", item(api, indikator="aps-7-12", nilai=None, pembilang=90))
    second = census.post("realisasi", item(api, indikator="aps-7-12", nilai=None, penyebut=100))

    assert first.status_code == 201
    assert first.json()["nilai"] is None
    assert second.status_code == 201
    assert second.json()["pembilang"] == "90"
    assert second.json()["nilai"] == "90"
    (measurement,) = current(cast.coverage)
    assert measurement.data_source == register
    assert PlanIndicator.objects.get(pk=cast.coverage.pk).achieved_value == Decimal(90)


def test_a_ratio_indicator_refuses_a_typed_value(api):
    response = api.post("realisasi", item(api, indikator="aps-7-12", nilai=90))

    assert response.status_code == 422
    assert "pembilang" in response.json()["errors"][0]["message"]
    assert not api.cast.coverage.measurements.exists()


def test_a_zero_denominator_is_refused(api):
    response = api.post(
        "realisasi", item(api, indikator="aps-7-12", nilai=None, pembilang=1, penyebut=0)
    )

    assert response.status_code == 422
    assert not api.cast.coverage.measurements.exists()


# Scope and instansi isolation


def test_an_indicator_outside_the_scope_is_403_and_nothing_is_written(cast, source):
    narrow = Api(cast, source, issue(cast, source, "aps-7-12"), Client())

    response = narrow.post("realisasi", item(narrow))

    assert response.status_code == 403
    assert response.json()["errors"] == [
        {"field": "indikator", "message": response.json()["errors"][0]["message"]}
    ]
    assert "program-pendidikan" in response.json()["errors"][0]["message"]
    assert not Measurement.objects.exists()


def test_an_unknown_indicator_code_is_refused_like_one_out_of_scope(api):
    response = api.post("realisasi", item(api, indikator="tidak-ada"))

    assert response.status_code == 403
    assert not Measurement.objects.exists()


def test_an_employee_of_another_instansi_looks_like_one_that_does_not_exist(api):
    foreign = api.post("realisasi", item(api, nip=api.cast.foreigner.nip))
    absent = api.post("realisasi", item(api, nip="199912312020121999"))

    assert foreign.status_code == absent.status_code == 404
    assert foreign.json() == absent.json()
    assert not Measurement.objects.exists()


def test_reads_of_another_instansi_employee_are_404(api):
    for path in ("target", "realisasi", "capaian"):
        response = api.get(path, nip=api.cast.foreigner.nip, tahun=api.cast.year.year)
        assert response.status_code == 404, path


def test_an_employee_without_that_iki_is_422(api):
    response = api.post("realisasi", item(api, nip=api.cast.outsider.nip))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "indikator"


def test_a_year_not_opened_is_422(api):
    response = api.post("realisasi", item(api, tahun=api.cast.year.year - 5))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "tahun"


# Idempotency


def test_a_retry_with_the_same_key_replays_the_answer_and_writes_once(api):
    first = api.post("realisasi", item(api), **{"Idempotency-Key": "kirim-001"})
    # A newer value arrives meanwhile through another request...
    api.post("realisasi", item(api, nilai=9))
    retry = api.post("realisasi", item(api), **{"Idempotency-Key": "kirim-001"})

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    # ...and the replay did not write the old value back over it.
    assert current(api.cast.programmes)[0].value == Decimal(9)
    assert api.cast.programmes.measurements.count() == 2


def test_the_same_key_with_another_body_is_refused(api):
    api.post("realisasi", item(api), **{"Idempotency-Key": "kirim-002"})

    response = api.post("realisasi", item(api, nilai=7), **{"Idempotency-Key": "kirim-002"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert current(api.cast.programmes)[0].value == Decimal(4)


def test_keys_belong_to_their_token(cast, api, source):
    other = Api(cast, source, issue(cast, source, "program-pendidikan", name="b"), Client())
    api.post("realisasi", item(api), **{"Idempotency-Key": "sama"})

    response = other.post("realisasi", item(api, nilai=8), **{"Idempotency-Key": "sama"})

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response


def test_a_refused_request_is_not_remembered_under_its_key(api):
    refused = api.post("realisasi", item(api, bulan=1, nilai=-1), **{"Idempotency-Key": "k"})
    fixed = api.post("realisasi", item(api, nilai=1), **{"Idempotency-Key": "k"})

    assert refused.status_code == 422
    assert fixed.status_code == 201
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.parametrize("key", ["x" * 201, "kunci dengan\tbaris", "ключ"])
def test_a_malformed_key_is_refused(api, key):
    response = api.client.post(
        "/api/v1/realisasi",
        json.dumps(item(api)),
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.secret}", "Idempotency-Key": key},
    )

    assert response.status_code in {400, 422}
    assert not Measurement.objects.exists()


# Batches


def test_a_batch_is_written_and_refreshed_once(api, start_of_year):
    batch = {
        "realisasi": [
            item(api, bulan=1, nilai=2),
            item(api, bulan=2, nilai=3),
            item(api, indikator="aps-7-12", bulan=1, nilai=None, pembilang=45, penyebut=50),
        ]
    }

    response = api.post("realisasi/batch", batch)

    assert response.status_code == 200
    body = response.json()
    assert (body["jumlah"], body["tersimpan"], body["tidak_berubah"]) == (3, 3, 0)
    assert body["hasil"][2]["capaian_iki"] is not None
    assert PlanIndicator.objects.get(pk=api.cast.coverage.pk).achieved_value == Decimal(90)
    assert PlanIndicator.objects.get(pk=api.cast.programmes.pk).achieved_value == Decimal(5)


def test_one_bad_item_refuses_the_whole_batch_and_lists_each_bad_item(api):
    batch = {
        "realisasi": [
            item(api, bulan=1, nilai=2),
            item(api, bulan=2, nilai=-3),
            item(api, bulan=3, nilai=1),
            item(api, bulan=4, nilai="banyak"),
        ]
    }

    response = api.post("realisasi/batch", batch)

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["index"], e["field"]) for e in errors] == [(1, "nilai"), (3, "nilai")]
    assert not Measurement.objects.exists()


def test_a_business_error_in_a_batch_rolls_back_the_items_before_it(api):
    batch = {
        "realisasi": [
            item(api, bulan=1, nilai=2),
            item(api, indikator="aps-7-12", bulan=1, nilai=5),
            item(api, nip=api.cast.foreigner.nip, bulan=2),
        ]
    }

    response = api.post("realisasi/batch", batch)

    assert response.status_code == 422
    assert [e["index"] for e in response.json()["errors"]] == [2]
    assert not Measurement.objects.exists()

    without_foreigner = {"realisasi": batch["realisasi"][:2]}
    second = api.post("realisasi/batch", without_foreigner)
    assert second.status_code == 422
    assert [e["index"] for e in second.json()["errors"]] == [1]
    assert not Measurement.objects.exists()


def test_a_batch_with_an_item_out_of_scope_is_403(cast, source):
    narrow = Api(cast, source, issue(cast, source, "program-pendidikan"), Client())
    batch = {"realisasi": [item(narrow), item(narrow, indikator="aps-7-12", nilai=None)]}

    response = narrow.post("realisasi/batch", batch)

    assert response.status_code == 403
    assert response.json()["errors"][0]["index"] == 1
    assert not Measurement.objects.exists()


@override_settings(API_BATCH_MAX_ITEMS=3)
def test_a_batch_over_the_cap_is_413(api):
    response = api.post(
        "realisasi/batch", {"realisasi": [item(api, bulan=m) for m in (1, 2, 3, 4)]}
    )

    assert response.status_code == 413
    assert "3" in response.json()["detail"]
    assert not Measurement.objects.exists()


def test_an_empty_batch_is_refused(api):
    response = api.post("realisasi/batch", {"realisasi": []})

    assert response.status_code == 422


def test_a_batch_retried_with_its_key_is_replayed(api):
    batch = {"realisasi": [item(api, bulan=1), item(api, bulan=2)]}

    first = api.post("realisasi/batch", batch, **{"Idempotency-Key": "batch-1"})
    retry = api.post("realisasi/batch", batch, **{"Idempotency-Key": "batch-1"})

    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert api.cast.programmes.measurements.count() == 2


# Bad input: every case answers JSON with the field at fault, never a 500.

BAD_BODIES = {
    "not json": ("{nip: 1", 400, None),
    "json array": ("[1, 2]", 422, None),
    "json string": ('"halo"', 422, None),
    "empty body": ("", 422, "body"),
    "missing nip": ({"nip": None}, 422, "nip"),
    "short nip": ({"nip": "1980"}, 422, "nip"),
    "nip as number": ({"nip": 198001012005011003}, 422, "nip"),
    "month 13": ({"bulan": 13}, 422, "bulan"),
    "month 0": ({"bulan": 0}, 422, "bulan"),
    "month as word": ({"bulan": "januari"}, 422, "bulan"),
    "month fractional": ({"bulan": 1.5}, 422, "bulan"),
    "year as word": ({"tahun": "tahun ini"}, 422, "tahun"),
    "negative": ({"nilai": -1}, 422, "nilai"),
    "huge": ({"nilai": 1e16}, 422, "nilai"),
    "huge string": ({"nilai": "9" * 40}, 422, "nilai"),
    "infinite literal": ('{"nilai": Infinity}', 422, "nilai"),
    "nan literal": ('{"nilai": NaN}', 422, "nilai"),
    "nan string": ({"nilai": "NaN"}, 422, "nilai"),
    "overflowing float": ('{"nilai": 1e400}', 422, "nilai"),
    "too many decimals": ({"nilai": "1.123456"}, 422, "nilai"),
    "value as word": ({"nilai": "empat"}, 422, "nilai"),
    "value as object": ({"nilai": {"a": 1}}, 422, "nilai"),
    "unknown field": ({"nilia": 4}, 422, "nilia"),
    "long note": ({"catatan": "x" * 2001}, 422, "catatan"),
    "no value at all": ({"nilai": None}, 422, "nilai"),
    "negative numerator": ({"indikator": "aps-7-12", "nilai": None, "pembilang": -1}, 422, None),
}


@pytest.mark.parametrize("case", list(BAD_BODIES))
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(api, case):
    body, status, field = BAD_BODIES[case]
    if isinstance(body, dict):
        payload = item(api)
        payload.update(body)
        payload = {k: v for k, v in payload.items() if v is not None}
        data = json.dumps(payload)
    elif body.startswith('{"nilai"'):
        data = json.dumps(item(api))[:-1] + ", " + body[1:]
        data = data.replace('"nilai": 4, ', "")
    else:
        data = body

    response = api.post("realisasi", data, raw=True)

    assert response.status_code == status, response.content
    answer = response.json()
    assert answer["detail"]
    if field is not None:
        assert field in [e["field"] for e in answer["errors"]], answer
        assert all(e["message"] for e in answer["errors"])
    assert not Measurement.objects.exists()


def test_a_wrong_method_is_answered_in_json(api):
    response = api.client.delete(
        "/api/v1/realisasi", headers={"Authorization": f"Bearer {api.secret}"}
    )

    assert response.status_code == 405


def test_messages_follow_accept_language(api):
    body = json.dumps(item(api, nip="123"))

    indonesian = api.client.post(
        "/api/v1/realisasi", body, content_type="application/json", headers=api.headers()
    )
    english = api.client.post(
        "/api/v1/realisasi",
        body,
        content_type="application/json",
        headers=api.headers(**{"Accept-Language": "en"}),
    )

    assert indonesian["Content-Language"] == "id"
    assert english["Content-Language"] == "en"
    msgid = "Data yang dikirim tidak sah; tidak ada yang disimpan."
    assert indonesian.json()["detail"] == msgid
    with translation.override("en"):
        assert english.json()["detail"] == gettext(msgid)


def test_the_same_value_as_a_manual_entry_is_not_a_new_version(api, cast):
    measurement_record(
        user=cast.pegawai.user,
        plan_indicator=cast.programmes,
        period=month(cast.year, 1),
        value=Decimal(1),
    )

    response = api.post("realisasi", item(api, bulan=1, nilai=1))

    assert response.status_code == 200
    assert response.json()["tersimpan"] is False


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_upload_limit_is_413(api):
    batch = {"realisasi": [item(api, bulan=m, catatan="x" * 200) for m in range(1, 7)]}

    response = api.post("realisasi/batch", batch)

    assert response.status_code == 413
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"nip": "198001012005011003", "tahun": "9" * 30},
        {"nip": "198001012005011003", "tahun": "2026", "semua_versi": "mungkin"},
        {"nip": "198001012005011003"},
        {},
    ],
)
def test_bad_query_strings_are_422_never_500(api, params):
    response = api.client.get("/api/v1/realisasi", params, headers=api.headers())

    assert response.status_code == 422
    assert response.json()["errors"]
