"""The expiry report (到期报表): one row per holder, ready to print and hand to a manager.

Written with xlsxwriter in constant-memory mode (rows go to disk as they are
written) so 50 000 holders stay within seconds; its temporary files stay in the
data folder. The sheet stays right on the day it is opened: the days left and
the status are formulas over ``TODAY()`` (with the values of the day it was
made, shown before recalculation) and the colours are conditional formats, one
per status over the whole status column. Only xlsxwriter's public calls are
used. Layout choices are for the reader who changes nothing: a summary sheet
first (live counts by status, counts by month with a chart, the legend of the
marks), the detail sheet with a filter on its header and banded rows (an Excel
table is not available in constant-memory mode), a title line that says when the
report was made and what it includes, frozen header, every cell bordered for
print, landscape A4 fitted to the page width with the header repeated on every
printed page. ID numbers are masked unless asked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session
from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from .. import paths
from ..collector import collector_paused
from ..rules.countdown import LAPSE
from ..rules.deadlines import STATUSES
from ..rules.errors import WrcError
from ..rules.permit_state import NO_PERMIT, SCALE
from ..store import unit_records
from . import report_style as style
from .detail_rows import COLUMNS, DAYS, LATEST, STATUS, DetailRows, Progress
from .expiry_legend import ESTIMATED_MARK, UNVERIFIED_MARK, Headers, Marks, summary_notes
from .files import write_atomically
from .live_status import STATUS_WORDS, words_definition
from .rows import DeadlineRow, DeadlineSource, deadline_rows, open_cases

DETAIL_TITLE = "工作居住证到期明细"
SUMMARY_TITLE = "工作居住证到期汇总"
DETAIL_SHEET, SUMMARY_SHEET = "到期明细", "汇总"
HEADER_ROW = 2  # 0-based: title, filter line, header
MONTHS_AHEAD = 12  # the summary's months at most (fewer when the report covers fewer days)


@dataclass
class ExpiryReport:
    """What was written, for the CLI's and the GUI's confirmation."""

    path: Path
    made_on: dt.date
    filters: str
    rows: int
    by_status: dict[str, int] = field(default_factory=dict)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    months: str = ""  # the months listed one by one, "2026年12月至2027年1月"


def describe_filters(
    today: dt.date, within_days: int | None, unit_name: str | None, unmask: bool
) -> str:
    parts = [f"单位：{unit_name or '全部单位'}", "人员：在职持证人"]
    if within_days is None:
        parts.append("有效期：全部")
    else:
        limit = today + dt.timedelta(days=within_days)
        parts.append(f"有效期至 {limit.isoformat()} 及以前（{within_days} 天内，含已过期）")
    parts.append("证件号码：完整显示" if unmask else "证件号码：已隐去中间 8 位")
    return "；".join(parts)


def write_expiry_report(
    session: Session,
    out: str | Path,
    *,
    today: dt.date,
    within_days: int | None = None,
    unit: str | None = None,
    unmask: bool = False,
    source: DeadlineSource,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExpiryReport:
    """Write the report to ``out`` (through a temporary file) and say what it holds.

    ``progress(rows written, rows in all)`` is called as the detail rows are written;
    ``cancelled()`` is asked as often, and when it is true the report stops with
    :class:`~.detail_rows.ReportCancelled` and nothing is saved.
    """
    if within_days is not None and not 0 <= within_days <= 3660:
        raise WrcError(f"天数“{within_days}”无效（应为 0 到 3660）")
    unit_id = unit_name = None
    if unit:
        found = unit_records.find_unit(session, unit)
        if found is None:
            names = (
                "、".join(u.name for u in unit_records.list_units(session))
                or "（登记册中还没有单位）"
            )
            raise WrcError(f"单位“{unit}”不在登记册中（现有单位：{names}）")
        unit_id, unit_name = found.id, found.name
    with collector_paused():
        rows = deadline_rows(session, today, source, unit_id=unit_id, within_days=within_days)
        cases = open_cases(session, [r.row.holder_id for r in rows])
        filters = describe_filters(today, within_days, unit_name, unmask)
        report = ExpiryReport(
            Path(out),
            today,
            filters,
            len(rows),
            _by_status(rows),
            _by_month(rows, today, within_days),
            months_range(today, within_days),
        )
        written = _Written(rows, cases, unmask, progress, cancelled)
        write_atomically(out, lambda temp: _write_book(temp, written, report))
    return report


@dataclass(frozen=True)
class _Written:
    """The rows of one report and how to write them."""

    rows: list[DeadlineRow]
    cases: dict[int, str]
    unmask: bool
    progress: Progress | None
    cancelled: Callable[[], bool] | None


def _write_book(temp: Path, written: _Written, report: ExpiryReport) -> None:
    with writer_temp_folder() as folder:
        book = Workbook(
            str(temp), {**style.WORKBOOK_OPTIONS, "constant_memory": True, "tmpdir": folder}
        )
        try:
            formats = style.make_formats(book)
            book.define_name(STATUS_WORDS, words_definition())  # the status formulas' words
            marks = Marks()
            summary = book.add_worksheet(SUMMARY_SHEET)
            detail = book.add_worksheet(DETAIL_SHEET)
            rows = _detail_sheet(detail, formats, marks, written, report)
            notes = summary_notes(rows.deadline_counts(), _headers(), marks)
            _summary_sheet(book, summary, formats, report, notes)
        except BaseException:
            # Closing releases the row files, so the folder can be removed (on Windows too);
            # the half-written file it makes is the temporary one, never saved.
            with contextlib.suppress(Exception):
                book.close()
            raise
        book.close()


def _header(column: str) -> str:
    """The detail sheet's header of the column with letter ``column`` (A–M)."""
    return COLUMNS[ord(column) - ord("A")][0]


