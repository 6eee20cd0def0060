"""Small helpers shared by the tests: periods of the cast's year, uploads, form data."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kinerja import scoring
from kinerja.cycles.models import Period, PeriodKind
from kinerja.cycles.selectors import evaluation_period_current
from kinerja.evaluations.services import BehaviourInput
from kinerja.measurements.services import measurement_record
from kinerja.plans.models import CoreValue, PlanIndicator

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def month(year: object, number: int) -> Period:
    return Period.objects.get(year=year, kind=PeriodKind.MONTH, number=number)


def quarter(year: object, number: int) -> Period:
    return Period.objects.get(year=year, kind=PeriodKind.QUARTER, number=number)


def current_quarter(year: object) -> Period:
    period = evaluation_period_current(year, on=timezone.localdate())  # type: ignore[arg-type]
    assert period is not None
    return period


def pdf_upload(name: str = "bukti.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def record(indicator: PlanIndicator, number: int, value: str | None = None, **parts: str) -> None:
    """Record realisasi for month `number` as the IKI's own employee, through the service.

    The IKI is read afresh from the database, as the record view does.
    """
    indicator = PlanIndicator.objects.select_related("result__plan__year").get(pk=indicator.pk)
    plan = indicator.result.plan
    measurement_record(
        user=plan.employee.user,
        plan_indicator=indicator,
        period=month(plan.year, number),
        value=Decimal(value) if value is not None else None,
        **{k: Decimal(v) for k, v in parts.items()},
    )


def behaviour(rating: str = "meets", **overrides: str) -> dict[str, BehaviourInput]:
    """The seven BerAKHLAK ratings for `evaluation_finalise`, all `rating` unless overridden."""
    return {
        v: BehaviourInput(scoring.Rating(overrides.get(v, rating)), f"umpan balik {v}")
        for v in CoreValue.values
    }


def evaluation_form_data(
    result_rating: str, *, reason: str = "", rating: str = "meets", omit: tuple[str, ...] = ()
) -> dict[str, str]:
    """POST data of the evaluation form; `omit` leaves out fields by name."""
    data = {"result_rating": result_rating, "result_rating_reason": reason}
    for value in CoreValue.values:
        data[f"rating_{value}"] = rating
        data[f"feedback_{value}"] = ""
    return {k: v for k, v in data.items() if k not in omit}


def field_errors(html: str, field_id: str) -> list[str]:
    """Error messages rendered beside the field with HTML id `field_id` (core/field.html)."""
    match = re.search(rf'<ul class="errorlist" id="{field_id}_error"[^>]*>(.*?)</ul>', html, re.S)
    if match is None:
        return []
    return [unescape(m.strip()) for m in re.findall(r"<li>(.*?)</li>", match.group(1), re.S)]
