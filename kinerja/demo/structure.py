"""The organisation of the demo: two governments, four dinas, about 90 people.

Each dinas is a tree of posts: kepala dinas (JPT, heads the OPD) → kepala
bidang (administrator) → kepala seksi or head of a UPT (pengawas) → staff
(pelaksana or fungsional). Each post lists the RHKs of its SKP; an RHK names
which RHK of the superior's SKP it supports (by position in that list), so the
cascade of results follows the reporting line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kinerja.demo.people import FEMALE, MALE, Name


@dataclass(frozen=True)
class Iki:
    """An IKI of a post: a catalogue indicator with its target and weight."""

    code: str
    target: float
    weight: int = 1


@dataclass(frozen=True)
class Rhk:
    """An RHK; `supports` is the index of the superior's RHK (None for the JPT)."""

    text: str
    ikis: tuple[Iki, ...]
    supports: int | None = 0
    kind: str = "utama"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str


# Yearly credit-point coefficient of a functional post by its level (PerBKN 3/2023),
# matched on the post title.
CREDIT_COEFFICIENTS = (
    ("Ahli Pertama", Decimal("12.5")),
    ("Ahli Muda", Decimal("25")),
    ("Ahli Madya", Decimal("37.5")),
    ("Ahli Utama", Decimal("50")),
    ("Terampil", Decimal("5")),
    ("Mahir", Decimal("12.5")),
    ("Penyelia", Decimal("25")),
)


def credit_coefficient(title: str) -> Decimal | None:
    return next((c for level, c in CREDIT_COEFFICIENTS if title.endswith(level)), None)


@dataclass(frozen=True)
class Post:
    """A kind of post and how many people hold one; `staff` report to its holder.

    `places` fill a `{wilayah}` placeholder in RHK texts, one per holder;
    `names` fix the names of the first holders (the accounts printed by
    `kinerja demo`), and `feature` marks the first holder as such an account.
    """

    title: str
    kind: str
    persona: str
    rhks: tuple[Rhk, ...]
    count: int = 1
    unit: UnitSpec | None = None
    staff: tuple[Post, ...] = ()
    names: tuple[Name, ...] = ()
    feature: str = ""
    pppk_share: float = 0.0
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstansiSpec:
    code: str
    name: str
    cadence: str
    catalogue: tuple[str, ...]
    dinas: tuple[Post, ...]


def _rhk(text: str, *ikis: Iki, supports: int | None = 0, kind: str = "utama") -> Rhk:
    return Rhk(text=text, ikis=ikis, supports=supports, kind=kind)


