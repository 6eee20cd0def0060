"""The source-system API, version 1, mounted at /api/v1/ (see docs/api.md).

Auth and the rate limit are set on the NinjaAPI itself, so every router
mounted on it later (the queue events of servicetimes) inherits both.
Endpoints stay thin: they parse, call the selectors and services of this app,
and shape the answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Annotated, Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.openapi.docs import Swagger
from ninja.params import functions as param_functions

from kinerja.measurements.models import Measurement
from kinerja.plans.models import PlanIndicator
from kinerja.servicetimes.api import router as servicetimes_router

from . import errors
from .auth import TokenAuth, TokenRateThrottle
from .errors import ApiError
from .models import ApiToken, IdempotencyRecord
from .schemas import (
    BatchIn,
    BatchOut,
    CapaianOut,
    EmployeeYear,
    ErrorOut,
    IkiCapaianOut,
    IkiTargetOut,
    IndikatorOut,
    MeasurementQuery,
    PushOut,
    RealisasiIn,
    RealisasiListOut,
    RealisasiOut,
    SkpCapaianOut,
    SkpTargetOut,
    TargetOut,
)
from .selectors import (
    TargetError,
    employee_in_scope,
    indicator_in_scope,
    indicators_in_scope,
    measurements_of,
    plans_of_year,
    scoped_plan_indicators,
    scoped_plans_of_year,
)
from .services import Pushed, PushItem, PushRefused, realisasi_push

REPLAY_HEADER = "Idempotent-Replayed"
KEY_MAX_LENGTH = 200


class LocalSwagger(Swagger):
    """Swagger UI from the copy bundled with django-ninja, never from a CDN.

    ninja falls back to a CDN page unless "ninja" is an installed app; this
    page always uses the bundled files, so the docs work on a closed network.
    """

    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(
            request,
            self.template,
            {"swagger_settings": json.dumps(self.settings), "api": api},
        )


api = NinjaAPI(
    title="Kinerja API sistem sumber",
    version="1",
    description=(
        "Realisasi dari sistem sumber (dapodik, register imunisasi, mesin antrean…) "
        "dengan token per sistem sumber. Panduan lengkap: docs/api.md."
    ),
    auth=TokenAuth(),
    throttle=[TokenRateThrottle()],
    urls_namespace="api:v1",
    docs=LocalSwagger(settings={"validatorUrl": None, "tryItOutEnabled": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
# Queue machines post ticket events; the router lives with the service-time domain
# and inherits this API's token auth and rate limit.
api.add_router("/", servicetimes_router)

ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def _token(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token


def _item(data: RealisasiIn) -> PushItem:
    return PushItem(
        nip=data.nip,
        indicator_code=data.indikator,
        year=data.tahun,
        month=data.bulan,
        value=data.nilai,
        numerator=data.pembilang,
        denominator=data.penyebut,
        note=data.catatan,
        correction_reason=data.alasan_koreksi,
    )


def _push_out(pushed: Pushed, nip: str, achievements: dict[int, Any]) -> PushOut:
    m = pushed.submitted.measurement
    iki = pushed.target.plan_indicator
    return PushOut(
        nip=nip,
        indikator=iki.indicator.code if iki.indicator else "",
        tahun=pushed.target.period.year.year,
        bulan=pushed.target.period.number,
        iki_id=iki.pk,
        versi=m.version,
        status=m.status,
        nilai=m.value,
        pembilang=m.numerator,
        penyebut=m.denominator,
        tersimpan=pushed.submitted.created,
        capaian_iki=achievements.get(iki.pk),
    )


def _push(token: ApiToken, items: list[RealisasiIn]) -> list[PushOut]:
    try:
        pushed = realisasi_push(token=token, items=[_item(i) for i in items])
    except PushRefused as refused:
        single = len(items) == 1
        detail = {
            403: _("Ada indikator di luar cakupan token ini; tidak ada yang disimpan."),
            404: _("Pegawai dengan NIP ini tidak ditemukan."),
        }.get(refused.status, _("Ada realisasi yang tidak dapat dicatat; tidak ada yang disimpan."))
        raise ApiError(
            refused.status,
            detail,
            [
                {"field": e.field, "message": e.message}
                if single
                else {"index": e.index, "field": e.field, "message": e.message}
                for e in refused.errors
            ],
        ) from None
    achievements = dict(
        PlanIndicator.objects.filter(
            pk__in=[p.target.plan_indicator.pk for p in pushed]
        ).values_list("pk", "achievement")
    )
    return [_push_out(p, item.nip, achievements) for p, item in zip(pushed, items, strict=True)]


def _fingerprint(request: HttpRequest, payload: dict[str, Any]) -> str:
    canonical = json.dumps(
        {"method": request.method, "path": request.path, "body": payload}, sort_keys=True
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _idempotent(
    request: HttpRequest,
    key: str | None,
    payload: dict[str, Any],
    produce: Callable[[], tuple[int, dict[str, Any]]],
) -> HttpResponse:
    """Answer with `produce()`, or replay the answer stored under the Idempotency-Key.

    Only successful answers are stored: a refused request wrote nothing, so
    sending it again is harmless and is checked afresh.
    """
    token = _token(request)
    if key is None:
        status, body = produce()
        return api.create_response(request, body, status=status)
    key = key.strip()
    if not key or len(key) > KEY_MAX_LENGTH or not key.isprintable() or not key.isascii():
        raise ApiError(
            422,
            _("Idempotency-Key tidak sah."),
            [
                {
                    "field": "Idempotency-Key",
                    "message": _("Paling panjang %(max)s karakter ASCII yang terlihat.")
                    % {"max": KEY_MAX_LENGTH},
                }
            ],
        )
    fingerprint = _fingerprint(request, payload)
    stored = IdempotencyRecord.objects.filter(token=token, key=key).first()
    if stored is None:
        try:
            with transaction.atomic():
                status, body = produce()
                IdempotencyRecord.objects.create(
                    token=token,
                    key=key,
                    fingerprint=fingerprint,
                    status_code=status,
                    response_body=body,
                )
            return api.create_response(request, body, status=status)
        except IntegrityError:
            # A concurrent request with the same key won; ours rolled back. Answer as it did.
            stored = IdempotencyRecord.objects.filter(token=token, key=key).first()
            if stored is None:
                raise
    if stored.fingerprint != fingerprint:
        raise ApiError(
            422,
            _(
                "Idempotency-Key ini sudah dipakai untuk permintaan lain; "
                "gunakan kunci baru untuk data yang berbeda."
            ),
            [{"field": "Idempotency-Key", "message": _("Kunci sudah dipakai.")}],
        )
    response = api.create_response(request, stored.response_body, status=stored.status_code)
    response[REPLAY_HEADER] = "true"
    return response


IdempotencyKey = Annotated[
    str | None,
    param_functions.Header(
        alias="Idempotency-Key",
        description=(
            "Kunci unik per permintaan; pengiriman ulang dengan kunci sama tidak dihitung dua kali."
        ),
    ),
]


@api.post(
    "/realisasi",
    response={200: PushOut, 201: PushOut, **ERRORS},
    summary="Kirim satu realisasi",
    tags=["realisasi"],
    url_name="push",
)
def push(
    request: HttpRequest,
    payload: RealisasiIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    """Catat realisasi satu IKI untuk satu bulan; 201 bila versi baru tertulis, 200 bila sama."""

    def produce() -> tuple[int, dict[str, Any]]:
        (out,) = _push(_token(request), [payload])
        return (201 if out.tersimpan else 200), out.model_dump(mode="json")

    return _idempotent(request, idempotency_key, payload.model_dump(mode="json"), produce)


@api.post(
    "/realisasi/batch",
    response={200: BatchOut, **ERRORS},
    summary="Kirim banyak realisasi sekaligus (semua atau tidak sama sekali)",
    tags=["realisasi"],
    url_name="push_batch",
)
def push_batch(
    request: HttpRequest,
    payload: BatchIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    """Satu butir salah → 422 dengan daftar butir yang salah, dan tidak ada yang disimpan."""

    def produce() -> tuple[int, dict[str, Any]]:
        results = _push(_token(request), payload.realisasi)
        written = sum(1 for r in results if r.tersimpan)
        out = BatchOut(
            jumlah=len(results),
            tersimpan=written,
            tidak_berubah=len(results) - written,
            hasil=results,
        )
        return 200, out.model_dump(mode="json")

    return _idempotent(request, idempotency_key, payload.model_dump(mode="json"), produce)


@api.get(
    "/indikator",
    response={200: list[IndikatorOut], **ERRORS},
    summary="Indikator dalam cakupan token",
    tags=["baca"],
    url_name="indicators",
)
def indicators(request: HttpRequest) -> list[IndikatorOut]:
    return [
        IndikatorOut(
            kode=i.code,
            nama=i.name,
            definisi=i.description,
            satuan=i.unit_of_measure,
            polaritas=i.polarity,
            agregasi=i.aggregation,
            rasio=i.is_ratio,
            label_pembilang=i.numerator_label,
            label_penyebut=i.denominator_label,
        )
        for i in indicators_in_scope(_token(request))
    ]


def _employee(token: ApiToken, nip: str) -> Any:
    try:
        return employee_in_scope(token, nip)
    except TargetError as error:
        raise ApiError(
            error.status, error.message, [{"field": error.field, "message": error.message}]
        ) from None


@api.get(
    "/target",
    response={200: TargetOut, **ERRORS},
    summary="Target IKI seorang pegawai pada satu tahun (indikator dalam cakupan saja)",
    tags=["baca"],
    url_name="targets",
)
def targets(request: HttpRequest, filters: Query[EmployeeYear]) -> TargetOut:
    token = _token(request)
    employee = _employee(token, filters.nip)
    return TargetOut(
        nip=employee.nip,
        tahun=filters.tahun,
        skp=[
            SkpTargetOut(
                id=s.plan.pk,
                berlaku_mulai=s.plan.start,
                berlaku_sampai=s.plan.end,
                status=s.plan.status,
                iki=[
                    IkiTargetOut(
                        id=iki.pk,
                        indikator=iki.indicator.code if iki.indicator else "",
                        nama=iki.name,
                        satuan=iki.unit_of_measure,
                        polaritas=iki.polarity,
                        agregasi=iki.aggregation,
                        target=iki.target_value,
                        target_bawah=iki.target_low,
                        target_atas=iki.target_high,
                        bobot=iki.weight,
                    )
                    for iki in s.ikis
                ],
            )
            for s in scoped_plans_of_year(token, employee, filters.tahun)
        ],
    )


@api.get(
    "/realisasi",
    response={200: RealisasiListOut, **ERRORS},
    summary="Realisasi seorang pegawai pada satu tahun (versi terkini, atau semua versi)",
    tags=["baca"],
    url_name="measurements",
)
def measurements(request: HttpRequest, filters: Query[MeasurementQuery]) -> RealisasiListOut:
    token = _token(request)
    employee = _employee(token, filters.nip)
    if filters.indikator:
        try:
            indicator_in_scope(token, filters.indikator)
        except TargetError as error:
            raise ApiError(
                403, error.message, [{"field": error.field, "message": error.message}]
            ) from None
    plans = plans_of_year(token, employee, filters.tahun)
    ikis = [
        i
        for i in scoped_plan_indicators(token, plans)
        if not filters.indikator or (i.indicator and i.indicator.code == filters.indikator)
    ]
    rows: list[Measurement] = list(measurements_of(ikis, all_versions=filters.semua_versi))
    return RealisasiListOut(
        nip=employee.nip,
        tahun=filters.tahun,
        realisasi=[
            RealisasiOut(
                iki_id=m.plan_indicator_id,
                indikator=m.plan_indicator.indicator.code if m.plan_indicator.indicator else "",
                tahun=filters.tahun,
                bulan=m.period.number,
                nilai=m.value,
                pembilang=m.numerator,
                penyebut=m.denominator,
                catatan=m.note,
                versi=m.version,
                terkini=m.superseded_at is None,
                status=m.status,
                sumber=m.source,
                sistem_sumber=m.data_source.name if m.data_source else None,
                dicatat_pada=m.recorded_at,
                diganti_pada=m.superseded_at,
                alasan_koreksi=m.correction_reason,
            )
            for m in rows
        ],
    )


@api.get(
    "/capaian",
    response={200: CapaianOut, **ERRORS},
    summary="Capaian IKI dalam cakupan token",
    tags=["baca"],
    url_name="scores",
)
def scores(request: HttpRequest, filters: Query[EmployeeYear]) -> CapaianOut:
    """Per IKI only: the SKP's capaian and usulan rating weigh indicators outside the scope."""
    token = _token(request)
    employee = _employee(token, filters.nip)
    return CapaianOut(
        nip=employee.nip,
        tahun=filters.tahun,
        skp=[
            SkpCapaianOut(
                id=s.plan.pk,
                berlaku_mulai=s.plan.start,
                berlaku_sampai=s.plan.end,
                iki=[
                    IkiCapaianOut(
                        id=iki.pk,
                        indikator=iki.indicator.code if iki.indicator else "",
                        nama=iki.name,
                        realisasi=iki.achieved_value,
                        capaian=iki.achievement,
                        dihitung_pada=iki.computed_at,
                    )
                    for iki in s.ikis
                ],
            )
            for s in scoped_plans_of_year(token, employee, filters.tahun)
        ],
    )
