"""The rows of the expiry report's detail sheet, written through xlsxwriter's ``write_*`` calls.

Of a row's 14 cells only the holder's own (unit to certificate, the expiry,
the contract's end, the open cases) change from row to row. The 续签期开始 to
状态 cells and the 备注 depend only on the permit's state, which thousands of
holders share (one state per district and expiry date): what they hold (the
dates' day numbers, the formulas with a placeholder for the row number, the
format of the marked date) is worked out once per state.

Formulas cost the writer most (it scans every formula for newer functions), so
a row gets one only where the value changes with the day the sheet is opened:
the permit's next deadline and the days to it (the register's 剩余 figure) always, the status only while the dates decide it (a permit the
register records as suspended, lapsed or cancelled, or one already lapsed by
its dates, shows the same words on any later day). The figure's formula, the
longer of the two, counts its days with DAYS written as Excel stores it
(``_xlfn.DAYS``): xlsxwriter leaves a formula holding that prefix as it is
(its documented rule) and so skips the scan, which took two fifths of a
50,000-row report's time. Excel before 2013 has no DAYS and shows #NAME? there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ..rules.countdown import CONFIRM, LAPSE, Countdown
from ..rules.countdown import LATEST as LATEST_NAME
from ..rules.deadlines import RenewalDeadlines
from ..rules.errors import WrcError
from ..rules.identity import mask_id
from . import report_style as style
from .cells import FORMULA_STARTS, excel_serial, fit_text
from .expiry_legend import Marks, mark_format
from .live_status import LAPSED, status_formula, thresholds
from .rows import DeadlineRow

COLUMNS = [  # header, width (characters)
    ("单位", 24),
    ("部门", 11),
    ("姓名", 8),
    ("证件号码", 20),
    ("证书编号", 16),
    ("有效期至", 11),
    ("续签期开始", 11),
    ("最晚提交日", 12),
    ("剩余（距期限）", 19),
    ("状态", 15),
    ("劳动合同到期", 12),
    ("办理事项", 10),
    ("备注", 24),
]
LATEST, DAYS, STATUS = "H", "I", "J"  # the columns the formulas and colours read
_ROW = "\x00"  # where the row number goes in a state's formulas; no formula or status has it
STEP = 500  # rows between two progress reports (and checks for a cancel)
DAYS_BETWEEN = "_xlfn.DAYS"  # Excel 2013's DAYS as the file stores it (LibreOffice reads it too)

Progress = Callable[[int, int], None]  # (rows written, rows in all)


class ReportCancelled(WrcError):
    """The clerk cancelled the report; nothing was saved."""

    def __init__(self) -> None:
        super().__init__("已取消，未保存到期报表")


def note(row: DeadlineRow) -> str:
    """What the clerk must act on; the marks about how a date was found are on the date itself."""
    d = row.deadlines
    if d is not None and d.auto_extension:
        return "自动延续：由单位确认"
    return ""


@dataclass(slots=True)
class _StateCells:
    """What the cells 续签期开始 to 状态 and 备注 hold for every row in one permit state."""

    deadlines: RenewalDeadlines | None
    status: str
    note: str
    window: int | None = None  # day numbers
    latest: int | None = None
    latest_format: Format | None = None
    days_left: int | None = None  # on the day the report was made
    figure: Countdown | None = None  # the permit's next deadline on that day (as the register)
    figure_formula: str = ""  # the figure on the day the sheet is opened
    status_parts: list[str] | None = None  # the status formula split where the row number goes
    rows: int = 0


class DetailRows:
    """Writes report rows; counts how many rows show each permit state (for the legend)."""

    def __init__(
        self,
        sheet: Worksheet,
        formats: style.Formats,
        marks: Marks,
        cases: dict[int, str],
        *,
        made_on: dt.date,
        unmask: bool,
    ) -> None:
        self._sheet, self._formats, self._marks, self._cases = sheet, formats, marks, cases
        self._made_on, self._unmask = made_on, unmask
        # id(state) → its cells; the entry keeps a row of that state (and so the state) alive,
        # so no other state can take its id.
        self._states: dict[int, tuple[DeadlineRow, _StateCells]] = {}

    def write(
        self,
        first_row: int,
        rows: list[DeadlineRow],
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        """Write ``rows`` from sheet row ``first_row`` (0-based) on, reporting every STEP rows."""
        total = len(rows)
        for start in range(0, total, STEP):
            if cancelled is not None and cancelled():
                raise ReportCancelled()
            for row, item in enumerate(rows[start : start + STEP], start=first_row + start):
                self._row(row, item)
            if progress is not None:
                progress(min(start + STEP, total), total)

    def deadline_counts(self) -> list[tuple[RenewalDeadlines | None, int]]:
        """The deadlines of each permit state written, with the number of rows showing it."""
        return [(cells.deadlines, cells.rows) for _item, cells in self._states.values()]

    def _row(self, row: int, item: DeadlineRow) -> None:
        sheet, formats, text = self._sheet, self._formats, self._text
        found = self._states.get(id(item.state))
        cells = found[1] if found is not None else self._state(item)
        cells.rows += 1
        r = item.row
        text(row, 0, r.unit_name)
        text(row, 1, r.department)
        text(row, 2, r.name)
        text(row, 3, r.id_number if self._unmask else mask_id(r.id_number))
        text(row, 4, r.certificate_no)
        self._date(row, 5, r.expiry)
        number = str(row + 1)
        if cells.deadlines is None:
            for column in (6, 7):
                sheet.write_blank(row, column, None, formats.cell)
        else:
            sheet.write_number(row, 6, cells.window, formats.date)
            sheet.write_number(row, 7, cells.latest, cells.latest_format)
        if cells.figure is None:
            sheet.write_blank(row, 8, None, formats.cell)
        else:  # the register's 剩余 figure on the day the sheet is opened; the file keeps today's
            sheet.write_formula(row, 8, cells.figure_formula, formats.cell, cells.figure.text)
        if cells.status_parts is None:
            text(row, 9, cells.status)
        else:  # the status on the day the sheet is opened; the file keeps the rules' value of today
            sheet.write_formula(row, 9, number.join(cells.status_parts), formats.cell, cells.status)
        self._date(row, 10, r.contract_end)
        text(row, 11, self._cases.get(r.holder_id))
        text(row, 12, cells.note)

    def _text(self, row: int, column: int, value: str | None) -> None:
        """Text as text: a formula-like start gets the quote prefix; blank cells keep their border."""
        formats = self._formats
        if not value:
            self._sheet.write_blank(row, column, None, formats.cell)
            return
        risky = value.startswith(FORMULA_STARTS)
        self._sheet.write_string(
            row, column, fit_text(value), formats.quoted if risky else formats.cell
        )

    def _date(self, row: int, column: int, value: dt.date | None) -> None:
        if value is None:
            self._sheet.write_blank(row, column, None, self._formats.cell)
        else:
            self._sheet.write_number(row, column, excel_serial(value), self._formats.date)

    def _state(self, item: DeadlineRow) -> _StateCells:
        """The cells ``item``'s permit state decides, worked out once for every row in that state."""
        d = item.deadlines
        cells = _StateCells(d, item.status, note(item))
        if d is not None:
            mark = self._marks(d)
            formats = self._formats
            cells.window = excel_serial(d.window_opens)
            cells.latest = excel_serial(d.latest_submission)
            cells.latest_format = formats.marked_date(mark_format(mark)) if mark else formats.date
            cells.days_left = (d.latest_submission - self._made_on).days
            cells.figure = item.state.countdown(self._made_on)
            if cells.figure is not None:
                cells.figure_formula = figure_formula(d)
            if _dates_decide(item, self._made_on):
                formula = status_formula(_ROW, thresholds(d), latest=LATEST)
                cells.status_parts = formula.split(_ROW)
        self._states[id(item.state)] = (item, cells)
        return cells


