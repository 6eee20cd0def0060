"""HR sets the year's objection deadlines on the policy page: validated, recorded, shown."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kinerja.cycles.selectors import objection_days_history
from kinerja.cycles.services import PolicyChangeRefused, objection_days_change
from tests.matrix import client_as
from tests.support import field_errors

VALUES = {"objection_days": 21, "objection_explain_days": 5, "objection_decide_days": 10}


def _post(cast, **overrides: str):
    data = {
        "objection_days": "21",
        "objection_explain_days": "5",
        "objection_decide_days": "10",
        "reason": "Surat edaran BKPSDM 2026.",
        **overrides,
    }
    return client_as(cast, "hr_admin").post(
        reverse("cycles:objection_days", args=[cast.year.pk]), data
    )


def _days(cast) -> tuple[int, int, int]:
    cast.year.refresh_from_db()
    y = cast.year
    return (y.objection_days, y.objection_explain_days, y.objection_decide_days)


def test_hr_changes_the_deadlines_and_the_change_is_recorded_and_shown(cast):
    version = cast.year.scoring_policy().version
    response = _post(cast)
    assert response.status_code == 302
    assert _days(cast) == (21, 5, 10)
    assert cast.year.scoring_policy().version == version  # not a policy change
    [entry] = objection_days_history(cast.year)
    assert entry.before == {
        "objection_days": 14,
        "objection_explain_days": 7,
        "objection_decide_days": 14,
    }
    assert entry.after == VALUES and entry.reason == "Surat edaran BKPSDM 2026."
    assert entry.entry.user == cast.hr_admin
    page = client_as(cast, "auditor").get(reverse("cycles:policy", args=[cast.year.pk]))
    assert "14/7/14 → 21/5/10 hari" in page.content.decode()
    assert 'data-testid="save-objection-days"' not in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("objection_days", "0", "Paling sedikit 1 hari."),
        ("objection_days", "91", "Paling banyak 90 hari."),
        ("objection_explain_days", "tujuh", "Isi jumlah hari sebagai bilangan bulat."),
        ("objection_decide_days", "", "Isi jumlah hari (1–90)."),
        ("objection_decide_days", "3", "lebih awal dari batas penjelasan"),
        ("reason", " ", "Tuliskan alasan perubahan batas waktu."),
    ],
)
def test_a_bad_value_is_shown_beside_its_field_and_nothing_changes(cast, field, value, message):
    response = _post(cast, **{field: value})
    assert response.status_code == 200
    errors = field_errors(response.content.decode(), f"id_{field}")
    assert any(message in e for e in errors), errors
    assert _days(cast) == (14, 7, 14)
    assert objection_days_history(cast.year) == []


def test_the_service_refuses_an_auditor_and_an_unchanged_value(cast):
    with pytest.raises(PermissionDenied):
        objection_days_change(year=cast.year, actor=cast.auditor, values=VALUES, reason="x")
    same = {"objection_days": 14, "objection_explain_days": 7, "objection_decide_days": 14}
    with pytest.raises(PolicyChangeRefused):
        objection_days_change(year=cast.year, actor=cast.hr_admin, values=same, reason="x")
    assert objection_days_history(cast.year) == []
