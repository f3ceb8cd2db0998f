"""Look of the Excel reports: fonts, status colours, column widths, print setup and the month chart.

Status colours run from calm to alarming in the order of ``rules.deadlines.STATUSES``;
the text says the status too, so a black-and-white printout loses nothing.
"""

from __future__ import annotations

import datetime as dt
from copy import copy

from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RichTextProperties,
)
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .cells import DATE_FORMAT, text_cell

TITLE_FONT = Font(size=14, bold=True)
NOTE_FONT = Font(size=9, color="595959")
_THIN = Side(style="thin", color="A6A6A6")
HEADER = {
    "font": Font(bold=True, color="FFFFFF"),
    "fill": PatternFill("solid", fgColor="305496"),
    "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "border": Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN),
}

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


def column_letter(index: int) -> str:
    return get_column_letter(index)


def setup_columns(sheet: WriteOnlyWorksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def print_setup(sheet: WriteOnlyWorksheet, title: str, *, fit_height: bool = False) -> None:
    """Landscape A4, fitted to the page width (and height for one-page sheets), page numbers below.

    Write-only sheets write their properties with the first row: call this before appending.
    """
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if fit_height else 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.left.text = title.replace("&", "&&")
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = "第 &P 页，共 &N 页"
    sheet.oddFooter.right.size = 8


class StatusCells:
    """Coloured status cells; the style of each status is built once and copied (fast for 50 000 rows)."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        self._templates: dict[str, WriteOnlyCell] = {}

    def cell(self, status: str) -> WriteOnlyCell:
        template = self._templates.get(status)
        if template is None:
            fill, font = STATUS_COLOURS.get(status, ("FFFFFF", "000000"))
            template = text_cell(self.sheet, status, fill=PatternFill("solid", fgColor=fill),
                                 font=Font(color=font, bold=status not in ("正常", "无证件信息")))
            self._templates[status] = template
        cell = WriteOnlyCell(self.sheet, status)
        cell._style = copy(template._style)
        return cell


def date_cell(sheet: WriteOnlyWorksheet):
    """A function making date cells that share one number-format style."""
    template = WriteOnlyCell(sheet, dt.date(2000, 1, 1))
    template.number_format = DATE_FORMAT

    def make(value: dt.date | None) -> WriteOnlyCell | None:
        if value is None:
            return None
        cell = WriteOnlyCell(sheet)
        cell._value = value
        cell.data_type = "d"
        cell._style = copy(template._style)
        return cell

    return make


def month_chart(sheet: WriteOnlyWorksheet, *, first_row: int, last_row: int, anchor: str) -> None:
    """A bar chart of the month table in columns A (month) and B (count)."""
    chart = BarChart()
    chart.type = "col"
    chart.title = "未来 12 个月到期人数"
    chart.y_axis.title = "人数"
    chart.x_axis.title = "到期月份"
    chart.legend = None
    chart.height, chart.width = 8, 18
    chart.x_axis.delete = False  # openpyxl hides axes by default; Excel then draws none
    chart.y_axis.delete = False
    # Slanted month labels: upright ones wrap into two lines at this width.
    chart.x_axis.txPr = RichText(
        bodyPr=RichTextProperties(rot=-2700000, vert="horz"),
        p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=900)), endParaRPr=CharacterProperties())],
    )
    # Only the count on each bar; LibreOffice otherwise adds series and category names.
    chart.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False,
                                     showLegendKey=False, showPercent=False)
    data = Reference(sheet, min_col=2, min_row=first_row - 1, max_row=last_row)
    categories = Reference(sheet, min_col=1, min_row=first_row, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    sheet.add_chart(chart, anchor)
