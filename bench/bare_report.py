"""The bare expiry report: the register's rows read with sqlite3, the same detail sheet written
through xlsxwriter's public calls (constant-memory mode; the same formats, both formulas on
every row, the status colours, the filter and the bands), no rules applied.

    python bench/bare_report.py REGISTER.sqlite3 OUT.xlsx

The formats come from the report's own style module (xlsxwriter's public ``add_format``
calls only), so both sheets look alike; nothing else of the app is imported.
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
    "距最晚提交日(天)",
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
# The shape of the report's status formula (six comparisons of today with the row's dates).
# the register's 剩余 figure as text, counting to the latest submission then to the lapse day
FIGURE_FORMULA = (
    '=IF(TODAY()<H{r},"距最晚提交日还剩 "&(H{r}-TODAY())&" 日",'
    'IF(TODAY()<H{r}+30,"距失效日还剩 "&(H{r}+30-TODAY())&" 日","已过失效日 "&(TODAY()-H{r}-30)&" 日"))'
)
STATUS_FORMULA = (
    '=IF(TODAY()>=F{r}+30,"已失效",IF(TODAY()>H{r},IF(TODAY()>=F{r},"已过期（须立即提交）",'
    '"已过最晚提交日"),IF(TODAY()>=H{r}-7,"即将到最晚提交日",IF(TODAY()>=G{r},"续签期内",'
    'IF(TODAY()>=G{r}-30,"即将进入续签期","正常")))))'
)
EPOCH = dt.date(1899, 12, 30)


def serial(text: str | None) -> int:
    return ((dt.date.fromisoformat(text) if text else dt.date.today()) - EPOCH).days


def write(database: str, out: str) -> int:
    rows = sqlite3.connect(database).execute(ROWS_SQL).fetchall()
    with tempfile.TemporaryDirectory() as temp:
        book = Workbook(out, {**style.WORKBOOK_OPTIONS, "constant_memory": True, "tmpdir": temp})
        formats = style.make_formats(book)
        sheet = book.add_worksheet("到期明细")
        sheet.write_row(0, 0, HEADERS, formats.header)
        for index, (unit, department, name, number, certificate, expiry, contract) in enumerate(
            rows, start=1
        ):
            n = index + 1
            masked = number[:6] + "********" + number[-4:]
            for column, value in enumerate((unit, department, name, masked, certificate)):
                sheet.write_string(index, column, value or "", formats.cell)
            for column in (5, 6, 7):
                sheet.write_number(index, column, serial(expiry), formats.date)
            sheet.write_number(index, 10, serial(contract), formats.date)
            sheet.write_formula(index, 8, FIGURE_FORMULA.format(r=n), formats.cell, "")
            sheet.write_formula(index, 9, STATUS_FORMULA.format(r=n), formats.cell, "正常")
            sheet.write_blank(index, 11, None, formats.cell)
            sheet.write_blank(index, 12, None, formats.cell)
        last = max(len(rows), 1)
        sheet.autofilter(0, 0, last, len(HEADERS) - 1)
        style.colour_statuses(sheet, f"J2:J{last + 1}", formats)
        style.mark_overdue_days(sheet, f"I2:I{last + 1}", formats, "失效日")
        style.band_rows(sheet, f"A2:H{last + 1} K2:M{last + 1}", formats)
        book.close()
    return len(rows)


if __name__ == "__main__":
    print(f"rows={write(sys.argv[1], sys.argv[2])}")
