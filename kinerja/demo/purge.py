"""Removing a whole instansi: for `kinerja demo --reset` and `kinerja seed --reset`.

Many foreign keys are PROTECT on purpose (history must not vanish by
accident), so the rows are removed leaves first. The accounts of the
instansi's employees go too; office accounts (HR admin, auditor) stay and only
lose their grants.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model, QuerySet

from kinerja.agreements.models import PerformanceAgreement
from kinerja.api.models import ApiToken
from kinerja.cycles.models import AppraisalYear
from kinerja.evaluations.models import Evaluation, Objection, UnitPredikat
from kinerja.indicators.models import Indicator
from kinerja.measurements.models import DataSource, ImportBatch, Measurement
from kinerja.organisation.models import Employee, Instansi, Position, Unit
from kinerja.plans.models import PerformancePlan, PlannedResult
from kinerja.servicetimes.models import ServiceTicket


def instansi_purge(codes: Sequence[str], *, say: Callable[[str], None] | None = None) -> int:
    """Delete the instansi with these codes and everything of theirs; returns how many."""
    instansi = list(Instansi.objects.filter(code__in=codes))
    with transaction.atomic():
        for inst in instansi:
            if say:
                say(f"Menghapus {inst.name} …")
            # An objection protects its evaluation from an accidental delete; the purge is not one.
            Objection.objects.filter(evaluation__plan__year__instansi=inst).delete()
            Evaluation.objects.filter(plan__year__instansi=inst).delete()
            UnitPredikat.objects.filter(unit__instansi=inst).delete()
            Measurement.objects.filter(plan_indicator__result__plan__year__instansi=inst).delete()
            ServiceTicket.objects.filter(data_source__instansi=inst).delete()
            ImportBatch.objects.filter(instansi=inst).delete()
            # `supports` links RHKs across SKPs and is PROTECT; cut the links first.
            PlannedResult.objects.filter(plan__year__instansi=inst).update(supports=None)
            _delete_chunked(PerformancePlan, PerformancePlan.objects.filter(year__instansi=inst))
            PerformanceAgreement.objects.filter(unit__instansi=inst).delete()
            employees = Employee.objects.filter(instansi=inst)
            for chunk in _chunks(list(employees.values_list("pk", flat=True))):
                get_user_model().objects.filter(employee__in=chunk).delete()
                Employee.objects.filter(pk__in=chunk).delete()
            Position.objects.filter(instansi=inst).update(parent=None)
            _delete_chunked(Position, Position.objects.filter(instansi=inst))
            Unit.objects.filter(instansi=inst).update(parent=None)
            _delete_chunked(Unit, Unit.objects.filter(instansi=inst))
            Indicator.objects.filter(instansi=inst).delete()
            AppraisalYear.objects.filter(instansi=inst).delete()
            ApiToken.objects.filter(data_source__instansi=inst).delete()
            DataSource.objects.filter(instansi=inst).delete()
            inst.delete()
    return len(instansi)


# Deleting in chunks keeps Django's deletion collector (which loads the rows it
# cascades through) to a bounded number of objects, even for a seeded province.
CHUNK = 2000


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _delete_chunked(model: type[Model], queryset: QuerySet[Any]) -> None:
    for chunk in _chunks(list(queryset.values_list("pk", flat=True))):
        model._default_manager.filter(pk__in=chunk).delete()
