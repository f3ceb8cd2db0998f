"""The rows of the expiry report's detail sheet, as the XML of whole rows.

Of a row's 13 cells only the holder's own (unit to certificate, the expiry,
the contract's end, the open cases) change from row to row. The 续签期开始 to
状态 cells and the 备注 depend only on the permit's state, which thousands of
holders share (one state per district and expiry date): each state's cells are
rendered once, with a placeholder where the row number goes, and each row puts
its own number in. Values many rows share (units, departments, dates, cases)
are rendered once as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..rules.deadlines import RenewalDeadlines
from ..rules.identity import mask_id
from . import report_style as style
from .cells import CellXml
from .expiry_legend import Marks, mark_format
from .live_status import status_formula, thresholds
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
    ("距最晚提交日(天)", 9),
    ("状态", 15),
    ("劳动合同到期", 12),
    ("办理事项", 10),
    ("备注", 24),
]
EXPIRY, WINDOW, LATEST, DAYS, STATUS = "F", "G", "H", "I", "J"  # the columns the formulas read
_ROW = "\x00"  # where the row number goes in a state's cells; no date, formula or status has it
_BATCH = 500  # rows handed to the sheet at once (about half a megabyte of XML)


def note(row: DeadlineRow) -> str:
    """What the clerk must act on; the marks about how a date was found are on the date itself."""
    d = row.deadlines
    if d is not None and d.auto_extension:
        return "自动延续：由单位确认"
    return ""


class DetailRows:
    """Renders report rows; counts how many rows show each permit state (for the legend)."""

    def __init__(
        self,
        formats: style.Formats,
        marks: Marks,
        cases: dict[int, str],
        *,
        made_on: dt.date,
        unmask: bool,
    ) -> None:
        self.cells = CellXml(formats.cell, formats.quoted, formats.date)
        self._formats, self._marks, self._cases = formats, marks, cases
        self._made_on, self._unmask = made_on, unmask
        # id(state) → [a row in that state, its 续签期开始–状态 cells split at the row number,
        # its 备注, the number of rows in that state]
        self._states: dict[int, list] = {}
        # (the dates, the mark, the status) → the 续签期开始–状态 cells
        self._cells_by_key: dict[tuple, list[str]] = {}
        self._texts: dict[str | None, str] = {}
        self._dates: dict[dt.date | None, str] = {}

    def write(self, sheet: style.ReportSheet, first_row: int, rows: list[DeadlineRow]) -> None:
        """Write ``rows`` from sheet row ``first_row`` (0-based) on, a batch of rows at a time."""
        # The first row goes alone: its formats are numbered before the header's (written with
        # it), as they always were, so the same register gives the same file.
        starts = [0, *range(1, len(rows), _BATCH)]
        for start, end in zip(starts, [*starts[1:], len(rows)], strict=True):
            if start == end:
                continue  # no rows at all
            xml = "".join(self._rows(first_row + start + 1, rows[start:end]))
            sheet.write_rows_xml(first_row + start, first_row + end - 1, len(COLUMNS) - 1, xml)

    def deadline_counts(self) -> list[tuple[RenewalDeadlines | None, int]]:
        """The deadlines of each permit state written, with the number of rows showing it."""
        return [(item.deadlines, count) for item, _cells, _note, count in self._states.values()]

    def _rows(self, first: int, rows: list[DeadlineRow]) -> Iterable[str]:
        texts, dates, states = self._texts, self._dates, self._states
        text, date, cases = self._text, self._date, self._cases
        unmask = self._unmask
        for number, item in enumerate(rows, start=first):
            r = item.row
            n = str(number)
            entry = states.get(id(item.state)) or self._state(item)
            entry[3] += 1
            unit = texts.get(r.unit_name) or text(r.unit_name)
            department = texts.get(r.department) or text(r.department)
            name = self.cells.text(r.name)  # names seldom repeat: not kept
            expiry = dates.get(r.expiry) or date(r.expiry)
            contract_end = dates.get(r.contract_end) or date(r.contract_end)
            case = texts.get(cases.get(r.holder_id)) or text(cases.get(r.holder_id))
            id_number = self.cells.text(r.id_number if unmask else mask_id(r.id_number))
            certificate = self.cells.text(r.certificate_no)
            yield (
                f'<row r="{n}"><c r="A{n}{unit}<c r="B{n}{department}<c r="C{n}{name}'
                f'<c r="D{n}{id_number}<c r="E{n}{certificate}<c r="F{n}{expiry}'
                f'{n.join(entry[1])}<c r="K{n}{contract_end}<c r="L{n}{case}<c r="M{n}{entry[2]}'
                "</row>"
            )

    def _text(self, value: str | None) -> str:
        found = self._texts[value] = self.cells.text(value)
        return found

    def _date(self, value: dt.date | None) -> str:
        found = self._dates[value] = self.cells.date(value)
        return found

    def _state(self, item: DeadlineRow) -> list:
        """The cells ``item``'s permit state decides, made once for every row in that state.

        The entry keeps ``item`` (and so its state) alive: no other state can take its id.
        """
        d = item.deadlines
        if d is None:
            key: tuple = (item.status,)
        else:  # states of other districts often have the same dates: their cells are the same
            key = (d.expiry, d.window_opens, d.latest_submission, d.lapses_on)
            key += (self._marks(d), item.status)
        parts = self._cells_by_key.get(key) or self._cells(key, item)
        text = note(item)
        note_cell = self._texts.get(text) or self._text(text)
        entry = self._states[id(item.state)] = [item, parts, note_cell, 0]
        return entry

    def _cells(self, key: tuple, item: DeadlineRow) -> list[str]:
        """The 续签期开始 to 状态 cells, split where the row number goes."""
        cells, formats = self.cells, self._formats
        d = item.deadlines
        if d is None:
            blank = cells.blank()
            xml = (
                f'<c r="G{_ROW}{blank}<c r="H{_ROW}{blank}<c r="I{_ROW}{blank}'
                f'<c r="J{_ROW}{cells.text(item.status)}'
            )
        else:
            mark = key[-2]
            latest_format = formats.marked_date(mark_format(mark)) if mark else formats.date
            days = cells.formula(
                f"={LATEST}{_ROW}-TODAY()",
                (d.latest_submission - self._made_on).days,
                formats.days,
            )
            # The status as of the day the sheet is opened; the file also holds the rules' value
            # of today.
            status = cells.formula(
                status_formula(_ROW, thresholds(d), expiry=EXPIRY, window=WINDOW, latest=LATEST),
                item.status,
            )
            xml = (
                f'<c r="G{_ROW}{cells.date(d.window_opens)}'
                f'<c r="H{_ROW}{cells.date(d.latest_submission, latest_format)}'
                f'<c r="I{_ROW}{days}<c r="J{_ROW}{status}'
            )
        parts = self._cells_by_key[key] = xml.split(_ROW)
        return parts
