"""The calibration chart: staff predikat against the curve, drawn on the server as SVG."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kinerja import scoring
from kinerja.evaluations.distribution import DistributionCheck
from kinerja.evaluations.models import PredikatChoice

OK_FILL = "#2f6f8f"
BAD_FILL = "#b42318"
LIMIT_MAX = "#b42318"
LIMIT_MIN = "#1f7a3a"


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def distribution_chart(
    check: DistributionCheck, *, width: int = 640, height: int = 240
) -> SafeString:
    """One column per predikat (share of the staff, count on top); the curve's single-predikat
    limits as dashed lines: red for "at most", green for "at least". Grouped limits (such as
    "Butuh Perbaikan or Kurang at least one person") are listed in words beside the chart."""
    left, right, top, bottom = 44, 10, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    total = check.total
    slot = plot_w / len(scoring.Predikat)
    breached = {p for v in check.violations for p in v.predikats}

    def y(share: Decimal) -> float:
        return top + plot_h - float(share) / 100 * plot_h

    title = _("Sebaran predikat pegawai %(unit)s") % {"unit": check.unit.name}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_attr(title)}" data-testid="distribution-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 50, 100):
        ty = y(Decimal(tick))
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" '
            'stroke="#d5dae1"/>'
            f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#5a6675">{tick}%</text>'
        )
    single = [b for b in check.bounds if len(b.predikats) == 1]
    for index, predikat in enumerate(scoring.Predikat):
        count = check.counts.get(predikat.value, 0)
        share = Decimal(count) / total * 100 if total else Decimal(0)
        x = left + index * slot
        bar_w = slot * 0.56
        bar_x = x + (slot - bar_w) / 2
        fill = BAD_FILL if predikat in breached else OK_FILL
        label = str(PredikatChoice(predikat.value).label)
        parts.append(
            f'<rect x="{bar_x:.1f}" y="{y(share):.1f}" width="{bar_w:.1f}" '
            f'height="{top + plot_h - y(share):.1f}" fill="{fill}">'
            f"<title>{escape(label)}: {count}</title></rect>"
            f'<text x="{x + slot / 2:.1f}" y="{max(y(share) - 4, top + 10):.1f}" '
            f'text-anchor="middle" font-size="12" fill="#1d2733">{count}</text>'
            f'<text x="{x + slot / 2:.1f}" y="{height - 24}" text-anchor="middle" '
            f'font-size="11" fill="#1d2733">{escape(label.split("/")[0])}</text>'
        )
        for bound in single:
            if predikat not in bound.predikats:
                continue
            for limit, colour in ((bound.max_share, LIMIT_MAX), (bound.min_share, LIMIT_MIN)):
                if limit is None:
                    continue
                ly = y(limit)
                parts.append(
                    f'<line x1="{x + 4:.1f}" y1="{ly:.1f}" x2="{x + slot - 4:.1f}" '
                    f'y2="{ly:.1f}" stroke="{colour}" stroke-width="2" stroke-dasharray="5 3"/>'
                )
    parts.append(
        f'<text x="{left}" y="{height - 6}" font-size="11" fill="#5a6675">'
        + escape(
            _("Jumlah pegawai: %(n)s · garis merah: batas atas · garis hijau: batas bawah")
            % {"n": total}
        )
        + "</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)
