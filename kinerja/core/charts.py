"""Charts drawn on the server as SVG, so a page and its PDF show the same picture.

No JavaScript and no external assets: the markup is built here and escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal | None


def _fmt(value: Decimal) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest 1, 1.2, 1.5, 2, 2.5 or 5 × 10^k at or above `value`, for a readable axis."""
    magnitude = Decimal(10) ** (value.adjusted())
    for step in (
        Decimal(1),
        Decimal("1.2"),
        Decimal("1.5"),
        Decimal(2),
        Decimal("2.5"),
        Decimal(5),
    ):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def trend_chart(
    points: Sequence[Point],
    *,
    title: str,
    reference: Decimal | None = None,
    reference_label: str = "",
    width: int = 380,
    height: int = 150,
) -> SafeString:
    """A column chart of monthly values with an optional reference line (the target).

    Months without data are drawn as an empty slot with a dash, never as zero.
    """
    left, right, top, bottom = 44, 10, 14, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [p.value for p in points if p.value is not None]
    ceiling = nice_ceiling(max([*known, reference or Decimal(0), Decimal(1)]))
    slot = plot_w / max(len(points), 1)

    def y(value: Decimal) -> float:
        return top + plot_h - float(value / ceiling) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        'stroke="#8c96a3"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="11" fill="#5a6675">'
        f"{_fmt(ceiling)}</text>",
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="11" '
        'fill="#5a6675">0</text>',
    ]
    for index, point in enumerate(points):
        x = left + index * slot
        label_x = x + slot / 2
        parts.append(
            f'<text x="{label_x:.1f}" y="{height - 8}" text-anchor="middle" font-size="11" '
            f'fill="#5a6675">{escape(point.label)}</text>'
        )
        if point.value is None:
            parts.append(
                f'<text x="{label_x:.1f}" y="{top + plot_h - 4}" text-anchor="middle" '
                'font-size="11" fill="#8c96a3">–</text>'
            )
            continue
        bar_top = y(point.value)
        parts.append(
            f'<rect x="{x + slot * 0.18:.1f}" y="{bar_top:.1f}" width="{slot * 0.64:.1f}" '
            f'height="{top + plot_h - bar_top:.1f}" rx="2" fill="#0b5d8c">'
            f"<title>{escape(point.label)}: {_fmt(point.value)}</title></rect>"
        )
    if reference is not None:
        ref_y = y(reference)
        parts.append(
            f'<line x1="{left}" y1="{ref_y:.1f}" x2="{width - right}" y2="{ref_y:.1f}" '
            'stroke="#b3261e" stroke-dasharray="5 4"/>'
        )
        parts.append(
            f'<text x="{width - right}" y="{ref_y - 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#b3261e">{escape(reference_label)} {_fmt(reference)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
