"""The scoring policy as HR reads it: every field with its name, meaning and value in words.

One description serves the policy page (current value beside the regulation's default) and
the history of changes (the items whose words differ before and after), so a field added to
``ScoringPolicy`` shows up in both once it is described here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.explanations import format_number
from kinerja.scoring import Bound, OrgPredikat, Predikat, Rating, ScoringPolicy

PREDIKAT_LABELS: Mapping[Predikat, Promise] = {
    Predikat.SANGAT_BAIK: gettext_lazy("Sangat Baik"),
    Predikat.BAIK: gettext_lazy("Baik"),
    Predikat.BUTUH_PERBAIKAN: gettext_lazy("Butuh Perbaikan"),
    Predikat.KURANG: gettext_lazy("Kurang/Misconduct"),
    Predikat.SANGAT_KURANG: gettext_lazy("Sangat Kurang"),
}
ORG_PREDIKAT_LABELS: Mapping[OrgPredikat, Promise] = {
    OrgPredikat.ISTIMEWA: gettext_lazy("Istimewa"),
    OrgPredikat.BAIK: gettext_lazy("Baik"),
    OrgPredikat.BUTUH_PERBAIKAN: gettext_lazy("Butuh Perbaikan (Cukup)"),
    OrgPredikat.KURANG: gettext_lazy("Kurang"),
    OrgPredikat.SANGAT_KURANG: gettext_lazy("Sangat Kurang"),
}
BEHAVIOUR_RULE_LABELS: Mapping[str, Promise] = {
    "majority": gettext_lazy("Terbanyak (jika seri: Sesuai Ekspektasi)"),
    "lowest": gettext_lazy("Terendah"),
}
LEGACY_MODE_LABELS: Mapping[str, Promise] = {
    "none": gettext_lazy("Tidak dipakai"),
    "pp46_2011": gettext_lazy("PP 46/2011: prestasi kerja = 60% SKP + 40% perilaku"),
    "pp30_2019": gettext_lazy("PP 30/2019: nilai akhir = 70% SKP + 30% perilaku (60/40)"),
}
LEGACY_BEHAVIOUR_MODES = ("pp46_2011", "pp30_2019")
LEGACY_MODE_SHORT: Mapping[str, str] = {"pp46_2011": "PP 46/2011", "pp30_2019": "PP 30/2019"}
RATING_LABELS: Mapping[Rating, Promise] = {
    Rating.ABOVE: gettext_lazy("Di Atas Ekspektasi"),
    Rating.MEETS: gettext_lazy("Sesuai Ekspektasi"),
    Rating.BELOW: gettext_lazy("Di Bawah Ekspektasi"),
}
ENFORCEMENT_LABELS: Mapping[str, Promise] = {
    "warn": gettext_lazy("Memperingatkan, finalisasi tetap boleh"),
    "block": gettext_lazy("Menolak finalisasi sampai distribusi sesuai"),
}


@dataclass(frozen=True)
class PolicyItem:
    """One line of the policy: ``key`` is stable (the diff matches on it), the rest is text."""

    key: str
    group: str
    label: str
    meaning: str
    value: str


def _percent(value: Decimal) -> str:
    return f"{format_number(value)}%"


def bound_text(bound: Bound) -> str:
    """ "Sangat Baik paling banyak 70%", "Butuh Perbaikan atau Kurang paling sedikit 1 orang"."""
    names = [str(PREDIKAT_LABELS[p]) for p in Predikat if p in bound.predikats]
    who = _(" atau ").join(names)
    limits = []
    if bound.min_share is not None:
        limits.append(_("paling sedikit %(share)s") % {"share": _percent(bound.min_share)})
    if bound.max_share is not None:
        limits.append(_("paling banyak %(share)s") % {"share": _percent(bound.max_share)})
    if bound.min_count is not None:
        limits.append(_("paling sedikit %(count)s orang") % {"count": bound.min_count})
    return f"{who} {_(', ').join(limits)}"


def policy_items(policy: ScoringPolicy) -> list[PolicyItem]:
    """Every field of `policy` in words, in the order the page shows them."""
    rating = _("Rating Hasil Kerja")
    items = [
        PolicyItem(
            "capaian_cap",
            rating,
            _("Batas atas capaian"),
            _(
                "Capaian di atas target dihitung paling tinggi sebesar ini (persen), "
                "untuk setiap IKI dan untuk capaian SKP."
            ),
            _percent(policy.capaian_cap),
        ),
        PolicyItem(
            "rating_above_min",
            rating,
            _("Ambang Di Atas Ekspektasi"),
            _("Capaian SKP paling sedikit sebesar ini mengusulkan Di Atas Ekspektasi."),
            _percent(policy.rating_above_min),
        ),
        PolicyItem(
            "rating_meets_min",
            rating,
            _("Ambang Sesuai Ekspektasi"),
            _(
                "Capaian SKP paling sedikit sebesar ini mengusulkan Sesuai Ekspektasi; "
                "di bawahnya Di Bawah Ekspektasi."
            ),
            _percent(policy.rating_meets_min),
        ),
        PolicyItem(
            "nilai_at_target",
            rating,
            _("Nilai pada capaian tepat 100%"),
            _(
                "Nilai numerik (PermenPANRB 8/2021) untuk capaian tepat 100%: Baik bernilai "
                "100; satu contoh resmi memakai 109."
            ),
            format_number(policy.nilai_at_target),
        ),
        PolicyItem(
            "behaviour_rule",
            _("Rating Perilaku Kerja"),
            _("Aturan Rating Perilaku Kerja"),
            _("Cara tujuh rating nilai BerAKHLAK digabung menjadi Rating Perilaku Kerja."),
            str(BEHAVIOUR_RULE_LABELS[policy.behaviour_rule]),
        ),
    ]
    distribution = _("Distribusi predikat pegawai")
    items.append(
        PolicyItem(
            "distribution_enforcement",
            distribution,
            _("Jika distribusi tidak sesuai"),
            _(
                "Apa yang terjadi saat penilai memfinalisasi evaluasi sementara sebaran "
                "predikat unit melanggar aturan predikat organisasinya. Belum berlaku: "
                "pemeriksaan ini dijalankan bersama halaman kalibrasi yang menyusul."
            ),
            str(ENFORCEMENT_LABELS[policy.distribution_enforcement]),
        )
    )
    for org in OrgPredikat:
        bounds = policy.distribution[org].bounds
        items.append(
            PolicyItem(
                f"distribution.{org}",
                distribution,
                _("Predikat organisasi %(org)s") % {"org": ORG_PREDIKAT_LABELS[org]},
                _("Batas sebaran predikat pegawai di unit dengan predikat organisasi ini."),
                "; ".join(bound_text(b) for b in bounds) or _("tanpa batas"),
            )
        )
    credit = _("Angka kredit jabatan fungsional")
    for p in Predikat:
        items.append(
            PolicyItem(
                f"credit_point_percent.{p}",
                credit,
                _("Angka kredit %(predikat)s") % {"predikat": PREDIKAT_LABELS[p]},
                _("Persentase koefisien angka kredit tahunan (PerBKN 3/2023)."),
                _percent(policy.credit_point_percent[p]),
            )
        )
    tpp = _("Tambahan penghasilan pegawai (TPP)")
    for p in Predikat:
        value = policy.tpp_percent.get(p)
        items.append(
            PolicyItem(
                f"tpp_percent.{p}",
                tpp,
                _("TPP %(predikat)s") % {"predikat": PREDIKAT_LABELS[p]},
                _(
                    "Persentase TPP yang dibayarkan; ditetapkan oleh pemerintah daerah. "
                    "Ditampilkan pada hasil evaluasi dan rekap unit."
                ),
                _("belum ditetapkan") if value is None else _percent(value),
            )
        )
    items.append(
        PolicyItem(
            "legacy_mode",
            _("Nilai numerik lama"),
            _("Nilai numerik lama"),
            _(
                "Nilai menurut aturan lama yang ditampilkan di samping predikat pada hasil "
                "evaluasi, dokumen evaluasi, dan rekap unit."
            ),
            str(LEGACY_MODE_LABELS[policy.legacy_mode]),
        )
    )
    for mode in LEGACY_BEHAVIOUR_MODES:
        for rating, label in RATING_LABELS.items():
            items.append(
                PolicyItem(
                    f"legacy_behaviour_value.{mode}.{rating}",
                    _("Nilai numerik lama"),
                    _("%(mode)s: angka perilaku %(rating)s")
                    % {"mode": LEGACY_MODE_SHORT[mode], "rating": label},
                    _(
                        "Angka yang dipakai untuk rating nilai BerAKHLAK ini saat menghitung "
                        "nilai perilaku menurut aturan lama (rata-rata ketujuh nilai)."
                    ),
                    format_number(policy.legacy_behaviour_value[mode][rating]),
                )
            )
    return items


@dataclass(frozen=True)
class PolicyRow:
    """A line of the policy page: the item now, and what the regulation's default says."""

    item: PolicyItem
    default: str

    @property
    def differs(self) -> bool:
        return self.item.value != self.default


def policy_rows(policy: ScoringPolicy) -> list[PolicyRow]:
    defaults = {i.key: i.value for i in policy_items(ScoringPolicy())}
    return [PolicyRow(item, defaults[item.key]) for item in policy_items(policy)]


@dataclass(frozen=True)
class PolicyDifference:
    label: str
    before: str
    after: str


def policy_differences(before: ScoringPolicy, after: ScoringPolicy) -> list[PolicyDifference]:
    """The items whose words changed from `before` to `after` (the version aside)."""
    old = {i.key: i.value for i in policy_items(before)}
    return [
        PolicyDifference(item.label, old[item.key], item.value)
        for item in policy_items(after)
        if old[item.key] != item.value
    ]
