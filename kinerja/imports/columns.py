"""The columns of an import file: one spec read by the template writer and the parser.

A row names an employee (NIP) and one of their IKIs, either by the catalogue
indicator's code (`kode_indikator`) or, for an IKI written without a
catalogue indicator, by its number in Kinerja (`id_iki`, which the template
always fills in). `nama`, `nama_iki` and `cara_isi` only help the person filling
the file; the parser ignores their content.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    name: str
    help: str | Promise
    # Read by the parser; informational columns are accepted and ignored.
    read: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("nip", _("NIP pegawai, 18 angka, ditulis sebagai teks.")),
    Column("nama", _("Nama pegawai (hanya keterangan)."), read=False),
    Column("kode_indikator", _("Kode indikator katalog instansi.")),
    Column("id_iki", _("Nomor IKI di Kinerja; wajib bila IKI tidak memakai indikator katalog.")),
    Column("nama_iki", _("Nama IKI (hanya keterangan)."), read=False),
    Column("cara_isi", _("Kolom nilai yang diisi untuk IKI ini (hanya keterangan)."), read=False),
    Column("tahun", _("Tahun penilaian, mis. 2026.")),
    Column("bulan", _("Bulan 1–12.")),
    Column("realisasi", _("Nilai realisasi untuk IKI yang bukan rasio.")),
    Column("pembilang", _("Pembilang untuk IKI rasio.")),
    Column("penyebut", _("Penyebut untuk IKI rasio.")),
    Column("catatan", _("Catatan (boleh kosong).")),
    Column("alasan_koreksi", _("Wajib bila mengubah realisasi yang sudah diverifikasi.")),
)
NAMES = tuple(c.name for c in COLUMNS)
REQUIRED = ("nip", "tahun", "bulan")
# A file needs at least one column of each group.
ONE_OF = (("kode_indikator", "id_iki"), ("realisasi", "pembilang", "penyebut"))
# Readers stop reading a header cell after this many characters (a binary file's "header").
HEADER_CELL_LIMIT = 60


class HeaderError(ValueError):
    """The header row does not name the expected columns; the message says which."""


def normalise(name: str) -> str:
    """A header cell as the spec spells it: 'Kode Indikator ' → 'kode_indikator'."""
    return "_".join(name.strip().lower().replace("-", " ").split())[:HEADER_CELL_LIMIT]


def header_positions(cells: list[str]) -> dict[str, int]:
    """Where each known column sits in the header, or HeaderError naming expected and found.

    Every problem of the header is reported in one message, so the admin fixes
    the file once.
    """
    from django.utils.translation import gettext as _

    found = [normalise(c) for c in cells]
    while found and not found[-1]:
        found.pop()
    positions: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, name in enumerate(found):
        if name in NAMES:
            if name in positions:
                repeated.append(name)
            positions[name] = index
        else:
            unknown.append(name or _("(kosong)"))
    missing = [name for name in REQUIRED if name not in positions]
    for group in ONE_OF:
        if not any(name in positions for name in group):
            missing.append(_(" atau ").join(group))
    if unknown or missing or repeated:
        problems = []
        if missing:
            problems.append(_("tidak ada: %(names)s") % {"names": ", ".join(missing)})
        if unknown:
            problems.append(_("tidak dikenal: %(names)s") % {"names": ", ".join(unknown)})
        if repeated:
            problems.append(_("ganda: %(names)s") % {"names": ", ".join(repeated)})
        raise HeaderError(
            _(
                "Judul kolom tidak sesuai (%(problems)s). Kolom yang diharapkan: %(expected)s. "
                "Kolom yang ditemukan: %(found)s. Unduh templat untuk contoh yang benar."
            )
            % {
                "problems": "; ".join(problems),
                "expected": ", ".join(NAMES),
                "found": ", ".join(found) or _("(tidak ada)"),
            }
        )
    return positions