def _headers() -> Headers:
    return Headers(latest=_header(LATEST), days=_header(DAYS), status=_header(STATUS))


def writer_temp_folder() -> tempfile.TemporaryDirectory[str]:
    """A folder for xlsxwriter's row files inside the data folder, removed afterwards.

    Holder data must not sit in the system's temp folder, which other programs
    (and cleaners) read.
    """
    return tempfile.TemporaryDirectory(prefix="report.", dir=paths.temp_dir())


def _by_status(rows: list[DeadlineRow]) -> dict[str, int]:
    """The rows by state, most urgent first: the renewal stages always, any other state the
    rules have (:data:`~..rules.permit_state.SCALE`) when a row has it — none left out."""
    counts = Counter(r.status for r in rows)
    order = [*reversed(SCALE), *sorted(set(counts) - set(SCALE))]
    return {status: counts[status] for status in order if counts[status] or status in STATUSES}


def _months(today: dt.date, within_days: int | None) -> list[tuple[int, int]]:
    """(year, month − 1) of the months from this one on, up to the last the report covers."""
    index = today.year * 12 + today.month - 1
    count = MONTHS_AHEAD
    if within_days is not None:
        limit = today + dt.timedelta(days=within_days)
        count = min(count, limit.year * 12 + limit.month - index)
    return [divmod(index + step, 12) for step in range(count)]


def _month_label(year: int, month0: int) -> str:
    return f"{year}年{month0 + 1}月"


def _by_month(
    rows: list[DeadlineRow], today: dt.date, within_days: int | None
) -> list[tuple[str, int]]:
    """The rows by month of expiry: every month the filter can reach, and — so that the table
    adds up to the report's rows — the permits that expired before this month (the filter keeps
    them: "含已过期"), those beyond the last month listed, and those without a permit."""
    months = _months(today, within_days)
    counts = Counter((r.row.expiry.year, r.row.expiry.month - 1) for r in rows if r.row.expiry)
    before = sum(count for month, count in counts.items() if month < months[0])
    after = sum(count for month, count in counts.items() if month > months[-1])
    table = []
    if before:
        table.append((f"{_month_label(*divmod(_index(months[0]) - 1, 12))}及以前", before))
    table.extend((_month_label(*month), counts[month]) for month in months)
    if after:
        table.append((f"{_month_label(*divmod(_index(months[-1]) + 1, 12))}及以后", after))
    without = sum(1 for r in rows if r.row.expiry is None)
    if without:
        table.append((f"无到期日（{NO_PERMIT}）", without))
    return table


def _index(month: tuple[int, int]) -> int:
    return month[0] * 12 + month[1]


def months_range(today: dt.date, within_days: int | None) -> str:
    """The months the summary lists one by one: "2026年12月至2027年1月" or one month."""
    months = _months(today, within_days)
    first, last = _month_label(*months[0]), _month_label(*months[-1])
    return first if first == last else f"{first}至{last}"


