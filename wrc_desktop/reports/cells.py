"""What a report cell may hold: text that stays text, within Excel's length, and dates as day numbers.

A name or a note beginning with ``=``, ``+``, ``-`` or ``@`` would run as a
formula in Excel or WPS (CSV/formula injection). Text is always written with
``write_string`` (never through a writer that guesses the type), and such text
gets the quote prefix as well, so it stays text even after the clerk edits the
cell.

Excel holds at most 32,767 UTF-16 units in a cell (a character beyond U+FFFF,
an emoji or a rare CJK ideograph, counts twice). :func:`fit_text` cuts longer
text itself, so the writer is never handed a string it would cut (and warn about).
"""

from __future__ import annotations

import datetime as dt

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "yyyy-mm-dd"
MAX_CELL_UNITS = 32767  # Excel's longest text in a cell, in UTF-16 units
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()
_BMP_END = 0xFFFF  # characters above it take two UTF-16 units (a surrogate pair)


def excel_serial(value: dt.date) -> int:
    """The day number Excel stores for a date (shown as a date by a date number format)."""
    return value.toordinal() - _EXCEL_EPOCH


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def utf16_len(text: str) -> int:
    """The length of ``text`` in UTF-16 units, as Excel counts it."""
    return len(text) + sum(1 for char in text if ord(char) > _BMP_END)


def utf16_truncate(text: str, units: int) -> str:
    """The longest start of ``text`` within ``units`` UTF-16 units, never splitting a character."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > _BMP_END else 1
        if used > units:
            return text[:index]
    return text


def fit_text(text: str) -> str:
    """``text`` cut to what one cell holds (text under half the limit cannot exceed it: not counted)."""
    if len(text) > MAX_CELL_UNITS // 2 and utf16_len(text) > MAX_CELL_UNITS:
        return utf16_truncate(text, MAX_CELL_UNITS)
    return text
