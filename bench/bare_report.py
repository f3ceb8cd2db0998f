"""The bare expiry report: the register's rows read with sqlite3, the same detail sheet written
through xlsxwriter's public calls (constant-memory mode; the title lines, the same formats, both
live formulas on every row, the status colours, the filter and the bands), no rules applied.

    python bench/bare_report.py REGISTER.sqlite3 OUT.xlsx

The formulas are the report's own shapes, written the fastest plain way the library documents:
the status one ``LOOKUP`` of today's distance from the row's latest submission into a named list
of words; the 剩余 figure an ``IF`` chain over two fixed days (here the expiry ∓ 30, no rules)
counting with ``_xlfn.DAYS``, which xlsxwriter keeps as written instead of scanning it for newer
functions. The formats come from the report's own style module (xlsxwriter's public
``add_format`` calls only), so both sheets look alike; nothing else of the app is imported.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import tempfile

from xlsxwriter import Workbook

from wrc_desktop.reports import report_style as style

HEADERS = [
    "单位",
    "部门",
    "姓名",
    "证件号码",
    "证书编号",
    "有效期至",
    "续签期开始",
    "最晚提交日",
    "剩余（距期限）",
    "状态",
    "劳动合同到期",
    "办理事项",
    "备注",
]
ROWS_SQL = """
select u.name, h.department, h.name, h.id_number, p.certificate_no,
       (select max(expiry) from permitperiod pp where pp.permit_id = p.id), h.contract_end
from holder h join unit u on u.id = h.unit_id
left join permit p on p.id = (select max(id) from permit where holder_id = h.id)
where h.status = 'active' order by h.id
"""
WORDS = "状态名称"
WORDS_DEFINITION = (
    '={"正常","即将进入续签期","续签期内","即将到最晚提交日","已过最晚提交日",'
    '"已过有效期（宽限期内）","已失效"}'
)
STATUS_FORMULA = "=LOOKUP(TODAY()-H{r},{{-99999,-75,-45,-7,1,10,31}},状态名称)"
FIGURE_FORMULA = (
    '=IF(TODAY()<{latest},"距最晚提交日还剩 "&(_xlfn.DAYS({latest},TODAY()))&" 日",'
    'IF(TODAY()={latest},"今天是最晚提交日",'
    'IF(TODAY()<{lapse},"距失效日还剩 "&(_xlfn.DAYS({lapse},TODAY()))&" 日",'
    'IF(TODAY()={lapse},"今天是失效日","已过失效日 "&(TODAY()-{lapse})&" 日"))))'
)
EPOCH = dt.date(1899, 12, 30)
HEADER_ROW = 2


def serial(text: str | None) -> int:
    return ((dt.date.fromisoformat(text) if text else dt.date.today()) - EPOCH).days


def write(database: str, out: str) -> int:
    rows = sqlite3.connect(database).execute(ROWS_SQL).fetchall()
    with tempfile.TemporaryDirectory() as temp:
        book = Workbook(out, {**style.WORKBOOK_OPTIONS, "constant_memory": True, "tmpdir": temp})
        formats = style.make_formats(book)
        book.define_name(WORDS, WORDS_DEFINITION)
        sheet = book.add_worksheet("到期明细")
        style.setup_columns(sheet, [20] * len(HEADERS))
        sheet.freeze_panes(HEADER_ROW + 1, 3)
        sheet.repeat_rows(HEADER_ROW)
        style.print_setup(sheet, "到期明细")
        sheet.write_string(0, 0, "工作居住证到期明细", formats.title)
        sheet.write_string(1, 0, f"共 {len(rows)} 人", formats.note)
        sheet.write_row(HEADER_ROW, 0, HEADERS, formats.header)
        for index, (unit, department, name, number, certificate, expiry, contract) in enumerate(
            rows, start=HEADER_ROW + 1
        ):
            n = index + 1
            masked = number[:6] + "********" + number[-4:]
            for column, value in enumerate((unit, department, name, masked, certificate)):
                sheet.write_string(index, column, value or "", formats.cell)
            expires = serial(expiry)
            for column in (5, 6, 7):
                sheet.write_number(index, column, expires, formats.date)
            sheet.write_number(index, 10, serial(contract), formats.date)
            figure = FIGURE_FORMULA.format(latest=expires - 30, lapse=expires + 30)
            sheet.write_formula(index, 8, figure, formats.cell, "")
            sheet.write_formula(index, 9, STATUS_FORMULA.format(r=n), formats.cell, "正常")
            sheet.write_blank(index, 11, None, formats.cell)
            sheet.write_blank(index, 12, None, formats.cell)
        first, last = HEADER_ROW + 2, HEADER_ROW + max(len(rows), 1) + 1
        sheet.autofilter(HEADER_ROW, 0, last - 1, len(HEADERS) - 1)
        style.colour_statuses(sheet, f"J{first}:J{last}", formats)
        style.mark_overdue_days(sheet, f"I{first}:I{last}", formats, "失效日")
        style.band_rows(sheet, f"A{first}:H{last} K{first}:M{last}", formats)
        book.close()
    return len(rows)


if __name__ == "__main__":
    print(f"rows={write(sys.argv[1], sys.argv[2])}")
