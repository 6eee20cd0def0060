"""The demo's import story runs through the real services: one refused file, one imported."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kinerja.accounts.models import Role, User
from kinerja.demo.imports import load
from kinerja.measurements.models import ImportBatch
from kinerja.organisation.services import role_grant
from tests.imports.support import current

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_refused_and_an_imported_batch(cast):
    hr = User.objects.create_user(username="bkpsdm.jambi")
    role_grant(user=hr, instansi=cast.instansi, role=Role.HR_ADMIN)

    written = load(today=dt.date(cast.year.year, 3, 15))

    assert written == 2
    statuses = list(ImportBatch.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [ImportBatch.Status.INVALID, ImportBatch.Status.DONE]
    assert current(cast.programmes, 2).value == Decimal(1)
    assert current(cast.coverage, 2).value == Decimal(90)
