"""Validation of the NIP, the 18-digit civil servant number.

Layout (BKN): YYYYMMDD birth date, YYYYMM appointment (TMT CPNS), one digit for
sex (1 male, 2 female), three digits of sequence number.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kinerja.core.params import is_ascii_digits


def validate_nip(value: str) -> None:
    """Raise ValidationError unless `value` is a plausible NIP."""
    if len(value) != 18 or not is_ascii_digits(value):
        raise ValidationError(_("NIP harus terdiri dari 18 angka."), code="nip_format")
    try:
        birth = dt.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise ValidationError(
            _("Delapan angka pertama NIP bukan tanggal lahir yang valid."), code="nip_birth"
        ) from None
    year, month = int(value[8:12]), int(value[12:14])
    if not 1 <= month <= 12 or year < 1945:
        raise ValidationError(
            _("Angka ke-9 sampai ke-14 NIP bukan bulan pengangkatan yang valid."),
            code="nip_appointment",
        )
    if (year, month) < (birth.year + 15, birth.month):
        raise ValidationError(
            _("Tanggal pengangkatan pada NIP terlalu dekat dengan tanggal lahir."),
            code="nip_appointment",
        )
    if value[14] not in "12":
        raise ValidationError(_("Angka ke-15 NIP (jenis kelamin) harus 1 atau 2."), code="nip_sex")
