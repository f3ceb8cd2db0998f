"""Cells that hold exactly what the register says, as the XML xlsxwriter writes for them.

A name or a note beginning with ``=``, ``+``, ``-`` or ``@`` would run as a
formula in Excel or WPS (CSV/formula injection). Text is always written as a
string cell (never through a writer that guesses the type), and such text gets
the quote prefix as well, so it stays text even after the clerk edits the cell.

The detail sheet has 13 cells on each of up to 50 000 rows. Going through
xlsxwriter's per-cell ``write_*`` calls costs about ten times more than the XML
those cells become (each call checks, stores, then re-reads and escapes the
cell), so :class:`CellXml` renders each cell's XML exactly as xlsxwriter's
constant-memory mode does, and whole rows go to
:meth:`~.report_style.ReportSheet.write_rows_xml`. A cell's XML is its opening
``<c r="A4`` followed by what :class:`CellXml` returns (its *tail*): the tail
does not depend on the row, so the tail of a value many rows share (a unit, a
date, a status) is made once. Text that needs escaping goes through
xlsxwriter's own escaping functions.
"""

from __future__ import annotations

import datetime as dt
import re

from xlsxwriter.format import Format
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate
from xlsxwriter.xmlwriter import XMLwriter

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


def escape_data(text: str) -> str:
    """XML's escapes in an element's text, as xlsxwriter's ``_escape_data`` writes them."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class CellXml:
    """The tails of bordered cells: plain text (or its quote-prefixed twin for risky text), dates,
    blanks and formulas. Empty cells are written too (blank with the format), so the printed
    grid has no gaps.

    Prefix a tail with the cell's reference: ``f'<c r="{column}{row}{tail}'``.
    """

    def __init__(self, plain: Format, quoted: Format, date: Format) -> None:
        self._styles: dict[int, str] = {}
        self.plain, self.quoted, self.date_style = map(self.style, (plain, quoted, date))

    def style(self, fmt: Format | None) -> str:
        """The cell's style attribute for ``fmt`` (its index in the workbook's styles)."""
        found = self._styles.get(id(fmt))
        if found is None:
            index = fmt._get_xf_index() if fmt is not None else 0
            found = self._styles[id(fmt)] = f' s="{index}"' if index else ""
        return found

    def blank(self, fmt: Format | None = None) -> str:
        return f'"{self.plain if fmt is None else self.style(fmt)}/>'

    def text(self, value: str | None, fmt: Format | None = None) -> str:
        style = self.plain if fmt is None else self.style(fmt)
        if not value:
            return f'"{style}/>'
        if value.startswith(FORMULA_STARTS):
            style = self.quoted
        if len(value) > _MAX_UNITS // 2 and _utf16_len(value) > _MAX_UNITS:
            value = _utf16_truncate(value, _MAX_UNITS)  # as xlsxwriter's write_string does
        preserve = ""
        # Letters and digits only (any script) need no escape: the common case, checked fast.
        if not value.isalnum() and _NEEDS_ESCAPING.search(value) is not None:
            if _preserve_whitespace(value):
                preserve = ' xml:space="preserve"'
            value = escape_data(XMLwriter._escape_control_characters(value))
        return f'"{style} t="inlineStr"><is><t{preserve}>{value}</t></is></c>'

    def date(self, value: dt.date | None, fmt: Format | None = None) -> str:
        if value is None:
            return f'"{self.plain if fmt is None else self.style(fmt)}/>'
        style = self.date_style if fmt is None else self.style(fmt)
        return f'"{style}><v>{value.toordinal() - _EXCEL_EPOCH}</v></c>'

    def formula(self, formula: str, value: int | str | None, fmt: Format | None = None) -> str:
        """A formula with its value on the day the report was made (shown before recalculation).

        Only functions as old as the file format (no ``_xlfn.`` prefix), as in
        :class:`~.report_style.ReportSheet`'s classic formulas.
        """
        style = self.plain if fmt is None else self.style(fmt)
        body = escape_data(formula.removeprefix("="))
        if isinstance(value, str) and value:
            cached, kind = escape_data(value), ' t="str"'
        else:
            cached, kind = "" if value is None else str(value), ""
        return f'"{style}{kind}><f>{body}</f><v>{cached}</v></c>'
