"""Text written into CSV and XLSX downloads.

A cell beginning with one of these characters is run as a formula by
spreadsheet programs (CSV injection); a leading apostrophe makes it text.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A cell as text a spreadsheet shows as typed: a leading ' keeps it from being a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
