"""Which column of a clerk's roster holds which register field.

Clerks' spreadsheets name the same thing many ways (身份证号 / 身份证号码 /
证件号码 …), often with a title row above the header and notes in brackets.
Headers are matched after normalising (spaces, brackets, ``*`` markers and
colons removed); columns that match nothing are offered in a mapping step
where the clerk names the field, or leaves the column out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..rules.errors import WrcError
from .xlsx_sheet import CellIssue

# field → (label shown to the clerk, header variants). The first variant is the template's header.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "unit": (
        "单位",
        ("单位", "单位名称", "用人单位", "聘用单位", "所属单位", "公司", "公司名称", "申请单位"),
    ),
    "name": ("姓名", ("姓名", "名字", "员工姓名", "持证人", "持证人姓名", "人员姓名")),
    "id_type": ("证件类型", ("证件类型", "证件种类")),
    "id_number": (
        "身份证号码",
        (
            "身份证号码",
            "身份证号",
            "证件号码",
            "证件号",
            "身份证",
            "居民身份证号码",
            "公民身份号码",
            "身份证件号码",
        ),
    ),
    "gender": ("性别", ("性别",)),
    "birth_date": ("出生日期", ("出生日期", "出生年月日", "生日")),
    "phone": ("联系电话", ("联系电话", "手机", "手机号", "手机号码", "电话", "移动电话")),
    "department": ("部门", ("部门", "所在部门", "部门名称", "所属部门", "科室")),
    "job_title": ("职务", ("职务", "岗位", "职位", "岗位名称")),
    "hire_date": ("入职日期", ("入职日期", "入职时间", "到岗日期", "入司日期", "参加工作日期")),
    "contract_start": (
        "劳动合同开始日期",
        (
            "劳动合同开始日期",
            "合同开始日期",
            "合同开始",
            "合同起始日期",
            "合同起始日",
            "合同起始",
            "合同生效日期",
        ),
    ),
    "contract_end": (
        "合同到期日期",
        (
            "合同到期日期",
            "合同到期",
            "合同到期日",
            "合同结束日期",
            "合同截止日期",
            "合同终止日期",
            "劳动合同到期日期",
            "劳动合同到期日",
            "劳动合同截止日期",
        ),
    ),
    "social_insurance_start": (
        "本市社保起缴日期",
        ("本市社保起缴日期", "社保起缴日期", "社保缴纳起始日期"),
    ),
    "degree": ("最高学位", ("最高学位", "学位")),
    "degree_date": ("学位取得日期", ("学位取得日期", "学位日期", "学位获得日期")),
    "degree_foreign": ("境外学位", ("境外学位", "是否境外学位")),
    "professional_title": ("专业技术职称", ("专业技术职称", "职称")),
    "address": ("居住地址", ("居住地址", "住址", "现住址", "家庭住址")),
    "housing_kind": ("住所证明类型", ("住所证明类型", "住房类型", "住所类型")),
    "retirement_track": (
        "退休年龄档位",
        ("退休年龄档位", "女职工退休年龄档位", "退休档位", "原法定退休年龄"),
    ),
    "status": ("在职状态", ("在职状态", "人员状态")),
    "left_on": ("离职日期", ("离职日期", "离职时间")),
    "notes": ("备注", ("备注", "说明")),
    "certificate_no": (
        "证书编号",
        ("证书编号", "工作居住证编号", "居住证编号", "证书号", "证件编号", "证书号码"),
    ),
    "first_issued": ("首次发证日期", ("首次发证日期", "首次办理日期", "首次办证日期", "发证日期")),
    "start": ("有效期起", ("有效期起", "有效期开始日期", "有效期自", "有效期开始", "有效起始日期")),
    "expiry": (
        "有效期至",
        (
            "有效期至",
            "到期日期",
            "到期日",
            "有效期截止日期",
            "有效期截止",
            "有效期到期日",
            "证件到期日",
            "证书到期日期",
            "到期时间",
            "失效日期",
        ),
    ),
    "permit_status": ("证件状态", ("证件状态", "证书状态", "工作居住证状态")),
}
PERMIT_FIELDS = ("certificate_no", "first_issued", "start", "expiry", "permit_status")
DATE_FIELDS = (
    "birth_date",
    "hire_date",
    "contract_start",
    "contract_end",
    "social_insurance_start",
    "degree_date",
    "left_on",
    "first_issued",
    "start",
    "expiry",
)
REQUIRED = ("name", "id_number")
IGNORE = ""
HEADER_SCAN_ROWS = 10

_BRACKETS = re.compile(r"[（(【\[<《][^）)】\]>》]*[）)】\]>》]")
_NOISE = re.compile(r"[\s*＊:：_\-—/／.。]+")


def normalise(header: object) -> str:
    """``" 身份证号码（18位）* "`` → ``"身份证号码"``."""
    text = str(header or "").strip()
    text = _BRACKETS.sub("", text)
    return _NOISE.sub("", text).lower()


_LOOKUP: dict[str, str] = {}
for _field, (_label, _variants) in FIELDS.items():
    for _variant in (_field, _label, *_variants):
        _LOOKUP.setdefault(normalise(_variant), _field)


def field_for(text: str) -> str | None:
    """The field a header or a clerk's mapping answer names (a variant, a label or a code); ``""`` = ignore."""
    key = normalise(text)
    if key in ("忽略", "不导入", "ignore", "none"):
        return IGNORE
    return _LOOKUP.get(key)


