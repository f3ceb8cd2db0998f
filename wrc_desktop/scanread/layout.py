"""Where text stands on the page: lines grouped into rows, a label's value beside or below it.

OCR returns boxes, not a form: a value may be in the label's own box ("合同期限：自…"), in
the next box of the same row ("姓名" … "张三"), or on the row below a table's header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .engine import TextLine
from .values import compact


@dataclass(frozen=True)
class Found:
    """A value's text, the words it was read from, and the OCR score of those words."""

    text: str
    source: str
    score: float


_SUB_LABEL = re.compile(r"^(名称|姓名|全称)[:：]?")


def rows(lines: Iterable[TextLine]) -> list[list[TextLine]]:
    """Lines grouped into rows (top to bottom), each row left to right."""
    grouped: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda item: item.middle):
        if grouped:
            row = grouped[-1]
            height = min(min(x.height for x in row), line.height) or 1.0
            if abs(sum(x.middle for x in row) / len(row) - line.middle) < 0.5 * height:
                row.append(line)
                continue
        grouped.append([line])
    return [sorted(row, key=lambda item: item.left) for row in grouped]


def row_texts(lines: Iterable[TextLine]) -> list[tuple[str, float]]:
    """Each row's text (its boxes joined by a space) and its lowest score."""
    return [(" ".join(x.text for x in row), min(x.score for x in row)) for row in rows(lines)]


def _label_pattern(label: str) -> re.Pattern[str]:
    return re.compile(r"\s*".join(map(re.escape, label)))


def _match_label(text: str, labels: Sequence[str]) -> re.Match[str] | None:
    flat = compact(text)
    for label in labels:
        match = _label_pattern(label).search(flat)
        if match:
            return match
    return None


def value_after(
    lines: Sequence[TextLine], labels: Sequence[str], *, below: bool = True
) -> Found | None:
    """The text that follows one of ``labels``: in its box, then its row, then the row below."""
    grid = rows(lines)
    for index, row in enumerate(grid):
        for position, line in enumerate(row):
            match = _match_label(line.text, labels)
            if match is None:
                continue
            rest = compact(line.text)[match.end() :].lstrip(":：;；,，.。)）]】 ")
            rest = _SUB_LABEL.sub("", rest, count=1)  # 甲方(用人单位)名称：…
            if rest:
                return Found(rest, line.text, line.score)
            beside = row[position + 1 :]
            if beside:
                text = " ".join(x.text for x in beside)
                return Found(text, f"{line.text} {text}", min(x.score for x in beside))
            if below and index + 1 < len(grid):
                under = _under(grid[index + 1], line)
                if under is not None:
                    return Found(under.text, f"{line.text} / {under.text}", under.score)
    return None


def _under(row: Sequence[TextLine], label: TextLine) -> TextLine | None:
    """The box of ``row`` nearest below ``label`` horizontally."""
    overlapping = [x for x in row if x.right > label.left and x.left < label.right + label.height]
    candidates = overlapping or list(row)
    return min(candidates, key=lambda x: abs(x.left - label.left)) if candidates else None


def full_text(lines: Iterable[TextLine]) -> str:
    return "\n".join(text for text, _score in row_texts(lines))
