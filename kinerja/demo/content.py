"""What the demo measures and says: indicators, realisasi and the penilai's words.

The realisasi generator works on plain numbers so that the seed command can
produce millions of values quickly; it never computes capaian (the scoring
engine does that from the stored rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from random import Random

from kinerja.plans.models import CoreValue

HIGHER = "higher_better"
LOWER = "lower_better"
SUM, RATIO, LATEST, MEAN = "sum", "ratio", "latest", "mean"

MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@dataclass(frozen=True)
class IndicatorSpec:
    """A catalogue indicator and how its monthly realisasi behaves.

    `sensitivity` scales how far a person's performance moves the value (an
    APS of 7-12 year olds hardly moves; a count of programmes does), `noise`
    is the month-to-month relative spread, `ceiling`/`floor` bound a level,
    `denominator` is the range of a ratio's monthly denominator, and `target`
    the usual yearly target of a staff post (the seed command scales counts
    up for leaders).
    """

    code: str
    name: str
    unit: str
    polarity: str
    aggregation: str
    sources: tuple[str, ...] = ("manual",)
    description: str = ""
    numerator_label: str = ""
    denominator_label: str = ""
    aspect: str = "kuantitas"
    sensitivity: float = 1.0
    noise: float = 0.04
    floor: float = 0.0
    ceiling: float | None = None
    denominator: tuple[int, int] = (0, 0)
    note: str = ""
    target: float = 0.0


CATALOGUE: dict[str, IndicatorSpec] = {
    spec.code: spec
    for spec in (
        # Pendidikan
        IndicatorSpec(
            "program-pendidikan",
            "Jumlah program pendidikan yang dilaksanakan",
            "program",
            HIGHER,
            SUM,
            description="Program/kegiatan pendidikan yang selesai dilaksanakan dan dilaporkan.",
            noise=0.3,
            note="Laporan pelaksanaan kegiatan terlampir.",
            target=6,
        ),
        IndicatorSpec(
            "supervisi-sekolah",
            "Jumlah satuan pendidikan yang disupervisi",
            "sekolah",
            HIGHER,
            SUM,
            noise=0.3,
            note="Berita acara supervisi.",
            target=8,
        ),
        IndicatorSpec(
            "ikm-pendidikan",
            "Indeks Kepuasan Masyarakat (IKM) layanan pendidikan",
            "indeks",
            HIGHER,
            MEAN,
            sources=("import",),
            description="Hasil Survei Kepuasan Masyarakat (PermenPANRB 14/2017), skala 25–100.",
            aspect="kualitas",
            sensitivity=0.4,
            noise=0.015,
            floor=25,
            ceiling=100,
            note="Rekap survei kepuasan masyarakat bulanan.",
            target=82,
        ),
        IndicatorSpec(
            "nilai-belajar",
            "Peningkatan rata-rata nilai hasil belajar peserta didik",
            "%",
            HIGHER,
            LATEST,
            sources=("import", "manual"),
            description="Kenaikan rata-rata nilai asesmen dibanding awal tahun ajaran.",
            aspect="kualitas",
            noise=0.06,
            note="Rekap nilai dari aplikasi rapor.",
            target=5,
        ),
        IndicatorSpec(
            "aps-7-12",
            "Angka Partisipasi Sekolah (APS) usia 7–12 tahun",
            "%",
            HIGHER,
            RATIO,
            sources=("api",),
            description="Penduduk usia 7–12 yang bersekolah / penduduk usia 7–12 × 100.",
            numerator_label="Penduduk usia 7–12 tahun yang bersekolah",
            denominator_label="Penduduk usia 7–12 tahun",
            sensitivity=0.12,
            noise=0.004,
            ceiling=100,
            denominator=(2500, 9000),
            note="Sinkronisasi Dapodik dan data kependudukan.",
            target=99,
        ),
        # Kesehatan
        IndicatorSpec(
            "waktu-tunggu-rajal",
            "Rata-rata waktu tunggu pelayanan rawat jalan",
            "menit",
            LOWER,
            MEAN,
            sources=("api",),
            description="Standar pelayanan minimal rumah sakit: ≤ 60 menit.",
            aspect="waktu",
            noise=0.05,
            floor=15,
            note="Data mesin antrean rawat jalan.",
            target=60,
        ),
        IndicatorSpec(
            "ikm-pasien",
            "Indeks Kepuasan Pasien",
            "indeks",
            HIGHER,
            LATEST,
            sources=("import",),
            description="Survei kepuasan pasien (PermenPANRB 14/2017), skala 25–100.",
            aspect="kualitas",
            sensitivity=0.4,
            noise=0.015,
            floor=25,
            ceiling=100,
            note="Rekap survei kepuasan pasien.",
            target=80,
        ),
        IndicatorSpec(
            "pembinaan-fasyankes",
            "Jumlah fasilitas pelayanan kesehatan yang dibina mutu layanannya",
            "fasyankes",
            HIGHER,
            SUM,
            noise=0.3,
            note="Laporan kunjungan pembinaan.",
            target=8,
        ),
        IndicatorSpec(
            "pembinaan-farmasi",
            "Jumlah sarana kefarmasian dan alat kesehatan yang dibina",
            "sarana",
            HIGHER,
            SUM,
            noise=0.3,
            note="Berita acara pembinaan sarana.",
            target=8,
        ),
        IndicatorSpec(
            "nakes-dilatih",
            "Jumlah tenaga kesehatan yang ditingkatkan kompetensinya",
            "orang",
            HIGHER,
            SUM,
            noise=0.25,
            note="Daftar hadir dan sertifikat pelatihan.",
            target=40,
        ),
        IndicatorSpec(
            "imunisasi-dasar-lengkap",
            "Cakupan imunisasi dasar lengkap",
            "%",
            HIGHER,
            RATIO,
            sources=("api", "manual"),
            description=(
                "Anak usia 0–11 bulan yang mendapat imunisasi dasar lengkap / sasaran × 100."
            ),
            numerator_label="Anak usia 0–11 bulan yang mendapat imunisasi dasar lengkap",
            denominator_label="Sasaran anak usia 0–11 bulan",
            sensitivity=0.7,
            noise=0.03,
            ceiling=102,
            denominator=(8, 40),
            note="Rekap register kohort imunisasi.",
            target=95,
        ),
        IndicatorSpec(
            "ikm-puskesmas",
            "Indeks Kepuasan Masyarakat (IKM) layanan puskesmas",
            "indeks",
            HIGHER,
            MEAN,
            sources=("import",),
            description="Survei Kepuasan Masyarakat (PermenPANRB 14/2017), skala 25–100.",
            aspect="kualitas",
            sensitivity=0.4,
            noise=0.015,
            floor=25,
            ceiling=100,
            note="Rekap kuesioner SKM puskesmas.",
            target=82,
        ),
        IndicatorSpec(
            "posyandu-didampingi",
            "Jumlah kegiatan posyandu yang didampingi",
            "kegiatan",
            HIGHER,
            SUM,
            noise=0.2,
            note="Laporan pendampingan posyandu.",
            target=12,
        ),
        # Common to every OPD (used by the seed command)
        IndicatorSpec(
            "realisasi-anggaran",
            "Persentase realisasi anggaran kegiatan",
            "%",
            HIGHER,
            RATIO,
            sources=("import",),
            numerator_label="Realisasi belanja (juta rupiah)",
            denominator_label="Pagu anggaran bulan berjalan (juta rupiah)",
            aspect="biaya",
            sensitivity=0.5,
            noise=0.05,
            ceiling=100,
            denominator=(50, 900),
            note="Data SIPD.",
            target=95,
        ),
        IndicatorSpec(
            "laporan-tepat-waktu",
            "Jumlah laporan kinerja yang disampaikan tepat waktu",
            "laporan",
            HIGHER,
            SUM,
            aspect="waktu",
            noise=0.1,
            target=12,
        ),
        IndicatorSpec(
            "layanan-diselesaikan",
            "Jumlah permohonan layanan yang diselesaikan",
            "permohonan",
            HIGHER,
            SUM,
            sources=("api", "manual"),
            noise=0.15,
            target=240,
        ),
        IndicatorSpec(
            "waktu-layanan",
            "Rata-rata waktu penyelesaian layanan",
            "hari",
            LOWER,
            MEAN,
            sources=("api",),
            aspect="waktu",
            noise=0.08,
            floor=0.5,
            target=5,
        ),
        IndicatorSpec(
            "ikm-layanan",
            "Indeks Kepuasan Masyarakat (IKM) unit layanan",
            "indeks",
            HIGHER,
            MEAN,
            sources=("import",),
            aspect="kualitas",
            sensitivity=0.4,
            noise=0.015,
            floor=25,
            ceiling=100,
            target=82,
        ),
        IndicatorSpec(
            "tindak-lanjut-temuan",
            "Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti",
            "%",
            HIGHER,
            RATIO,
            numerator_label="Rekomendasi yang ditindaklanjuti",
            denominator_label="Rekomendasi yang jatuh tempo",
            aspect="kualitas",
            sensitivity=0.6,
            noise=0.05,
            ceiling=100,
            denominator=(4, 30),
            target=90,
        ),
        IndicatorSpec(
            "jalan-ditingkatkan",
            "Panjang jalan provinsi yang ditingkatkan kemantapannya",
            "km",
            HIGHER,
            SUM,
            noise=0.2,
            target=4,
        ),
        IndicatorSpec(
            "dokumen-perencanaan",
            "Jumlah dokumen perencanaan dan evaluasi yang disusun",
            "dokumen",
            HIGHER,
            SUM,
            aspect="kualitas",
            noise=0.2,
            target=6,
        ),
        IndicatorSpec(
            "kegiatan-teknis",
            "Jumlah kegiatan teknis yang diselesaikan",
            "kegiatan",
            HIGHER,
            SUM,
            noise=0.25,
            target=12,
        ),
    )
}


@dataclass(frozen=True)
class Profile:
    """How far ahead of or behind target a person runs (factor on capaian)."""

    name: str
    share: float
    low: float
    high: float


PROFILES = (
    Profile("ahead", 0.15, 1.10, 1.25),
    Profile("on_track", 0.65, 0.93, 1.07),
    Profile("behind", 0.20, 0.60, 0.85),
)


def draw_profile(rng: Random, *, leader: bool = False) -> tuple[str, float]:
    """A performance profile and its factor; leaders are mostly on track."""
    if leader:
        profile = PROFILES[1] if rng.random() < 0.8 else rng.choice((PROFILES[0], PROFILES[2]))
    else:
        pick = rng.random()
        profile = PROFILES[-1]
        for candidate in PROFILES:
            if pick < candidate.share:
                profile = candidate
                break
            pick -= candidate.share
    return profile.name, rng.uniform(profile.low, profile.high)


def reported_months(rng: Random, last_month: int, *, complete: bool = False) -> list[int]:
    """Months (1..last_month) with realisasi: some people skip a month or are late."""
    months = list(range(1, last_month + 1))
    if complete or not months:
        return months
    if len(months) > 2 and rng.random() < 0.25:
        months.remove(rng.choice(months[1:-1]))
    if rng.random() < 0.15:
        months.pop()  # last month not entered yet
    return months


Row = tuple[int, Decimal, Decimal | None, Decimal | None]
_CENT = Decimal("0.01")


def realisasi(
    spec: IndicatorSpec,
    target: float,
    factor: float,
    months: Sequence[int],
    rng: Random,
    *,
    denominator: int | None = None,
) -> list[Row]:
    """Monthly realisasi (month, value, numerator, denominator) of one IKI.

    `factor` is where the person runs against the target (1.0 on track).
    Counts follow a cumulative curve, so a month not reported is lost rather
    than moved; levels and durations scatter around the target; ratios get a
    numerator and denominator and the value as the service stores it.
    """
    if not months:
        return []
    effective = 1.0 + (factor - 1.0) * spec.sensitivity
    rows: list[Row] = []
    if spec.aggregation == SUM:
        reported = set(months)
        previous = 0
        for month in range(1, max(months) + 1):
            expected = target * effective * month / 12
            wobble = rng.gauss(0, spec.noise * target / 12)
            cumulative = max(previous, round(expected + wobble))
            if month in reported:
                rows.append((month, Decimal(cumulative - previous), None, None))
            previous = cumulative
        return rows
    if spec.aggregation == RATIO:
        base = denominator or rng.randint(*spec.denominator)
        for month in months:
            den = max(1, round(base * rng.uniform(0.95, 1.05)))
            percent = target * effective * (1 + rng.gauss(0, spec.noise))
            if spec.ceiling is not None:
                percent = min(percent, spec.ceiling)
            num = max(0, round(den * percent / 100))
            stored = (Decimal(num) / Decimal(den) * 100).quantize(Decimal("0.0001"))
            rows.append((month, stored, Decimal(num), Decimal(den)))
        return rows
    centre = target * effective if spec.polarity == HIGHER else target * (2 - effective)
    for month in months:
        level = max(centre * (1 + rng.gauss(0, spec.noise)), spec.floor)
        if spec.ceiling is not None:
            level = min(level, spec.ceiling)
        rows.append((month, Decimal(f"{level:.2f}").quantize(_CENT), None, None))
    return rows


def recorded_at(year: int, month: int, rng: Random) -> dt.datetime:
    """When a month's realisasi was typed in: in the first days of the next month."""
    base = dt.datetime(year + month // 12, month % 12 + 1, 1, 8)
    return base + dt.timedelta(days=rng.randint(0, 6), minutes=rng.randint(0, 540))


# Ekspektasi khusus pimpinan, by BerAKHLAK value.
EXPECTATIONS: dict[str, tuple[str, ...]] = {
    CoreValue.BERORIENTASI_PELAYANAN: (
        "Menindaklanjuti setiap pengaduan layanan paling lambat tiga hari kerja.",
        "Memberikan informasi layanan yang jelas dan ramah kepada setiap pemohon.",
    ),
    CoreValue.AKUNTABEL: (
        "Mengunggah bukti dukung realisasi setiap bulan sebelum tanggal 5.",
        "Menggunakan anggaran kegiatan sesuai rencana dan melaporkannya tepat waktu.",
    ),
    CoreValue.KOMPETEN: (
        "Mengikuti paling sedikit 20 jam pelajaran pengembangan kompetensi tahun ini.",
        "Membagikan hasil pelatihan kepada rekan satu seksi.",
    ),
    CoreValue.HARMONIS: ("Menjaga suasana kerja yang saling menghargai di dalam tim.",),
    CoreValue.LOYAL: ("Menjaga kerahasiaan data pribadi peserta layanan.",),
    CoreValue.ADAPTIF: (
        "Menggunakan aplikasi pelaporan baru sejak triwulan pertama.",
        "Mengusulkan satu perbaikan proses kerja setiap semester.",
    ),
    CoreValue.KOLABORATIF: (
        "Berkoordinasi dengan sekolah/puskesmas binaan dalam pemutakhiran data.",
        "Terlibat aktif dalam tim lintas bidang.",
    ),
}

# Umpan balik of the penilai, by value and rating.
FEEDBACK: dict[str, dict[str, tuple[str, ...]]] = {
    CoreValue.BERORIENTASI_PELAYANAN: {
        "above": (
            "Respons terhadap permintaan layanan sangat cepat dan solutif; pertahankan.",
            "Pemohon layanan memberi apresiasi atas keramahan dan kejelasan informasi.",
        ),
        "meets": (
            "Layanan diberikan sesuai standar; coba catat keluhan yang berulang agar bisa "
            "diperbaiki di hulu.",
            "Sudah melayani dengan baik; tingkatkan kecepatan tindak lanjut permintaan data.",
        ),
        "below": (
            "Beberapa permintaan layanan terlambat ditindaklanjuti; mari sepakati batas waktu "
            "respons dan pantau bersama.",
        ),
    },
    CoreValue.AKUNTABEL: {
        "above": ("Bukti dukung selalu lengkap dan tepat waktu; menjadi contoh bagi tim.",),
        "meets": (
            "Laporan disampaikan tepat waktu; lengkapi bukti dukung untuk setiap realisasi.",
            "Pengelolaan tugas tertib; perhatikan kelengkapan arsip kegiatan.",
        ),
        "below": (
            "Realisasi beberapa bulan belum didukung bukti; unggah bukti paling lambat tanggal 5 "
            "bulan berikutnya.",
        ),
    },
    CoreValue.KOMPETEN: {
        "above": ("Aktif berbagi pengetahuan hasil pelatihan kepada rekan kerja.",),
        "meets": (
            "Kompetensi teknis memadai; disarankan mengikuti pelatihan analisis data.",
            "Hasil kerja rapi; kembangkan kemampuan menyusun kajian singkat.",
        ),
        "below": ("Perlu pendampingan pada tugas teknis utama; kita jadwalkan mentoring bulanan.",),
    },
    CoreValue.HARMONIS: {
        "above": ("Membangun suasana kerja yang hangat dan membantu rekan yang kesulitan.",),
        "meets": ("Hubungan kerja baik dan saling menghargai.",),
        "below": ("Komunikasi dengan rekan kerja perlu diperbaiki agar koordinasi lancar.",),
    },
    CoreValue.LOYAL: {
        "above": ("Menjaga nama baik instansi dan kerahasiaan data dengan sangat baik.",),
        "meets": ("Menjaga kerahasiaan data dan mematuhi ketentuan kedinasan.",),
        "below": ("Perhatikan kembali ketentuan kerahasiaan data layanan.",),
    },
    CoreValue.ADAPTIF: {
        "above": ("Cepat menguasai aplikasi baru dan mengusulkan perbaikan alur kerja.",),
        "meets": (
            "Menyesuaikan diri dengan perubahan prosedur; teruskan inisiatifnya.",
            "Sudah menggunakan aplikasi pelaporan; coba manfaatkan dasbor untuk memantau target.",
        ),
        "below": ("Masih mengandalkan cara lama; mari dampingi penggunaan aplikasi pelaporan.",),
    },
    CoreValue.KOLABORATIF: {
        "above": ("Menggerakkan kerja sama lintas seksi sehingga target tim tercapai.",),
        "meets": ("Terbuka bekerja sama dan membantu kegiatan tim.",),
        "below": ("Perlu lebih aktif dalam kegiatan bersama tim.",),
    },
}

# Why a penilai departs from the rating the data proposes: (proposed, chosen) → reasons.
DEPARTURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "below": (
        "meets",
        (
            "Capaian di bawah target karena pencairan anggaran kegiatan tertunda, di luar "
            "kendali pegawai; keluaran yang sudah dihasilkan berkualitas baik dan didukung bukti.",
            "Target triwulan tidak tercapai karena pegawai ditugaskan membantu penanganan "
            "kejadian luar biasa; penugasan tersebut dilaksanakan dengan baik.",
        ),
    ),
    "above": (
        "meets",
        (
            "Sebagian realisasi belum didukung bukti dukung yang lengkap; rating disesuaikan "
            "sampai bukti dilengkapi.",
        ),
    ),
    "meets": (
        "above",
        (
            "Selain memenuhi target, pegawai menginisiasi dasbor pemantauan yang kini dipakai "
            "seluruh bidang.",
        ),
    ),
    "": (
        "meets",
        (
            "Realisasi periode ini belum tercatat lengkap; penilaian didasarkan pada laporan "
            "kegiatan dan umpan balik berkelanjutan.",
        ),
    ),
}
# How often a penilai departs from each proposal: rarely from Sesuai Ekspektasi.
DEPARTURE_CHANCE = {"below": 0.15, "above": 0.15, "meets": 0.03, "": 1.0}


def percent_weights(relative: Sequence[float]) -> list[Decimal]:
    """IKI weights as percentages adding up to exactly 100 (2 decimals, remainder on the last).

    The demo describes weights relatively (the first RHK's IKIs count double);
    an SKP stores them as percent, and submitting one needs a total of 100.
    """
    total = sum(relative)
    cent = Decimal("0.01")
    shares = [(Decimal(str(w)) * 100 / Decimal(str(total))).quantize(cent) for w in relative]
    if shares:
        shares[-1] = Decimal(100) - sum(shares[:-1], Decimal(0))
    return shares