def figure_formula(d: RenewalDeadlines) -> str:
    """The register's 剩余 figure as a formula of the day the sheet is opened: "距最晚提交日还剩
    4 日", "今天是最晚提交日", then "距失效日还剩 3 日" … "已过失效日 29 日" (rules.countdown's
    words and its calendar days: the latest submission or confirmation until it has passed,
    then the day the permit is lost)."""
    stages = [(CONFIRM if d.auto_extension else LATEST_NAME, d.latest_submission)]
    stages.append((LAPSE, d.lapses_on))
    formula = ""
    for name, day in reversed(stages):
        serial = excel_serial(day)
        # DAYS(end, start) is end − start for day numbers. Written with its stored prefix, it
        # tells xlsxwriter the formula is already as Excel stores it, so the writer skips its
        # rewriting of newer functions (documented), two fifths of a 50,000-row report's time.
        ahead = f'IF(TODAY()<{serial},"距{name}还剩 "&({DAYS_BETWEEN}({serial},TODAY()))&" 日",'
        today = f'IF(TODAY()={serial},"今天是{name}",'
        after = formula or f'"已过{name} "&(TODAY()-{serial})&" 日"'
        formula = f"{ahead}{today}{after}))"
    return "=" + formula


def _dates_decide(item: DeadlineRow, made_on: dt.date) -> bool:
    """Whether the status follows the permit's dates from ``made_on`` on (and so needs the formula).

    Not when the register decided it (suspended, lapsed or cancelled, whatever the dates
    say), nor once the dates say lapsed: nothing comes after that.
    """
    d = item.deadlines
    return d is not None and item.status != LAPSED and item.status == d.status_on(made_on)
