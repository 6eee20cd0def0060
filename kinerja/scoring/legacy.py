"""Older formulas some regions still report (scoring policy options)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from kinerja.scoring.capaian import nilai
from kinerja.scoring.explain import Scored, step
from kinerja.scoring.policy import ScoringPolicy
from kinerja.scoring.types import Rating, check_decimal

D = Decimal


def pp46_ratio(realised: Decimal, target: Decimal) -> Scored[Decimal]:
    """PP 46/2011 Kuantitas and Kualitas: realised / target × 100."""
    check_decimal("realised", realised)
    check_decimal("target", target)
    if target == 0:
        raise ValueError("target must not be 0")
    value = realised / target * 100
    s = step("pp46.ratio", "realised / target × 100", realised=realised, target=target, value=value)
    return Scored(value, (s,))


def pp46_time_or_cost(realised: Decimal | None, target: Decimal) -> Scored[Decimal]:
    """PP 46/2011 Waktu (and Biaya, with cost): value from efficiency; not done (None) is 0.

    On target gives 76 and 76 % of the target gives 100; beyond 24 % efficiency the value
    falls again, as the regulation treats such savings as poor planning.
    """
    check_decimal("realised", realised)
    check_decimal("target", target)
    if target == 0:
        raise ValueError("target must not be 0")
    if realised is None:
        return Scored(D(0), (step("pp46.not_done", "not done → 0", target=target),))
    efficiency = 100 - realised / target * 100
    base = (D("1.76") * target - realised) / target * 100
    if efficiency <= 24:
        value, code = base, "pp46.time_efficient"
        formula = "(1.76 × target − realised) / target × 100"
    else:
        value, code = 76 - (base - 100), "pp46.time_very_efficient"
        formula = "76 − ((1.76 × target − realised) / target × 100 − 100)"
    s = step(code, formula, realised=realised, target=target, efficiency=efficiency, value=value)
    return Scored(value, (s,))


def pp46_mean(values: Sequence[Decimal]) -> Scored[Decimal]:
    """PP 46/2011: an activity is the mean of its aspects; the SKP the mean of activities."""
    if not values:
        raise ValueError("pp46_mean needs at least one value")
    value = sum(values, D(0)) / len(values)
    return Scored(value, (step("pp46.mean", "Σ value / n", n=len(values), value=value),))


def pp46_prestasi(skp: Decimal, perilaku: Decimal) -> Scored[Decimal]:
    """PP 46/2011 prestasi kerja = 60 % SKP + 40 % perilaku."""
    value = D("0.6") * skp + D("0.4") * perilaku
    s = step("pp46.prestasi", "0.6 × skp + 0.4 × perilaku", skp=skp, perilaku=perilaku, value=value)
    return Scored(value, (s,))


def pp46_band(value: Decimal) -> Scored[str]:
    """PP 46/2011 bands: ≥ 91 Sangat Baik, 76–90 Baik, 61–75 Cukup, 51–60 Kurang, ≤ 50 Buruk.

    A fractional value between two integer bands (e.g. 90.5) belongs to the higher one.
    """
    bands = ((D(90), "sangat_baik"), (D(75), "baik"), (D(60), "cukup"), (D(50), "kurang"))
    band = next((name for low, name in bands if value > low), "buruk")
    return Scored(band, (step("pp46.band", "band(value)", value=value, band=band),))


def pp30_final(skp: Decimal, perilaku: Decimal, *, peer_rated: bool) -> Scored[Decimal]:
    """PP 30/2019 final value: 70 % SKP + 30 % perilaku, or 60/40 when peers rate behaviour."""
    w_skp, w_perilaku = (D("0.6"), D("0.4")) if peer_rated else (D("0.7"), D("0.3"))
    value = w_skp * skp + w_perilaku * perilaku
    s = step(
        "pp30.final",
        "w_skp × skp + w_perilaku × perilaku",
        skp=skp,
        perilaku=perilaku,
        w_skp=w_skp,
        w_perilaku=w_perilaku,
        value=value,
    )
    return Scored(value, (s,))


def legacy_behaviour(
    ratings: Sequence[Rating], mapping: Mapping[Rating, Decimal]
) -> Scored[Decimal]:
    """The numeric behaviour value the older rules need: the mean of the rated values' numbers.

    PermenPANRB 6/2022 rates each BerAKHLAK value in words only, so the number of each rating
    is a policy setting (``ScoringPolicy.legacy_behaviour_value``) per legacy mode.
    """
    if not ratings:
        raise ValueError("legacy_behaviour needs at least one rating")
    numbers = [mapping[Rating(r)] for r in ratings]
    for n in numbers:
        check_decimal("behaviour value", n)
    value = sum(numbers, D(0)) / len(numbers)
    counts = {r: sum(1 for x in ratings if Rating(x) == r) for r in Rating}
    s = step(
        "legacy.behaviour",
        "Σ number(rating) / n",
        above=counts[Rating.ABOVE],
        meets=counts[Rating.MEETS],
        below=counts[Rating.BELOW],
        n=len(numbers),
        value=value,
    )
    return Scored(value, (s,))


def legacy_score(
    mode: str,
    *,
    indicator_capaian: Sequence[Decimal],
    behaviour: Sequence[Rating],
    policy: ScoringPolicy,
) -> Scored[Decimal | None]:
    """The older numeric score of an evaluation, from what the evaluation stored.

    PP 46/2011: each IKI is an activity valued by its capaian (realisasi / target × 100),
    the SKP value is their mean, prestasi kerja = 60 % SKP + 40 % perilaku (band in the steps).
    PP 30/2019: the SKP value is the mean nilai (PermenPANRB 8/2021 table) of the IKIs, final
    value = 70 % SKP + 30 % perilaku; the 60/40 split applies when peers and subordinates rate
    behaviour formally, which this product does not do (their input only guides the penilai).
    Nothing measured or nothing rated gives no score (None).
    """
    if mode not in ("pp46_2011", "pp30_2019"):
        raise ValueError(f"no legacy score for mode {mode!r}")
    for c in indicator_capaian:
        check_decimal("capaian", c)
    if not indicator_capaian or not behaviour:
        return Scored(None, (step("legacy.no_data", mode=mode),))
    perilaku = legacy_behaviour(behaviour, policy.legacy_behaviour_value[mode])
    if mode == "pp46_2011":
        skp = pp46_mean(list(indicator_capaian))
        prestasi = pp46_prestasi(skp.value, perilaku.value)
        band = pp46_band(prestasi.value)
        return Scored(prestasi.value, (*skp.steps, *perilaku.steps, *prestasi.steps, *band.steps))
    values = [nilai(c, at_target=policy.nilai_at_target).value for c in indicator_capaian]
    skp_value = sum(values, D(0)) / len(values)
    skp_step = step("pp30.skp", "Σ nilai / n", n=len(values), value=skp_value)
    final = pp30_final(skp_value, perilaku.value, peer_rated=False)
    return Scored(final.value, (skp_step, *perilaku.steps, *final.steps))
