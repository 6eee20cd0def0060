"""Bad input on the evaluation page: a clear message beside the field, nothing saved."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.evaluations.models import BehaviourAssessment, Evaluation
from kinerja.plans.models import CoreValue
from tests.evaluations.eval_support import open_period
from tests.support import evaluation_form_data, field_errors, record

# Standings depend on which months are due; pin today so these numbers do not.
pytestmark = pytest.mark.usefixtures("start_of_year")


@pytest.fixture
def page(cast):
    """The penilai on the evaluation page; the data proposes Sesuai Ekspektasi."""
    record(cast.programmes, 1, "1")  # 1 programme by January: 100 %
    client = Client()
    client.force_login(cast.penilai.user)
    # The quarter open on the pinned day (31 January): the first.
    url = reverse("evaluations:evaluate", args=[cast.pegawai_plan.pk, open_period(cast).pk])
    assert client.get(url).status_code == 200
    evaluation = Evaluation.objects.get()
    assert evaluation.proposed_rating == "meets"
    return client, url, evaluation


def _fieldset(html: str, number: int) -> str:
    match = re.search(rf'<fieldset data-testid="value-{number}">(.*?)</fieldset>', html, re.S)
    assert match, f"no fieldset for value {number}"
    return match.group(1)


def _nothing_saved(evaluation: Evaluation) -> None:
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert stored.status == Evaluation.Status.DRAFT
    assert stored.result_rating == stored.predikat == ""
    assert not BehaviourAssessment.objects.exists()


def test_complete_form_finalises(page):
    # The control case: the same form does save when the input is complete.
    client, url, evaluation = page
    response = client.post(url, evaluation_form_data("meets"))
    assert response.status_code == 302
    assert Evaluation.objects.get(pk=evaluation.pk).status == Evaluation.Status.FINAL


@pytest.mark.parametrize("reason", ["", "   "])
def test_changed_rating_without_reason_is_refused_beside_the_reason(page, reason):
    client, url, evaluation = page
    response = client.post(url, evaluation_form_data("above", reason=reason))
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "id_result_rating_reason") == [
        "Rating berbeda dari usulan data: tuliskan alasannya."
    ]
    _nothing_saved(evaluation)


def test_missing_berakhlak_rating_is_refused_beside_that_value(page):
    client, url, evaluation = page
    response = client.post(url, evaluation_form_data("meets", omit=("rating_kompeten",)))
    assert response.status_code == 200
    html = response.content.decode()
    position = CoreValue.values.index("kompeten") + 1
    assert "Bidang ini tidak boleh kosong." in _fieldset(html, position)
    for other in range(1, len(CoreValue.values) + 1):
        if other != position:
            assert "errorlist" not in _fieldset(html, other)
    _nothing_saved(evaluation)


def test_missing_result_rating_is_refused(page):
    client, url, evaluation = page
    response = client.post(url, evaluation_form_data("meets", omit=("result_rating",)))
    assert response.status_code == 200
    legend = response.content.decode().split("<legend>Rating Hasil Kerja</legend>", 1)[1]
    assert "Bidang ini tidak boleh kosong." in legend.split("</fieldset>", 1)[0]
    _nothing_saved(evaluation)


def test_unknown_rating_is_refused(page):
    client, url, evaluation = page
    data = evaluation_form_data("meets")
    data["rating_loyal"] = "luar_biasa"
    response = client.post(url, data)
    assert response.status_code == 200
    position = CoreValue.values.index("loyal") + 1
    assert (
        "Masukkan pilihan yang valid. luar_biasa bukan salah satu dari pilihan yang tersedia."
        in _fieldset(response.content.decode(), position)
    )
    _nothing_saved(evaluation)
