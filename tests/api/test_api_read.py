"""Reads through the API stay within the token's indicators and instansi."""

from __future__ import annotations

import pytest
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


def test_scores_give_the_scoped_capaian_and_nothing_summed_over_the_skp(
    cast, source, start_of_year
):
    record(cast.programmes, 1, "1")
    record(cast.coverage, 1, numerator="95", denominator="100")
    api = narrow(cast, source)

    body = api.get("capaian", nip=cast.pegawai.nip, tahun=cast.year.year).json()

    (plan,) = body["skp"]
    assert [(i["indikator"], i["capaian"]) for i in plan["iki"]] == [("aps-7-12", "100")]
    assert plan["iki"][0]["dihitung_pada"] is not None
    # The SKP's capaian and usulan rating weigh program-pendidikan too, outside this scope.
    cast.pegawai_plan.refresh_from_db()
    assert cast.pegawai_plan.proposed_rating
    assert set(plan) == {"id", "berlaku_mulai", "berlaku_sampai", "iki"}


@pytest.mark.parametrize("path", ["target", "capaian"])
def test_an_skp_without_a_scoped_iki_is_not_listed(cast, source, path):
    # The penilai's SKP of the year holds no IKI measured by aps-7-12.
    api = narrow(cast, source)

    response = api.get(path, nip=cast.penilai.nip, tahun=cast.year.year)

    assert response.status_code == 200
    assert response.json()["skp"] == []


def test_a_year_without_skp_answers_an_empty_list(cast, api):
    body = api.get("capaian", nip=cast.pegawai.nip, tahun=cast.year.year + 1).json()

    assert body["skp"] == []


def test_bad_query_parameters_are_422_with_the_field(api):
    response = api.get("target", nip="abc", tahun="tahun")

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"nip", "tahun"}


def test_a_nip_of_other_scripts_digits_is_422(api):
    # "\d" would take these Arabic-Indic digits; a NIP holds 0-9 only.
    response = api.get("target", nip="\u0661" * 18, tahun=2026)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["nip"]
