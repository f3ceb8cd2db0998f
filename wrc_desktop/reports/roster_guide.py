"""What the import template teaches: each column's meaning, its fixed values (drop-downs),
an example row the import skips, and the 说明 sheet (columns, the 证件历史 sheet, what is
refused and why).

Every column the import accepts (:data:`roster_columns.FIELDS`) is described here; a column
added there without a hint still gets its row on the 说明 sheet, with its label.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ..rules import vocab
from .roster_columns import DATE_FIELDS, FIELDS, REQUIRED

# A row whose 姓名 starts with this is an example: shown in the template, skipped on import.
EXAMPLE_MARK = "【示例】"
GUIDE_SHEET = "说明"
FILLED_ROWS = 1000  # rows given drop-downs and formats below the example

_DATES = "日期可写作 2026-01-05、2026/1/5、2026.1.5、2026年1月5日 或 20260105"
HINTS = {
    "unit": "已在登记册中的单位名称（或统一社会信用代码）；留空则导入到默认单位（或命令行 --unit 指定的单位）",
    "name": "必填；姓名须为文字（数字、日期、#N/A 等错误值会被拒绝）",
    "id_type": "留空时按号码判断：18 位以 81/82/83 开头为港澳台居民居住证，以 9 开头为外国人永久居留身份证，其余为居民身份证",
    "id_number": "必填；按此匹配已有人员（已有则更新）。15 位旧身份证号码按 18 位号码匹配与保存；"
    "护照、其他证件不能填写身份证格式的号码",
    "gender": "可留空：身份证、居住证号码中已含性别；填写时须与号码一致",
    "birth_date": "可留空：号码中已含出生日期；填写时须与号码一致",
    "phone": "",
    "department": "",
    "job_title": "",
    "hire_date": _DATES,
    "contract_start": "同上",
    "contract_end": "同上；须晚于劳动合同开始日期；合同到期前 6 个月起会提醒",
    "social_insurance_start": "在本市首次缴纳社会保险的日期",
    "degree": "从下拉列表选择",
    "degree_date": "取得最高学位的日期",
    "degree_foreign": "是 / 否",
    "professional_title": "",
    "retirement_track": "仅女职工填写：55（原55周岁，女干部、管理岗位）或 50（原50周岁，女工人岗位）；"
    "不清楚可留空，留空时年龄提醒按较早的日期并注明档位未登记",
    "address": "在京居住地址",
    "housing_kind": "住所证明的类型，从下拉列表选择",
    "status": "在职 / 已离职；留空为在职",
    "left_on": "已离职人员必填",
    "notes": "",
    "certificate_no": "工作居住证证书编号；与登记册不同时作为新证书导入（旧证书保留在历史中）",
    "first_issued": "首次办理工作居住证的日期（东城区自动延续按此判断）；已有证件的此项不会被导入修改",
    "start": "当前有效期的开始日期",
    "expiry": "当前有效期的截止日期；填写证书信息时必填；早于登记册中的日期会被拒绝",
    "permit_status": "有效 / 挂起 / 失效 / 注销；已有证件的状态不会被导入修改（预览中列为“未采用”）",
}

CHOICES: dict[str, tuple[str, ...]] = {
    "id_type": tuple(vocab.ID_TYPES.values()),
    "gender": tuple(vocab.GENDERS.values()),
    "degree": tuple(label for label in vocab.DEGREES.values() if label),
    "degree_foreign": ("是", "否"),
    "housing_kind": tuple(vocab.HOUSING_KINDS.values()),
    "retirement_track": tuple(vocab.RETIREMENT_TRACKS.values()),
    "status": tuple(vocab.HOLDER_STATUS.values()),
    "permit_status": tuple(vocab.PERMIT_STATUS.values()),
}

EXAMPLE = {
    "unit": "北京示例科技有限公司",
    "name": EXAMPLE_MARK + "张三",
    "id_type": "居民身份证",
    "id_number": "110105199003071239",
    "gender": "男",
    "birth_date": "1990-03-07",
    "phone": "13800138000",
    "department": "研发中心",
    "job_title": "工程师",
    "hire_date": "2021-03-01",
    "contract_start": "2024-03-01",
    "contract_end": "2027-02-28",
    "social_insurance_start": "2021-03-01",
    "degree": "硕士",
    "degree_date": "2015-07-01",
    "degree_foreign": "否",
    "professional_title": "工程师",
    "address": "北京市海淀区示例路 1 号",
    "housing_kind": "租赁住房",
    "status": "在职",
    "certificate_no": "京工居2024000123",
    "first_issued": "2021-06-01",
    "start": "2024-06-01",
    "expiry": "2027-05-31",
    "permit_status": "有效",
    "notes": "本行是示例，导入时跳过；可直接删除",
}

REFUSED = [
    (
        "合并单元格",
        "向下合并的单元格（同一列）视为每一行都填写了该值；横跨多列的合并单元格无法确定属于哪一列，该行被拒绝",
    ),
    (
        "公式",
        (
            "导入公式的计算结果；由其他程序生成、没有计算结果的公式，只计算 =DATE(2027,3,1)、数字、文字这类常量，"
            "其余被拒绝（请在 Excel/WPS 中打开并保存后再导入）"
        ),
    ),
    ("错误值", "显示 #N/A、#VALUE! 等错误值的单元格被拒绝，不会当作姓名或日期导入"),
    ("日期", "日期格式的单元格、日期文字（见“入职日期”）和 20260105 这样的数字都可以"),
    ("证件号码", "须为文本格式：存成数字的号码末几位已丢失，会被拒绝"),
    ("整表", "有误的行连同原因逐行列出；默认整表不导入，也可选择“仅导入无误的行”"),
]


def hint(name: str) -> str:
    return HINTS.get(name) or ""


def is_example(value: object) -> bool:
    """Whether a 姓名 cell marks the template's example row."""
    return isinstance(value, str) and value.strip().startswith(EXAMPLE_MARK)


