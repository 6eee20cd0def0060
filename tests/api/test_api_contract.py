"""The OpenAPI document is the vendors' contract; the interactive docs work offline."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import modify_settings

EXPECTED_OPERATIONS = {
    ("/api/v1/realisasi", "post"): "RealisasiIn",
    ("/api/v1/realisasi/batch", "post"): "BatchIn",
    ("/api/v1/realisasi", "get"): None,
    ("/api/v1/indikator", "get"): None,
    ("/api/v1/target", "get"): None,
    ("/api/v1/capaian", "get"): None,
}
SCHEMAS = {
    "RealisasiIn",
    "BatchIn",
    "PushOut",
    "BatchOut",
    "ErrorOut",
    "ErrorItem",
    "IndikatorOut",
    "TargetOut",
    "RealisasiListOut",
    "CapaianOut",
}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_document_lists_every_operation_with_its_request_body(document):
    paths = document["paths"]
    listed = {(path, method) for path, ops in paths.items() for method in ops}

    assert set(EXPECTED_OPERATIONS) <= listed
    for (path, method), schema in EXPECTED_OPERATIONS.items():
        operation = paths[path][method]
        if schema is not None:
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith(f"/{schema}")
        assert {"401", "403", "429"} <= set(operation["responses"]), (path, method)


def test_the_document_defines_every_schema_and_the_bearer_scheme(document):
    schemas = document["components"]["schemas"]

    assert set(schemas) >= SCHEMAS
    assert set(schemas["RealisasiIn"]["properties"]) == {
        "nip",
        "indikator",
        "tahun",
        "bulan",
        "nilai",
        "pembilang",
        "penyebut",
        "catatan",
        "alasan_koreksi",
    }
    assert set(schemas["ErrorOut"]["properties"]) == {"detail", "errors"}
    (scheme,) = document["components"]["securitySchemes"].values()
    assert scheme == {"type": "http", "scheme": "bearer"}
    assert document["info"]["version"] == "1"


def test_reads_document_only_what_stays_inside_the_scope(document):
    schemas = document["components"]["schemas"]

    # Nothing summed over the whole SKP: it would weigh indicators outside the scope.
    assert set(schemas["SkpCapaianOut"]["properties"]) == {
        "id",
        "berlaku_mulai",
        "berlaku_sampai",
        "iki",
    }
    assert set(schemas["IkiCapaianOut"]["properties"]) == {
        "id",
        "indikator",
        "nama",
        "realisasi",
        "capaian",
        "dihitung_pada",
    }
    assert set(schemas["SkpTargetOut"]["properties"]) == {
        "id",
        "berlaku_mulai",
        "berlaku_sampai",
        "status",
        "iki",
    }
    assert schemas["RealisasiIn"]["properties"]["nip"]["pattern"] == "^[0-9]{18}$"


def test_pushes_document_the_idempotency_key_header(document):
    for path in ("/api/v1/realisasi", "/api/v1/realisasi/batch"):
        parameters = document["paths"][path]["post"]["parameters"]
        assert any(p["in"] == "header" and p["name"] == "Idempotency-Key" for p in parameters)


def test_the_docs_page_references_nothing_outside_the_server(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), html
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html  # Swagger UI would otherwise call validator.swagger.io


# "ninja" must be an installed app for staticfiles to find its bundled Swagger UI files.
@modify_settings(INSTALLED_APPS={"append": "ninja"})
def test_every_asset_of_the_docs_page_is_served_from_the_bundled_copy(client):
    html = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r"""(?:src|href)="/static/([^"]+)\"""", html)

    assert len(assets) >= 3
    for asset in assets:
        assert finders.find(asset), asset
