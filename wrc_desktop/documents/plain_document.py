"""Plain A4 documents (the 材料目录, the clerk's check sheet, the 上传清单) and the lock every
reportlab rendering takes."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle

from .linebreak import FormParagraph as Paragraph

# reportlab keeps per-document state in shared font objects: one document at a time.
_render_lock = threading.RLock()


def paragraph_maker(
    chain, style_name: str, body: float, leading: float
) -> Callable[..., Paragraph]:
    """``para(text, label, size=body, **style)``: a wrapped CJK paragraph in ``chain``'s fonts
    (a glyph the fonts lack names ``label``), leading ``leading`` × its size."""

    def para(text: str, label: str, size: float = body, **style: Any) -> Paragraph:
        base = ParagraphStyle(
            style_name,
            fontName=chain.primary,
            fontSize=size,
            leading=size * leading,
            wordWrap="CJK",
            **style,
        )
        return Paragraph(chain.markup(text, label), base)

    return para


def a4_document(story: list, *, title: str, margin: float, font: str) -> bytes:
    """A plain A4 document (the 材料目录, the clerk's check sheet) built from ``story``."""
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    with _render_lock:
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=margin,
            rightMargin=margin,
            topMargin=margin,
            bottomMargin=margin,
            title=title,
            author="",
            creator="WRC Desk",
            invariant=True,
            initialFontName=font,
        )
        doc.build(story)
    return buffer.getvalue()
