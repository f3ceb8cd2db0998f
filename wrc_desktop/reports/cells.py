"""Cells that hold exactly what the register says, written a whole row at a time.

A name or a note beginning with ``=``, ``+``, ``-`` or ``@`` would run as a
formula in Excel or WPS (CSV/formula injection). Text is always written as a
string cell (never through a writer that guesses the type), and such text gets
the quote prefix as well, so it stays text even after the clerk edits the cell.

The detail sheet has 13 cells on each of up to 50 000 rows. Going through
xlsxwriter's per-cell ``write_*`` calls costs about ten times more than the XML
those cells become (each call checks, stores, then re-reads and escapes the
cell), so :class:`CellWriter` renders each cell's XML exactly as xlsxwriter's
constant-memory mode does and hands the finished row to
:meth:`~.report_style.ReportSheet.write_row_xml`. Text that needs escaping goes
through xlsxwriter's own escaping functions.
"""

from __future__ import annotations

import datetime as dt
import re

from xlsxwriter.format import Format
from xlsxwriter.utility import (
    _preserve_whitespace,
    _utf16_len,
    _utf16_truncate,
    xl_col_to_name,
)

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "yyyy-mm-dd"
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()
# Anything xlsxwriter would change in a string: XML's special characters, control characters,
# its own _xHHHH_ escapes, the two non-characters, leading or trailing white space.
_NEEDS_ESCAPING = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_MAX_UNITS = 32767  # Excel's longest string, in UTF-16 units


def excel_serial(value: dt.date) -> int:
    """The day number Excel stores for a date (what ``write_datetime`` computes, without its cost)."""
    return value.toordinal() - _EXCEL_EPOCH


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


class CellWriter:
    """Collects one row's cells (plain format, or its quote-prefixed twin for risky text).

    Cells may be given in any column order; :meth:`end_row` writes them in column
    order. Empty cells are written too (blank with the format), so the printed
    grid has no gaps.
    """

    def __init__(self, sheet, columns: int, plain: Format, quoted: Format, date: Format) -> None:
        self.sheet = sheet  # a report_style.ReportSheet
        self._letters = [xl_col_to_name(col) for col in range(columns)]
        self._cells: list[str] = [""] * columns
        self._row = -1
        self._ref = ""  # the Excel row number of the row being collected, as text
        self._styles: dict[int, str] = {}
        self._plain, self._quoted, self._date = map(self._style, (plain, quoted, date))

    def _style(self, fmt: Format | None) -> str:
        """The cell's style attribute for ``fmt`` (its index in the workbook's styles)."""
        found = self._styles.get(id(fmt))
        if found is None:
            index = fmt._get_xf_index() if fmt is not None else 0
            found = self._styles[id(fmt)] = f' s="{index}"' if index else ""
        return found

    def start_row(self, row: int) -> None:
        """Begin collecting the cells of ``row`` (0-based)."""
        self._row = row
        self._ref = str(row + 1)
        self._cells = [""] * len(self._cells)

    def end_row(self) -> None:
        """Write the collected row to the sheet."""
        self.sheet.write_row_xml(self._row, len(self._cells) - 1, "".join(self._cells))

    def text(self, col: int, value: str | None, fmt: Format | None = None) -> None:
        style = self._plain if fmt is None else self._style(fmt)
        if not value:
            self._cells[col] = f'<c r="{self._letters[col]}{self._ref}"{style}/>'
            return
        if value.startswith(FORMULA_STARTS):
            style = self._quoted
        text, preserve = self._escaped(value)
        self._cells[col] = (
            f'<c r="{self._letters[col]}{self._ref}"{style} t="inlineStr">'
            f"<is><t{preserve}>{text}</t></is></c>"
        )

    def date(self, col: int, value: dt.date | None, fmt: Format | None = None) -> None:
        if value is None:
            style = self._plain if fmt is None else self._style(fmt)
            self._cells[col] = f'<c r="{self._letters[col]}{self._ref}"{style}/>'
        else:
            style = self._date if fmt is None else self._style(fmt)
            self._cells[col] = (
                f'<c r="{self._letters[col]}{self._ref}"{style}>'
                f"<v>{value.toordinal() - _EXCEL_EPOCH}</v></c>"
            )

    def formula(
        self, col: int, formula: str, value: int | str | None, fmt: Format | None = None
    ) -> None:
        """A formula with its value on the day the report was made (shown before recalculation).

        Only functions as old as the file format (no ``_xlfn.`` prefix), as in
        :class:`~.report_style.ReportSheet`'s classic formulas.
        """
        style = self._plain if fmt is None else self._style(fmt)
        body = self.sheet._escape_data(formula.removeprefix("="))
        if isinstance(value, str) and value:
            cached, kind = self.sheet._escape_data(value), ' t="str"'
        else:
            cached, kind = "" if value is None else str(value), ""
        self._cells[col] = (
            f'<c r="{self._letters[col]}{self._ref}"{style}{kind}><f>{body}</f><v>{cached}</v></c>'
        )

    def _escaped(self, text: str) -> tuple[str, str]:
        """The text as xlsxwriter writes it in an inline string, and the <t> element's attribute."""
        if len(text) > _MAX_UNITS // 2 and _utf16_len(text) > _MAX_UNITS:
            text = _utf16_truncate(text, _MAX_UNITS)  # as xlsxwriter's write_string does
        if _NEEDS_ESCAPING.search(text) is None:
            return text, ""
        preserve = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
        return self.sheet._escape_data(self.sheet._escape_control_characters(text)), preserve
