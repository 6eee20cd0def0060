"""Older formulas some regions still report (scoring policy options)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kinerja.scoring.explain import Scored, step
from kinerja.scoring.types import check_decimal

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
