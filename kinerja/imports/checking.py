"""Checking the rows of an import file, a chunk at a time, with a few queries per chunk.

Each row is parsed on its own (numbers, month, formulas), then the chunk is
resolved in bulk: one query for the employees of its NIPs, one for the IKIs
they may name, one for the current realisasi of those IKIs. What
measurement_submit would refuse (wrong kind of value for the IKI, a verified
value changed without a reason, a zero denominator) is refused here already,
so the whole file is judged before anything is written.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from kinerja.core.params import id_param, is_ascii_digits
from kinerja.cycles.models import Period, PeriodKind
from kinerja.imports.columns import COLUMNS
from kinerja.imports.reading import RawRow
from kinerja.indicators.models import Indicator
from kinerja.measurements.models import Measurement, MeasurementStatus
from kinerja.measurements.services import LARGEST_VALUE
from kinerja.measurements.standing import STORED_PLACES
from kinerja.organisation.models import Employee
from kinerja.plans.changes import plan_months
from kinerja.plans.models import PlanIndicator

PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
SEPARATED_NUMBER = re.compile(r"-?[\d.,]*\d[\d.,]*")
TEXT_LIMIT = 2000
# Columns whose content is read. The others (nama, nama_iki, cara_isi) only help
# the person filling the file, so a formula-looking text there (an IKI named
# "+10% …") neither matters nor stops the import.
READ_COLUMNS = frozenset(c.name for c in COLUMNS if c.read)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Ready:
    """A row that passed every check, with what measurement_submit needs."""

    row: int
    plan_indicator: PlanIndicator
    period: Period
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    note: str
    correction_reason: str


@dataclass
class _Parsed:
    row: int
    nip: str
    code: str
    iki_id: int | None
    year: int
    month: int
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    note: str
    reason: str


@dataclass
class Checked:
    ready: list[Ready] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    invalid_rows: int = 0


class _CellError(ValueError):
    pass


def parse_number(value: Any) -> Decimal | None:
    """A realisasi number from a cell: '12,5' and '12.5' alike; thousand separators refused.

    '1.234' means 1234 to an Indonesian reader and 1.234 to an English one, so a
    single separator followed by exactly three digits (after a non-zero whole
    part) is refused as ambiguous instead of guessed.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _CellError(_("Bukan angka."))
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = str(value).strip()
        if not text:
            return None
        if not PLAIN_NUMBER.fullmatch(text):
            if SEPARATED_NUMBER.fullmatch(text):
                raise _CellError(
                    _(
                        "Angka “%(text)s” memakai pemisah ribuan. Tulis tanpa pemisah ribuan dan "
                        "pakai koma atau titik hanya sebagai tanda desimal, mis. 1234,5."
                    )
                    % {"text": text}
                )
            raise _CellError(_("“%(text)s” bukan angka.") % {"text": text[:40]})
        whole, separator, fraction = [*re.split(r"([.,])", text, maxsplit=1), "", ""][:3]
        if separator and len(fraction) == 3 and whole.lstrip("-") not in {"0", ""}:
            raise _CellError(
                _(
                    "Angka “%(text)s” bisa dibaca sebagai ribuan atau desimal. Tulis tanpa "
                    "pemisah ribuan (mis. %(plain)s), atau tambahkan nol bila maksudnya desimal "
                    "(mis. %(decimal)s)."
                )
                % {"text": text, "plain": whole + fraction, "decimal": text + "0"}
            )
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise _CellError(_("“%(text)s” bukan angka.") % {"text": text[:40]}) from None
    if not number.is_finite():
        raise _CellError(_("Bukan angka."))
    if number < 0:
        raise _CellError(_("Realisasi tidak boleh negatif."))
    if number >= LARGEST_VALUE:
        raise _CellError(_("Angka terlalu besar (paling besar 999.999.999.999.999)."))
    return number


