"""One helper turns a stored choice code into its label, with a stand-in for none."""

from __future__ import annotations

from kinerja.evaluations.labels import choice_label
from kinerja.evaluations.models import PredikatChoice
from kinerja.plans.models import RatingChoice


def test_a_known_code_reads_as_its_label_and_anything_else_as_the_stand_in():
    assert choice_label(RatingChoice, "above") == str(RatingChoice.ABOVE.label)
    assert choice_label(PredikatChoice, "sangat_baik") == str(PredikatChoice("sangat_baik").label)
    for code in (None, "", "excellent", 3, ["above"]):
        assert choice_label(RatingChoice, code) == "–"
    assert choice_label(RatingChoice, "", missing="") == ""