def _detail_sheet(
    sheet: Worksheet,
    formats: style.Formats,
    marks: Marks,
    written: _Written,
    report: ExpiryReport,
) -> DetailRows:
    style.setup_columns(sheet, [w for _, w in COLUMNS])
    # Unit, department and name stay in view when scrolling right.
    sheet.freeze_panes(HEADER_ROW + 1, 3)
    sheet.repeat_rows(HEADER_ROW)
    style.print_setup(sheet, f"{DETAIL_TITLE}（{report.made_on.isoformat()}）")
    sheet.set_row(HEADER_ROW, 30)  # two lines for the longer headers
    sheet.write_string(0, 0, DETAIL_TITLE, formats.title)
    sheet.write_string(
        1,
        0,
        f"制表日期：{report.made_on.isoformat()}　　{report.filters}　　共 {report.rows} 人"
        f"　　（状态与天数按打开当天计算；{UNVERIFIED_MARK} {ESTIMATED_MARK} 见“{SUMMARY_SHEET}”工作表的说明）",
        formats.note,
    )
    sheet.write_row(HEADER_ROW, 0, [name for name, _ in COLUMNS], formats.header)
    rows = DetailRows(
        sheet, formats, marks, written.cases, made_on=report.made_on, unmask=written.unmask
    )
    rows.write(HEADER_ROW + 1, written.rows, progress=written.progress, cancelled=written.cancelled)
    if not written.rows:
        sheet.write_string(HEADER_ROW + 1, 0, "没有符合筛选条件的持证人", formats.note)
    last = HEADER_ROW + max(len(written.rows), 1)
    sheet.autofilter(HEADER_ROW, 0, last, len(COLUMNS) - 1)
    first, last_excel = HEADER_ROW + 2, last + 1
    style.colour_statuses(sheet, f"{STATUS}{first}:{STATUS}{last_excel}", formats)
    style.mark_overdue_days(sheet, f"{DAYS}{first}:{DAYS}{last_excel}", formats, LAPSE)
    # The bands leave out the days and the status, whose colours say something.
    style.band_rows(sheet, f"A{first}:H{last_excel} K{first}:M{last_excel}", formats)
    return rows


def _summary_sheet(
    book: Workbook,
    sheet: Worksheet,
    formats: style.Formats,
    report: ExpiryReport,
    notes: list[str],
) -> None:
    style.setup_columns(sheet, [22, 12, 4, 12, 12, 12, 12, 12, 12, 12])
    style.print_setup(sheet, f"{SUMMARY_TITLE}（{report.made_on.isoformat()}）", fit_height=True)
    sheet.write_string(0, 0, SUMMARY_TITLE, formats.title)
    sheet.write_string(1, 0, f"制表日期：{report.made_on.isoformat()}", formats.note)
    sheet.write_string(2, 0, f"筛选条件：{report.filters}", formats.note)
    sheet.write_string(
        3,
        0,
        f"共 {report.rows} 人（明细见“{DETAIL_SHEET}”工作表；各状态人数按打开当天计算）",
        formats.note,
    )
    sheet.write_string(
        4,
        0,
        f"到期月份逐月列出 {report.months}（筛选条件所及的月份），"
        "此前已到期、此后到期和未登记证件的人数各列一行，合计即总人数",
        formats.note,
    )
    status_header = 5
    sheet.write_string(status_header, 0, "状态", formats.header)
    sheet.write_string(status_header, 1, "人数", formats.header)
    row = status_header
    for row, (status, count) in enumerate(report.by_status.items(), start=status_header + 1):
        sheet.write_string(row, 0, status, formats.cell)
        sheet.write_formula(
            row, 1, f"=COUNTIF('{DETAIL_SHEET}'!{STATUS}:{STATUS},A{row + 1})", formats.count, count
        )
    style.colour_statuses(sheet, f"A{status_header + 2}:A{row + 1}", formats)
    month_header = row + 2
    sheet.write_string(month_header, 0, "到期月份", formats.header)
    sheet.write_string(month_header, 1, "到期人数", formats.header)
    monthly = []  # the rows of the months listed one by one (the chart's), between the others
    for row, (month, count) in enumerate(report.by_month, start=month_header + 1):
        sheet.write_string(row, 0, month, formats.cell)
        sheet.write_number(row, 1, count, formats.count)
        if month.endswith("月"):
            monthly.append(row)
    title = f"{report.months}到期人数"
    chart = style.month_chart(
        book, SUMMARY_SHEET, title, header_row=month_header, rows=(monthly[0], monthly[-1])
    )
    sheet.insert_chart("D6", chart)
    legend = row + 2
    sheet.write_string(legend, 0, "说明", formats.header)
    for offset, note in enumerate(notes, start=1):
        sheet.write_string(legend + offset, 0, note, formats.note)