def add_choices(sheet, fields: list[str], first_row: int, last_row: int) -> None:
    """A drop-down list on each fixed-value column, from ``first_row`` to ``last_row``."""
    for index, name in enumerate(fields, start=1):
        choices = CHOICES.get(name)
        if not choices:
            continue
        column = sheet.cell(row=1, column=index).column_letter
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=FIELDS[name][0],
            error="请从下拉列表中选择：" + "、".join(choices),
        )
        validation.add(f"{column}{first_row}:{column}{last_row}")
        sheet.add_data_validation(validation)


def add_example(sheet, fields: list[str], row: int = 2) -> None:
    """The example row, grey and italic, its 姓名 marked :data:`EXAMPLE_MARK`."""
    fill = PatternFill("solid", fgColor="EDEDED")
    for index, name in enumerate(fields, start=1):
        cell = sheet.cell(row=row, column=index, value=EXAMPLE.get(name))
        cell.font = Font(italic=True, color="7F7F7F")
        cell.fill = fill


def write_guide(sheet, fields: list[str], *, history_headers: list[str] | None = None) -> None:
    """The 说明 sheet: one row per column, then the 证件历史 sheet, then what is refused."""
    for letter, width in zip("ABCDE", (18, 8, 34, 30, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(["列名", "必填", "可选值 / 格式", "也可写作", "说明"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for name in fields:
        _label, variants = FIELDS[name]
        kind = (
            "、".join(CHOICES[name])
            if name in CHOICES
            else "日期"
            if name in DATE_FIELDS
            else "文本"
        )
        required = "是" if name in REQUIRED else ""
        sheet.append([variants[0], required, kind, "、".join(variants[1:5]), hint(name)])
    sheet.append([])
    sheet.append(
        ["示例行", "", "", "", f"姓名以“{EXAMPLE_MARK}”开头的行是示例，导入时跳过，可直接删除"]
    )
    sheet.append(["其他列", "", "", "", "表头不认识的列会在导入时请您指定对应字段，或选择不导入"])
    sheet.append(
        [
            "导入方式",
            "",
            "",
            "",
            (
                "先预览：新增、更新（按证件号码匹配，原值 → 新值）、未采用的值与原因、有误的行及原因；"
                "确认后一次性写入，可撤销"
            ),
        ]
    )
    if history_headers:
        sheet.append([])
        sheet.append(
            [
                "证件历史",
                "",
                "、".join(history_headers),
                "",
                (
                    "“证件历史”工作表：每行是一段有效期，按证件号码对应人员名单中的人，同一证书的各段由早到晚；"
                    "导入时只用于新建的人员（连同每张证书和每段有效期）；已在登记册中的人员不会按它修改，"
                    "预览中列为“未采用”。该人最新一行须与人员名单中的证书编号和有效期至一致"
                ),
            ]
        )
    sheet.append([])
    sheet.append(["会被如何处理", "", "", "", ""])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for topic, text in REFUSED:
        sheet.append([topic, "", "", "", text])
    for row in sheet.iter_rows(min_row=2):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
