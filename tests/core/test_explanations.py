"""Every step the engine can emit has a sentence, and stored explanations render readably."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from kinerja import scoring
from kinerja.core.explanations import STEP_TEXT, explain_steps, format_number
from kinerja.plans.models import PlanIndicator
from tests.support import record

# Standings depend on which months are due; pin today so these numbers do not.
pytestmark = pytest.mark.usefixtures("start_of_year")


def test_every_engine_step_code_has_a_text():
    missing = sorted(set(scoring.STEP_CODES) - set(STEP_TEXT))
    assert not missing, f"add these codes to kinerja.core.explanations.STEP_TEXT: {missing}"


def test_no_text_for_a_code_the_engine_does_not_know():
    stale = sorted(set(STEP_TEXT) - set(scoring.STEP_CODES))
    assert not stale, f"STEP_TEXT has codes the engine never emits: {stale}"


def test_every_text_is_a_non_empty_sentence():
    for code, text in STEP_TEXT.items():
        assert str(text).strip(), code


def test_explain_steps_renders_a_stored_explanation(cast):
    record(cast.programmes, 1, "1")
    stored = PlanIndicator.objects.get(pk=cast.programmes.pk).explanation

    steps = explain_steps(stored)

    assert [s.text for s in steps] == [
        str(STEP_TEXT["aggregate.sum"]),
        str(STEP_TEXT["target.prorated"]),
        str(STEP_TEXT["capaian.higher_better"]),
    ]
    assert steps[2].formula == "realisasi / target × 100"
    # jsonb (PostgreSQL) does not keep the order of the values, so compare them as a dict.
    assert dict(steps[2].values) == {"realisasi": "1,00", "target": "1,00", "capaian": "100,00"}
    assert dict(steps[1].values)["bulan berjalan"] == "1"  # a count, shown whole


def test_explain_steps_keeps_words_and_formats_big_numbers():
    explanation = scoring.Scored(
        Decimal("1234.5"),
        (
            scoring.Step(
                "rating.proposed",
                "capaian ≥ above_min → above",
                {"capaian": Decimal("1234.5"), "rating": scoring.Rating.ABOVE, "policy": "v1"},
            ),
        ),
    ).to_dict()

    [step] = explain_steps(explanation)

    assert dict(step.values) == {
        "capaian": "1.234,50",
        "rating": "Di Atas Ekspektasi",  # the engine's code, in the reader's words
        "kebijakan": "v1",
    }


def test_explain_steps_hides_internal_ids_and_speaks_english_when_asked():
    from django.utils import translation

    explanation = scoring.Scored(
        None,
        (scoring.Step("skp.rhk", "Σ", {"rhk": "17", "capaian": Decimal("1234.5")}),),
    ).to_dict()
    [step] = explain_steps(explanation)
    assert dict(step.values) == {"capaian": "1.234,50"}
    with translation.override("en"):
        [step] = explain_steps(explanation)
    assert dict(step.values) == {"capaian": "1,234.50"}


def test_explain_steps_of_nothing_is_empty():
    assert explain_steps(None) == []
    assert explain_steps({}) == []
    assert explain_steps({"value": None, "steps": []}) == []


def test_unknown_code_is_shown_as_is():
    [step] = explain_steps({"steps": [{"code": "future.step", "formula": "x", "values": {}}]})
    assert (step.text, step.formula, step.values) == ("future.step", "x", [])


def test_format_number_writes_the_indonesian_way():
    assert format_number(None) == "–"
    assert format_number(Decimal("1234567.891")) == "1.234.567,89"
    assert format_number(Decimal("0.006")) == "0,01"
    assert format_number("bukan angka") == "bukan angka"


def test_explanation_tag_renders_the_steps_in_a_details_block(cast):
    record(cast.programmes, 1, "1")
    stored = PlanIndicator.objects.get(pk=cast.programmes.pk).explanation
    html = Template("{% load kinerja %}{% explanation data %}").render(Context({"data": stored}))
    assert "<details" in html
    assert "Bagaimana nilai ini dihitung" in html
    assert "capaian = 100,00" in html
    assert (
        Template("{% load kinerja %}{% explanation data %}").render(Context({"data": {}})).strip()
        == ""
    )
