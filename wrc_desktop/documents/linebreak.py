"""Chinese line breaking for form paragraphs.

reportlab's CJK wrap looks back only half a line for a break before a Latin
word, so an 18-digit ID number that does not fit is cut before its last
digit — on a permit application that reads as a wrong number. Its list of
characters that may not start a line is Japanese and lacks ， ； ： ！ ？,
so a line may start with a comma. This splitter breaks between any two
characters except inside a run of Latin letters and digits or a handwriting gap
(a blank form's line for an ID number stays whole, never a two-character stub
on the next line), never puts closing punctuation at the start of a line and
never leaves opening punctuation at the end of one. Punctuation does not hang
past the right margin: the character before it moves down with it.
"""

from __future__ import annotations

from reportlab.platypus.paragraph import Paragraph, ParaLines, cjkU, makeCJKParaLine

# GB/T 15834 and common practice: punctuation that may not start / end a line.
CANNOT_START = frozenset("，。、；：？！）》」』】〕〉”’….,;:?!)]}%‰℃·—")
CANNOT_END = frozenset("（《「『【〔〈“‘([{")
_FUZZ = 1e-6
# The handwriting gap of a blank form (``markup.GAP_CHAR``, full-width low lines).
_GAP_CHAR = "\uff3f"


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "-_./@#+")


def _may_break_before(units: list[str], index: int) -> bool:
    """Whether a line may end between ``units[index - 1]`` and ``units[index]``."""
    before, after = units[index - 1], units[index]
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if before == _GAP_CHAR and after == _GAP_CHAR:
        return _may_split_gap(units, index)
    return not (_is_word_char(before) and _is_word_char(after))


# A handwriting gap shorter than a long line's (an ID number's, a name's) stays whole; a longer
# one (an address's) may wrap, but leaves at least this much line on either side.
_WHOLE_GAP = 12
_GAP_PIECE = 4


def _may_split_gap(units: list[str], index: int) -> bool:
    left = 0
    while index - left - 1 >= 0 and units[index - left - 1] == _GAP_CHAR:
        left += 1
    right = 0
    while index + right < len(units) and units[index + right] == _GAP_CHAR:
        right += 1
    return left + right >= _WHOLE_GAP and min(left, right) >= _GAP_PIECE


def split_lines(frags, max_widths: list[float], calc_bounds: bool) -> ParaLines:
    units: list = []
    for frag in frags:
        text = frag.text
        if text:
            units.extend(cjkU(char, frag, "utf8") for char in text)
        else:
            units.append(cjkU(text, frag, "utf8"))
    lines: list[ParaLines] = []
    start = 0
    count = len(units)
    while start < count:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        index = start
        line_break = False
        while index < count:
            unit = units[index]
            if hasattr(unit.frag, "lineBreak"):
                line_break = True
                index += 1
                break
            if used + unit.width > max_width + _FUZZ and index > start:
                break
            used += unit.width
            index += 1
        end = index
        if not line_break and index < count:
            end = _line_end(units, start, index)
            used -= sum(u.width for u in units[end:index])
        lines.append(
            makeCJKParaLine(
                units[start:end], max_width, used, max_width - used, line_break, calc_bounds
            )
        )
        start = end
    return ParaLines(kind=1, lines=lines)


def _line_end(units: list, start: int, overflow: int) -> int:
    """Where the line that overflows at ``units[overflow]`` should end (exclusive).

    A closing mark that would start the next line takes the character before it along
    (the line ends earlier), so nothing is printed past the right margin.
    """
    for candidate in range(overflow, start, -1):
        if _may_break_before(units, candidate):
            return candidate
    return overflow  # one unbreakable run wider than the line: cut it where it overflows


class FormParagraph(Paragraph):
    """A Paragraph that always wraps with :func:`split_lines` (style ``wordWrap="CJK"``)."""

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        self.height = 0
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        calc_bounds = getattr(self, "autoLeading", getattr(self.style, "autoLeading", "")) not in (
            "",
            "off",
        )
        return split_lines(self.frags, list(maxWidths), calc_bounds)
