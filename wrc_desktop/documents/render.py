"""One renderer for every form: a :class:`FormDefinition` + values → an A4 PDF.

Layout follows the Chinese official-document convention (GB/T 9704): title
about 22 pt (二号) centred, body about 16 pt (三号) with generous leading,
margins near 37/35/28/26 mm. Text is set with platypus paragraphs in CJK
wrap mode, so a long address or unit name wraps inside the margins.

A declaration and its sign-off (signature lines, date, "加盖公章") never part: they
are kept together on one page. A form filled with long values may need more room
than its template: the vertical spacing is first tightened, then the type shrinks, never
below :data:`MIN_SIZE` (7 pt); what still does not fit runs on to a page headed
"<title>（续页）". A form is never refused for an official name or address it must
hold — the clerk cannot shorten those.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .context import FormContext, blank_context, check_required
from .continuation import ContinuationMarks, PageEndDocument
from .definition import FormDefinition
from .flowables import CheckItem, CheckRow, Title
from .fonts import font_chain
from .linebreak import FormParagraph as Paragraph
from .markup import expand, lookup, plain_text
from .plain_document import _render_lock

ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
TITLE_SIZE = 22.0
BODY_SIZE = 16.0
BODY_LEADING = 29.0

# How much of the template's vertical spacing is kept when a filled form would run over.
SQUEEZES = (1.0, 0.6, 0.3)
# Then the type shrinks, step by step, never below MIN_SIZE; what still does not fit continues
# on a 续页 (the form is never refused for an official name or address it must hold).
FONT_STEPS = (0.9, 0.8, 0.7, 0.6, 0.5)
MIN_SIZE = 7.0


def font_scales(form: FormDefinition) -> tuple[float, ...]:
    """The type scales tried after spacing: down to MIN_SIZE for the form's smallest text."""
    sizes = [form.page_value("size", BODY_SIZE)]
    sizes += [
        float(block.get("size", 14))  # a table's cells default to 14 pt (table.build_table)
        for block in form.blocks
        if "size" in block or block.get("type") == "table"
    ]
    smallest = min(sizes)
    return tuple(step for step in FONT_STEPS if smallest * step >= MIN_SIZE - 1e-6)


class _Heading(Paragraph):
    """A centred section heading (e.g. 申请单位声明): it stays with what follows it."""


class _BodyText(Paragraph):
    """A line of a justified paragraph: the text a sign-off belongs to."""


