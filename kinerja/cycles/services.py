"""Writes for appraisal years."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction

from kinerja.cycles.models import AppraisalYear, Cadence, Period, PeriodKind
from kinerja.organisation.models import Instansi


def appraisal_year_create(
    *, instansi: Instansi, year: int, cadence: str = Cadence.QUARTERLY
) -> AppraisalYear:
    """Open an appraisal year with its 12 months, 4 quarters and the annual period.

    Idempotent: an existing year is returned unchanged.
    """
    with transaction.atomic():
        appraisal_year, created = AppraisalYear.objects.get_or_create(
            instansi=instansi, year=year, defaults={"cadence": cadence}
        )
        if not created:
            return appraisal_year

        def last_day(month: int) -> dt.date:
            return dt.date(year, month, calendar.monthrange(year, month)[1])

        periods = [
            Period(
                year=appraisal_year,
                kind=PeriodKind.MONTH,
                number=m,
                start=dt.date(year, m, 1),
                end=last_day(m),
            )
            for m in range(1, 13)
        ]
        periods += [
            Period(
                year=appraisal_year,
                kind=PeriodKind.QUARTER,
                number=q,
                start=dt.date(year, 3 * q - 2, 1),
                end=last_day(3 * q),
            )
            for q in range(1, 5)
        ]
        periods.append(
            Period(
                year=appraisal_year,
                kind=PeriodKind.YEAR,
                number=1,
                start=dt.date(year, 1, 1),
                end=dt.date(year, 12, 31),
            )
        )
        Period.objects.bulk_create(periods)
    return appraisal_year