def _whole(value: Any) -> int:
    if isinstance(value, bool):
        raise _CellError(_("Harus bilangan bulat."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip() if value is not None else ""
    # isdigit() would pass "²", which int() then refuses.
    if not is_ascii_digits(text) or len(text) > 6:
        raise _CellError(_("Harus bilangan bulat."))
    return int(text)


def _iki_id(value: Any) -> int | None:
    """An IKI number from a cell (text or number); None when it cannot be an id."""
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return id_param(value)


def _nip(value: Any) -> str:
    # A NIP typed as a number comes out of XLSX as an int (or a float when Excel rounded it).
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


class SeenKeys:
    """Which row first named each (IKI, month) of the file, kept on disk.

    A million keys in a Python set would grow with the file; a throwaway SQLite
    file keeps memory flat and answers a chunk's keys in one statement.
    """

    def __init__(self) -> None:
        descriptor, name = tempfile.mkstemp(prefix="kinerja-import-", suffix=".db")
        os.close(descriptor)
        self.path = Path(name)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE seen (key INTEGER PRIMARY KEY, first_row INTEGER)")

    def first_rows(self, pairs: list[tuple[int, int]]) -> dict[int, int]:
        """Record each (key, row) whose key is new; return the first row of every key."""
        self.db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", pairs)
        keys = sorted({k for k, _row in pairs})
        found: dict[int, int] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            found.update(
                self.db.execute(f"SELECT key, first_row FROM seen WHERE key IN ({marks})", part)  # noqa: S608
            )
        return found

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)


def _key(ready: Ready) -> int:
    """One integer per (IKI, month): an IKI belongs to one year, so the month suffices."""
    return ready.plan_indicator.pk * 100 + ready.period.number


class Checker:
    """Checks chunks of rows against one instansi's employees, IKIs and periods."""

    def __init__(self, instansi_id: int) -> None:
        self.instansi_id = instansi_id
        self.periods: dict[tuple[int, int], Period] = {
            (p.year.year, p.number): p
            for p in Period.objects.filter(
                year__instansi_id=instansi_id, kind=PeriodKind.MONTH
            ).select_related("year")
        }
        self.years = {year for year, _month in self.periods}
        self.codes = set(
            Indicator.objects.filter(instansi_id=instansi_id).values_list("code", flat=True)
        )

    def check(self, rows: list[RawRow], seen: SeenKeys) -> Checked:
        checked = Checked()
        bad: dict[int, list[RowError]] = defaultdict(list)
        parsed = [p for p in (self._parse(row, bad) for row in rows) if p is not None]
        resolved = self._resolve(parsed, bad)
        if resolved:
            first = seen.first_rows([(_key(ready), ready.row) for ready in resolved])
            for ready in resolved:
                first_row = first[_key(ready)]
                if first_row != ready.row:
                    bad[ready.row].append(
                        RowError(
                            ready.row,
                            "nip",
                            _(
                                "Baris ganda: NIP, IKI dan bulan yang sama sudah ada di baris "
                                "%(row)s. Satu IKI hanya boleh satu baris per bulan."
                            )
                            % {"row": first_row},
                        )
                    )
                else:
                    checked.ready.append(ready)
        for row in sorted(bad):
            checked.errors.extend(bad[row])
        checked.invalid_rows = len(bad)
        return checked

    def _parse(self, row: RawRow, bad: dict[int, list[RowError]]) -> _Parsed | None:
        errors = bad[row.number]
        for name, cell in row.cells.items():
            if cell.formula and name in READ_COLUMNS:
                errors.append(
                    RowError(
                        row.number,
                        name,
                        _(
                            "Sel berisi rumus spreadsheet (diawali = + - @ atau rumus Excel). "
                            "Isi dengan nilai biasa, bukan rumus."
                        ),
                    )
                )
        if row.overflow:
            errors.append(
                RowError(
                    row.number,
                    "",
                    _(
                        "Baris ini berisi lebih banyak sel daripada judul kolom; periksa pemisah "
                        "kolom dan tanda koma desimal yang tidak diapit tanda kutip."
                    ),
                )
            )
        if errors:
            return None
        nip = _nip(row.cells["nip"].value) if "nip" in row.cells else ""
        if not nip:
            errors.append(RowError(row.number, "nip", _("NIP wajib diisi.")))
        code = row.text("kode_indikator")
        iki_id: int | None = None
        if row.text("id_iki"):
            iki_id = _iki_id(row.cells["id_iki"].value)
            if iki_id is None:
                errors.append(RowError(row.number, "id_iki", _("id_iki harus nomor IKI.")))
        elif not code:
            errors.append(
                RowError(row.number, "kode_indikator", _("Isi kode_indikator atau id_iki."))
            )
        elif code not in self.codes:
            errors.append(
                RowError(
                    row.number,
                    "kode_indikator",
                    _("Kode indikator “%(code)s” tidak ada di katalog instansi ini.")
                    % {"code": code[:60]},
                )
            )
        year = month = 0
        try:
            year = _whole(row.cells["tahun"].value if "tahun" in row.cells else None)
        except _CellError as error:
            errors.append(RowError(row.number, "tahun", str(error)))
        else:
            if year not in self.years:
                errors.append(
                    RowError(
                        row.number,
                        "tahun",
                        _("Tahun penilaian %(year)s tidak ada di instansi ini.") % {"year": year},
                    )
                )
        try:
            month = _whole(row.cells["bulan"].value if "bulan" in row.cells else None)
        except _CellError as error:
            errors.append(RowError(row.number, "bulan", str(error)))
        else:
            if not 1 <= month <= 12:
                errors.append(RowError(row.number, "bulan", _("Bulan harus 1 sampai 12.")))
        numbers: dict[str, Decimal | None] = {}
        for name in ("realisasi", "pembilang", "penyebut"):
            try:
                numbers[name] = parse_number(row.cells[name].value if name in row.cells else None)
            except _CellError as error:
                errors.append(RowError(row.number, name, str(error)))
        note, reason = row.text("catatan"), row.text("alasan_koreksi")
        for name, text in (("catatan", note), ("alasan_koreksi", reason)):
            if len(text) > TEXT_LIMIT:
                errors.append(
                    RowError(
                        row.number,
                        name,
                        _("Teks terlalu panjang (paling banyak %(n)s karakter).")
                        % {"n": TEXT_LIMIT},
                    )
                )
        if errors:
            return None
        del bad[row.number]
        return _Parsed(
            row=row.number,
            nip=nip,
            code=code,
            iki_id=iki_id,
            year=year,
            month=month,
            value=numbers.get("realisasi"),
            numerator=numbers.get("pembilang"),
            denominator=numbers.get("penyebut"),
            note=note,
            reason=reason,
        )

    def _resolve(self, rows: list[_Parsed], bad: dict[int, list[RowError]]) -> list[Ready]:
        if not rows:
            return []
        # Only this instansi's employees: a NIP of another government must read as
        # absent, or the checker would confirm to this admin that it exists.
        employees = dict(
            Employee.objects.filter(
                nip__in={r.nip for r in rows}, instansi_id=self.instansi_id
            ).values_list("nip", "pk")
        )
        own = set(employees.values())
        ids = {r.iki_id for r in rows if r.iki_id is not None}
        codes = {r.code for r in rows if r.iki_id is None}
        indicators = list(
            PlanIndicator.objects.filter(
                Q(pk__in=ids)
                | Q(
                    result__plan__employee_id__in=own,
                    indicator__instansi_id=self.instansi_id,
                    indicator__code__in=codes,
                    result__plan__year__year__in={r.year for r in rows},
                ),
                result__plan__employee__instansi_id=self.instansi_id,
            ).select_related("result__plan__year", "indicator")
        )
        by_id = {i.pk: i for i in indicators}
        by_code: dict[tuple[int, str, int], list[PlanIndicator]] = defaultdict(list)
        for indicator in indicators:
            if indicator.indicator is not None:
                plan = indicator.result.plan
                key = (plan.employee_id, indicator.indicator.code, plan.year.year)
                by_code[key].append(indicator)
        found: list[tuple[_Parsed, PlanIndicator, Period]] = []
        for row in rows:
            errors = bad[row.row]
            employee = employees.get(row.nip)
            if employee is None:
                errors.append(
                    RowError(
                        row.row,
                        "nip",
                        _("NIP %(nip)s tidak terdaftar pada instansi ini.") % {"nip": row.nip[:20]},
                    )
                )
            else:
                named = self._indicator(row, employee, by_id, by_code, errors)
                if named is not None:
                    found.append((row, named, self.periods[(row.year, row.month)]))
            if not errors:
                del bad[row.row]
        currents = self._currents(found)
        ready = []
        for row, indicator, period in found:
            ready_row = self._judge(row, indicator, period, currents, bad)
            if ready_row is not None:
                ready.append(ready_row)
        return ready

    def _indicator(
        self,
        row: _Parsed,
        employee_id: int,
        by_id: dict[int, PlanIndicator],
        by_code: dict[tuple[int, str, int], list[PlanIndicator]],
        errors: list[RowError],
    ) -> PlanIndicator | None:
        month_name = f"{MONTHS[row.month]} {row.year}"
        if row.iki_id is not None:
            indicator = by_id.get(row.iki_id)
            if indicator is None or indicator.result.plan.employee_id != employee_id:
                errors.append(
                    RowError(
                        row.row,
                        "id_iki",
                        _("IKI nomor %(id)s bukan IKI pegawai NIP %(nip)s.")
                        % {"id": row.iki_id, "nip": row.nip},
                    )
                )
                return None
            if row.code and (indicator.indicator is None or indicator.indicator.code != row.code):
                errors.append(
                    RowError(
                        row.row,
                        "kode_indikator",
                        _("Kode indikator tidak cocok dengan IKI nomor %(id)s.")
                        % {"id": row.iki_id},
                    )
                )
                return None
            plan = indicator.result.plan
            if plan.year.year != row.year or row.month not in plan_months(plan):
                errors.append(
                    RowError(
                        row.row,
                        "bulan",
                        _("IKI nomor %(id)s tidak berlaku pada %(month)s.")
                        % {"id": row.iki_id, "month": month_name},
                    )
                )
                return None
            return indicator
        candidates = [
            i
            for i in by_code.get((employee_id, row.code, row.year), [])
            if row.month in plan_months(i.result.plan)
        ]
        if not candidates:
            errors.append(
                RowError(
                    row.row,
                    "kode_indikator",
                    _(
                        "Pegawai NIP %(nip)s tidak memiliki IKI dengan indikator “%(code)s” "
                        "yang berlaku pada %(month)s."
                    )
                    % {"nip": row.nip, "code": row.code, "month": month_name},
                )
            )
            return None
        if len(candidates) > 1:
            errors.append(
                RowError(
                    row.row,
                    "kode_indikator",
                    _(
                        "Pegawai ini memiliki beberapa IKI dengan indikator “%(code)s”; isi "
                        "kolom id_iki (nomor: %(ids)s)."
                    )
                    % {"code": row.code, "ids": ", ".join(str(i.pk) for i in candidates)},
                )
            )
            return None
        return candidates[0]

    @staticmethod
    def _currents(
        found: Iterable[tuple[_Parsed, PlanIndicator, Period]],
    ) -> dict[tuple[int, int], Any]:
        pairs = [(indicator.pk, period.pk) for _row, indicator, period in found]
        if not pairs:
            return {}
        rows = Measurement.objects.filter(
            plan_indicator_id__in={p[0] for p in pairs},
            period_id__in={p[1] for p in pairs},
            superseded_at__isnull=True,
        ).values(
            "plan_indicator_id", "period_id", "value", "numerator", "denominator", "note", "status"
        )
        return {(r["plan_indicator_id"], r["period_id"]): r for r in rows}

    @staticmethod
    def _judge(
        row: _Parsed,
        indicator: PlanIndicator,
        period: Period,
        currents: dict[tuple[int, int], Any],
        bad: dict[int, list[RowError]],
    ) -> Ready | None:
        """Refuse what measurement_submit would refuse, without writing anything."""

        def fail(column: str, message: str) -> None:
            bad[row.row].append(RowError(row.row, column, message))

        current = currents.get((indicator.pk, period.pk))
        value, numerator, denominator = row.value, row.numerator, row.denominator
        if indicator.is_ratio:
            if value is not None:
                fail(
                    "realisasi",
                    _("IKI ini rasio: isi pembilang dan penyebut, kosongkan kolom realisasi."),
                )
                return None
            if numerator is None and denominator is None:
                fail("pembilang", _("IKI ini rasio: pembilang dan penyebut wajib diisi."))
                return None
            if current is not None:
                numerator = current["numerator"] if numerator is None else numerator
                denominator = current["denominator"] if denominator is None else denominator
            if denominator == 0:
                fail("penyebut", _("Penyebut tidak boleh nol."))
                return None
            if numerator is not None and denominator is not None:
                value = numerator / denominator * 100
                if value >= LARGEST_VALUE:
                    fail("pembilang", _("Angka terlalu besar."))
                    return None
        else:
            if numerator is not None or denominator is not None:
                column = "pembilang" if numerator is not None else "penyebut"
                if value is not None:
                    fail(
                        column,
                        _("Isi realisasi saja; pembilang/penyebut hanya untuk IKI rasio."),
                    )
                else:
                    fail(
                        column,
                        _("IKI ini bukan rasio: isi realisasi, bukan pembilang/penyebut."),
                    )
                return None
            if value is None:
                fail("realisasi", _("Nilai realisasi wajib diisi."))
                return None
        if (
            current is not None
            and current["status"] == MeasurementStatus.VERIFIED
            and not row.reason
            and not (
                current["value"] == (None if value is None else value.quantize(STORED_PLACES))
                and current["numerator"] == numerator
                and current["denominator"] == denominator
                and current["note"] == row.note
            )
        ):
            fail(
                "alasan_koreksi",
                _("Realisasi %(month)s sudah diverifikasi: isi alasan_koreksi untuk mengubahnya.")
                % {"month": period.label},
            )
            return None
        return Ready(
            row=row.row,
            plan_indicator=indicator,
            period=period,
            value=row.value,
            numerator=row.numerator,
            denominator=row.denominator,
            note=row.note,
            correction_reason=row.reason,
        )