class _Builder:
    """Turns the blocks of one form into flowables for one context."""

    def __init__(
        self, form: FormDefinition, context: FormContext, squeeze: float = 1.0, scale: float = 1.0
    ) -> None:
        self.form = form
        self.context = context
        self.squeeze = squeeze  # share of the template's vertical spacing kept (see SQUEEZES)
        self.scale = scale  # share of the template's type sizes kept (see font_scales)
        self.chain = font_chain("body")
        self.title_chain = font_chain("title")
        self.size = form.page_value("size", BODY_SIZE) * scale
        self.leading = form.page_value("leading", BODY_LEADING) * scale
        margins = _margins(form)
        # The frame keeps 6 pt of padding on each side.
        self.width: float = A4[0] - margins["left"] - margins["right"] - 12

    def sized(self, block: dict[str, Any]) -> float:
        """The block's type size at this layout's scale (the body size when it gives none)."""
        return float(block["size"]) * self.scale if "size" in block else self.size

    def style(self, block: dict[str, Any], **overrides: Any) -> ParagraphStyle:
        given = overrides.pop("size", None)  # a caller's size is already at this scale
        size = self.sized(block) if given is None or "size" in block else float(given)
        leading = (
            float(block["leading"]) * self.scale
            if "leading" in block
            else float(overrides.pop("leading", self.leading * size / self.size))
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
            spaceBefore=float(block.get("space_before", 0)) * mm * self.squeeze,
            spaceAfter=float(block.get("space_after", 0)) * mm * self.squeeze,
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
            made = getattr(self, f"_{block['type']}")(block)
            if _signs_off(block):
                made = [self._keep_with_text(flowables, made, start=_starts_sign_off(block))]
            flowables.extend(made)
        return flowables

    @staticmethod
    def _keep_with_text(flowables: list, sign_off: list, *, start: bool) -> Flowable:
        """The sign-off, with the text it signs (its last line) and that text's heading.

        Taken off the end of ``flowables``: spacers, then the sign-off group this one
        continues, or (``start``) the last line of body text and a heading right above it.
        A left-set line ("（申请单位加盖公章）") only continues a sign-off; elsewhere it is
        a heading of its own and is left alone.
        """
        taken: list = []
        while flowables and isinstance(flowables[-1], Spacer):
            taken.insert(0, flowables.pop())
        if flowables and isinstance(flowables[-1], KeepTogether):
            return KeepTogether([*flowables.pop()._content, *taken, *sign_off])
        if not start:
            flowables.extend(taken)
            return sign_off[0] if len(sign_off) == 1 else KeepTogether(sign_off)
        if flowables and isinstance(flowables[-1], _BodyText | Table):
            taken.insert(0, flowables.pop())
            if flowables and isinstance(flowables[-1], _Heading):
                taken.insert(0, flowables.pop())
        return KeepTogether([*taken, *sign_off])

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
            kind = {"justify": _BodyText, "center": _Heading}.get(
                block.get("align", "justify"), Paragraph
            )
            flowables.append(kind(expand(line, self.context, self.chain, self.form), line_style))
        return flowables

    def _spacer(self, block: dict[str, Any]) -> list:
        return [Spacer(1, float(block.get("height", 8)) * mm * self.squeeze)]

    def _fields(self, block: dict[str, Any]) -> list:
        """Label：value rows; the value sits on a line, as on a printed form."""
        size = self.sized(block)
        style = self.style({}, align="left", size=size, leading=size * 1.3)
        width = self.width
        rows = []
        for row in block["rows"]:
            cells: list = []
            widths: list[float] = []
            lines: list[int] = []
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
            commands: list[tuple] = [
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
            rows.append(Spacer(1, float(block.get("row_gap", 5)) * mm * self.squeeze))
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
        size = self.sized(block)
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
        data: list[list] = []
        commands: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
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
            rowHeights=float(block.get("height", 14)) * mm * max(self.squeeze, 0.75),
            hAlign=block.get("align", "left").upper(),
        )
        table.setStyle(TableStyle([*commands, ("FONTNAME", (0, 0), (-1, -1), self.chain.primary)]))
        return [Spacer(1, float(block.get("space_before", 4)) * mm * self.squeeze), table]

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


def _starts_sign_off(block: dict[str, Any]) -> bool:
    """Signature lines, or a right-set line (a date, "申请单位（盖章）") after the text."""
    if block["type"] == "signatures":
        return True
    return block["type"] == "paragraph" and block.get("align") == "right"


def _signs_off(block: dict[str, Any]) -> bool:
    """A block that may belong to a sign-off: one that starts it, or a left-set line."""
    return _starts_sign_off(block) or (
        block["type"] == "paragraph" and block.get("align") == "left"
    )


def _margins(form: FormDefinition) -> dict[str, float]:
    return {
        side: form.page_value(f"margin_{side}", default) * mm
        for side, default in (("top", 25), ("bottom", 25), ("left", 28), ("right", 26))
    }


def _document(
    buffer: io.BytesIO, form: FormDefinition, title: str, on_page_end: Callable | None = None
) -> SimpleDocTemplate:
    margins = _margins(form)
    return PageEndDocument(
        buffer,
        on_page_end=on_page_end,
        pagesize=A4,
        title=title,
        author="",
        creator="WRC Desk",
        leftMargin=margins["left"],
        rightMargin=margins["right"],
        topMargin=margins["top"],
        bottomMargin=margins["bottom"],
        initialFontName=font_chain("body").primary,
        initialFontSize=BODY_SIZE,
    )


Fit = tuple[float, float]  # (squeeze, type scale)
LOOSEST: Fit = (1.0, 1.0)


def _story(form: FormDefinition, context: FormContext, fit: Fit) -> list:
    return _Builder(form, context, *fit).story()


class _LayoutOnlyCanvas(Canvas):
    """A canvas that is laid out on but never written: no font subsets, no PDF bytes."""

    def save(self) -> None:
        pass


def _pages_needed(form: FormDefinition, context: FormContext, fit: Fit) -> int:
    doc = _document(io.BytesIO(), form, form.title)
    doc.build(_story(form, context, fit), canvasmaker=_LayoutOnlyCanvas)
    return doc.page


def page_budget(form: FormDefinition) -> int:
    """How many pages the form may take: as many as its blank template (or its ``pages``)."""
    if "pages" in form.page:
        return int(form.page["pages"])
    with _render_lock:
        return _blank_pages(form)


_blank_page_counts: dict[tuple, int] = {}


def _blank_pages(form: FormDefinition) -> int:
    """The blank template's page count, with the fonts in use now (their metrics differ)."""
    key = (form.slug, tuple(font.name for font in font_chain("body").fonts))
    if key not in _blank_page_counts:
        _blank_page_counts[key] = _pages_needed(form, blank_context(), LOOSEST)
    return _blank_page_counts[key]


def _fitting_squeeze(form: FormDefinition, context: FormContext) -> Fit:
    """The loosest layout at which the form fits its pages: spacing first, then type size
    down to MIN_SIZE; when nothing fits, the smallest (the rest runs on to a 续页)."""
    budget = page_budget(form)
    fits = [(squeeze, 1.0) for squeeze in SQUEEZES]
    fits += [(SQUEEZES[-1], scale) for scale in font_scales(form)]
    for fit in fits:
        if _pages_needed(form, context, fit) <= budget:
            return fit
    return fits[-1]


def render_pdf(
    form: FormDefinition,
    contexts: Sequence[FormContext],
    *,
    title: str | None = None,
    on_form_done: Callable[[int], None] | None = None,
) -> bytes:
    """One PDF holding the form once per context (one page or more each).

    A form that comes out longer than its template is set again with tighter spacing;
    one that still does not fit is set smaller (not below 7 pt) and runs on to a 续页.
    ``on_form_done(index)`` is called as each form has been laid out (again, for a
    batch set a second time); it may raise to abandon the document (cancel).
    """
    if not contexts:
        raise ValueError("render_pdf needs at least one context")
    for context in contexts:
        check_required(context, form.required, form.title)
    with _render_lock:
        budget = page_budget(form)
        fits = [LOOSEST] * len(contexts)
        tried = False
        while True:  # at most twice: the second time every form has its tightest fit
            data, pages = _render(form, contexts, fits, title, on_form_done, budget)
            over = [index for index, count in enumerate(pages) if count > budget]
            if not over or tried:
                return data
            for index in over:
                fits[index] = _fitting_squeeze(form, contexts[index])
            tried = True


class _PageMark(Flowable):
    """Zero-size flowable that notes the page the layout has reached."""

    def __init__(self, pages: list[int]) -> None:
        super().__init__()
        self.pages = pages

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.pages.append(self.canv.getPageNumber())


def _render(
    form: FormDefinition,
    contexts: Sequence[FormContext],
    fits: Sequence[Fit],
    title: str | None,
    on_form_done: Callable[[int], None] | None,
    budget: int = 1,
) -> tuple[bytes, list[int]]:
    """The document, and how many pages each context's form took.

    A page beyond the form's own pages (text that did not fit at MIN_SIZE) is headed 续页 with
    the form's title, so it is read as part of the form before it.
    """
    story: list = []
    marks: list[list[int]] = []
    for index, (context, fit) in enumerate(zip(contexts, fits, strict=True)):
        if index:
            story.append(PageBreak())
        marks.append([])
        story.append(_PageMark(marks[-1]))
        story.extend(_story(form, context, fit))
        story.append(_PageMark(marks[-1]))
        if on_form_done is not None:
            story.append(_Callback(on_form_done, index))
    buffer = io.BytesIO()
    pages = ContinuationMarks(form.title, marks, budget)
    _document(buffer, form, title or form.title, on_page_end=pages.on_page_end).build(
        story, onFirstPage=pages.on_page, onLaterPages=pages.on_page
    )
    return buffer.getvalue(), [mark[-1] - mark[0] + 1 for mark in marks]
