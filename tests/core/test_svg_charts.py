"""The server-side SVG trend chart: safe, honest about missing months, accessible."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from kinerja.core.charts import Point, trend_chart

SVG = "{http://www.w3.org/2000/svg}"


def _points(*values: str | None) -> list[Point]:
    return [
        Point(f"{n:02d}", Decimal(v) if v is not None else None)
        for n, v in enumerate(values, start=1)
    ]


def _bars(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(f"{SVG}rect")


def test_titles_and_labels_are_escaped():
    hostile = '<script>alert("x")</script> & "quotes"'
    svg = trend_chart(
        [Point("<b>01</b>", Decimal(3))],
        title=hostile,
        reference=Decimal(5),
        reference_label="<img src=x onerror=alert(1)>",
    )
    assert "<script" not in svg
    assert "<img" not in svg
    assert "<b>" not in svg
    root = ET.fromstring(svg)  # still well-formed XML
    assert root.get("aria-label") == hostile
    assert root.find(f"{SVG}title").text == hostile


def test_missing_month_is_a_dash_not_a_zero_bar():
    svg = trend_chart(_points("4", None, "6"), title="Program")
    bars = _bars(svg)
    assert len(bars) == 2
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["01: 4", "03: 6"]
    texts = [t.text for t in ET.fromstring(svg).findall(f"{SVG}text")]
    assert texts.count("–") == 1


def test_a_real_zero_is_a_bar():
    svg = trend_chart(_points("0", None), title="Program")
    [bar] = _bars(svg)
    assert float(bar.get("height")) == 0
    assert bar.find(f"{SVG}title").text == "01: 0"


def test_no_data_at_all_draws_only_dashes():
    svg = trend_chart(_points(None, None, None), title="Program")
    assert _bars(svg) == []
    assert [t.text for t in ET.fromstring(svg).findall(f"{SVG}text")].count("–") == 3


def test_chart_is_an_image_with_a_name_for_screen_readers():
    root = ET.fromstring(trend_chart(_points("1"), title="Cakupan imunisasi"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Cakupan imunisasi"


def test_taller_value_draws_a_taller_bar_and_reference_line_is_labelled():
    svg = trend_chart(
        _points("2", "8"), title="x", reference=Decimal("5.5"), reference_label="target"
    )
    low, high = _bars(svg)
    assert float(high.get("height")) > float(low.get("height")) > 0
    root = ET.fromstring(svg)
    assert any(t.text == "target 5,5" for t in root.findall(f"{SVG}text"))
    assert any(line.get("stroke-dasharray") for line in root.findall(f"{SVG}line"))


def test_axis_ends_at_a_round_number_above_the_data():
    from kinerja.core.charts import nice_ceiling

    assert nice_ceiling(Decimal("1")) == 1
    assert nice_ceiling(Decimal("6")) == 10
    assert nice_ceiling(Decimal("95")) == 100
    assert nice_ceiling(Decimal("104.5")) == 120
    assert nice_ceiling(Decimal("0.3")) == Decimal("0.5")