@dataclass
class ColumnMap:
    """Where the header is and which column feeds which field."""

    header_row: int  # 1-based row number in the sheet
    headers: list[str]  # as written in the file
    fields: dict[int, str] = field(default_factory=dict)  # 0-based column index → field
    unmapped: list[int] = field(default_factory=list)  # columns with a header that matched nothing

    def column_of(self, field_name: str) -> int | None:
        for index, name in self.fields.items():
            if name == field_name:
                return index
        return None

    def header_of(self, field_name: str) -> str:
        index = self.column_of(field_name)
        return self.headers[index] if index is not None else FIELDS[field_name][0]

    def missing_required(self) -> list[str]:
        present = set(self.fields.values())
        return [FIELDS[name][0] for name in REQUIRED if name not in present]


def _match_row(cells: Sequence[object]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        name = _LOOKUP.get(normalise(cell)) if cell not in (None, "") else None
        if name and name not in found.values():
            found[index] = name
    return found


def find_header(rows: Sequence[Sequence[object]]) -> ColumnMap | None:
    """The row (among the first few) that names most known fields, with its mapping.

    With no row naming two fields, the first row naming one, or else the first
    row of text, is taken as the header, so the mapping step can name the rest.
    A header of two rows (有效期 merged over 起 | 至) is read as one, each
    sub-column named by both rows. None only for a sheet without any text in
    its first rows.
    """
    best: tuple[int, dict[int, str]] | None = None
    first_text: int | None = None
    for number, cells in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        found = _match_row(cells)
        if found and (best is None or len(found) > len(best[1])):
            best = (number, found)
        if first_text is None and sum(isinstance(c, str) and bool(c.strip()) for c in cells) >= 2:
            first_text = number
    if best is None or (len(best[1]) < 2 and first_text is not None and first_text < best[0]):
        if first_text is None:
            return None
        best = (first_text, _match_row(rows[first_text - 1]))
    number, found = best
    headers = [str(c).strip() if c is not None else "" for c in rows[number - 1]]
    if number < len(rows):
        combined = _two_row_headers(headers, rows[number])
        combined_found = _match_row(combined)
        if len(combined_found) > len(found):
            number, headers, found = number + 1, combined, combined_found
    unmapped = [i for i, h in enumerate(headers) if h and i not in found]
    return ColumnMap(header_row=number, headers=headers, fields=found, unmapped=unmapped)


def _two_row_headers(top: Sequence[str], below: Sequence[object]) -> list[str]:
    """Each column named by the header row and the row under it.

    A merged cell keeps its text in its first column only, so a group title is
    carried right over the columns that have a sub-title below it. A sub-title
    that names a field by itself (证书信息 over 证书编号) is kept as it is.
    """
    names: list[str] = []
    carried = ""
    for index in range(max(len(top), len(below))):
        upper = top[index] if index < len(top) else ""
        lower = (
            str(below[index]).strip()
            if index < len(below) and isinstance(below[index], str)
            else ""
        )
        if upper:
            carried = upper
        if not lower:
            names.append(upper)
            carried = carried if upper else ""
            continue
        joined = (upper or carried) + lower
        if _LOOKUP.get(normalise(joined)) or not _LOOKUP.get(normalise(lower)):
            names.append(joined)
        else:
            names.append(lower)
    return names


def apply_mapping(columns: ColumnMap, answers: Mapping[str, str]) -> ColumnMap:
    """The clerk's answers from the mapping step: ``{header as in the file: field or "忽略"}``."""
    fields = dict(columns.fields)
    by_header = {h: i for i, h in enumerate(columns.headers) if h}
    for header, answer in answers.items():
        if header not in by_header:
            shown = "、".join(h for h in columns.headers if h)
            raise WrcError(f"映射中的列“{header}”不在表头中（表头为：{shown}）")
        target = field_for(answer) if answer.strip() else IGNORE
        if target is None:
            raise WrcError(
                f"映射“{header}={answer}”中的“{answer}”不是可导入的字段（可选：{field_choices()}，或“忽略”）"
            )
        index = by_header[header]
        fields.pop(index, None)
        if target:
            for other, name in list(fields.items()):
                if name == target:
                    fields.pop(other)
            fields[index] = target
    unmapped = [
        i for i, h in enumerate(columns.headers) if h and i not in fields and h not in answers
    ]
    return ColumnMap(columns.header_row, columns.headers, fields, unmapped)


def field_choices() -> str:
    return "、".join(label for label, _ in FIELDS.values())


def present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def cell_value(value: object, field_name: str) -> object:
    """A cell as the rules expect it; numbers Excel made of digit strings become text again.

    A :class:`CellIssue` (error value, formula without result …) stays one: the import reports it.
    """
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float) and not math.isfinite(value):
        # Only a crafted file holds these; the field's check then says what is wrong.
        return str(value)
    if isinstance(value, (int, float)):
        if field_name in DATE_FIELDS:
            # 20260105 typed into a number cell, not an Excel serial date
            return (
                str(int(value)) if 19000101 <= value <= 29991231 and value == int(value) else value
            )
        if field_name == "id_number":
            return value  # checked separately: precision is already lost
        return str(int(value)) if value == int(value) else str(value)
    if isinstance(value, (dt.datetime, dt.date, CellIssue)):
        return value
    return str(value)
