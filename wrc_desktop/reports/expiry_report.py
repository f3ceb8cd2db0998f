"""The expiry report (到期报表): one row per holder, ready to print and hand to a manager.

Written with openpyxl's write-only mode so 50 000 holders stay within seconds.
Layout choices are for the reader who changes nothing: a summary sheet first
(counts by status and by month with a chart), the detail sheet with a title
line that says when the report was made and what it includes, frozen header,
autofilter, status colours, landscape A4 fitted to the page width with the
header repeated on every printed page. ID numbers are masked unless asked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlmodel import Session

from ..rules.deadlines import STATUSES
from ..rules.errors import WrcError
from ..rules.explain import UNVERIFIED_NOTE
from ..rules.identity import mask_id
from ..store import repo
from . import report_style as style
from .cells import text_cell, value_cell
from .files import write_atomically
from .rows import NO_PERMIT, DeadlineRow, DeadlineSource, deadline_rows, open_cases

COLUMNS = [  # header, width (characters)
    ("单位", 24), ("部门", 11), ("姓名", 8), ("证件号码", 20), ("证书编号", 16), ("有效期至", 11),
    ("续签期开始", 11), ("最晚提交日", 11), ("距最晚提交日(天)", 9), ("状态", 15), ("劳动合同到期", 12),
    ("办理事项", 10), ("备注", 24),
]
DETAIL_TITLE = "工作居住证到期明细"
SUMMARY_TITLE = "工作居住证到期汇总"
MONTHS_AHEAD = 12


@dataclass
class ExpiryReport:
    """What was written, for the CLI's and the GUI's confirmation."""

    path: Path
    made_on: dt.date
    filters: str
    rows: int
    by_status: dict[str, int] = field(default_factory=dict)
    by_month: list[tuple[str, int]] = field(default_factory=list)


def describe_filters(today: dt.date, within_days: int | None, unit_name: str | None, unmask: bool) -> str:
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
) -> ExpiryReport:
    """Write the report to ``out`` (through a temporary file) and say what it holds."""
    if within_days is not None and not 0 <= within_days <= 3660:
        raise WrcError(f"天数“{within_days}”无效（应为 0 到 3660）")
    unit_id = unit_name = None
    if unit:
        found = repo.find_unit(session, unit)
        if found is None:
            names = "、".join(u.name for u in repo.list_units(session)) or "（登记册中还没有单位）"
            raise WrcError(f"单位“{unit}”不在登记册中（现有单位：{names}）")
        unit_id, unit_name = found.id, found.name
    rows = deadline_rows(session, today, source, unit_id=unit_id, within_days=within_days)
    cases = open_cases(session, [r.row.holder_id for r in rows])
    filters = describe_filters(today, within_days, unit_name, unmask)
    report = ExpiryReport(Path(out), today, filters, len(rows), _by_status(rows), _by_month(rows, today))

    def write(temp: Path) -> None:
        workbook = Workbook(write_only=True)
        _summary_sheet(workbook.create_sheet("汇总"), report, rows)
        _detail_sheet(workbook.create_sheet("到期明细"), rows, cases, report, unmask)
        workbook.save(temp)

    write_atomically(out, write)
    return report


def _by_status(rows: list[DeadlineRow]) -> dict[str, int]:
    counts = Counter(r.status for r in rows)
    order = [*reversed(STATUSES), NO_PERMIT, "已注销"]
    return {status: counts[status] for status in order if counts[status] or status in STATUSES}


def _months(today: dt.date) -> list[tuple[int, int]]:
    index = today.year * 12 + today.month - 1
    return [divmod(index + step, 12) for step in range(MONTHS_AHEAD)]


def _by_month(rows: list[DeadlineRow], today: dt.date) -> list[tuple[str, int]]:
    counts = Counter((r.row.expiry.year, r.row.expiry.month) for r in rows if r.row.expiry)
    return [(f"{year}年{month + 1}月", counts[(year, month + 1)]) for year, month in _months(today)]


# Rules whose value moves a date in the report (the validity length does not: the expiry is recorded).
DATE_RULES = ("renewal.window_days_before_expiry", "renewal.review_working_days", "renewal.grace_days",
              "auto_extension.confirm_reserve_working_days")


def unverified_rules(row: DeadlineRow) -> tuple[str, ...]:
    d = row.deadlines
    return tuple(rule for rule in d.unverified if rule in DATE_RULES) if d else ()


def _note(row: DeadlineRow) -> str:
    """Short remarks; the summary sheet says what they mean."""
    d = row.deadlines
    if d is None:
        return ""
    notes = []
    if d.auto_extension:
        notes.append("自动延续")
    if unverified_rules(row):
        notes.append("※未核实")
    if d.calendar_warnings:
        notes.append("△周末推算")
    return "；".join(notes)


def _detail_sheet(sheet: WriteOnlyWorksheet, rows: list[DeadlineRow], cases: dict[int, str],
                  report: ExpiryReport, unmask: bool) -> None:
    # Write-only: widths, panes and page properties go before the first row.
    style.setup_columns(sheet, [w for _, w in COLUMNS])
    header_row = 3
    sheet.freeze_panes = f"D{header_row + 1}"  # unit, department and name stay in view when scrolling right
    sheet.print_title_rows = f"{header_row}:{header_row}"
    style.print_setup(sheet, f"{DETAIL_TITLE}（{report.made_on.isoformat()}）")
    last_row = header_row + max(len(rows), 1)
    sheet.auto_filter.ref = f"A{header_row}:{style.column_letter(len(COLUMNS))}{last_row}"
    sheet.row_dimensions[header_row].height = 30  # two lines for the longer headers
    sheet.append([text_cell(sheet, DETAIL_TITLE, font=style.TITLE_FONT)])
    sheet.append([text_cell(sheet, f"制表日期：{report.made_on.isoformat()}　　{report.filters}　　共 {report.rows} 人",
                            font=style.NOTE_FONT)])
    sheet.append([text_cell(sheet, name, **style.HEADER) for name, _ in COLUMNS])
    status_cells = style.StatusCells(sheet)
    date = style.date_cell(sheet)
    for item in rows:
        r, d = item.row, item.deadlines
        sheet.append([
            value_cell(sheet, r.unit_name),
            value_cell(sheet, r.department),
            value_cell(sheet, r.name),
            value_cell(sheet, r.id_number if unmask else mask_id(r.id_number)),
            value_cell(sheet, r.certificate_no),
            date(r.expiry),
            date(d.window_opens if d else None),
            date(d.latest_submission if d else None),
            (d.latest_submission - report.made_on).days if d else None,
            status_cells.cell(item.status),
            date(r.contract_end),
            value_cell(sheet, cases.get(r.holder_id, "")),
            value_cell(sheet, _note(item)),
        ])
    if not rows:
        sheet.append([text_cell(sheet, "没有符合筛选条件的持证人", font=style.NOTE_FONT)])


def _summary_sheet(sheet: WriteOnlyWorksheet, report: ExpiryReport, rows: list[DeadlineRow]) -> None:
    style.setup_columns(sheet, [22, 12, 4, 12, 12, 12, 12, 12, 12, 12])
    style.print_setup(sheet, f"{SUMMARY_TITLE}（{report.made_on.isoformat()}）", fit_height=True)
    sheet.append([text_cell(sheet, SUMMARY_TITLE, font=style.TITLE_FONT)])
    sheet.append([text_cell(sheet, f"制表日期：{report.made_on.isoformat()}", font=style.NOTE_FONT)])
    sheet.append([text_cell(sheet, f"筛选条件：{report.filters}", font=style.NOTE_FONT)])
    sheet.append([text_cell(sheet, f"共 {report.rows} 人（明细见“到期明细”工作表）", font=style.NOTE_FONT)])
    sheet.append([])
    sheet.append([text_cell(sheet, "状态", **style.HEADER), text_cell(sheet, "人数", **style.HEADER)])
    status_cells = style.StatusCells(sheet)
    for status, count in report.by_status.items():
        sheet.append([status_cells.cell(status), count])
    sheet.append([])
    month_header = 6 + len(report.by_status) + 2
    sheet.append([text_cell(sheet, "到期月份", **style.HEADER), text_cell(sheet, "到期人数", **style.HEADER)])
    for month, count in report.by_month:
        sheet.append([month, count])
    sheet_row = month_header + len(report.by_month)
    sheet.append([])
    unverified = sorted({r.deadlines.district_name for r in rows if unverified_rules(r)})
    notes = [("说明：最晚提交日 = 按所属区规定为审核预留的工作日，从失效日倒推的最后一个工作日；"
              "“距最晚提交日(天)”为负数表示已逾期。")]
    if any(r.deadlines and r.deadlines.auto_extension for r in rows):
        notes.append("自动延续：该证件按所属区规定不再续签，由单位在“最晚提交日”前确认仍符合条件后延续有效期。")
    if unverified:
        notes.append(f"※未核实：{'、'.join(unverified)}的指南未写明续签期或审核时限，按默认规则计算（{UNVERIFIED_NOTE}）。")
    if any(r.deadlines and r.deadlines.calendar_warnings for r in rows):
        notes.append("△周末推算：涉及尚未收录法定节假日安排的年份，该日期只按周六、周日休息推算，请以国务院通知为准。")
    for note in notes:
        sheet.append([text_cell(sheet, note, font=style.NOTE_FONT)])
    style.month_chart(sheet, first_row=month_header + 1, last_row=sheet_row, anchor="D6")
