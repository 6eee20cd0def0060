"""Sentences for the scoring engine's explanation steps ("bagaimana nilai ini dihitung").

The engine emits stable codes; this module is the one place that turns them
into translated text. A test checks that every code the engine can emit is here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinerja.scoring import Scored

STEP_TEXT: Mapping[str, Promise] = {
    "aggregate.sum": _("Realisasi setiap bulan dijumlahkan."),
    "aggregate.ratio": _(
        "Rasio dihitung dari jumlah pembilang dibagi jumlah penyebut (bukan rata-rata persentase)."
    ),
    "aggregate.latest": _("Dipakai realisasi bulan terakhir yang tersedia."),
    "aggregate.mean": _("Realisasi bulanan dirata-ratakan."),
    "aggregate.median": _("Diambil median realisasi bulanan."),
    "aggregate.missing_skipped": _("Bulan tanpa data tidak dihitung."),
    "aggregate.no_data": _("Belum ada realisasi."),
    "aggregate.zero_denominator": _("Jumlah penyebut nol: rasio belum dapat dihitung."),
    "target.prorated": _(
        "Target tahunan disesuaikan dengan jumlah bulan yang telah berjalan (indikator jumlah)."
    ),
    "capaian.higher_better": _("Semakin tinggi semakin baik: capaian = realisasi / target × 100."),
    "capaian.lower_better": _(
        "Semakin rendah semakin baik: capaian = (1 + (1 − realisasi / target)) × 100."
    ),
    "capaian.milestone": _("Tonggak: capaian = realisasi / target × 100."),
    "capaian.no_target": _(
        "IKI ini tidak memiliki target angka (pendekatan kualitatif): capaian tidak dihitung "
        "dan IKI ini tidak ikut dalam capaian SKP."
    ),
    "capaian.range_inside": _("Realisasi berada di dalam rentang target: capaian 100."),
    "capaian.range_below": _("Realisasi di bawah rentang: dibandingkan dengan batas bawah."),
    "capaian.range_above": _("Realisasi di atas rentang: dibandingkan dengan batas atas."),
    "capaian.floor_zero": _("Capaian tidak pernah kurang dari nol."),
    "capaian.capped": _("Capaian dibatasi pada nilai maksimum kebijakan penilaian."),
    "nilai.interpolated": _("Nilai dikonversi dari capaian menurut tabel PermenPANRB 8/2021."),
    "nilai.maximum": _("Capaian di atas 110%: nilai maksimum 120."),
    "weighted_mean.result": _("Rata-rata tertimbang menurut bobot setiap IKI."),
    "weighted_mean.missing_skipped": _(
        "IKI tanpa realisasi tidak dihitung; bobot yang lain disesuaikan."
    ),
    "weighted_mean.no_data": _("Belum ada IKI dengan realisasi."),
    "weighted_mean.zero_weight": _("Jumlah bobot nol: rata-rata tidak dapat dihitung."),
    "skp.rhk": _("Capaian RHK = rata-rata tertimbang capaian IKI-nya."),
    "skp.tambahan_excluded": _("RHK tambahan dilaporkan tetapi tidak menurunkan capaian SKP."),
    "rating.proposed": _("Usulan Rating Hasil Kerja dari ambang batas kebijakan penilaian."),
    "rating.no_capaian": _("Belum ada capaian: rating belum dapat diusulkan."),
    "behaviour.counts": _("Jumlah nilai BerAKHLAK per rating."),
    "behaviour.majority": _("Rating Perilaku Kerja = rating yang paling banyak diberikan."),
    "behaviour.tie_to_meets": _("Jumlah sama banyak: diambil Sesuai Ekspektasi."),
    "behaviour.lowest": _("Rating Perilaku Kerja = rating terendah."),
    "predikat.matrix": _(
        "Predikat dari matriks Rating Hasil Kerja × Rating Perilaku Kerja (PermenPANRB 6/2022)."
    ),
    "credit_points.percent": _("Angka kredit = persentase predikat × koefisien tahunan."),
    "credit_points.period": _(
        "Periode kurang dari setahun memperoleh bagian koefisien tahunan: koefisien × bulan / 12."
    ),
    "tpp.percent": _("Persentase TPP untuk predikat ini menurut tabel TPP kebijakan penilaian."),
    "tpp.not_set": _("Tabel TPP belum ditetapkan dalam kebijakan penilaian tahun ini."),
    "distribution.total": _("Jumlah pegawai dalam unit."),
    "distribution.empty": _("Unit belum memiliki predikat pegawai."),
    "distribution.satisfied": _("Sebaran predikat memenuhi kurva predikat organisasi."),
    "distribution.max_share_exceeded": _("Porsi predikat melebihi batas atas."),
    "distribution.min_share_not_met": _("Porsi predikat belum mencapai batas bawah."),
    "distribution.min_count_not_met": _("Jumlah minimal predikat belum terpenuhi."),
    "unit.capaian_pk": _(
        "Pegawai ini memimpin unit: Rating Hasil Kerja diusulkan dari capaian kinerja "
        "organisasi unit, yaitu capaian RHK yang terhubung dengan sasaran Perjanjian Kinerja."
    ),
    "unit.capaian_skp": _(
        "Pegawai ini memimpin unit, tetapi belum ada RHK yang terhubung dengan sasaran "
        "Perjanjian Kinerja: dipakai capaian seluruh SKP pimpinan unit."
    ),
    "skm.element": _("Nilai rata-rata unsur pelayanan."),
    "skm.index": _("IKM = jumlah nilai rata-rata unsur × bobot."),
    "skm.mutu": _("Mutu pelayanan dari tabel PermenPANRB 14/2017."),
    "parts.part": _(
        "Bagian SKP (SKP ditutup dan dilanjutkan karena perubahan jabatan atau atasan): "
        "capaiannya dan jumlah hari berlakunya dalam rentang evaluasi."
    ),
    "parts.missing_skipped": _(
        "Bagian SKP tanpa capaian tidak dihitung; hari bagian lain yang dipakai."
    ),
    "parts.no_data": _("Belum ada bagian SKP dengan capaian."),
    "parts.combined": _(
        "Capaian SKP = rata-rata capaian setiap bagian, ditimbang menurut jumlah hari berlakunya."
    ),
    "pp46.ratio": _("PP 46/2011: realisasi / target × 100."),
    "pp46.time_efficient": _("PP 46/2011: nilai waktu/biaya, efisiensi ≤ 24%."),
    "pp46.time_very_efficient": _("PP 46/2011: nilai waktu/biaya, efisiensi > 24%."),
    "pp46.not_done": _("PP 46/2011: tidak dikerjakan, nilai 0."),
    "pp46.mean": _("PP 46/2011: rata-rata aspek."),
    "pp46.prestasi": _("PP 46/2011: prestasi kerja = 60% SKP + 40% perilaku."),
    "pp46.band": _("PP 46/2011: sebutan nilai."),
    "pp30.final": _("PP 30/2019: nilai akhir dari SKP dan perilaku."),
    "pp30.skp": _("PP 30/2019: nilai SKP = rata-rata nilai capaian IKI (PermenPANRB 8/2021)."),
    "legacy.behaviour": _(
        "Nilai perilaku = rata-rata angka setiap rating BerAKHLAK menurut kebijakan penilaian."
    ),
    "legacy.no_data": _("Belum ada capaian IKI atau rating perilaku: nilai lama tidak dihitung."),
}

# The formula the reader sees, where the engine's own (kept stable in stored explanations)
# is written in code words: the steps of the figures of a final evaluation (TPP, angka
# kredit, the older numeric scores). Other steps show the engine's formula as it is.
FORMULA_TEXT: Mapping[str, Promise] = {
    "credit_points.period": _("koefisien tahunan × jumlah bulan / 12"),
    "credit_points.percent": _("persentase predikat / 100 × koefisien"),
    "tpp.percent": _("persentase pada tabel TPP untuk predikat ini"),
    "pp30.skp": _("jumlah nilai IKI / jumlah IKI"),
    "legacy.behaviour": _("jumlah angka rating perilaku / jumlah nilai BerAKHLAK"),
    "pp46.mean": _("jumlah capaian IKI / jumlah IKI"),
    "pp46.prestasi": _("60% × nilai SKP + 40% × nilai perilaku"),
    "pp46.band": _("sebutan menurut rentang nilai"),
    "pp30.final": _("bobot SKP × nilai SKP + bobot perilaku × nilai perilaku"),
}

VALUE_LABELS: Mapping[str, Promise] = {
    "realisasi": _("realisasi"),
    "target": _("target"),
    "capaian": _("capaian"),
    "result": _("hasil"),
    "value": _("nilai"),
    "total": _("jumlah"),
    "numerator": _("pembilang"),
    "denominator": _("penyebut"),
    "elapsed": _("bulan berjalan"),
    "missing": _("bulan tanpa data"),
    "periods": _("jumlah bulan"),
    "used": _("data dipakai"),
    "low": _("batas bawah"),
    "high": _("batas atas"),
    "cap": _("batas maksimum"),
    "raw": _("sebelum dibatasi"),
    "weight": _("bobot"),
    "weighted_sum": _("jumlah tertimbang"),
    "total_weight": _("jumlah bobot"),
    "count": _("jumlah data"),
    "n": _("jumlah data"),
    "indicators": _("jumlah IKI"),
    "kind": _("jenis"),
    "range_polarity": _("arah rentang"),
    "rating": _("rating"),
    "above_min": _("ambang Di Atas Ekspektasi"),
    "meets_min": _("ambang Sesuai Ekspektasi"),
    "above": _("Di Atas Ekspektasi"),
    "meets": _("Sesuai Ekspektasi"),
    "below": _("Di Bawah Ekspektasi"),
    "hasil": _("Rating Hasil Kerja"),
    "perilaku": _("Rating Perilaku Kerja"),
    "predikat": _("predikat"),
    "policy": _("kebijakan"),
    "nilai": _("nilai"),
    "band": _("sebutan"),
    "percent": _("persentase"),
    "coefficient": _("koefisien"),
    "credit_points": _("angka kredit"),
    "skp": _("nilai SKP"),
    "yearly": _("koefisien tahunan"),
    "months": _("jumlah bulan"),
    "mode": _("aturan"),
    "w_skp": _("bobot SKP"),
    "w_perilaku": _("bobot perilaku"),
    "part": _("bagian ke"),
    "days": _("jumlah hari"),
    "total_days": _("jumlah hari bagian yang dihitung"),
    "unit": _("unit kerja"),
    "linked": _("RHK terhubung Perjanjian Kinerja"),
}

# Internal identifiers mean nothing to a reader; the page shows the names beside them.
HIDDEN_VALUES = frozenset({"rhk", "indicator"})
# Counts are whole numbers and read as such.
WHOLE_NUMBERS = frozenset(
    {
        "elapsed",
        "missing",
        "periods",
        "used",
        "count",
        "n",
        "indicators",
        "total",
        "above",
        "meets",
        "below",
        "part",
        "days",
        "total_days",
        "months",
        "linked",
    }
)

WORDS: Mapping[str, Promise] = {
    "above": _("Di Atas Ekspektasi"),
    "meets": _("Sesuai Ekspektasi"),
    "below": _("Di Bawah Ekspektasi"),
    "sangat_baik": _("Sangat Baik"),
    "baik": _("Baik"),
    "butuh_perbaikan": _("Butuh Perbaikan"),
    "kurang": _("Kurang/Misconduct"),
    "sangat_kurang": _("Sangat Kurang"),
    "utama": _("Utama"),
    "tambahan": _("Tambahan"),
    "higher_better": _("Semakin tinggi semakin baik"),
    "lower_better": _("Semakin rendah semakin baik"),
    # The legacy modes of the scoring policy (step value "mode"), by their regulation.
    "pp46_2011": _("PP 46/2011"),
    "pp30_2019": _("PP 30/2019"),
}


# The sebutan of a PP 46/2011 score (step value "band"): "kurang" there is not the
# predikat Kurang/Misconduct.
PP46_BANDS: Mapping[str, Promise] = {
    "sangat_baik": _("Sangat Baik"),
    "baik": _("Baik"),
    "cukup": _("Cukup"),
    "kurang": _("Kurang"),
    "buruk": _("Buruk"),
}


@dataclass(frozen=True)
class ExplainedStep:
    text: str
    formula: str
    values: list[tuple[str, str]]


def format_number(value: Any, places: int = 2) -> str:
    """A number as the active language writes it (1.234,50 in Indonesian); – for none."""
    if value is None:
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    exponent = Decimal(1).scaleb(-places)
    return number_format(
        number.quantize(exponent, rounding=ROUND_HALF_UP),
        decimal_pos=places,
        use_l10n=True,
        force_grouping=True,
    )


def _show(name: str, value: Any) -> str:
    """A decoded step value: numbers in the reader's notation, known words translated."""
    if value is None or isinstance(value, Decimal):
        return format_number(value, 0 if name in WHOLE_NUMBERS else 2)
    if name == "band":
        return str(PP46_BANDS.get(str(value), value))
    return str(WORDS.get(str(value), value))


def explain_steps(explanation: Mapping[str, Any] | None) -> list[ExplainedStep]:
    """Turn a stored `Scored.to_dict()` into translated lines for a template."""
    if not explanation:
        return []
    # Stored values are tagged ({"$decimal": "1.5"}); decode them before showing.
    decoded = Scored.from_dict({"value": None, "steps": explanation.get("steps", [])})
    steps = []
    for step in decoded.steps:
        text = STEP_TEXT.get(step.code, step.code)
        values = [
            (str(VALUE_LABELS.get(name, name.replace("_", " "))), _show(name, value))
            for name, value in sorted(step.values.items())
            if name not in HIDDEN_VALUES
        ]
        formula = FORMULA_TEXT.get(step.code)
        steps.append(ExplainedStep(str(text), str(formula) if formula else step.formula, values))
    return steps
