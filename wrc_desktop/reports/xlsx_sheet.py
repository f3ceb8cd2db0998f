"""Reading one worksheet's cells the way Excel shows them, or saying which cell cannot be.

openpyxl's read-only sheets give a formula cell's cached value or nothing, keep a merged
range's value in its first cell only, and drop a ``<row>`` that a hand-made file puts
after a later one. A roster needs what the clerk sees, so the sheet part is read here
(with openpyxl's ``iterparse``, defusedxml's, which refuses a DTD):

* rows and cells are placed by their ``r`` references, whatever their order in the file
  (a row or cell written twice is refused: which one Excel shows is not defined);
* a range merged down one column shows its value in every row it covers, so each row
  gets it; a range merged across columns cannot be split between fields, so its other
  cells are :class:`CellIssue` (refused when the importer reads that column);
* a formula shows its cached result; one without (files written by tools, not Excel) is
  evaluated when it is a plain constant (``=DATE(2027,3,1)``, ``=46447``, ``="张三"``),
  otherwise it is a :class:`CellIssue` naming the formula;
* an error cell (``#N/A``, ``#VALUE!`` …) is a :class:`CellIssue`, never a value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from openpyxl.formula.translate import Translator, TranslatorError
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from ..rules.errors import WrcError
from ..rules.identity import mask_id

ERROR_VALUES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)

_NS = f"{{{SHEET_MAIN_NS}}}"
_ROW, _CELL, _V, _F, _IS, _T, _RUN, _MERGE = (
    f"{_NS}{tag}" for tag in ("row", "c", "v", "f", "is", "t", "r", "mergeCell")
)
_DIGITS = "0123456789"
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit
MAX_MERGED_CELLS = 200_000  # one merged range: a whole column of a big roster is far less


class SheetError(WrcError):
    """The sheet's structure is wrong in a way no cell-by-cell reading can settle."""


@dataclass(frozen=True)
class CellIssue:
    """A cell whose shown value cannot be imported; ``reason`` says why, in Chinese.

    It prints as nothing, so a header row with one still reads as a header; the import
    reports it (row, column, reason) wherever it reads that column.
    """

    reason: str

    def __str__(self) -> str:
        return ""


@dataclass(frozen=True)
class Styles:
    """What the cell styles say about numbers: which style indices show a date."""

    date_styles: frozenset[int]
    epoch: dt.datetime


