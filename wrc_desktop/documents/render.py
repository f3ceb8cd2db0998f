"""One renderer for every form: a :class:`FormDefinition` + values → an A4 PDF.

Layout follows the Chinese official-document convention (GB/T 9704): title
about 22 pt (二号) centred, body about 16 pt (三号) with generous leading,
margins near 37/35/28/26 mm. Text is set with platypus paragraphs in CJK
wrap mode, so a long address or unit name wraps inside the margins.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .context import FormContext, check_required
from .definition import FormDefinition
from .flowables import CheckItem, CheckRow, Title
from .fonts import font_chain
from .linebreak import FormParagraph as Paragraph
from .markup import expand, lookup, plain_text

ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
TITLE_SIZE = 22.0
BODY_SIZE = 16.0
BODY_LEADING = 29.0

# reportlab keeps per-document state in shared font objects: one document at a time.
_render_lock = threading.Lock()


class _Builder:
    """Turns the blocks of one form into flowables for one context."""

    def __init__(self, form: FormDefinition, context: FormContext) -> None:
        self.form = form
        self.context = context
        self.chain = font_chain("body")
        self.title_chain = font_chain("title")
        self.size = form.page_value("size", BODY_SIZE)
        self.leading = form.page_value("leading", BODY_LEADING)

    def style(self, block: dict[str, Any], **overrides: Any) -> ParagraphStyle:
        size = float(block.get("size", overrides.pop("size", self.size)))
        leading = float(
            block.get("leading", overrides.pop("leading", self.leading * size / self.size))
        )
        indent = float(block.get("indent", overrides.pop("indent", 0)))
        return ParagraphStyle(
            "form",
            fontName=self.chain.primary,
            fontSize=size,
            leading=leading,
            wordWrap="CJK",
            alignment=ALIGN[block.get("align", overrides.pop("align", "justify"))],
            firstLineIndent=indent * size,
            rightIndent=float(block.get("right_indent", 0)) * size,
            leftIndent=float(block.get("left_indent", 0)) * size,
            spaceBefore=float(block.get("space_before", 0)) * mm,
            spaceAfter=float(block.get("space_after", 0)) * mm,
            **overrides,
        )

    def para(self, text: str, style: ParagraphStyle, **kwargs: Any) -> Paragraph:
        return Paragraph(expand(text, self.context, self.chain, self.form, **kwargs), style)

    def story(self) -> list:
        runs = self.title_chain.runs(self.form.title, "表格标题")
        flowables: list = [
            Title(
                runs,
                self.form.page_value("title_size", TITLE_SIZE),
                self.form.page_value("title_space", 8) * mm,
            )
        ]
        for block in self.form.blocks:
            flowables.extend(getattr(self, f"_{block['type']}")(block))
        return flowables

    def _paragraph(self, block: dict[str, Any]) -> list:
        style = self.style(block, indent=2 if block.get("align", "justify") == "justify" else 0)
        lines = block["text"].strip("\n").split("\n")
        flowables = []
        for index, line in enumerate(lines):
            # The block's space before/after belongs to its first/last line only.
            line_style = ParagraphStyle(
                f"line{index}",
                parent=style,
                spaceBefore=style.spaceBefore if index == 0 else 0,
                spaceAfter=style.spaceAfter if index == len(lines) - 1 else 0,
            )
            flowables.append(self.para(line, line_style))
        return flowables

    def _spacer(self, block: dict[str, Any]) -> list:
        return [Spacer(1, float(block.get("height", 8)) * mm)]

    def _fields(self, block: dict[str, Any]) -> list:
        """Label：value rows; the value sits on a line, as on a printed form."""
        size = float(block.get("size", self.size))
        style = self.style({}, align="left", size=size, leading=size * 1.3)
        width = self.width
        rows = []
        for row in block["rows"]:
            cells, widths, lines = [], [], []
            for label, key, fraction in row:
                label_text = f"{label}："
                label_width = stringWidth(label_text, self.chain.primary, size) + 4
                value = None if self.context.blank else lookup(self.context, key)
                cells += [
                    Paragraph(self.chain.markup(label_text, "表格文字"), style),
                    Paragraph(self.chain.markup(value, self.context.label(key)), style)
                    if value
                    else "",
                ]
                lines.append(len(widths) + 1)
                widths += [label_width, width * float(fraction) - label_width]
            table = Table([cells], colWidths=widths, hAlign="LEFT")
            commands = [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
            commands += [("LINEBELOW", (col, 0), (col, 0), 0.7, "black") for col in lines]
            commands += [("RIGHTPADDING", (col, 0), (col, 0), 10) for col in lines]
            table.setStyle(
                TableStyle([*commands, ("FONTNAME", (0, 0), (-1, -1), self.chain.primary)])
            )
            rows.append(table)
            rows.append(Spacer(1, float(block.get("row_gap", 5)) * mm))
        return rows

    def _signatures(self, block: dict[str, Any]) -> list:
        """Labelled lines to sign on; ``repeat`` adds one per list item (e.g. every co-owner)."""
        labels: list[str] = []
        repeat = block.get("repeat")
        if repeat:
            for item in self.context.lists.get(repeat["list"]) or [{}]:
                named = all(item.get(key) for key in repeat.get("needs", ()))
                template = (
                    repeat["item"] if named and not self.context.blank else repeat["item_blank"]
                )
                labels.append(plain_text(template, self.context, self.chain, item=item))
        labels += [plain_text(text, self.context, self.chain) for text in block.get("items", [])]
        size = float(block.get("size", self.size))
        style = self.style({}, align="left", size=size, indent=0, leading=size * 1.3)
        label_width = max(stringWidth(f"{text}：", self.chain.primary, size) for text in labels) + 2
        line_width = float(block.get("line", 7)) * size
        gap = 2 * size
        columns = max(
            1,
            min(
                int(block.get("columns", 1)),
                int((self.width + gap) // (label_width + line_width + gap)),
            ),
        )
        if label_width + line_width > self.width:  # a very long label: wrap it, keep the line
            label_width = self.width - line_width
        data, commands = (
            [],
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ],
        )
        for row_index, start in enumerate(range(0, len(labels), columns)):
            row: list = []
            for offset, text in enumerate(labels[start : start + columns]):
                row += [Paragraph(self.chain.markup(f"{text}：", "签字栏"), style), "", ""]
                commands.append(
                    (
                        "LINEBELOW",
                        (offset * 3 + 1, row_index),
                        (offset * 3 + 1, row_index),
                        0.7,
                        "black",
                    )
                )
            row += [""] * (columns * 3 - len(row))
            data.append(row)
        widths = [label_width, line_width, gap] * columns
        table = Table(
            data,
            colWidths=widths[:-1],
            rowHeights=float(block.get("height", 14)) * mm,
            hAlign=block.get("align", "left").upper(),
        )
        table.setStyle(TableStyle([*commands, ("FONTNAME", (0, 0), (-1, -1), self.chain.primary)]))
        return [Spacer(1, float(block.get("space_before", 4)) * mm), KeepTogether([table])]

    def _table(self, block: dict[str, Any]) -> list:
        from .table import build_table

        return [build_table(self, block)]

    def check_row(self, spec: str, size: float, leading: float) -> CheckRow:
        items = []
        for part in spec.split(";"):
            key, _, text = part.strip().partition(" ")
            label, _, tail = text.partition("{")
            ticked = bool(self.context.values.get(key)) and not self.context.blank
            value = gap_chars = None
            if tail:
                value_key, _, width = tail.rstrip("}").partition(":")
                filled = None if self.context.blank else self.context.values.get(value_key)
                value = self.chain.runs(filled, self.context.label(value_key)) if filled else None
                gap_chars = int(width or 6)
            items.append(
                CheckItem(ticked, self.chain.runs(label, "表格文字"), value, gap_chars or 0)
            )
        return CheckRow(items, size, leading, self.chain)


class _Callback(Flowable):
    """Zero-size flowable that reports progress when the layout reaches it."""

    def __init__(self, callback: Callable[[int], None], index: int) -> None:
        super().__init__()
        self.callback = callback
        self.index = index

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.callback(self.index)


def render_pdf(
    form: FormDefinition,
    contexts: Sequence[FormContext],
    *,
    title: str | None = None,
    on_form_done: Callable[[int], None] | None = None,
) -> bytes:
    """One PDF holding the form once per context (one page or more each).

    ``on_form_done(index)`` is called as each form has been laid out; it may
    raise to abandon the document (cancel).
    """
    if not contexts:
        raise ValueError("render_pdf needs at least one context")
    for context in contexts:
        check_required(context, form.required, form.title)
    margins = {
        side: form.page_value(f"margin_{side}", default) * mm
        for side, default in (("top", 25), ("bottom", 25), ("left", 28), ("right", 26))
    }
    with _render_lock:
        story: list = []
        for index, context in enumerate(contexts):
            builder = _Builder(form, context)
            # The frame keeps 6 pt of padding on each side.
            builder.width = A4[0] - margins["left"] - margins["right"] - 12
            if index:
                story.append(PageBreak())
            story.extend(builder.story())
            if on_form_done is not None:
                story.append(_Callback(on_form_done, index))
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            title=title or form.title,
            author="",
            creator="WRC Desk",
            leftMargin=margins["left"],
            rightMargin=margins["right"],
            topMargin=margins["top"],
            bottomMargin=margins["bottom"],
            initialFontName=font_chain("body").primary,
            initialFontSize=BODY_SIZE,
        )
        doc.build(story)
    return buffer.getvalue()
