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
from .linebreak import CANNOT_END, CANNOT_START


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


def _runs(units: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(font, character) units joined into (font, text) runs."""
    runs: list[tuple[str, str]] = []
    for font, char in units:
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


class CheckRow(Flowable):
    """Check boxes with labels, wrapped onto as many lines as the width needs.

    A written value ("其他（请注明）…") longer than the room left on its line continues on the
    next line, still underlined: it never runs through the table's border.
    """

    def __init__(
        self, items: list[CheckItem], size: float, leading: float, chain: FontChain
    ) -> None:
        super().__init__()
        self.items = items
        self.size = size
        self.leading = leading
        self.chain = chain
        # Per line: ("box", x, ticked) | ("text", x, runs, underlined) | ("gap", x, width).
        self.lines: list[list[tuple]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        size = self.size
        lines: list[list[tuple]] = [[]]
        x = 0.0

        def new_line() -> None:
            nonlocal x
            lines.append([])
            x = 0.0

        for item in self.items:
            head = size * 1.1 + _width(item.label, size)
            if lines[-1] and x + size * 1.5 + head > avail_width:
                new_line()
            elif lines[-1]:
                x += size * 1.5
            lines[-1].append(("box", x, item.ticked))
            lines[-1].append(("text", x + size * 1.1, item.label, False))
            x += head
            if item.value:
                x = self._wrap_value(item.value, x, avail_width, lines, new_line)
            elif item.gap_chars:
                gap = min(item.gap_chars * size, avail_width)
                if x + gap > avail_width:
                    new_line()
                lines[-1].append(("gap", x, gap))
                x += gap
        self.lines = [line for line in lines if line]
        self.width = avail_width
        return avail_width, len(self.lines) * self.leading

    def _wrap_value(self, value, x: float, avail_width: float, lines, new_line) -> float:
        """A written value, underlined, continued on the next line by Chinese line-breaking
        rules: no line starts with closing punctuation, none ends with an opening one (the
        character before moves down with it)."""
        size = self.size
        chars = [(font, char) for font, text in value for char in text]
        line: list[tuple[str, str]] = []
        start = x
        for font, char in chars:
            width = _width([(font, char)], size)
            if x + width > avail_width and (line or x > 0):
                carried: list[tuple[str, str]] = []
                while line and (
                    (carried[0][1] if carried else char) in CANNOT_START
                    or line[-1][1] in CANNOT_END
                ):
                    carried.insert(0, line.pop())
                    if len(carried) > 3:  # a run of punctuation: break anyway
                        line += carried
                        carried = []
                        break
                if line:
                    lines[-1].append(("text", start, _runs(line), True))
                new_line()
                line, start = carried, 0.0
                x = sum(_width([unit], size) for unit in carried)
            line.append((font, char))
            x += width
        if line:
            lines[-1].append(("text", start, _runs(line), True))
        return x

    def draw(self) -> None:
        canvas = self.canv
        size = self.size
        for index, line in enumerate(self.lines):
            y = (
                (len(self.lines) - index - 1) * self.leading
                + (self.leading - size) / 2
                + size * 0.15
            )
            for kind, x, *rest in line:
                if kind == "box":
                    self._box(canvas, x, y, rest[0])
                elif kind == "text":
                    runs, underlined = rest
                    end = _draw_runs(canvas, runs, x, y, size)
                    if underlined:
                        canvas.line(x, y - size * 0.15, end, y - size * 0.15)
                else:
                    canvas.line(x, y - size * 0.15, x + rest[0], y - size * 0.15)

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
