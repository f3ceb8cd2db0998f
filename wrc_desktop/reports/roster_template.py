"""The roster template the clerk downloads, fills in and imports.

Generated rather than shipped as a file, so its headers can never drift from
the names the import recognises (:data:`roster_columns.FIELDS`). The second
sheet explains every column; ID and certificate columns are formatted as text
so Excel does not turn an 18-digit number into 1.10105E+17.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .files import write_atomically
from .roster_columns import DATE_FIELDS, FIELDS, REQUIRED

TEMPLATE_FIELDS = [
    "unit", "name", "id_number", "department", "job_title", "phone", "hire_date", "contract_start",
    "contract_end", "certificate_no", "first_issued", "start", "expiry", "professional_title", "notes",
]
TEXT_FIELDS = ("id_number", "certificate_no", "phone")
HINTS = {
    "unit": "已在登记册中的单位名称；留空则导入到默认单位（或命令行 --unit 指定的单位）",
    "name": "必填",
    "id_number": "必填；18 位居民身份证号码或港澳台居民居住证号码，按此匹配已有人员（已有则更新）",
    "department": "",
    "job_title": "",
    "phone": "",
    "hire_date": "日期可写作 2026-01-05、2026/1/5、2026.1.5、2026年1月5日 或 20260105",
    "contract_start": "同上",
    "contract_end": "同上；合同到期前 6 个月起会提醒",
    "certificate_no": "工作居住证证书编号",
    "first_issued": "首次办理工作居住证的日期（东城区自动延续按此判断）",
    "start": "当前有效期的开始日期",
    "expiry": "当前有效期的截止日期；填写证书信息时必填",
    "professional_title": "",
    "notes": "",
}


def write_template(out: str | Path) -> Path:
    """Write the template to ``out`` (through a temporary file)."""

    def write(temp: Path) -> None:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "人员名单"
        fill = PatternFill("solid", fgColor="305496")
        required_fill = PatternFill("solid", fgColor="C00000")
        for index, name in enumerate(TEMPLATE_FIELDS, start=1):
            label = FIELDS[name][1][0]
            cell = sheet.cell(row=1, column=index, value=label)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = required_fill if name in REQUIRED else fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
            if HINTS.get(name):
                cell.comment = Comment(HINTS[name], "工作居住证办理助手")
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = 24 if name in ("unit", "id_number", "notes") else 14
            if name in TEXT_FIELDS:
                for row in range(2, 502):  # text format so long digit strings stay exact
                    sheet.cell(row=row, column=index).number_format = "@"
            elif name in DATE_FIELDS:
                for row in range(2, 502):
                    sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        _instructions(workbook.create_sheet("填写说明"))
        workbook.save(temp)

    return write_atomically(out, write)


def _instructions(sheet) -> None:
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 70
    sheet.append(["列名", "也可写作", "说明"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for name in TEMPLATE_FIELDS:
        variants = FIELDS[name][1]
        sheet.append([variants[0], "、".join(v for v in variants[1:5]), HINTS.get(name, "")])
    sheet.append([])
    sheet.append(["其他列", "", "表头不认识的列会在导入时请您指定对应字段，或选择不导入"])
    sheet.append(["导入方式", "", "先预览：新增、更新（按证件号码匹配）与有误的行及原因；确认后一次性写入，可撤销"])
