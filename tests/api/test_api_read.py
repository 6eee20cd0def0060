"""Reads through the API stay within the token's indicators and instansi."""

from __future__ import annotations

from django.test import Client

from tests.api.conftest import Api, issue
from tests.support import record


def narrow(cast, source) -> Api:
    return Api(cast, source, issue(cast, source, "aps-7-12", name="sempit"), Client())


def test_targets_list_only_the_scoped_ikis_of_the_year(cast, source):
    api = narrow(cast, source)

    body = api.get("target", nip=cast.pegawai.nip, tahun=cast.year.year).json()

    (plan,) = body["skp"]
    assert plan["id"] == cast.pegawai_plan.pk
    assert [(i["id"], i["indikator"], i["target"]) for i in plan["iki"]] == [
        (cast.coverage.pk, "aps-7-12", "95")
    ]


def test_realisasi_lists_only_scoped_ikis_and_every_channel(cast, source):
    record(cast.programmes, 1, "3")
    record(cast.coverage, 1, numerator="40", denominator="50")
    api = narrow(cast, source)

    body = api.get("realisasi", nip=cast.pegawai.nip, tahun=cast.year.year).json()

    (row,) = body["realisasi"]
    assert (row["indikator"], row["nilai"], row["sumber"]) == ("aps-7-12", "80", "manual")
    assert row["sistem_sumber"] is None


def test_asking_for_an_indicator_outside_the_scope_is_403(cast, source):
    api = narrow(cast, source)

    response = api.get(
        "realisasi", nip=cast.pegawai.nip, tahun=cast.year.year, indikator="program-pendidikan"
    )

    assert response.status_code == 403


def test_scores_give_the_scoped_capaian_with_the_skp_capaian_and_rating(
    cast, source, start_of_year
):
    record(cast.programmes, 1, "1")
    record(cast.coverage, 1, numerator="95", denominator="100")
    api = narrow(cast, source)

    body = api.get("capaian", nip=cast.pegawai.nip, tahun=cast.year.year).json()

    (plan,) = body["skp"]
    assert [(i["indikator"], i["capaian"]) for i in plan["iki"]] == [("aps-7-12", "100")]
    assert plan["capaian"] == "100"
    assert plan["usulan_rating"] in {"above", "meets", "below"}


def test_a_year_without_skp_answers_an_empty_list(cast, api):
    body = api.get("capaian", nip=cast.pegawai.nip, tahun=cast.year.year + 1).json()

    assert body["skp"] == []


def test_bad_query_parameters_are_422_with_the_field(api):
    response = api.get("target", nip="abc", tahun="tahun")

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"nip", "tahun"}
