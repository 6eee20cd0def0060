"""Request and response bodies of the source-system API (the OpenAPI contract).

Field names are Indonesian, as the vendors of regional systems read them.
Numbers are accepted as JSON numbers or strings and answered as strings, so no
decimal place is lost to binary floating point.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field, PlainSerializer, model_validator
from pydantic_core import PydanticCustomError

from kinerja.measurements.services import LARGEST_VALUE

from .errors import BATCH_TOO_LARGE, batch_limit


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in {"-0", ""} else text


# A decimal in the answer: digits as a string, without trailing zeros.
Angka = Annotated[Decimal, PlainSerializer(_plain, return_type=str, when_used="always")]
# A measured number in a request: finite, not negative, below the realisasi column's bound.
AngkaMasuk = Annotated[
    Decimal,
    Field(ge=0, lt=LARGEST_VALUE, allow_inf_nan=False, decimal_places=4),
]
# [0-9], not \d: \d also matches other scripts' digits, which no NIP holds.
NIP_PATTERN = r"^[0-9]{18}$"


class RealisasiIn(Schema):
    """One realisasi of an employee's IKI for one month."""

    model_config = ConfigDict(extra="forbid")

    nip: str = Field(pattern=NIP_PATTERN, description="NIP pegawai, 18 angka.")
    indikator: str = Field(
        min_length=1, max_length=60, description="Kode indikator katalog, mis. `aps-7-12`."
    )
    tahun: int = Field(ge=2000, le=2100, description="Tahun penilaian.")
    bulan: int = Field(ge=1, le=12, description="Bulan, 1–12.")
    nilai: AngkaMasuk | None = Field(
        None, description="Realisasi, untuk indikator yang bukan rasio."
    )
    pembilang: AngkaMasuk | None = Field(
        None, description="Pembilang indikator rasio; boleh dikirim tanpa penyebut."
    )
    penyebut: AngkaMasuk | None = Field(
        None, description="Penyebut indikator rasio; boleh dikirim tanpa pembilang."
    )
    catatan: str = Field("", max_length=2000, description="Catatan, opsional.")
    alasan_koreksi: str = Field(
        "",
        max_length=2000,
        description="Wajib bila mengganti realisasi yang sudah diverifikasi.",
    )


class BatchIn(Schema):
    """Up to API_BATCH_MAX_ITEMS realisasi, written all or nothing."""

    model_config = ConfigDict(extra="forbid")

    realisasi: list[RealisasiIn] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _cap(cls, data: Any) -> Any:
        # Checked before the items are validated, so an oversized batch costs little.
        items = data.get("realisasi") if isinstance(data, dict) else None
        if isinstance(items, list) and len(items) > batch_limit():
            raise PydanticCustomError(BATCH_TOO_LARGE, "batch too large")
        return data


class ErrorItem(Schema):
    index: int | None = Field(None, description="Urutan butir dalam batch, mulai 0.")
    field: str = Field(description="Kolom yang salah.")
    message: str = Field(description="Penjelasan, dalam bahasa permintaan (Accept-Language).")


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []


class PushOut(Schema):
    """The current realisasi after a push, and whether this push wrote a new version."""

    nip: str
    indikator: str
    tahun: int
    bulan: int
    iki_id: int
    versi: int
    status: str = Field(description="pending, verified atau rejected.")
    nilai: Angka | None
    pembilang: Angka | None
    penyebut: Angka | None
    tersimpan: bool = Field(
        description="true bila versi baru ditulis; false bila nilainya sama dengan yang ada."
    )
    capaian_iki: Angka | None = Field(description="Capaian IKI (persen) setelah nilai ini.")


class BatchOut(Schema):
    jumlah: int
    tersimpan: int
    tidak_berubah: int
    hasil: list[PushOut]


class IndikatorOut(Schema):
    kode: str
    nama: str
    definisi: str
    satuan: str
    polaritas: str
    agregasi: str
    rasio: bool
    label_pembilang: str
    label_penyebut: str


class IkiTargetOut(Schema):
    id: int
    indikator: str
    nama: str
    satuan: str
    polaritas: str
    agregasi: str
    target: Angka | None
    target_bawah: Angka | None
    target_atas: Angka | None
    bobot: Angka


class SkpTargetOut(Schema):
    """An SKP holding an IKI in scope; SKPs without one are not listed."""

    id: int
    berlaku_mulai: dt.date
    berlaku_sampai: dt.date
    status: str
    iki: list[IkiTargetOut] = Field(description="IKI dalam cakupan token; tidak pernah kosong.")


class TargetOut(Schema):
    nip: str
    tahun: int
    skp: list[SkpTargetOut]


class RealisasiOut(Schema):
    iki_id: int
    indikator: str
    tahun: int
    bulan: int
    nilai: Angka | None
    pembilang: Angka | None
    penyebut: Angka | None
    catatan: str
    versi: int
    terkini: bool = Field(description="false untuk versi yang sudah diganti.")
    status: str
    sumber: str
    sistem_sumber: str | None
    dicatat_pada: dt.datetime
    diganti_pada: dt.datetime | None
    alasan_koreksi: str


class RealisasiListOut(Schema):
    nip: str
    tahun: int
    realisasi: list[RealisasiOut]


class IkiCapaianOut(Schema):
    id: int
    indikator: str
    nama: str
    realisasi: Angka | None = Field(description="Realisasi tahun berjalan menurut agregasinya.")
    capaian: Angka | None = Field(description="Capaian IKI, persen.")
    dihitung_pada: dt.datetime | None = Field(description="Kapan capaian IKI ini dihitung.")


class SkpCapaianOut(Schema):
    """An SKP holding an IKI in scope; nothing summed over the whole SKP (see docs/api.md)."""

    id: int
    berlaku_mulai: dt.date
    berlaku_sampai: dt.date
    iki: list[IkiCapaianOut] = Field(description="IKI dalam cakupan token; tidak pernah kosong.")


class CapaianOut(Schema):
    nip: str
    tahun: int
    skp: list[SkpCapaianOut]


class EmployeeYear(Schema):
    nip: str = Field(pattern=NIP_PATTERN, description="NIP pegawai, 18 angka.")
    tahun: int = Field(ge=2000, le=2100, description="Tahun penilaian.")


class MeasurementQuery(EmployeeYear):
    indikator: str | None = Field(None, max_length=60, description="Hanya indikator ini.")
    semua_versi: bool = Field(False, description="true: juga versi yang sudah diganti.")