def read_styles(source, epoch: dt.datetime) -> Styles:
    """The date styles of a ``styles.xml`` part (its ``cellXfs`` and custom ``numFmts``)."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    in_cell_xfs = False
    for event, node in iterparse(source, events=("start", "end")):
        tag = node.tag.rpartition("}")[2]
        if tag == "cellXfs":
            in_cell_xfs = event == "start"
        elif event == "end" and tag == "numFmt":
            custom[_int(node.get("numFmtId"))] = node.get("formatCode") or ""
        elif event == "end" and tag == "xf" and in_cell_xfs:
            formats.append(_int(node.get("numFmtId")))
    dates = set()
    for index, number_format in enumerate(formats):
        code = custom.get(number_format, BUILTIN_FORMATS.get(number_format, ""))
        if code and is_date_format(code):
            dates.add(index)
    return Styles(frozenset(dates), epoch)


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


_COLUMNS: dict[str, int] = {}


def _column(letters: str) -> int:
    index = _COLUMNS.get(letters)
    if index is None:
        index = _COLUMNS[letters] = column_index_from_string(letters)
    return index


class _Parser:
    """One pass over a sheet part; rows collected by number (1-based), cells by column."""

    def __init__(self, sheet: str, strings: Sequence[str], styles: Styles) -> None:
        self.sheet = sheet
        self.strings = strings
        self.styles = styles
        self.rows: dict[int, dict[int, object]] = {}
        self.merges: list[str] = []
        self.shared: dict[str, tuple[str, str]] = {}  # si → (formula, anchor cell)

    def cell_error(self, message: str) -> SheetError:
        return SheetError(f"工作表“{self.sheet}”{message}")

    def parse_row(self, node, previous: int) -> int:
        text = node.get("r")
        number = _int(text) if text else previous + 1
        if not 1 <= number <= MAX_SHEET_ROWS:
            raise self.cell_error(f"中有行号无效的行（r=“{text}”），文件已损坏")
        if number in self.rows:
            raise self.cell_error(f"第 {number} 行在文件中出现了两次，无法确定 Excel 显示哪一行")
        cells: dict[int, object] = {}
        column = 0
        for cell in node:
            if cell.tag != _CELL:
                continue
            ref = cell.get("r")
            column = _column(ref.rstrip(_DIGITS)) if ref else column + 1
            if column in cells:
                raise self.cell_error(f"第 {number} 行第 {column} 列的单元格出现了两次，文件已损坏")
            value = self.value(cell, number, column)
            if value is not None:
                cells[column] = value
        self.rows[number] = cells
        return number

    def value(self, cell, row: int, column: int) -> object:
        kind = cell.get("t")
        formula = cell.find(_F)
        raw = cell.findtext(_V)
        if formula is not None:
            self.remember_shared(formula, row, column)
            if raw is None or (raw == "" and kind != "str"):
                return self.evaluate(formula, row, column)
        if kind is None or kind == "n":
            return self.number(raw, cell.get("s"))
        if kind == "s":
            index = _int(raw)
            if not 0 <= index < len(self.strings):
                return CellIssue("引用了不存在的共享文本，文件已损坏")
            return self.strings[index]
        if kind == "str":
            return raw
        if kind == "d":
            try:
                return from_ISO8601(raw) if raw else None
            except ValueError:
                return CellIssue(f"日期“{raw}”无法识别")
        if kind == "inlineStr":
            inline = cell.find(_IS)
            if inline is None:
                return None
            # its text, then its runs' texts; phonetic guides (rPh) are not shown text
            parts = [t.text or "" for t in inline if t.tag == _T]
            parts += [t.text or "" for run in inline if run.tag == _RUN for t in run if t.tag == _T]
            return "".join(parts)
        if kind == "b":
            return raw == "1"
        if kind == "e":
            return CellIssue(f"单元格显示错误值 {raw or '#VALUE!'}，不是可导入的值；请改为实际的值")
        return CellIssue(f"单元格类型“{kind}”无法识别")

    def number(self, raw: str | None, style: str | None) -> object:
        """A number cell: a date when its style shows one (as Excel does)."""
        if raw is None or raw == "":
            return None
        try:
            number = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
        except ValueError:
            return CellIssue(f"数值“{raw[:20]}”无法识别，文件已损坏")
        if style and int(style) in self.styles.date_styles:
            try:
                return from_excel(number, self.styles.epoch)
            except (OverflowError, ValueError):
                return CellIssue(f"日期序号 {raw} 超出 Excel 能表示的日期范围")
        return number

    def remember_shared(self, formula, row: int, column: int) -> None:
        if formula.get("t") == "shared" and formula.text and formula.get("si") is not None:
            self.shared[formula.get("si")] = (formula.text, _ref(row, column))

    def evaluate(self, formula, row: int, column: int) -> object:
        text = formula.text or ""
        if formula.get("t") == "shared" and not text:
            anchor = self.shared.get(formula.get("si") or "")
            if anchor is None:
                return CellIssue("共享公式找不到其定义（文件已损坏）")
            try:
                text = Translator("=" + anchor[0], anchor[1]).translate_formula(_ref(row, column))[
                    1:
                ]
            except TranslatorError:
                return CellIssue(f"共享公式“={anchor[0]}”无法换算到本单元格")
        value = evaluate_constant(text)
        if value is None:
            shown = _LONG_NUMBER.sub(lambda m: mask_id(m.group()), text[:40])
            shown += "…" if len(text) > 40 else ""
            return CellIssue(
                f"公式“={shown}”没有计算结果（文件不是由 Excel/WPS 保存的）；"
                "请在 Excel 或 WPS 中打开并保存后再导入，或把该格改为实际的值"
            )
        return value


def _ref(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


_LONG_NUMBER = re.compile(r"\d{14,}[\dXx]")  # an ID number in a formula: masked when quoted
_DATE_CALL = re.compile(
    r"^\s*DATE\(\s*(\d{1,4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)\s*$", re.IGNORECASE
)
_NUMBER = re.compile(r"^\s*[+-]?\d+(\.\d+)?\s*$")
_STRING = re.compile(r'^\s*"((?:[^"]|"")*)"\s*$')


def evaluate_constant(text: str) -> object:
    """The value of a formula that is a constant Excel would compute exactly, else None.

    ``DATE(y,m,d)`` with a real day (Excel rolls 2027-02-30 over into March; that is
    refused rather than guessed), a number, a quoted text.
    """
    match = _DATE_CALL.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        if year < 1900:  # Excel adds 1900 to such years: refused, not guessed
            return None
        try:
            return dt.datetime(year, month, day)
        except ValueError:
            return None
    if _NUMBER.match(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    match = _STRING.match(text)
    if match:
        return match.group(1).replace('""', '"')
    return None


# watch(rows read, rows with a value, highest row number): may raise to stop a hostile read
Watch = Callable[[int, int, int], None]


def parse_sheet(
    source,
    sheet: str,
    strings: Sequence[str],
    styles: Styles,
    *,
    limit: int | None = None,
    watch: Watch | None = None,
) -> tuple[dict[int, dict[int, object]], list[str]]:
    """Rows by number (cells by 1-based column) and the merged ranges of a sheet part.

    With ``limit``, stops after that many ``<row>`` elements (merged ranges then unread).
    """
    parser = _Parser(sheet, strings, styles)
    previous = filled = highest = 0
    for _, node in iterparse(source):
        tag = node.tag
        if tag == _ROW:
            previous = parser.parse_row(node, previous)
            node.clear()
            filled += bool(parser.rows[previous])
            highest = max(highest, previous)
            if watch is not None:
                watch(len(parser.rows), filled, highest)
            if limit is not None and len(parser.rows) >= limit:
                break
        elif tag == _MERGE:
            parser.merges.append(node.get("ref") or "")
    return parser.rows, parser.merges


def apply_merges(sheet: str, rows: dict[int, dict[int, object]], merges: list[str]) -> None:
    """Give every row of a range merged down one column its value; mark cells of wider ranges.

    A merged range shows its first cell's value only: the other cells' own values (a file
    can keep them) are hidden, so they are never read.
    """
    for ref in merges:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            raise SheetError(f"工作表“{sheet}”中的合并区域“{ref}”无效，文件已损坏") from None
        if None in (min_col, min_row, max_col, max_row):
            continue
        anchor = rows.get(min_row, {}).get(min_col)
        if (max_row - min_row + 1) * (max_col - min_col + 1) > MAX_MERGED_CELLS:
            raise SheetError(f"工作表“{sheet}”中的合并区域 {ref} 过大，请取消合并后再导入")
        for row in range(min_row, max_row + 1):
            cells = rows.setdefault(row, {})
            for column in range(min_col, max_col + 1):
                if (row, column) == (min_row, min_col):
                    continue
                if anchor is None:  # a covered cell's own value is hidden: Excel shows none
                    cells.pop(column, None)
                elif max_col == min_col:
                    cells[column] = anchor
                else:
                    cells[column] = CellIssue(
                        f"位于横跨多列的合并单元格 {ref} 中，无法确定其值属于哪一列；请取消合并后分别填写"
                    )


def dense_rows(rows: dict[int, dict[int, object]]) -> Iterator[tuple]:
    """Row 1 to the last row as value tuples (None for empty cells and missing rows)."""
    if not rows:
        return
    for number in range(1, max(rows) + 1):
        cells = rows.get(number)
        if not cells:
            yield ()
            continue
        values: list[object] = [None] * max(cells)
        for column, value in cells.items():
            values[column - 1] = value
        yield tuple(values)
