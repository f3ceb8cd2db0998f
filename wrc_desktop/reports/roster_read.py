"""Step 1 of a roster import: open the clerk's file safely, choose the sheet, find the header.

The sheet is the one the clerk names, or else the one visible sheet whose header
names 姓名 and 身份证号码 (hidden sheets are never chosen on their own; with
several candidates the clerk must choose). Rows are read over the range really
used, whatever the file's ``<dimension>`` tag says. Long reads report progress
and can be cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..rules.errors import WrcError
from .roster_columns import (
    HEADER_SCAN_ROWS,
    REQUIRED,
    ColumnMap,
    apply_mapping,
    find_header,
    present,
)
from .roster_guide import is_example
from .roster_history import HISTORY_SHEET, HistorySheet, read_history
from .xlsx_read import Book, UnreadableFile, open_book, sheet_rows


@dataclass
class Roster:
    """The rows of the chosen sheet under its header."""

    path: Path
    sheet: str
    columns: ColumnMap
    rows: list[tuple[int, tuple]]  # (1-based row number in the sheet, cell values)
    history: HistorySheet | None = None  # the 证件历史 sheet of an exported register
    examples: list[int] = field(default_factory=list)  # the template's example rows, skipped


class Cancelled(WrcError):
    """The clerk stopped a long read or preview."""

    def __init__(self) -> None:
        super().__init__("已取消，未写入任何数据")


# progress(stage, done, total): called now and then during long reads and previews; it may
# raise :class:`Cancelled` to stop. ``total`` is None while the row count is not yet known.
Progress = Callable[[str, int, int | None], None]
PROGRESS_EVERY = 500  # rows between two progress reports


class SeveralSheets(WrcError):
    """More than one visible sheet looks like a roster; the clerk must say which."""

    def __init__(self, path: Path, names: list[str]) -> None:
        self.names = names
        shown = "、".join(f"“{n}”" for n in names)
        super().__init__(
            f"文件 {path.name} 中有 {len(names)} 个工作表都像花名册：{shown}；"
            "请指定要导入的工作表（命令行：--sheet 工作表名称）"
        )


@dataclass(frozen=True)
class SheetChoice:
    """A sheet of the file as the picker shows it: how many known columns its header names."""

    name: str
    hidden: bool
    fields: int
    qualifies: bool  # names both required columns (姓名, 身份证号码)


def roster_sheets(path: str | Path) -> list[SheetChoice]:
    """Every sheet of the file with what its header names (only the first rows are read)."""
    path = Path(path)
    workbook = open_book(path)
    try:
        return _sheet_choices(path, workbook)
    finally:
        workbook.close()


def _sheet_choices(path: Path, workbook: Book) -> list[SheetChoice]:
    visible = set(workbook.visible_sheets())
    choices = []
    for name in workbook.sheetnames:
        head = list(sheet_rows(path, workbook, name, limit=HEADER_SCAN_ROWS + 1))
        columns = find_header(head)
        fields = set(columns.fields.values()) if columns else set()
        choices.append(
            SheetChoice(name, name not in visible, len(fields), all(f in fields for f in REQUIRED))
        )
    return choices


def _choose_sheet(path: Path, choices: list[SheetChoice], wanted: str | None) -> str:
    if wanted is not None:
        names = [c.name for c in choices]
        if wanted not in names:
            raise WrcError(f"文件 {path.name} 中没有工作表“{wanted}”（现有：{'、'.join(names)}）")
        return wanted
    visible = [c for c in choices if not c.hidden]
    qualifying = [c.name for c in visible if c.qualifies]
    if len(qualifying) > 1:
        raise SeveralSheets(path, qualifying)
    if qualifying:
        return qualifying[0]
    named = [c for c in visible if c.fields]
    if not named:
        raise UnreadableFile(
            f"文件 {path.name} 中没有找到表头：前 10 行中应有“姓名”“身份证号码”等列名"
            "（可下载导入模板对照；隐藏的工作表不会被读取）"
        )
    return max(
        named, key=lambda c: c.fields
    ).name  # first of the best: the mapping step names the rest


def read_roster(
    path: str | Path,
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> Roster:
    """The roster sheet's rows and column mapping (with the clerk's answers).

    The sheet is ``sheet`` when given; otherwise the one visible sheet whose
    header names 姓名 and 身份证号码 (:class:`SeveralSheets` when there are
    more). Hidden sheets are never chosen on their own.
    """
    path = Path(path)
    workbook = open_book(path)
    try:
        chosen = _choose_sheet(path, _sheet_choices(path, workbook), sheet)
        rows = []
        for count, row in enumerate(sheet_rows(path, workbook, chosen), start=1):
            rows.append(row)
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress("读取", count, None)
        history = read_history(path, workbook) if chosen != HISTORY_SHEET else None
    finally:
        workbook.close()
    columns = find_header(rows)
    if columns is None:
        raise UnreadableFile(
            f"工作表“{chosen}”中没有找到表头：前 10 行中应有“姓名”“身份证号码”等列名"
        )
    body = [
        (number, tuple(cells))
        for number, cells in enumerate(rows, start=1)
        if number > columns.header_row and any(present(c) for c in cells)
    ]
    name_column = columns.column_of("name")
    examples = [
        number
        for number, cells in body
        if name_column is not None and name_column < len(cells) and is_example(cells[name_column])
    ]
    if examples:  # the template's example row: shown there, never imported
        body = [(number, cells) for number, cells in body if number not in examples]
    roster = Roster(path, chosen, columns, body, history, examples)
    if mapping:
        roster.columns = apply_mapping(roster.columns, mapping)
    return roster