JAMBI_DISDIK = Post(
    title="Kepala Dinas Pendidikan",
    kind="jpt",
    persona="pimpinan_pendidikan",
    unit=UnitSpec("disdik", "Dinas Pendidikan", "opd"),
    names=(Name("Dr. Hasan Basri, M.Pd.", "Hasan Basri", MALE),),
    feature="kepala_dinas",
    rhks=(
        _rhk(
            "Meningkatnya mutu pembelajaran pendidikan menengah dan pendidikan khusus",
            Iki("nilai-belajar", 5, 2),
            Iki("program-pendidikan", 48),
            supports=None,
        ),
        _rhk(
            "Meningkatnya kepuasan masyarakat terhadap layanan pendidikan",
            Iki("ikm-pendidikan", 82),
            supports=None,
        ),
    ),
    staff=(
        Post(
            title="Kepala Bidang Pembinaan SMA",
            kind="administrator",
            persona="pendidikan",
            unit=UnitSpec("sma", "Bidang Pembinaan SMA", "bidang"),
            rhks=(
                _rhk(
                    "Meningkatnya mutu pembelajaran SMA",
                    Iki("nilai-belajar", 5, 2),
                    Iki("program-pendidikan", 24),
                    supports=0,
                ),
                _rhk(
                    "Meningkatnya kualitas layanan pembinaan SMA",
                    Iki("ikm-pendidikan", 82),
                    supports=1,
                ),
            ),
            staff=(
                Post(
                    title="Kepala Seksi Kurikulum dan Penilaian SMA",
                    kind="pengawas",
                    persona="pendidikan",
                    unit=UnitSpec("kurikulum", "Seksi Kurikulum dan Penilaian SMA", "seksi"),
                    names=(Name("Siti Rahmawati, S.Pd., M.Pd.", "Siti Rahmawati", FEMALE),),
                    feature="penilai",
                    rhks=(
                        _rhk(
                            "Terlaksananya pengembangan kurikulum dan penilaian pembelajaran SMA",
                            Iki("program-pendidikan", 12, 2),
                            Iki("nilai-belajar", 5),
                            supports=0,
                        ),
                        _rhk(
                            "Terlayaninya konsultasi kurikulum satuan pendidikan SMA",
                            Iki("ikm-pendidikan", 82),
                            supports=1,
                        ),
                    ),
                    staff=(
                        Post(
                            title="Analis Kurikulum",
                            kind="pelaksana",
                            persona="pendidikan",
                            count=3,
                            names=(Name("Andi Pratama, S.Pd.", "Andi Pratama", MALE),),
                            feature="pegawai",
                            rhks=(
                                _rhk(
                                    "Tersusunnya bahan pengembangan kurikulum SMA",
                                    Iki("program-pendidikan", 6, 2),
                                    Iki("nilai-belajar", 5),
                                ),
                                _rhk(
                                    "Terlaksananya pendampingan implementasi Kurikulum Merdeka "
                                    "di sekolah binaan",
                                    Iki("supervisi-sekolah", 10),
                                    kind="tambahan",
                                ),
                            ),
                        ),
                        Post(
                            title="Pengembang Teknologi Pembelajaran Ahli Pertama",
                            kind="fungsional",
                            persona="pendidikan",
                            rhks=(
                                _rhk(
                                    "Tersedianya media pembelajaran digital untuk SMA",
                                    Iki("program-pendidikan", 6),
                                ),
                                _rhk(
                                    "Meningkatnya kepuasan guru atas layanan konsultasi media",
                                    Iki("ikm-pendidikan", 82),
                                    supports=1,
                                ),
                            ),
                        ),
                        Post(
                            title="Pengolah Data Hasil Penilaian",
                            kind="pelaksana",
                            persona="umum",
                            rhks=(
                                _rhk(
                                    "Tersedianya data hasil belajar peserta didik SMA "
                                    "yang mutakhir",
                                    Iki("nilai-belajar", 5, 2),
                                    Iki("program-pendidikan", 4),
                                ),
                            ),
                        ),
                    ),
                ),
                Post(
                    title="Kepala SMA Negeri 1 Kota Jambi",
                    kind="pengawas",
                    persona="guru",
                    unit=UnitSpec("sman1", "UPT SMA Negeri 1 Kota Jambi", "upt"),
                    rhks=(
                        _rhk(
                            "Meningkatnya hasil belajar peserta didik SMA Negeri 1 Kota Jambi",
                            Iki("nilai-belajar", 5, 2),
                            Iki("program-pendidikan", 12),
                            supports=0,
                        ),
                        _rhk(
                            "Meningkatnya kepuasan peserta didik dan orang tua",
                            Iki("ikm-pendidikan", 82),
                            supports=1,
                        ),
                    ),
                    staff=(
                        Post(
                            title="Guru Ahli Pertama",
                            kind="fungsional",
                            persona="guru",
                            count=3,
                            pppk_share=0.6,
                            rhks=(
                                _rhk(
                                    "Meningkatnya hasil belajar peserta didik pada mata "
                                    "pelajaran yang diampu",
                                    Iki("nilai-belajar", 5, 2),
                                    Iki("program-pendidikan", 6),
                                ),
                            ),
                        ),
                        Post(
                            title="Guru Ahli Muda",
                            kind="fungsional",
                            persona="guru",
                            count=3,
                            rhks=(
                                _rhk(
                                    "Meningkatnya hasil belajar peserta didik pada mata "
                                    "pelajaran yang diampu",
                                    Iki("nilai-belajar", 5, 2),
                                    Iki("program-pendidikan", 6),
                                ),
                                _rhk(
                                    "Terlaksananya bimbingan peserta didik kelas XII",
                                    Iki("ikm-pendidikan", 82),
                                    supports=1,
                                    kind="tambahan",
                                ),
                            ),
                        ),
                        Post(
                            title="Guru Ahli Madya",
                            kind="fungsional",
                            persona="guru",
                            rhks=(
                                _rhk(
                                    "Meningkatnya mutu pembelajaran melalui komunitas belajar guru",
                                    Iki("program-pendidikan", 8),
                                    Iki("nilai-belajar", 5, 2),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Post(
            title="Kepala Bidang Pembinaan SMK",
            kind="administrator",
            persona="pendidikan",
            unit=UnitSpec("smk", "Bidang Pembinaan SMK", "bidang"),
            rhks=(
                _rhk(
                    "Meningkatnya mutu dan relevansi pembelajaran SMK",
                    Iki("program-pendidikan", 24, 2),
                    Iki("nilai-belajar", 5),
                    supports=0,
                ),
                _rhk(
                    "Meningkatnya kepuasan dunia usaha dan masyarakat terhadap layanan SMK",
                    Iki("ikm-pendidikan", 82),
                    supports=1,
                ),
            ),
            staff=(
                Post(
                    title="Kepala Seksi Kurikulum SMK",
                    kind="pengawas",
                    persona="pendidikan",
                    unit=UnitSpec("kurikulum", "Seksi Kurikulum SMK", "seksi"),
                    rhks=(
                        _rhk(
                            "Terlaksananya penyelarasan kurikulum SMK dengan dunia kerja",
                            Iki("program-pendidikan", 12, 2),
                            Iki("supervisi-sekolah", 20),
                        ),
                    ),
                    staff=(
                        Post(
                            title="Analis Kurikulum",
                            kind="pelaksana",
                            persona="pendidikan",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Tersusunnya kurikulum SMK yang selaras dengan kebutuhan "
                                    "industri",
                                    Iki("program-pendidikan", 6, 2),
                                    Iki("supervisi-sekolah", 8),
                                ),
                            ),
                        ),
                        Post(
                            title="Penyusun Program Kerja Sama Industri",
                            kind="pelaksana",
                            persona="umum",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Terlaksananya kerja sama SMK dengan dunia usaha dan industri",
                                    Iki("program-pendidikan", 6),
                                    Iki("supervisi-sekolah", 8),
                                ),
                            ),
                        ),
                    ),
                ),
                Post(
                    title="Kepala Seksi Peserta Didik dan Pembangunan Karakter SMK",
                    kind="pengawas",
                    persona="pendidikan",
                    unit=UnitSpec(
                        "pesertadidik", "Seksi Peserta Didik dan Pembangunan Karakter SMK", "seksi"
                    ),
                    rhks=(
                        _rhk(
                            "Terlaksananya pembinaan peserta didik dan karakter SMK",
                            Iki("program-pendidikan", 12),
                        ),
                        _rhk(
                            "Meningkatnya kepuasan peserta didik atas layanan pembinaan",
                            Iki("ikm-pendidikan", 82),
                            supports=1,
                        ),
                    ),
                    staff=(
                        Post(
                            title="Pengelola Data Peserta Didik",
                            kind="pelaksana",
                            persona="umum",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Termutakhirkannya data peserta didik SMK",
                                    Iki("program-pendidikan", 4),
                                ),
                                _rhk(
                                    "Terlayaninya permintaan data peserta didik",
                                    Iki("ikm-pendidikan", 82),
                                    supports=1,
                                ),
                            ),
                        ),
                        Post(
                            title="Analis Pembinaan Karakter",
                            kind="pelaksana",
                            persona="pendidikan",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Terlaksananya program penguatan karakter di SMK binaan",
                                    Iki("program-pendidikan", 6, 2),
                                    Iki("supervisi-sekolah", 6),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

JAMBI_DINKES = Post(
    title="Kepala Dinas Kesehatan",
    kind="jpt",
    persona="pimpinan_kesehatan",
    unit=UnitSpec("dinkes", "Dinas Kesehatan", "opd"),
    rhks=(
        _rhk(
            "Meningkatnya mutu pelayanan kesehatan rujukan",
            Iki("waktu-tunggu-rajal", 60, 2),
            Iki("ikm-pasien", 80),
            supports=None,
        ),
        _rhk(
            "Meningkatnya mutu fasilitas dan sumber daya pelayanan kesehatan",
            Iki("pembinaan-fasyankes", 40),
            Iki("nakes-dilatih", 400),
            supports=None,
        ),
    ),
    staff=(
        Post(
            title="Kepala Bidang Pelayanan Kesehatan",
            kind="administrator",
            persona="kesehatan",
            unit=UnitSpec("yankes", "Bidang Pelayanan Kesehatan", "bidang"),
            rhks=(
                _rhk(
                    "Meningkatnya mutu layanan rujukan di rumah sakit milik pemerintah provinsi",
                    Iki("waktu-tunggu-rajal", 60, 2),
                    Iki("ikm-pasien", 80),
                    supports=0,
                ),
                _rhk(
                    "Terlaksananya pembinaan mutu fasilitas pelayanan kesehatan",
                    Iki("pembinaan-fasyankes", 24),
                    supports=1,
                ),
            ),
            staff=(
                Post(
                    title="Kepala Seksi Pelayanan Kesehatan Rujukan",
                    kind="pengawas",
                    persona="kesehatan",
                    unit=UnitSpec("rujukan", "Seksi Pelayanan Kesehatan Rujukan", "seksi"),
                    rhks=(
                        _rhk(
                            "Menurunnya waktu tunggu pelayanan rawat jalan di rumah sakit rujukan",
                            Iki("waktu-tunggu-rajal", 60, 2),
                            Iki("ikm-pasien", 80),
                        ),
                    ),
                    staff=(
                        Post(
                            title="Perawat Ahli Pertama",
                            kind="fungsional",
                            persona="perawat",
                            count=2,
                            pppk_share=0.5,
                            rhks=(
                                _rhk(
                                    "Terpantaunya waktu tunggu rawat jalan di poliklinik binaan",
                                    Iki("waktu-tunggu-rajal", 60, 2),
                                    Iki("ikm-pasien", 80),
                                ),
                            ),
                        ),
                        Post(
                            title="Analis Pelayanan Kesehatan",
                            kind="pelaksana",
                            persona="kesehatan",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Tersusunnya analisis antrean dan rekomendasi perbaikan alur "
                                    "rawat jalan",
                                    Iki("waktu-tunggu-rajal", 60),
                                    Iki("ikm-pasien", 80),
                                ),
                            ),
                        ),
                        Post(
                            title="Administrator Kesehatan Ahli Pertama",
                            kind="fungsional",
                            persona="kesehatan",
                            rhks=(
                                _rhk(
                                    "Tertindaklanjutinya keluhan pasien rumah sakit rujukan",
                                    Iki("ikm-pasien", 80, 2),
                                    Iki("waktu-tunggu-rajal", 60),
                                ),
                            ),
                        ),
                    ),
                ),
                Post(
                    title="Kepala Seksi Mutu dan Akreditasi Fasilitas Pelayanan Kesehatan",
                    kind="pengawas",
                    persona="kesehatan",
                    unit=UnitSpec("mutu", "Seksi Mutu dan Akreditasi Fasyankes", "seksi"),
                    rhks=(
                        _rhk(
                            "Terlaksananya pembinaan dan pendampingan akreditasi fasyankes",
                            Iki("pembinaan-fasyankes", 16, 2),
                            Iki("ikm-pasien", 80),
                            supports=1,
                        ),
                    ),
                    staff=(
                        Post(
                            title="Analis Akreditasi Fasilitas Kesehatan",
                            kind="pelaksana",
                            persona="kesehatan",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Terlaksananya pendampingan mutu puskesmas dan klinik",
                                    Iki("pembinaan-fasyankes", 8, 2),
                                    Iki("ikm-pasien", 80),
                                ),
                            ),
                        ),
                        Post(
                            title="Administrator Kesehatan Ahli Muda",
                            kind="fungsional",
                            persona="kesehatan",
                            rhks=(
                                _rhk(
                                    "Tersusunnya rekomendasi perbaikan mutu hasil "
                                    "survei akreditasi",
                                    Iki("pembinaan-fasyankes", 6, 2),
                                    Iki("laporan-tepat-waktu", 12),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Post(
            title="Kepala Bidang Sumber Daya Kesehatan",
            kind="administrator",
            persona="kesehatan",
            unit=UnitSpec("sdk", "Bidang Sumber Daya Kesehatan", "bidang"),
            rhks=(
                _rhk(
                    "Meningkatnya ketersediaan dan mutu sumber daya kesehatan",
                    Iki("nakes-dilatih", 300, 2),
                    Iki("pembinaan-farmasi", 60),
                    supports=1,
                ),
            ),
            staff=(
                Post(
                    title="Kepala Seksi Kefarmasian dan Alat Kesehatan",
                    kind="pengawas",
                    persona="apoteker",
                    unit=UnitSpec("farmasi", "Seksi Kefarmasian dan Alat Kesehatan", "seksi"),
                    rhks=(
                        _rhk(
                            "Terlaksananya pembinaan sarana kefarmasian dan alat kesehatan",
                            Iki("pembinaan-farmasi", 30, 2),
                            Iki("ikm-pasien", 80),
                        ),
                    ),
                    staff=(
                        Post(
                            title="Apoteker Ahli Pertama",
                            kind="fungsional",
                            persona="apoteker",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Terbinanya apotek dan instalasi farmasi di wilayah binaan",
                                    Iki("pembinaan-farmasi", 10, 2),
                                ),
                                _rhk(
                                    "Tertanganinya pengaduan masyarakat tentang obat",
                                    Iki("ikm-pasien", 80),
                                    kind="tambahan",
                                ),
                            ),
                        ),
                        Post(
                            title="Pengelola Obat dan Perbekalan Kesehatan",
                            kind="pelaksana",
                            persona="umum",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Terdistribusinya obat dan perbekalan kesehatan tepat waktu",
                                    Iki("pembinaan-farmasi", 8, 2),
                                    Iki("laporan-tepat-waktu", 12),
                                ),
                            ),
                        ),
                    ),
                ),
                Post(
                    title="Kepala Seksi Sumber Daya Manusia Kesehatan",
                    kind="pengawas",
                    persona="kesehatan",
                    unit=UnitSpec("sdmk", "Seksi Sumber Daya Manusia Kesehatan", "seksi"),
                    rhks=(
                        _rhk(
                            "Meningkatnya kompetensi tenaga kesehatan",
                            Iki("nakes-dilatih", 240, 2),
                            Iki("laporan-tepat-waktu", 12),
                        ),
                    ),
                    staff=(
                        Post(
                            title="Analis Sumber Daya Manusia Kesehatan",
                            kind="pelaksana",
                            persona="kesehatan",
                            count=3,
                            rhks=(
                                _rhk(
                                    "Terlaksananya pelatihan teknis tenaga kesehatan",
                                    Iki("nakes-dilatih", 60, 2),
                                    Iki("laporan-tepat-waktu", 12),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

SABANGAU = (
    "Kereng Bangkirai",
    "Sabaru",
    "Kalampangan",
    "Kameloh Baru",
    "Bereng Bengkel",
    "Danau Tundai",
)
KECAMATAN = ("Pahandut", "Sabangau", "Jekan Raya", "Bukit Batu", "Rakumpit")

PALANGKA_DINKES = Post(
    title="Kepala Dinas Kesehatan",
    kind="jpt",
    persona="pimpinan_kesehatan",
    unit=UnitSpec("dinkes", "Dinas Kesehatan", "opd"),
    rhks=(
        _rhk(
            "Meningkatnya cakupan imunisasi dasar lengkap",
            Iki("imunisasi-dasar-lengkap", 95, 2),
            Iki("posyandu-didampingi", 240),
            supports=None,
        ),
        _rhk(
            "Meningkatnya kepuasan masyarakat terhadap layanan puskesmas",
            Iki("ikm-puskesmas", 82),
            supports=None,
        ),
    ),
    staff=(
        Post(
            title="Kepala Bidang Pencegahan dan Pengendalian Penyakit",
            kind="administrator",
            persona="epidemiolog",
            unit=UnitSpec("p2p", "Bidang Pencegahan dan Pengendalian Penyakit", "bidang"),
            rhks=(
                _rhk(
                    "Meningkatnya cakupan imunisasi dasar lengkap di seluruh kecamatan",
                    Iki("imunisasi-dasar-lengkap", 95, 2),
                    Iki("posyandu-didampingi", 120),
                ),
            ),
            staff=(
                Post(
                    title="Kepala Seksi Surveilans dan Imunisasi",
                    kind="pengawas",
                    persona="epidemiolog",
                    unit=UnitSpec("imunisasi", "Seksi Surveilans dan Imunisasi", "seksi"),
                    rhks=(
                        _rhk(
                            "Terpantaunya cakupan imunisasi dasar lengkap per kelurahan",
                            Iki("imunisasi-dasar-lengkap", 95, 2),
                            Iki("posyandu-didampingi", 60),
                        ),
                    ),
                    staff=(
                        Post(
                            title="Epidemiolog Kesehatan Ahli Pertama",
                            kind="fungsional",
                            persona="epidemiolog",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Tersedianya analisis cakupan imunisasi Kecamatan {wilayah}",
                                    Iki("imunisasi-dasar-lengkap", 95, 2),
                                    Iki("laporan-tepat-waktu", 12),
                                ),
                            ),
                            places=("Pahandut", "Jekan Raya"),
                        ),
                        Post(
                            title="Pengelola Program Imunisasi",
                            kind="pelaksana",
                            persona="kesehatan",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Terlaksananya distribusi vaksin dan pencatatan imunisasi "
                                    "Kecamatan {wilayah}",
                                    Iki("imunisasi-dasar-lengkap", 95, 2),
                                    Iki("posyandu-didampingi", 24),
                                ),
                            ),
                            places=("Bukit Batu", "Rakumpit"),
                        ),
                    ),
                ),
            ),
        ),
        Post(
            title="Kepala Bidang Pelayanan Kesehatan",
            kind="administrator",
            persona="kesehatan",
            unit=UnitSpec("yankes", "Bidang Pelayanan Kesehatan", "bidang"),
            rhks=(
                _rhk(
                    "Meningkatnya mutu layanan kesehatan primer",
                    Iki("ikm-puskesmas", 82, 2),
                    Iki("posyandu-didampingi", 60),
                    supports=1,
                ),
            ),
            staff=(
                Post(
                    title="Kepala Seksi Pelayanan Kesehatan Primer",
                    kind="pengawas",
                    persona="kesehatan",
                    unit=UnitSpec("primer", "Seksi Pelayanan Kesehatan Primer", "seksi"),
                    rhks=(
                        _rhk(
                            "Terlaksananya pembinaan mutu layanan puskesmas",
                            Iki("ikm-puskesmas", 82, 2),
                            Iki("posyandu-didampingi", 36),
                        ),
                    ),
                    staff=(
                        Post(
                            title="Administrator Kesehatan Ahli Pertama",
                            kind="fungsional",
                            persona="kesehatan",
                            count=3,
                            rhks=(
                                _rhk(
                                    "Terlaksananya survei kepuasan masyarakat di puskesmas binaan",
                                    Iki("ikm-puskesmas", 82, 2),
                                    Iki("posyandu-didampingi", 12),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Post(
            title="Kepala UPT Puskesmas Sabangau",
            kind="pengawas",
            persona="pimpinan_kesehatan",
            unit=UnitSpec("pkm-sabangau", "UPT Puskesmas Sabangau", "upt"),
            rhks=(
                _rhk(
                    "Meningkatnya cakupan imunisasi dasar lengkap di wilayah kerja Puskesmas "
                    "Sabangau",
                    Iki("imunisasi-dasar-lengkap", 95, 2),
                    Iki("posyandu-didampingi", 72),
                    supports=0,
                ),
                _rhk(
                    "Meningkatnya kepuasan pasien Puskesmas Sabangau",
                    Iki("ikm-puskesmas", 82),
                    supports=1,
                ),
            ),
            staff=(
                Post(
                    title="Bidan Ahli Pertama",
                    kind="fungsional",
                    persona="bidan",
                    count=3,
                    pppk_share=0.4,
                    feature="pegawai_rasio",
                    names=(Name("Yuliana Natalia, A.Md.Keb.", "Yuliana Natalia", FEMALE),),
                    rhks=(
                        _rhk(
                            "Terlaksananya imunisasi dasar lengkap bagi bayi di Kelurahan "
                            "{wilayah}",
                            Iki("imunisasi-dasar-lengkap", 95, 2),
                            Iki("posyandu-didampingi", 12),
                        ),
                    ),
                    places=SABANGAU[:3],
                ),
                Post(
                    title="Bidan Terampil",
                    kind="fungsional",
                    persona="bidan",
                    count=3,
                    pppk_share=0.5,
                    rhks=(
                        _rhk(
                            "Terlaksananya imunisasi dasar lengkap bagi bayi di Kelurahan "
                            "{wilayah}",
                            Iki("imunisasi-dasar-lengkap", 95, 2),
                            Iki("posyandu-didampingi", 12),
                        ),
                    ),
                    places=SABANGAU[3:],
                ),
                Post(
                    title="Perawat Terampil",
                    kind="fungsional",
                    persona="perawat_terampil",
                    count=2,
                    rhks=(
                        _rhk(
                            "Terlaksananya pelayanan rawat jalan yang memuaskan pasien",
                            Iki("ikm-puskesmas", 82, 2),
                            supports=1,
                        ),
                        _rhk(
                            "Terdukungnya pelaksanaan imunisasi di posyandu",
                            Iki("posyandu-didampingi", 12),
                            supports=0,
                            kind="tambahan",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

PALANGKA_DISDIK = Post(
    title="Kepala Dinas Pendidikan",
    kind="jpt",
    persona="pimpinan_pendidikan",
    unit=UnitSpec("disdik", "Dinas Pendidikan", "opd"),
    rhks=(
        _rhk(
            "Meningkatnya akses pendidikan dasar",
            Iki("aps-7-12", 99, 2),
            supports=None,
        ),
        _rhk(
            "Meningkatnya mutu layanan pendidikan dasar",
            Iki("ikm-pendidikan", 82),
            Iki("program-pendidikan", 36),
            supports=None,
        ),
    ),
    staff=(
        Post(
            title="Kepala Bidang Pembinaan Sekolah Dasar",
            kind="administrator",
            persona="pendidikan",
            unit=UnitSpec("sd", "Bidang Pembinaan Sekolah Dasar", "bidang"),
            rhks=(
                _rhk(
                    "Meningkatnya partisipasi sekolah anak usia 7–12 tahun",
                    Iki("aps-7-12", 99, 2),
                    supports=0,
                ),
                _rhk(
                    "Terlaksananya program peningkatan mutu sekolah dasar",
                    Iki("program-pendidikan", 18),
                    Iki("ikm-pendidikan", 82),
                    supports=1,
                ),
            ),
            staff=(
                Post(
                    title="Kepala Seksi Peserta Didik dan Pembangunan Karakter SD",
                    kind="pengawas",
                    persona="pendidikan",
                    unit=UnitSpec("pesertadidik", "Seksi Peserta Didik SD", "seksi"),
                    rhks=(
                        _rhk(
                            "Meningkatnya partisipasi sekolah dasar di seluruh kecamatan",
                            Iki("aps-7-12", 99, 2),
                            Iki("program-pendidikan", 8),
                        ),
                    ),
                    staff=(
                        Post(
                            title="Pengelola Data Peserta Didik",
                            kind="pelaksana",
                            persona="umum",
                            count=5,
                            pppk_share=0.2,
                            rhks=(
                                _rhk(
                                    "Termutakhirkannya data partisipasi sekolah usia 7–12 tahun "
                                    "Kecamatan {wilayah}",
                                    Iki("aps-7-12", 99, 2),
                                    Iki("laporan-tepat-waktu", 12),
                                ),
                            ),
                            places=KECAMATAN,
                        ),
                    ),
                ),
                Post(
                    title="Kepala Seksi Kurikulum dan Penilaian SD",
                    kind="pengawas",
                    persona="pendidikan",
                    unit=UnitSpec("kurikulum", "Seksi Kurikulum dan Penilaian SD", "seksi"),
                    rhks=(
                        _rhk(
                            "Terlaksananya pengembangan kurikulum sekolah dasar",
                            Iki("program-pendidikan", 10, 2),
                            Iki("ikm-pendidikan", 82),
                            supports=1,
                        ),
                    ),
                    staff=(
                        Post(
                            title="Pengembang Teknologi Pembelajaran Ahli Pertama",
                            kind="fungsional",
                            persona="pendidikan",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Tersedianya bahan ajar digital untuk guru SD",
                                    Iki("program-pendidikan", 5, 2),
                                    Iki("ikm-pendidikan", 82),
                                ),
                            ),
                        ),
                        Post(
                            title="Analis Kurikulum",
                            kind="pelaksana",
                            persona="pendidikan",
                            count=2,
                            rhks=(
                                _rhk(
                                    "Terlaksananya pendampingan kurikulum di SD binaan",
                                    Iki("program-pendidikan", 5),
                                    Iki("ikm-pendidikan", 82),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Post(
            title="Kepala Bidang Pembinaan SMP",
            kind="administrator",
            persona="pendidikan",
            unit=UnitSpec("smp", "Bidang Pembinaan SMP", "bidang"),
            rhks=(
                _rhk(
                    "Terlaksananya program peningkatan mutu SMP",
                    Iki("program-pendidikan", 18, 2),
                    Iki("ikm-pendidikan", 82),
                    supports=1,
                ),
            ),
            staff=(
                Post(
                    title="Kepala Seksi Kelembagaan dan Sarana Prasarana SMP",
                    kind="pengawas",
                    persona="teknik",
                    unit=UnitSpec("sarpras", "Seksi Kelembagaan dan Sarpras SMP", "seksi"),
                    rhks=(
                        _rhk(
                            "Terlaksananya rehabilitasi dan pemeliharaan sarana SMP",
                            Iki("program-pendidikan", 8, 2),
                            Iki("realisasi-anggaran", 95),
                        ),
                    ),
                    staff=(
                        Post(
                            title="Penata Kelola Sarana dan Prasarana",
                            kind="pelaksana",
                            persona="teknik",
                            count=3,
                            rhks=(
                                _rhk(
                                    "Terlaksananya pendataan dan pemeliharaan sarana SMP binaan",
                                    Iki("program-pendidikan", 4, 2),
                                    Iki("realisasi-anggaran", 95),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

INSTANSI: tuple[InstansiSpec, ...] = (
    InstansiSpec(
        code="jambi",
        name="Pemerintah Provinsi Jambi",
        cadence="quarterly",
        catalogue=(
            "program-pendidikan",
            "supervisi-sekolah",
            "ikm-pendidikan",
            "nilai-belajar",
            "waktu-tunggu-rajal",
            "ikm-pasien",
            "pembinaan-fasyankes",
            "pembinaan-farmasi",
            "nakes-dilatih",
            "laporan-tepat-waktu",
        ),
        dinas=(JAMBI_DISDIK, JAMBI_DINKES),
    ),
    InstansiSpec(
        code="palangkaraya",
        name="Pemerintah Kota Palangka Raya",
        cadence="quarterly",
        catalogue=(
            "imunisasi-dasar-lengkap",
            "ikm-puskesmas",
            "posyandu-didampingi",
            "aps-7-12",
            "program-pendidikan",
            "ikm-pendidikan",
            "laporan-tepat-waktu",
            "realisasi-anggaran",
        ),
        dinas=(PALANGKA_DINKES, PALANGKA_DISDIK),
    ),
)

DEMO_CODES: tuple[str, ...] = tuple(spec.code for spec in INSTANSI)


def head_count(post: Post) -> int:
    """How many people a post and everything under it employ."""
    return post.count + post.count * sum(head_count(s) for s in post.staff)
