"""Look of the Excel reports: body font, cell formats, status colours, print setup and the month chart.

Status colours run from calm to alarming in the order of ``rules.deadlines.STATUSES``
and are conditional formats on the status text, so they follow the text when it
changes with the day the sheet is opened. The text says the status too, so a
black-and-white printout loses nothing. Every cell has a thin border: the grid
shows on paper, not only on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..rules.deadlines import STATUSES
from ..rules.permit_state import CANCELLED, LEFT, NO_PERMIT, SUSPENDED, UNCOMPUTABLE
from .cells import DATE_FORMAT

BODY_FONT = "等线"  # Office's Chinese body font; WPS and LibreOffice substitute their own CJK font
BODY_SIZE = 10
WORKBOOK_OPTIONS = {
    "default_format_properties": {"font_name": BODY_FONT, "font_size": BODY_SIZE},
    "strings_to_formulas": False,  # nothing the register holds is ever read as a formula
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
BAND_FILL = "#EEF3FA"  # every other data row, light enough to vanish on a black-and-white printout
_BORDER = {"border": 1, "border_color": "#A6A6A6"}
(NORMAL, UPCOMING, IN_WINDOW, URGENT, OVERDUE, GRACE, LAPSED) = STATUSES

# status → (fill colour, font colour) for every state word of rules.permit_state.SCALE; the
# words are the rules' own constants, never written out here, so a renamed state keeps its colour
STATUS_COLOURS = {
    NORMAL: ("E2EFDA", "375623"),
    UPCOMING: ("DDEBF7", "1F4E78"),
    IN_WINDOW: ("FFF2CC", "7F6000"),
    URGENT: ("F8CBAD", "833C0B"),
    OVERDUE: ("FF9999", "7B0000"),
    GRACE: ("E06666", "FFFFFF"),
    LAPSED: ("A50021", "FFFFFF"),
    SUSPENDED: ("FCE4D6", "B35C00"),  # the app's colour for it, on a light fill
    UNCOMPUTABLE: ("FFC7CE", "7F0000"),  # a record to correct
    NO_PERMIT: ("EDEDED", "404040"),
    CANCELLED: ("EDEDED", "404040"),
    LEFT: ("EDEDED", "404040"),
}
CALM_STATUSES = (NORMAL, NO_PERMIT, CANCELLED, LEFT)


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
    band: Format
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
        band=fmt(bg_color=BAND_FILL),
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


def mark_overdue_days(sheet: Worksheet, cells: str, formats: Formats, lapse_word: str) -> None:
    """The 剩余 figure in dark red once the latest submission has passed.

    The figure is text (rules.countdown's words): from that day on it counts to the day the
    permit is lost, so the cells naming that deadline (``lapse_word``) are the late ones.
    """
    sheet.conditional_format(
        cells,
        {
            "type": "text",
            "criteria": "containing",
            "value": lapse_word,
            "format": formats.overdue_days,
        },
    )


def band_rows(sheet: Worksheet, cells: str, formats: Formats) -> None:
    """Every other row of ``cells`` (ranges separated by spaces) lightly filled, for reading across.

    Added after the other conditional formats of the same cells, so theirs win.
    """
    first = cells.split()[0]
    sheet.conditional_format(
        first,
        {
            "type": "formula",
            "criteria": "=MOD(ROW(),2)=1",
            "format": formats.band,
            "multi_range": cells,
        },
    )


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


def month_chart(
    book: Workbook, sheet_name: str, title: str, *, header_row: int, rows: tuple[int, int]
) -> object:
    """A column chart of the month table's ``rows`` (first, last; 0-based) in columns A (month)
    and B (count), named by its header."""
    first_row, last_row = rows
    chart = book.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": [sheet_name, header_row, 1],
            "categories": [sheet_name, first_row, 0, last_row, 0],
            "values": [sheet_name, first_row, 1, last_row, 1],
            "fill": {"color": "#4472C4"},
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": title, "name_font": {"name": BODY_FONT, "size": 12}})
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
