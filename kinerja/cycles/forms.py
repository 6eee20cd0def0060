"""The scoring-policy form: every field of ScoringPolicy, checked before the engine sees it.

The form repeats the engine's rules (``ScoringPolicy.__post_init__``) and the combinations
it calls unwise (``ScoringPolicy.unwise``) as field errors in the user's language; the
engine and ``policy_change`` stay the last word and are reported on the form if a
combination slips through.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.cycles.policy_labels import (
    BEHAVIOUR_RULE_LABELS,
    ENFORCEMENT_LABELS,
    LEGACY_BEHAVIOUR_MODES,
    LEGACY_MODE_LABELS,
    LEGACY_MODE_SHORT,
    ORG_PREDIKAT_LABELS,
    PREDIKAT_LABELS,
    RATING_LABELS,
)
from kinerja.scoring import Bound, DistributionRule, OrgPredikat, Predikat, Rating, ScoringPolicy

# Wide enough for any policy a government would choose, narrow enough to catch a typo.
LARGEST_PERCENT = Decimal(1000)


def _percent_field(
    label: Any, *, maximum: Decimal = LARGEST_PERCENT, required: bool = True
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=maximum,
        max_digits=6,
        decimal_places=2,
        required=required,
    )


class BoundForm(forms.Form):
    """One limit of a distribution rule; a row left wholly empty is no limit."""

    predikats = forms.MultipleChoiceField(
        label=gettext_lazy("Predikat pegawai"),
        choices=[(str(p), label) for p, label in PREDIKAT_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    min_share = _percent_field(
        gettext_lazy("Paling sedikit (%)"), maximum=Decimal(100), required=False
    )
    max_share = _percent_field(
        gettext_lazy("Paling banyak (%)"), maximum=Decimal(100), required=False
    )
    min_count = forms.IntegerField(
        label=gettext_lazy("Paling sedikit (orang)"), min_value=0, max_value=10_000, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        limits = [data.get(n) for n in ("min_share", "max_share", "min_count")]
        has_limit = any(limit is not None for limit in limits)
        if data.get("predikats") and not has_limit:
            self.add_error(None, _("Isi paling sedikit satu batas untuk predikat yang dipilih."))
        if has_limit and not data.get("predikats"):
            self.add_error("predikats", _("Pilih predikat yang dibatasi."))
        low, high = data.get("min_share"), data.get("max_share")
        if low is not None and high is not None and low > high:
            self.add_error("min_share", _("Batas paling sedikit melebihi batas paling banyak."))
        return data

    def bound(self) -> Bound | None:
        data = self.cleaned_data
        if not data.get("predikats"):
            return None
        return Bound(
            frozenset(Predikat(p) for p in data["predikats"]),
            min_share=data.get("min_share"),
            max_share=data.get("max_share"),
            min_count=data.get("min_count"),
        )


BoundFormSet: type[BaseFormSet[BoundForm]] = formset_factory(
    BoundForm, extra=1, max_num=10, validate_max=True
)


def _initial_bounds(rule: DistributionRule) -> list[dict[str, Any]]:
    return [
        {
            "predikats": [str(p) for p in Predikat if p in bound.predikats],
            "min_share": bound.min_share,
            "max_share": bound.max_share,
            "min_count": bound.min_count,
        }
        for bound in rule.bounds
    ]


def _legacy_label(mode: str, rating_label: Any) -> str:
    return _("%(mode)s: %(rating)s") % {"mode": LEGACY_MODE_SHORT[mode], "rating": rating_label}


class PolicyForm(forms.Form):
    """Every field of a year's ScoringPolicy, and the reason for changing it."""

    capaian_cap = _percent_field(gettext_lazy("Batas atas capaian (%)"))
    rating_above_min = _percent_field(gettext_lazy("Ambang Di Atas Ekspektasi (%)"))
    rating_meets_min = _percent_field(gettext_lazy("Ambang Sesuai Ekspektasi (%)"))
    nilai_at_target = forms.DecimalField(
        label=gettext_lazy("Nilai pada capaian tepat 100%"),
        min_value=Decimal(89),
        max_value=Decimal(110),
        max_digits=5,
        decimal_places=2,
    )
    behaviour_rule = forms.ChoiceField(
        label=gettext_lazy("Aturan Rating Perilaku Kerja"),
        choices=list(BEHAVIOUR_RULE_LABELS.items()),
    )
    distribution_enforcement = forms.ChoiceField(
        label=gettext_lazy("Jika distribusi tidak sesuai"),
        choices=list(ENFORCEMENT_LABELS.items()),
    )
    legacy_mode = forms.ChoiceField(
        label=gettext_lazy("Nilai numerik lama"), choices=list(LEGACY_MODE_LABELS.items())
    )
    # The version the editor saw: a save on top of someone else's newer change is refused
    # instead of silently putting their values back.
    # Optional so that a page rendered before this field existed can still be saved.
    based_on = forms.CharField(widget=forms.HiddenInput, max_length=60, required=False)
    reason = forms.CharField(
        label=gettext_lazy("Alasan perubahan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("Wajib; disimpan dalam riwayat bersama nilai sebelum dan sesudah."),
    )

    def __init__(self, data: Any = None, *, policy: ScoringPolicy) -> None:
        initial: dict[str, Any] = {
            "based_on": policy.version,
            "capaian_cap": policy.capaian_cap,
            "rating_above_min": policy.rating_above_min,
            "rating_meets_min": policy.rating_meets_min,
            "nilai_at_target": policy.nilai_at_target,
            "behaviour_rule": policy.behaviour_rule,
            "distribution_enforcement": policy.distribution_enforcement,
            "legacy_mode": policy.legacy_mode,
        }
        for p in Predikat:
            initial[f"credit_{p}"] = policy.credit_point_percent[p]
            initial[f"tpp_{p}"] = policy.tpp_percent.get(p)
        super().__init__(data, initial=initial)
        for p, label in PREDIKAT_LABELS.items():
            self.fields[f"credit_{p}"] = _percent_field(label)
            self.fields[f"tpp_{p}"] = _percent_field(label, maximum=Decimal(100), required=False)
        self.legacy_in_force = policy.legacy_behaviour_value
        for mode in LEGACY_BEHAVIOUR_MODES:
            for rating, label in RATING_LABELS.items():
                name = f"legacy_{mode}_{rating}"
                self.initial[name] = policy.legacy_behaviour_value[mode][rating]
                # Optional: a page rendered before these fields existed keeps the values in force.
                self.fields[name] = forms.DecimalField(
                    label=_legacy_label(mode, label),
                    min_value=Decimal(0),
                    max_value=Decimal(120),
                    max_digits=6,
                    decimal_places=2,
                    required=False,
                )
        self.distribution = {
            org: BoundFormSet(
                data, prefix=f"dist-{org}", initial=_initial_bounds(policy.distribution[org])
            )
            for org in OrgPredikat
        }

    @property
    def credit_fields(self) -> list[forms.BoundField]:
        return [self[f"credit_{p}"] for p in Predikat]

    @property
    def tpp_fields(self) -> list[forms.BoundField]:
        return [self[f"tpp_{p}"] for p in Predikat]

    @property
    def legacy_fields(self) -> list[forms.BoundField]:
        return [self[f"legacy_{m}_{r}"] for m in LEGACY_BEHAVIOUR_MODES for r in Rating]

    @property
    def distribution_sections(self) -> list[tuple[str, Any]]:
        return [(str(ORG_PREDIKAT_LABELS[org]), fs) for org, fs in self.distribution.items()]

    def is_valid(self) -> bool:
        # Every formset is validated, so each shows its own errors in one round.
        formsets_valid = [fs.is_valid() for fs in self.distribution.values()]
        return super().is_valid() and all(formsets_valid)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cap, above = data.get("capaian_cap"), data.get("rating_above_min")
        meets = data.get("rating_meets_min")
        if cap is not None and cap < 100:
            self.add_error(
                "capaian_cap",
                _(
                    "Batas atas capaian paling rendah 100%: di bawahnya target yang "
                    "tercapai terhitung kurang."
                ),
            )
        if cap is not None and above is not None and above > cap:
            self.add_error(
                "rating_above_min",
                _("Ambang Di Atas Ekspektasi tidak boleh melebihi batas atas capaian (%(cap)s%%).")
                % {"cap": cap},
            )
        if above is not None and meets is not None and meets > above:
            self.add_error(
                "rating_meets_min",
                _("Ambang Sesuai Ekspektasi tidak boleh melebihi ambang Di Atas Ekspektasi."),
            )
        for mode in LEGACY_BEHAVIOUR_MODES:
            # An empty field keeps the number in force, so the scale is checked with it.
            above, meets, below = (
                self.legacy_in_force[mode][r]
                if data.get(f"legacy_{mode}_{r}") is None
                else data[f"legacy_{mode}_{r}"]
                for r in Rating
            )
            if not above >= meets >= below:
                self.add_error(
                    f"legacy_{mode}_{Rating.ABOVE}",
                    _(
                        "Angka Di Atas Ekspektasi paling sedikit sama dengan Sesuai Ekspektasi, "
                        "dan Sesuai Ekspektasi paling sedikit sama dengan Di Bawah Ekspektasi."
                    ),
                )
        tpp = [data.get(f"tpp_{p}") for p in Predikat]
        if any(v is not None for v in tpp) and any(v is None for v in tpp):
            for p, value in zip(Predikat, tpp, strict=True):
                if value is None:
                    self.add_error(
                        f"tpp_{p}",
                        _("Isi TPP untuk setiap predikat, atau kosongkan semuanya."),
                    )
        return data

    def policy(self, current: ScoringPolicy) -> ScoringPolicy | None:
        """The policy the valid form describes, or None with a form error if the engine refuses.

        `current` gives the version, which the service replaces on saving.
        """
        data = self.cleaned_data
        tpp = {p: data[f"tpp_{p}"] for p in Predikat}
        try:
            return ScoringPolicy(
                version=current.version,
                capaian_cap=data["capaian_cap"],
                rating_above_min=data["rating_above_min"],
                rating_meets_min=data["rating_meets_min"],
                nilai_at_target=data["nilai_at_target"],
                behaviour_rule=data["behaviour_rule"],
                distribution={
                    org: DistributionRule(
                        tuple(b for form in fs.forms if (b := form.bound()) is not None)
                    )
                    for org, fs in self.distribution.items()
                },
                credit_point_percent={p: data[f"credit_{p}"] for p in Predikat},
                tpp_percent={} if all(v is None for v in tpp.values()) else tpp,
                legacy_mode=data["legacy_mode"],
                legacy_behaviour_value={
                    mode: {
                        r: current.legacy_behaviour_value[mode][r]
                        if data.get(f"legacy_{mode}_{r}") is None
                        else data[f"legacy_{mode}_{r}"]
                        for r in Rating
                    }
                    for mode in LEGACY_BEHAVIOUR_MODES
                },
                distribution_enforcement=data["distribution_enforcement"],
            )
        except (ValueError, TypeError) as error:
            self.add_error(
                None, _("Kebijakan ini tidak dapat dipakai: %(reason)s") % {"reason": error}
            )
            return None


def _days_field(label: Any, help_text: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=90,
        help_text=help_text,
        error_messages={
            "required": gettext_lazy("Isi jumlah hari (1–90)."),
            "invalid": gettext_lazy("Isi jumlah hari sebagai bilangan bulat."),
            "min_value": gettext_lazy("Paling sedikit 1 hari."),
            "max_value": gettext_lazy("Paling banyak 90 hari."),
        },
    )


class ObjectionDaysForm(forms.Form):
    """The year's three objection deadlines, in calendar days."""

    objection_days = _days_field(
        gettext_lazy("Batas pengajuan keberatan (hari)"),
        gettext_lazy("Hari kalender sejak evaluasi difinalkan."),
    )
    objection_explain_days = _days_field(
        gettext_lazy("Batas penjelasan penilai (hari)"),
        gettext_lazy("Hari kalender sejak keberatan diajukan."),
    )
    objection_decide_days = _days_field(
        gettext_lazy("Batas keputusan atasan penilai (hari)"),
        gettext_lazy("Hari kalender sejak keberatan diajukan."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Alasan perubahan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Tuliskan alasan perubahan batas waktu.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        explain, decide = data.get("objection_explain_days"), data.get("objection_decide_days")
        if explain is not None and decide is not None and decide < explain:
            self.add_error(
                "objection_decide_days",
                _("Batas keputusan tidak boleh lebih awal dari batas penjelasan penilai."),
            )
        return data
