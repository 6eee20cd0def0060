"""Reading whole numbers typed by people or machines: a bad value is absent, never a 500.

`str.isdigit()` accepts characters such as "²" that `int()` refuses, and an
id of thirty digits overflows the database's integer; both must read as "not
a number" wherever a request parameter, a form list or a file cell is parsed.
"""

from __future__ import annotations

import re

ASCII_DIGITS = re.compile(r"[0-9]+")
# Largest value of a signed 64-bit column (PostgreSQL bigint, SQLite integer).
LARGEST_ID = 2**63 - 1


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty run of 0-9 only (no signs, spaces or other scripts' digits)."""
    return ASCII_DIGITS.fullmatch(text) is not None


def id_param(raw: object) -> int | None:
    """A positive database id from a request parameter or cell, or None when it is not one."""
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        return None
    text = str(raw).strip()
    if not is_ascii_digits(text) or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= LARGEST_ID else None
