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

from ..rules import vocab
from .files import write_atomically
from .roster_columns import DATE_FIELDS, FIELDS, REQUIRED
from .roster_history import HISTORY_FIELDS, HISTORY_HEADERS, HISTORY_SHEET

TEMPLATE_FIELDS = [
    "unit",
    "name",
    "id_number",
    "department",
    "job_title",
    "phone",
    "hire_date",
    "contract_start",
    "contract_end",
    "certificate_no",
    "first_issued",
    "start",
    "expiry",
    "professional_title",
    "retirement_track",
    "notes",
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
    "retirement_track": "仅女职工填写：55（原55周岁，女干部、管理岗位）或 50（原50周岁，女工人岗位）；"
    "不清楚可留空，留空时年龄提醒按较早的日期并注明档位未登记",
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
            sheet.column_dimensions[letter].width = (
                24 if name in ("unit", "id_number", "notes") else 14
            )
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
    sheet.append(
        [
            "导入方式",
            "",
            "先预览：新增、更新（按证件号码匹配）与有误的行及原因；确认后一次性写入，可撤销",
        ]
    )


# ---------------------------------------------------------------- the register in the template's shape

EXPORT_FIELDS = list(FIELDS)  # every column the import recognises
_CHOICES = {
    "id_type": vocab.ID_TYPES,
    "gender": vocab.GENDERS,
    "degree": vocab.DEGREES,
    "housing_kind": vocab.HOUSING_KINDS,
    "retirement_track": vocab.RETIREMENT_TRACKS,
    "status": vocab.HOLDER_STATUS,
    "permit_status": vocab.PERMIT_STATUS,
}


def export_register(session, out: str | Path) -> Path:
    """The whole register as an import file: one row per holder with the current permit, and every
    permit and validity period on the 证件历史 sheet. Importing it into an empty register (with the
    same units) gives the same holders, permits and history. Full ID numbers: keep the file safe."""
    holders, history = _register_rows(session)

    def write(temp: Path) -> None:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "人员名单"
        _table(sheet, [FIELDS[name][1][0] for name in EXPORT_FIELDS], EXPORT_FIELDS, holders)
        _table(workbook.create_sheet(HISTORY_SHEET), HISTORY_HEADERS, list(HISTORY_FIELDS), history)
        _instructions(workbook.create_sheet("填写说明"))
        workbook.save(temp)

    return write_atomically(out, write)


def _table(sheet, headers: list[str], fields: list[str], rows: list[dict]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(name, row.get(name)) for name in fields])
    for index, name in enumerate(fields, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = (
            22 if name in ("unit", "id_number", "notes", "address") else 13
        )
        style = "@" if name in TEXT_FIELDS else "yyyy-mm-dd" if name in DATE_FIELDS else None
        if style:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = style
    sheet.freeze_panes = "A2"


def _cell(name: str, value):
    if name in _CHOICES:
        return _CHOICES[name].get(value, value) if value is not None else None
    if name == "degree_foreign":
        return "是" if value else "否"
    return value if value != "" else None


def _register_rows(session) -> tuple[list[dict], list[dict]]:
    """Holder rows (with the current permit) and history rows, oldest permit and period first."""
    from sqlalchemy import select

    from ..store.models import Holder, Permit, PermitPeriod, Unit

    h, p, pp, u = (
        Holder.__table__.c,
        Permit.__table__.c,
        PermitPeriod.__table__.c,
        Unit.__table__.c,
    )
    units = dict(session.connection().execute(select(u.id, u.name)).all())
    holders: dict[int, dict] = {}
    for record in session.connection().execute(select(Holder.__table__).order_by(h.id)):
        data = dict(record._mapping)
        data["unit"] = units.get(data["unit_id"], "")
        holders[data["id"]] = data
    history = []
    statement = (
        select(
            p.holder_id, p.unit_id, p.certificate_no, p.first_issued, p.status, pp.start, pp.expiry
        )
        .join(PermitPeriod.__table__, pp.permit_id == p.id)
        .order_by(p.holder_id, p.id, pp.expiry)
    )
    for holder_id, unit_id, number, first, status, start, expiry in session.connection().execute(
        statement
    ):
        holder = holders.get(holder_id)
        if holder is None:
            continue
        entry = {
            "id_number": holder["id_number"],
            "unit": units.get(unit_id, ""),
            "certificate_no": number,
            "first_issued": first,
            "start": start,
            "expiry": expiry,
            "permit_status": status,
        }
        history.append(entry)
        holder.update(
            {
                k: entry[k]
                for k in ("certificate_no", "first_issued", "start", "expiry", "permit_status")
            }
        )  # the last one is the current permit
    return list(holders.values()), history
