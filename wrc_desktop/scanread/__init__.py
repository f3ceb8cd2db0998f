"""Reading the dates and figures a clerk would type from the scans themselves, offline.

Qt-free. :func:`read_file` turns a scan (JPG, PNG or PDF) into a :class:`Reading`: each value
with the words it was read from and a confidence. The OCR engine is an optional extra
(:func:`available`, :data:`MISSING_EXTRA`); a PDF with its own text layer is read without it.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..rules.errors import WrcError
from .engine import MISSING_EXTRA, OcrUnavailable, TextLine, available, read_page, upright_turn
from .kinds import KIND_LABELS, READERS, guess_kind
from .pages import images
from .values import OPEN_END, Reading, ReadValue

KINDS = tuple(READERS)
PAGE_GAP = 200.0  # pixels between the pages of one file, so their rows never mix

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "MISSING_EXTRA",
    "OPEN_END",
    "OcrUnavailable",
    "ReadValue",
    "Reading",
    "available",
    "read_file",
    "read_lines",
    "upright_turn",
]


def read_lines(lines: list[TextLine], kind: str | None = None) -> Reading:
    """What the reader of ``kind`` (guessed from the words when None) finds in ``lines``."""
    chosen = kind or guess_kind(lines)
    if chosen is None:
        return Reading("", notes=["未能判断是哪一种材料，请指定材料类型"])
    if chosen not in READERS:
        raise WrcError(f"不能识别的材料类型“{chosen}”（可用：{'、'.join(READERS)}）")
    reading = Reading(chosen, READERS[chosen](lines))
    if not reading.values:
        reading.notes.append(f"未能从中读出{KIND_LABELS[chosen]}的任何内容")
    return reading


def read_file(path: Path | str, kind: str | None = None) -> Reading:
    """Read a scan file (its first pages); raises :class:`OcrUnavailable` without the extra."""
    started = time.perf_counter()
    path = Path(path)
    lines: list[TextLine] = []
    turned = 0
    offset = 0.0
    for page in images(path):
        if isinstance(page, list):
            found, height = page, max((x.bottom for x in page), default=0.0)
        else:
            read = read_page(page)
            found, height, turned = list(read.lines), float(read.size[1]), turned or read.turned
        lines += [_shifted(line, offset) for line in found]
        offset += height + PAGE_GAP
    reading = read_lines(lines, kind)
    reading.turned = turned
    reading.seconds = time.perf_counter() - started
    return reading


def _shifted(line: TextLine, offset: float) -> TextLine:
    if not offset:
        return line
    return TextLine(
        line.text, line.left, line.top + offset, line.right, line.bottom + offset, line.score
    )
