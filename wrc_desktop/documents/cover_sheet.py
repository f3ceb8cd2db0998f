"""``内部核对单（不提交）.pdf``: the case's checklist for the clerk, each item with its state and dates.

It says what the bureau must never see — 可提交, 未收集, the problems with their sources,
the rule files — so it is a file of its own, never part of the print bundle. Text is set
at 10.5 pt (五号) or larger, readable on paper.

Set with the forms' fonts and glyph fallback (:mod:`.fonts`): a name with a character
no font has raises :class:`MissingGlyphError` rather than printing a blank. Output is
deterministic (reportlab's invariant mode), so an unchanged case reassembles to the
same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from .flowables import Title
from .fonts import font_chain
from .plain_document import a4_document, paragraph_maker

BODY = 10.5  # 五号: nothing on the sheet is smaller
MARGIN = 14 * mm


@dataclass(frozen=True)
class CoverRow:
    number: int
    title: str
    provider: str
    state: str
    required: bool = True
    dated: dt.date | None = None
    valid_until: dt.date | None = None
    valid_through: dt.date | None = None
    pages: int = 0
    problems: int = 0


@dataclass(frozen=True)
class CoverData:
    case_number: str
    holder_name: str
    unit_name: str
    district_name: str
    kind_label: str
    status_label: str
    clause: int | None
    housing_label: str
    submit_on: dt.date | None
    made_on: dt.date
    can_submit: bool
    source: str
    unverified: bool
    rows: tuple[CoverRow, ...]
    problems: tuple[tuple[bool, str], ...] = field(default=())  # (blocking, text with its source)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def render_cover(data: CoverData) -> bytes:
    chain = font_chain("body")
    title_chain = font_chain("title")

    para = paragraph_maker(chain, "cover", BODY, 1.35)

    info = [
        ("办理事项编号", data.case_number),
        ("持证人", data.holder_name),
        ("单位", data.unit_name),
        ("所在区", data.district_name),
        ("事项", data.kind_label),
        ("状态", data.status_label),
        ("申报条款", f"第 {data.clause} 条" if data.clause else "—"),
        ("住所证明", data.housing_label or "—"),
        ("计划提交日期", _day(data.submit_on) or "未填写"),
        ("可提交", "是" if data.can_submit else "否（见下方问题）"),
    ]
    cells = [[para(f"{label}：", "表头"), para(value, label)] for label, value in info]
    pairs = [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    width = A4[0] - 2 * MARGIN
    header = Table(pairs, colWidths=[29 * mm, width / 2 - 29 * mm] * 2, hAlign="LEFT")
    header.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )

    heads = ["序号", "材料", "提供方", "状态", "日期", "有效期至", "最晚可提交", "页数"]
    rows = [[para(text, "表头", alignment=TA_CENTER) for text in heads]]
    for row in data.rows:
        title = row.title if row.required else f"{row.title}（如适用）"
        rows.append(
            [
                para(f"{row.number:02d}", "序号", alignment=TA_CENTER),
                para(title, f"第 {row.number} 项材料名称"),
                para(row.provider, "提供方", alignment=TA_CENTER),
                para(row.state, "状态"),
                para(_day(row.dated), "日期"),
                para(_day(row.valid_until), "有效期至"),
                para(_day(row.valid_through), "最晚可提交"),
                para(str(row.pages) if row.pages else "", "页数", alignment=TA_CENTER),
            ]
        )
    widths = [10 * mm, 50 * mm, 14 * mm, 26 * mm, 23 * mm, 23 * mm, 23 * mm, 11 * mm]
    widths[1] += width - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for index, row in enumerate(data.rows, start=1):
        if row.problems:
            style.append(("BACKGROUND", (3, index), (3, index), colors.HexColor("#fde7e7")))
    table.setStyle(TableStyle(style))

    story: list = [
        Title(title_chain.runs(f"{data.kind_label} 材料清单 · 内部核对单", "标题"), 18, 4 * mm),
        para("经办人留存，不随材料提交。", "说明", textColor=colors.HexColor("#444444")),
        Spacer(1, 2 * mm),
        header,
        Spacer(1, 4 * mm),
        table,
    ]
    if data.problems:
        story += [
            Spacer(1, 4 * mm),
            para("问题与提示（● 须解决后才能提交，○ 提示）", "标题", size=BODY + 1),
        ]
        story += [
            para(
                f"{'●' if blocking else '○'} {text}",
                "问题",
                leftIndent=10,
                firstLineIndent=-10,
            )
            for blocking, text in data.problems
        ]
    tail = f"清单依据：{data.source}"
    if data.unverified:
        tail += (
            "。本事项所在区的指南未列出此事项的材料，清单为默认内容：未核实 — 请向区人力社保局确认"
        )
    story += [
        Spacer(1, 4 * mm),
        para(tail, "清单依据", textColor=colors.HexColor("#444444")),
        para(
            f"生成日期：{data.made_on.isoformat()}",
            "生成日期",
            textColor=colors.HexColor("#444444"),
        ),
    ]
    return a4_document(
        story, title=f"{data.case_number} 材料清单", margin=MARGIN, font=chain.primary
    )
