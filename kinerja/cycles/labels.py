"""Human labels of periods, as the official forms write them."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV-AKHIR"}


def period_label(kind: str, number: int, year: int) -> str:
    if kind == "month":
        return date_format(dt.date(year, number, 1), "F Y")
    if kind == "quarter":
        return _("Triwulan %(roman)s %(year)s") % {"roman": _QUARTERS[number], "year": year}
    return _("Tahunan %(year)s") % {"year": year}
