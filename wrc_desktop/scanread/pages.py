"""The pages of a scan file as images (or as text, for a PDF that carries its own)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ..rules.errors import WrcError
from .engine import TextLine

MAX_PAGES = 3  # the values sit on a document's first pages; a long contract is not read whole
MIN_TEXT = 20  # characters: a PDF page with fewer has no text layer worth reading


def _unreadable(path: Path) -> WrcError:
    return WrcError(f"“{path.name}”不是可读取的图片或 PDF（文件可能已损坏）")


def images(path: Path) -> Iterator[Image.Image | list[TextLine]]:
    """Each page of ``path``: an upright (EXIF) image, or a PDF page's own text as lines."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise WrcError(f"文件“{path}”不存在")
    if suffix == ".pdf":
        yield from _pdf_pages(path)
        return
    if suffix not in (".jpg", ".jpeg", ".png"):
        raise WrcError(
            f"“{path.name}”的类型 {suffix or '（无扩展名）'} 不能识别，请使用 PDF、JPG 或 PNG"
        )
    try:
        with Image.open(path) as image:
            image.draft("RGB", (2480, 2480))
            yield ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise _unreadable(path) from None


def _pdf_pages(path: Path) -> Iterator[Image.Image | list[TextLine]]:
    try:
        reader = PdfReader(path)
        pages = list(reader.pages)[:MAX_PAGES]
    except (PdfReadError, OSError, ValueError):
        raise _unreadable(path) from None
    for page in pages:
        text = page.extract_text() or ""
        if len(text.strip()) >= MIN_TEXT:
            yield _text_lines(text)
            continue
        for picture in list(page.images)[:2]:
            try:
                with Image.open(io.BytesIO(picture.data)) as image:
                    yield image.convert("RGB")
            except (UnidentifiedImageError, OSError):
                continue


def _text_lines(text: str) -> list[TextLine]:
    """A text layer's lines, stacked as rows (it needs no OCR: its words are certain)."""
    lines = []
    for number, row in enumerate(r for r in text.splitlines() if r.strip()):
        lines.append(TextLine(row.strip(), 0.0, number * 40.0, 1000.0, number * 40.0 + 30, 1.0))
    return lines
