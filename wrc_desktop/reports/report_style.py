"""Look of the Excel reports: body font, cell formats, status colours, print setup and the month chart.

Status colours run from calm to alarming in the order of ``rules.deadlines.STATUSES``
and are conditional formats on the status text, so they follow the text when it
changes with the day the sheet is opened. The text says the status too, so a
black-and-white printout loses nothing. Every cell has a thin border: the grid
shows on paper, not only on screen.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from dataclasses import dataclass

import xlsxwriter.workbook as xlsxwriter_workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .cells import DATE_FORMAT

BODY_FONT = "等线"  # Office's Chinese body font; WPS and LibreOffice substitute their own CJK font
BODY_SIZE = 10
WORKBOOK_OPTIONS = {
    "default_format_properties": {"font_name": BODY_FONT, "font_size": BODY_SIZE},
    "strings_to_formulas": False,  # nothing the register holds is ever read as a formula
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
TABLE_STYLE = "Table Style Light 9"  # a blue header and light bands that stay legible in print
_BORDER = {"border": 1, "border_color": "#A6A6A6"}

# status → (fill colour, font colour)
STATUS_COLOURS = {
    "正常": ("E2EFDA", "375623"),
    "即将进入续签期": ("DDEBF7", "1F4E78"),
    "续签期内": ("FFF2CC", "7F6000"),
    "紧急": ("F8CBAD", "833C0B"),
    "已过最晚提交日": ("FF9999", "7B0000"),
    "已过期（须立即提交）": ("E06666", "FFFFFF"),
    "已失效": ("A50021", "FFFFFF"),
    "无证件信息": ("EDEDED", "404040"),
    "已注销": ("EDEDED", "404040"),
}
CALM_STATUSES = ("正常", "无证件信息", "已注销")


class ReportSheet(Worksheet):
    """A worksheet that skips xlsxwriter's future-function rewriting where no function needs it.

    xlsxwriter runs about 30 regular-expression substitutions over every formula
    to add the ``_xlfn.`` prefix newer Excel functions need; with two formulas a
    row that is half the writing time of a 50 000-row report. The report's own
    formulas use only functions as old as the file format, so they pass as they are.
    """

    CLASSIC_FUNCTIONS = frozenset({"IF", "TODAY", "COUNTIF"})
    _FUNCTION = re.compile(r"([A-Z][A-Z0-9.]*)\(")

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if set(
            self._FUNCTION.findall(formula)
        ) <= self.CLASSIC_FUNCTIONS and not formula.startswith("{"):
            return formula.removeprefix("=")
        return super()._prepare_formula(formula, expand_future_functions)

    def write_rows_xml(self, first_row: int, last_row: int, last_col: int, rows: str) -> None:
        """Write whole rows whose cells (columns 0 to ``last_col``) are already XML.

        Constant-memory mode only, rows in ascending order, and no row given a
        height or a format with ``set_row`` (xlsxwriter would write that row again).
        The rows buffered through the ordinary ``write_*`` calls before them (title,
        header) are written first, as xlsxwriter does when a later row begins.
        """
        if (
            not self.constant_memory
            or first_row <= self.previous_row
            or last_row < first_row
            or any(first_row <= row <= last_row for row in self.row_info)
        ):
            raise ValueError(f"rows {first_row}–{last_row} cannot be written directly")
        if self._check_dimensions(first_row, 0) or self._check_dimensions(last_row, last_col):
            raise ValueError(f"rows {first_row}–{last_row} are outside the worksheet")
        self._write_single_row(last_row)  # the buffered row before these; the last becomes current
        self.fh.write(rows)

    def _write_optimized_sheet_data(self) -> None:
        """The rows written so far, into the sheet's XML: as xlsxwriter does, but copied as bytes
        (xlsxwriter reads the 45 MB of a 50 000-row sheet back as text and encodes it again)."""
        if self.dim_rowmin is None or not self.internal_fh:
            super()._write_optimized_sheet_data()
            return
        self._xml_start_tag("sheetData")
        self.row_data_fh.close()
        self.fh.flush()
        with open(self.row_data_filename, "rb") as rows:
            shutil.copyfileobj(rows, self.fh.buffer, 1 << 20)
        os.unlink(self.row_data_filename)
        self._xml_end_tag("sheetData")


class ReportWorkbook(Workbook):
    """A workbook zipped at zlib's fastest level.

    The detail sheet's XML of 50 000 rows is about 45 MB; at zlib's default level
    compressing it takes longer than writing it, at level 1 a third of that
    for a file about a fifth larger. xlsxwriter has no option for the level, so
    its zip file is made with it while this workbook is stored.
    """

    ZIP_LEVEL = 1

    def _store_workbook(self) -> None:
        with _ZIP_SWAP:  # one workbook at a time swaps the class xlsxwriter zips with
            library_zip = xlsxwriter_workbook.ZipFile
            xlsxwriter_workbook.ZipFile = functools.partial(
                library_zip, compresslevel=self.ZIP_LEVEL
            )
            try:
                super()._store_workbook()
            finally:
                xlsxwriter_workbook.ZipFile = library_zip


_ZIP_SWAP = threading.Lock()


@dataclass(frozen=True)
class Formats:
    """The formats one workbook uses, made once (xlsxwriter formats belong to their workbook)."""

    title: Format
    note: Format
    header: Format
    cell: Format
    quoted: Format
    date: Format
    days: Format
    count: Format
    status: dict[str, Format]
    overdue_days: Format
    book: Workbook
    _marked_dates: dict[str, Format]

    def marked_date(self, number_format: str) -> Format:
        """The bordered date format with another number format (a mark after the date), made once."""
        found = self._marked_dates.get(number_format)
        if found is None:
            found = self._marked_dates[number_format] = self.book.add_format(
                {"num_format": number_format, **_BORDER}
            )
        return found


def make_formats(book: Workbook) -> Formats:
    def fmt(**properties: object) -> Format:
        return book.add_format(properties)

    return Formats(
        title=fmt(bold=True, font_size=14),
        note=fmt(font_size=9, font_color="#595959"),
        header=fmt(
            bold=True,
            font_color="#FFFFFF",
            bg_color="#305496",
            align="center",
            valign="vcenter",
            text_wrap=True,
            **_BORDER,
        ),
        cell=fmt(**_BORDER),
        quoted=fmt(quote_prefix=True, **_BORDER),
        date=fmt(num_format=DATE_FORMAT, **_BORDER),
        days=fmt(num_format="0", **_BORDER),
        count=fmt(num_format="0", **_BORDER),
        # Conditional formats carry only what changes: fill and font colour.
        status={
            status: fmt(
                bg_color=f"#{fill}", font_color=f"#{font}", bold=status not in CALM_STATUSES
            )
            for status, (fill, font) in STATUS_COLOURS.items()
        },
        overdue_days=fmt(font_color="#C00000", bold=True),
        book=book,
        _marked_dates={},
    )


def colour_statuses(sheet: Worksheet, cells: str, formats: Formats) -> None:
    """Conditional formats on ``cells`` (e.g. ``"J4:J200"``): each status text gets its colours."""
    for status, status_format in formats.status.items():
        sheet.conditional_format(
            cells,
            {"type": "cell", "criteria": "==", "value": f'"{status}"', "format": status_format},
        )


def mark_overdue_days(sheet: Worksheet, cells: str, formats: Formats) -> None:
    """Negative days left (the latest submission has passed) in dark red."""
    sheet.conditional_format(
        cells, {"type": "cell", "criteria": "<", "value": 0, "format": formats.overdue_days}
    )


def add_table_after_rows(sheet: Worksheet, first_row: int, last_row: int, options: dict) -> None:
    """An Excel table over cells already written by a constant-memory sheet.

    xlsxwriter refuses tables in constant-memory mode because it cannot write
    the header cells once their row has gone to disk. Our header row is written
    (with the same names) before the data, so the table's own header writes
    only fill the row buffer, which is discarded; the table part itself is
    kept in memory and written at close like in the ordinary mode.

    xlsxwriter also records every cell of a table to refuse overlapping tables
    (650 000 entries for 50 000 rows, a second of the report's time); this sheet
    has one table, so it is added over its first data row and then given its
    full range. No column of ours has a formula or a total, which would be
    written over the data rows.
    """
    if options.get("total_row") or any(c.get("formula") for c in options["columns"]):
        raise ValueError("a table after its rows has no formula columns and no total row")
    flushed = sheet.constant_memory
    sheet.constant_memory = False
    try:
        result = sheet.add_table(
            first_row, 0, min(last_row, first_row + 1), len(options["columns"]) - 1, options
        )
    finally:
        sheet.constant_memory = flushed
    if result != 0:
        raise ValueError(f"xlsxwriter refused the table ({result})")
    table = sheet.tables[-1]
    table["range"] = table["a_range"] = xl_range(
        first_row, 0, last_row, len(options["columns"]) - 1
    )
    if table.get("autofilter"):
        table["autofilter"] = table["a_range"]
    if flushed:
        sheet.table.pop(first_row, None)  # the header row left in the buffer is already on disk


def setup_columns(sheet: Worksheet, widths: list[int], hidden: tuple[int, ...] = ()) -> None:
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width, None, {"hidden": index in hidden})


def print_setup(sheet: Worksheet, title: str, *, fit_height: bool = False) -> None:
    """Landscape A4, fitted to the page width (and height for one-page sheets), page numbers below."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 1 if fit_height else 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer(f"&L&8{title.replace('&', '&&')}&R&8第 &P 页，共 &N 页")


def month_chart(book: Workbook, sheet_name: str, *, header_row: int, last_row: int) -> object:
    """A column chart of the month table in columns A (month) and B (count); rows are 0-based."""
    chart = book.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": [sheet_name, header_row, 1],
            "categories": [sheet_name, header_row + 1, 0, last_row, 0],
            "values": [sheet_name, header_row + 1, 1, last_row, 1],
            "fill": {"color": "#4472C4"},
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": "未来 12 个月到期人数", "name_font": {"name": BODY_FONT, "size": 12}})
    chart.set_x_axis(
        {
            "name": "到期月份",
            "num_font": {"rotation": -45, "size": 9, "name": BODY_FONT},
            "name_font": {"name": BODY_FONT},
        }
    )
    chart.set_y_axis(
        {"name": "人数", "name_font": {"name": BODY_FONT}, "num_font": {"name": BODY_FONT}}
    )
    chart.set_legend({"none": True})
    chart.set_size({"width": 680, "height": 300})
    return chart
