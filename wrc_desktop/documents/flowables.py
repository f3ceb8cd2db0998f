"""Two drawings platypus lacks: a bold-looking title and a row of check boxes.

The free Song face has no bold weight and reportlab does not embolden
TrueType fonts, so the title is drawn with fill + a thin stroke (text render
mode 2), which is how a 小标宋 title looks on paper. None of the fonts has
"☑", so check boxes are drawn as squares with a tick.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from .fonts import FontChain


def _width(runs: list[tuple[str, str]], size: float) -> float:
    return sum(stringWidth(text, font, size) for font, text in runs)


def _draw_runs(
    canvas, runs: list[tuple[str, str]], x: float, y: float, size: float, mode: int = 0
) -> float:
    text = canvas.beginText(x, y)
    text.setTextRenderMode(mode)
    for font, run in runs:
        text.setFont(font, size)
        text.textOut(run)
    canvas.drawText(text)
    return x + _width(runs, size)


class Title(Flowable):
    """A centred title line, shrunk to fit when a long title would run off the page."""

    def __init__(self, runs: list[tuple[str, str]], size: float, space_after: float) -> None:
        super().__init__()
        self.runs = runs
        self.size = size
        self.space_after = space_after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail_width = avail_width
        natural = _width(self.runs, self.size)
        if natural > avail_width:
            self.size = self.size * avail_width / natural
        return avail_width, self.size * 1.4 + self.space_after

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(self.size * 0.035)
        x = (self.avail_width - _width(self.runs, self.size)) / 2
        _draw_runs(canvas, self.runs, x, self.space_after + self.size * 0.35, self.size, mode=2)
        canvas.restoreState()


@dataclass
class CheckItem:
    ticked: bool
    label: list[tuple[str, str]]  # font runs
    value: list[tuple[str, str]] | None = None  # written after the label, underlined
    gap_chars: int = 0  # when there is no value: the width of the line to write on


class CheckRow(Flowable):
    """Check boxes with labels, wrapped onto as many lines as the width needs."""

    def __init__(
        self, items: list[CheckItem], size: float, leading: float, chain: FontChain
    ) -> None:
        super().__init__()
        self.items = items
        self.size = size
        self.leading = leading
        self.chain = chain
        self.lines: list[list[CheckItem]] = []

    def _item_width(self, item: CheckItem) -> float:
        box = self.size * 1.1
        tail = _width(item.value, self.size) if item.value else item.gap_chars * self.size
        return box + _width(item.label, self.size) + tail

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        spacing = self.size * 1.5
        self.lines, line, used = [], [], 0.0
        for item in self.items:
            width = self._item_width(item)
            if line and used + spacing + width > avail_width:
                self.lines.append(line)
                line, used = [], 0.0
            used += (spacing if line else 0) + width
            line.append(item)
        if line:
            self.lines.append(line)
        self.width = avail_width
        return avail_width, len(self.lines) * self.leading

    def draw(self) -> None:
        canvas = self.canv
        size = self.size
        for index, line in enumerate(self.lines):
            y = (
                (len(self.lines) - index - 1) * self.leading
                + (self.leading - size) / 2
                + size * 0.15
            )
            x = 0.0
            for item in line:
                self._box(canvas, x, y, item.ticked)
                x = _draw_runs(canvas, item.label, x + size * 1.1, y, size)
                if item.value:
                    end = _draw_runs(canvas, item.value, x, y, size)
                    canvas.line(x, y - size * 0.15, end, y - size * 0.15)
                    x = end
                elif item.gap_chars:
                    canvas.line(x, y - size * 0.15, x + item.gap_chars * size, y - size * 0.15)
                    x += item.gap_chars * size
                x += size * 1.5

    def _box(self, canvas, x: float, y: float, ticked: bool) -> None:
        side = self.size * 0.8
        bottom = y - self.size * 0.05
        canvas.saveState()
        canvas.setLineWidth(0.8)
        canvas.rect(x + self.size * 0.1, bottom, side, side)
        if ticked:
            canvas.setLineWidth(1.4)
            left = x + self.size * 0.1
            path = canvas.beginPath()
            path.moveTo(left + side * 0.18, bottom + side * 0.5)
            path.lineTo(left + side * 0.42, bottom + side * 0.2)
            path.lineTo(left + side * 0.85, bottom + side * 0.85)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()
