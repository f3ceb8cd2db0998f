"""``上传清单.pdf``: what to upload where, what the paper needs first, what the checks found.

One table per login (单位账号 / 申请人账号), one row per slot, each with tick boxes: one
for "uploaded" and one for each thing that must be on the paper before it is scanned. The
guide's words for each place are quoted at the end; a place no guide names says 未核实.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from .flowables import Title
from .fonts import font_chain
from .plain_document import a4_document, paragraph_maker
from .scan_checks import QUOTE as SCAN_QUOTE
from .scan_checks import SOURCE as SCAN_SOURCE
from .upload_kit import (
    LIST_NAME,
    UNVERIFIED,
    UPLOAD_DIR,
    EntryCheck,
    KitEntry,
    KitFile,
    build_kit,
    direction_note,
    kit_relative,
)

BOX = "□"
BODY = 9.5
MARGIN = 15 * mm


@dataclass(frozen=True)
class ListHead:
    case_number: str
    kind_label: str
    district_name: str
    unit_name: str
    holder_name: str
    online_only: bool
    online_source: str
    online_quote: str
    made_on: dt.date


def write_upload(
    kit: Sequence[KitEntry],
    head: ListHead | None,
    temp: Path,
    built: dict[str, Path],
    *,
    unfixed: Mapping[int, Sequence[Path]],
    max_mb: float,
    shared: tuple[Mapping[int, EntryCheck], Mapping[tuple[Path, ...], tuple[bytes, int]]],
) -> list[KitFile]:
    """The upload kit and its 上传清单 under ``temp``, each file saying which suggested fixes
    were not applied (``unfixed``: scans by checklist number); adds what it wrote to ``built``.

    ``shared``: the checks recorded at attach and the item PDFs the assembly already made
    (:func:`.upload_kit.build_kit`).
    """
    from .scan_fixes import unapplied_notes

    checks, made_pdfs = shared
    kit_files, made = build_kit(kit, temp, max_mb=max_mb, checks=checks, made_pdfs=made_pdfs)
    built.update(kit_files)
    for kit_file in made:
        entry = kit_file.entry
        kit_file.findings += unapplied_notes(
            list(unfixed.get(entry.number, ())),
            max_mb=max_mb,
            card=entry.cards,
            photo=entry.slot.format == "jpg",
        )
    if head is not None:
        list_name = f"{UPLOAD_DIR}/{LIST_NAME}"
        (temp / list_name).parent.mkdir(parents=True, exist_ok=True)
        (temp / list_name).write_bytes(render_upload_list(head, made))
        built[list_name] = temp / list_name
    return made


def upload_rows(files: Sequence[KitFile]) -> list[dict[str, object]]:
    """The list as plain rows (the case window and the CLI show the same)."""
    rows = []
    for made in files:
        entry = made.entry
        checks = list(made.findings) or (["未发现问题"] if made.relative else [])
        if made.relative:
            checks.append(direction_note(made))
        rows.append(
            {
                "number": entry.number,
                "title": entry.title,
                "login": entry.slot.login,
                "module": entry.slot.module,
                "slot": entry.slot.slot,
                "file": made.relative,
                "pages": made.pages,
                "preparation": list(entry.preparation),
                "checks": checks,
                "unverified": entry.slot.unverified,
                "required": entry.required,
                "source": entry.slot.source,
                "quote": entry.slot.quote,
            }
        )
    return rows


def preview_rows(entries: Sequence[KitEntry]) -> list[dict[str, object]]:
    """The list before the kit is built: each slot and the file it will get (no checks yet)."""
    taken: set[str] = set()
    made = []
    for entry in entries:
        suffix = ".jpg" if entry.slot.format == "jpg" else ".pdf"
        relative = kit_relative(entry.slot, suffix, taken) if entry.files else ""
        made.append(KitFile(entry, relative, 0))
    rows = upload_rows(made)
    for row in rows:
        row["checks"] = ["整理材料时检查"] if row["file"] else []
    return rows


def _place(row: dict) -> str:
    text = f"{row['module']} → {row['slot']}"
    if row["unverified"]:
        text += f"（指南未写明附件位置，放入“其他材料”；{UNVERIFIED}）"
    return text


def _file(row: dict) -> str:
    if not row["file"]:
        return "尚无扫描件" + ("（必交）" if row["required"] else "（选交）")
    return f"{str(row['file']).split('/', 1)[1]}（{row['pages']} 页）"


def render_upload_list(head: ListHead, files: Sequence[KitFile]) -> bytes:
    chain = font_chain("body")
    para = paragraph_maker(chain, "upload-list", BODY, 1.35)
    width = A4[0] - 2 * MARGIN
    rows = upload_rows(files)
    way = (
        f"全程线上办理，纸质原件须扫描后上传（依据 {head.online_source}：“{head.online_quote}”）"
        if head.online_only
        else "网上上传各附件；本区如仍收纸质材料，柜台材料见“全部材料.pdf”"
    )
    facts = [
        ("申请单位", head.unit_name),
        ("申请人", head.holder_name),
        ("办理事项", f"{head.kind_label}（{head.district_name}）　事项编号 {head.case_number}"),
        ("办理方式", way),
        ("生成日期", head.made_on.isoformat()),
    ]
    story: list = [Title(font_chain("title").runs("上传清单", "标题"), 20, 4 * mm)]
    story.append(
        Table(
            [[para(f"{label}：", "表头"), para(value, label)] for label, value in facts],
            colWidths=[24 * mm, width - 24 * mm],
            hAlign="LEFT",
            style=[
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), chain.primary),  # never reportlab's Helvetica
            ],
        )
    )
    for login in ("单位", "申请人"):
        mine = [row for row in rows if row["login"] == login]
        if not mine:
            continue
        story += [Spacer(1, 4 * mm), para(f"{login}账号上传（{len(mine)} 项）", "小标题", 12)]
        story.append(Spacer(1, 2 * mm))
        story.append(_table(para, mine, width, chain.primary))
    story += [Spacer(1, 4 * mm), para("附件位置的依据（指南原文）", "小标题", 11)]
    story.append(para(f"扫描检查 依据 {SCAN_SOURCE}：“{SCAN_QUOTE}”", "依据"))
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (str(row["source"]), str(row["quote"]))
        if key in seen or not row["quote"]:
            continue
        seen.add(key)
        mark = f"（{UNVERIFIED}）" if row["unverified"] else ""
        story.append(para(f"{row['source']}：“{row['quote']}”{mark}", "依据"))
    return a4_document(
        story, title=f"{head.case_number} {LIST_NAME}", margin=MARGIN, font=chain.primary
    )


def _table(para, rows: Sequence[dict], width: float, font: str) -> Table:
    heads = ["已传", "序号", "附件位置", "文件", "扫描前纸面须完成", "扫描检查"]
    data = [[para(text, "表头", alignment=TA_CENTER) for text in heads]]
    for row in rows:
        steps = "\n".join(f"{BOX} {step}" for step in row["preparation"]) or "—"
        checks = "\n".join(str(text) for text in row["checks"]) or "—"
        data.append(
            [
                para(BOX, "已传", 14, alignment=TA_CENTER),
                para(str(row["number"]), "序号", alignment=TA_CENTER),
                para(_place(row), "附件位置"),
                para(_file(row), "文件"),
                para(steps, "扫描前纸面须完成"),
                para(checks, "扫描检查", 8.5),
            ]
        )
    widths = [11 * mm, 9 * mm, 36 * mm, 34 * mm, 42 * mm, 0]
    widths[-1] = width - sum(widths)
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONTNAME", (0, 0), (-1, -1), font),  # never reportlab's Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
