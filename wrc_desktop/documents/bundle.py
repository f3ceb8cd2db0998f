"""``全部材料.pdf``, the print bundle that goes to the bureau's counter.

It opens with a 材料目录 as a reviewer expects it — the case, the unit, the applicant,
and every material numbered with its pages in the bundle and whether the paper is the
original or a copy — followed by the materials in that order. Every page carries
"第 3 页 共 12 页" at its foot, each material has a bookmark, and the file opens with its
bookmarks shown. Nothing of the clerk's own check sheet (states, problems, rule files)
goes in: that is a separate file. A draft (a case that cannot be submitted yet, built
on the clerk's explicit request) says 草稿 across every page.

Output is deterministic (reportlab's invariant mode), so an unchanged case rebuilds to
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer, Table, TableStyle

from .flowables import Title, _draw_runs, _width
from .fonts import font_chain
from .plain_document import _render_lock, a4_document, paragraph_maker

CONTENTS_TITLE = "材料目录"
BODY = 12.0
MARGIN = 20 * mm
FOOT_SIZE = 10.5
PAGE_BAND = 12 * mm  # at the foot of each material's page, for its number
DRAFT_WORD = "草稿"


@dataclass(frozen=True)
class BundleHead:
    """Who and what the bundle is for, as the 材料目录 states it."""

    case_number: str
    kind_label: str
    district_name: str
    unit_name: str
    unit_uscc: str
    holder_name: str
    id_label: str  # e.g. 居民身份证
    id_number: str
    submit_on: dt.date | None


@dataclass(frozen=True)
class BundlePart:
    """One material of the bundle: its number in the 材料目录, its title and its PDF.

    A material the clerk holds on paper only (no scan) has no PDF: the 材料目录 lists it
    as handed in on paper (另附), so the reviewer sees every material of the application.
    """

    number: int
    title: str
    copy_kind: str  # 原件 or 复印件 (rules.materials.paper_kind, the checklist's word)
    path: Path | None
    pages: int

    @property
    def on_paper(self) -> bool:
        return self.path is None


def _page_range(first: int, count: int) -> str:
    return str(first) if count == 1 else f"{first}–{first + count - 1}"


def render_contents(
    head: BundleHead, parts: Sequence[BundlePart], *, first_page: int, draft: bool = False
) -> bytes:
    """The 材料目录 pages; the first material starts on page ``first_page`` of the bundle."""
    chain = font_chain("body")
    title_chain = font_chain("title")

    para = paragraph_maker(chain, "contents", BODY, 1.45)

    width = A4[0] - 2 * MARGIN
    facts = [
        ("申请单位", head.unit_name),
        ("统一社会信用代码", head.unit_uscc),
        ("申请人", head.holder_name),
        (f"{head.id_label}号码" if head.id_label else "证件号码", head.id_number),
        ("办理事项", f"{head.kind_label}（{head.district_name}）"),
        ("事项编号", head.case_number),
    ]
    label_width = 42 * mm
    header = Table(
        [[para(f"{label}：", "目录表头"), para(value, label)] for label, value in facts],
        colWidths=[label_width, width - label_width],
        hAlign="LEFT",
    )
    header.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    heads = ["序号", "材料名称", "原件/复印件", "页码", "页数"]
    rows = [[para(text, "目录表头", alignment=TA_CENTER) for text in heads]]
    page = first_page
    for part in parts:
        pages = ("另附", "—") if part.on_paper else (_page_range(page, part.pages), str(part.pages))
        rows.append(
            [
                para(str(part.number), "序号", alignment=TA_CENTER),
                para(part.title, f"第 {part.number} 项材料名称"),
                para(part.copy_kind, "原件/复印件", alignment=TA_CENTER),
                para(pages[0], "页码", alignment=TA_CENTER),
                para(pages[1], "页数", alignment=TA_CENTER),
            ]
        )
        page += part.pages
    widths = [14 * mm, 0, 30 * mm, 24 * mm, 15 * mm]
    widths[1] = width - sum(widths)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    title = f"{CONTENTS_TITLE}（{DRAFT_WORD}）" if draft else CONTENTS_TITLE
    story: list = [
        Title(title_chain.runs(title, "标题"), 22, 6 * mm),
        header,
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 5 * mm),
        para(_summary(parts, page - 1), "合计"),
    ]
    return a4_document(
        story, title=f"{head.case_number} {CONTENTS_TITLE}", margin=MARGIN, font=chain.primary
    )


def _summary(parts: Sequence[BundlePart], pages: int) -> str:
    text = f"共 {len(parts)} 项材料，连同本目录共 {pages} 页"
    on_paper = sum(part.on_paper for part in parts)
    if on_paper:
        text += f"；其中 {on_paper} 项为纸质材料，另附"
    return text + "。"


def build_bundle(
    head: BundleHead, parts: Sequence[BundlePart], *, draft: bool = False
) -> tuple[bytes, int]:
    """The whole bundle: 材料目录, then each part; returns the bytes and the page count."""
    contents_pages = 1
    while True:  # the 材料目录's own length moves every page number after it
        contents = render_contents(head, parts, first_page=contents_pages + 1, draft=draft)
        pages = len(PdfReader(io.BytesIO(contents)).pages)
        if pages == contents_pages:
            break
        contents_pages = pages
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(contents)))
    writer.add_outline_item(title=CONTENTS_TITLE, page_number=0)
    for part in parts:
        if part.path is None:
            continue
        start = len(writer.pages)
        writer.append(PdfReader(part.path))
        writer.add_outline_item(title=f"{part.number}. {part.title}", page_number=start)
    _stamp(writer, draft=draft, contents_pages=contents_pages)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": f"{head.case_number} 全部材料", "/Creator": "WRC Desk"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages)


def _make_room(page, band: float) -> None:
    """Shrink a material's page into the area above a band at its foot, centred: the page
    number goes in the band and never over content (a full-page scan reaches the edge)."""
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    scale = (height - band) / height
    left, bottom = float(box.left), float(box.bottom)
    page.add_transformation(
        Transformation()
        .translate(-left, -bottom)
        .scale(scale, scale)
        .translate(left + width * (1 - scale) / 2, bottom + band)
    )


def _stamp(writer: PdfWriter, *, draft: bool, contents_pages: int = 0) -> None:
    """Page numbers (and 草稿) in a band at the foot of every page, in the page's own orientation.

    The materials' pages (after the first ``contents_pages``, laid out with room for the number)
    are shrunk by the band's height first.
    """
    total = len(writer.pages)
    boxes = []
    for index, page in enumerate(writer.pages):
        if page.rotation:
            page.transfer_rotation_to_content()  # so "bottom" is the bottom the reader sees
        if index >= contents_pages:
            _make_room(page, PAGE_BAND)
        box = page.mediabox
        boxes.append((float(box.left), float(box.bottom), float(box.width), float(box.height)))
    overlay = io.BytesIO()
    chain = font_chain("body")
    with _render_lock:
        canvas = Canvas(overlay, invariant=True, initialFontName=chain.primary)  # no Helvetica
        for number, (_left, _bottom, width, height) in enumerate(boxes, start=1):
            canvas.setPageSize((width, height))
            text = f"第 {number} 页 共 {total} 页"
            if draft:
                text = f"{DRAFT_WORD} · {text}"
            runs = chain.runs(text, "页码")
            _draw_runs(canvas, runs, (width - _width(runs, FOOT_SIZE)) / 2, 6 * mm, FOOT_SIZE)
            if draft:
                _draw_draft_mark(canvas, chain.runs(DRAFT_WORD, "草稿"), width, height)
            canvas.showPage()
        canvas.save()
    stamps = PdfReader(io.BytesIO(overlay.getvalue()))
    for page, stamp, (left, bottom, _w, _h) in zip(writer.pages, stamps.pages, boxes, strict=True):
        page.merge_transformed_page(stamp, Transformation().translate(left, bottom))


def _draw_draft_mark(canvas: Canvas, runs: list[tuple[str, str]], width: float, height: float):
    """A large, light 草稿 across the page: unmistakable, yet the page stays readable."""
    size = min(width, height) * 0.28
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.18))
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    _draw_runs(canvas, runs, -_width(runs, size) / 2, -size / 3, size)
    canvas.restoreState()
