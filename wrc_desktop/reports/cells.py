"""Cells that hold exactly what the register says: text never turns into a formula.

A name or a note beginning with ``=``, ``+``, ``-`` or ``@`` would run as a
formula in Excel or WPS (CSV/formula injection). Such text is written as a
string cell with the quote prefix, so it shows and stays as text even after
the cell is edited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "yyyy-mm-dd"


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def text_cell(sheet: WriteOnlyWorksheet, value: str, **style: Any) -> WriteOnlyCell:
    """A string cell that is never a formula, whatever it starts with."""
    cell = WriteOnlyCell(sheet)
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    for name, item in style.items():
        setattr(cell, name, item)
    return cell


def value_cell(sheet: WriteOnlyWorksheet, value: Any, **style: Any) -> Any:
    """Plain values stay plain (fast path); risky text and styled values get a cell object."""
    if isinstance(value, str):
        if looks_like_formula(value) or style:
            return text_cell(sheet, value, **style)
        return value
    if not style and not isinstance(value, dt.date):
        return value
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, dt.date) and "number_format" not in style:
        cell.number_format = DATE_FORMAT
    for name, item in style.items():
        setattr(cell, name, item)
    return cell


def set_safe(cell: Any, value: Any) -> None:
    """The same protection for a cell of an ordinary (not write-only) worksheet."""
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
