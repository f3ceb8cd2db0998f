"""The due list (待办) as a Qt table model.

One flat list of rows: each group's title (已逾期, 紧急, 近期, 待了结 and, when asked,
已处理或暂缓) followed by its warnings, unless the clerk folded it. A table lays out nothing
per row, so 30,000 warnings are shown at once without holding the window (a tree asks the
model about every row of a group it unfolds). ``data()`` only formats what the
:class:`~wrc_desktop.desk.records.DueList` already holds (:mod:`.due_cells`: each cell's
words and the 打开/办理 links), and no widget is made per row. After a write that touched a
few holders, :meth:`DueModel.replace` removes and inserts only their rows, in the order the
full list has (:func:`wrc_desktop.rules.due.sort_key`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...rules.due import URGENCIES, DueItem, sort_key
from .due_cells import (
    COLUMNS,
    ITEM_ROLE,
    LINK_COLUMN,
    RULE_COLUMN,
    STEP_COLUMN,
    Index,
    LinkDelegate,
    case_hint,
    item_data,
    link_specs,
)
from .status_colours import ERROR_RED

if TYPE_CHECKING:  # named for the types only: desk.records brings the case modules
    from ...desk.records import DueList

__all__ = [
    "COLUMNS",
    "GROUP_ROLE",
    "HIDDEN",
    "ITEM_ROLE",
    "LINK_COLUMN",
    "RULE_COLUMN",
    "STEP_COLUMN",
    "DueModel",
    "GroupedDue",
    "LinkDelegate",
    "case_hint",
    "group_due",
    "link_specs",
]

# The one error red leads the scale (status_colours.ERROR_RED, to come).
URGENCY_COLOURS = {
    "overdue": ERROR_RED,
    "urgent": "#c55a11",
    "soon": "#1f4e78",
    "settle": "#6d4c41",
}
HIDDEN = "hidden"  # the group of warnings the clerk handled or snoozed, shown on request
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # a top-level row's group name
_ROOT = QModelIndex()  # the invisible root (a default argument)
_COLUMN_COUNT = len(COLUMNS)
# Built once, not per call: the view asks for them on every row it paints.
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass
class _Group:
    name: str
    items: list[DueItem] = field(default_factory=list)
    folded: bool = False
    first_row: int = 0  # the row of its title

    @property
    def label(self) -> str:
        return URGENCIES.get(self.name, "已处理或暂缓")

    @property
    def shown_count(self) -> int:
        """How many of its warnings have rows."""
        return 0 if self.folded else len(self.items)

    @property
    def title(self) -> str:
        return f"{'▸' if self.folded else '▾'} {self.label}（{len(self.items)}）"


@dataclass(frozen=True, eq=False)
class GroupedDue:
    """A due list and its shown items split by urgency, each in the list's order: what
    :meth:`DueModel.load` shows, made on any thread (plain lists, no Qt object)."""

    due: DueList
    groups: dict[str, list[DueItem]]


def group_due(due: DueList) -> GroupedDue:
    """``due``'s shown items by urgency (every urgency, empty or not, in URGENCIES' order)."""
    groups: dict[str, list[DueItem]] = {name: [] for name in URGENCIES}
    for item in due.shown:  # already in sort_key order, so each group is too
        groups[item.urgency].append(item)
    return GroupedDue(due, groups)


class DueModel(QAbstractTableModel):
    """The groups' titles, each followed by its warnings while unfolded.

    A folded group keeps its warnings (they are still counted and updated), without rows.
    Which groups are folded is the clerk's choice and outlasts a reload; the group of
    handled and snoozed warnings starts folded."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []
        self._folded: set[str] = {HIDDEN}
        self._rows = 0
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {name: QBrush(QColor(colour)) for name, colour in URGENCY_COLOURS.items()}
        self._grey = QBrush(QColor("#555555"))

    # ------------------------------------------------------------ filling

    def load(self, due: DueList, *, show_hidden: bool, grouped: GroupedDue | None = None) -> None:
        """Show ``due`` afresh (a full recomputation, or the hidden group switched on or off).

        ``grouped``: ``due``'s items already split into groups (:func:`group_due`), on the
        thread that computed the list, so the UI thread only swaps lists in."""
        if grouped is None or grouped.due is not due:
            grouped = group_due(due)
        self.beginResetModel()
        self._groups = [_Group(name, items) for name, items in grouped.groups.items()]
        if show_hidden and due.hidden:
            self._groups.append(_Group(HIDDEN, list(due.hidden)))
        for group in self._groups:
            group.folded = group.name in self._folded
        self._place_groups()
        self.endResetModel()

    def replace(self, old: DueList, fresh: DueList, *, show_hidden: bool) -> None:
        """Put ``fresh`` in place of the rows of ``old`` (some holders' items, then and now).

        Each row is found by bisection (the order is total), so 30,000 rows are not scanned.
        """
        hidden = self._group_named(HIDDEN)
        for item in old.shown:
            self._remove(self._group_named(item.urgency), item)
        if hidden is not None:
            for item in old.hidden:
                self._remove(hidden, item)
        if show_hidden and fresh.hidden and hidden is None:
            hidden = _Group(HIDDEN, folded=HIDDEN in self._folded, first_row=self._rows)
            self.beginInsertRows(_ROOT, self._rows, self._rows)
            self._groups.append(hidden)
            self._place_groups()
            self.endInsertRows()
        for item in fresh.shown:
            self._insert(self._group_named(item.urgency), item)
        if hidden is not None:
            for item in fresh.hidden:
                self._insert(hidden, item)
            if not hidden.items:
                self.beginRemoveRows(_ROOT, hidden.first_row, hidden.first_row)
                self._groups.remove(hidden)
                self._place_groups()
                self.endRemoveRows()
        self._titles_changed()

    def _remove(self, group: _Group | None, item: DueItem) -> None:
        if group is None:
            raise LookupError(f"due list group of {item.key} not found")
        items = group.items
        position = bisect.bisect_left(items, sort_key(item), key=sort_key)  # the order is total
        if position >= len(items) or items[position] != item:
            raise LookupError(f"due list row of {item.key} not found")
        if group.folded:
            del items[position]
            return
        row = group.first_row + 1 + position
        self.beginRemoveRows(_ROOT, row, row)
        del items[position]
        self._place_groups()
        self.endRemoveRows()

    def _insert(self, group: _Group | None, item: DueItem) -> None:
        if group is None:
            raise LookupError(f"due list group of {item.key} not found")
        items = group.items
        position = bisect.bisect_left(items, sort_key(item), key=sort_key)
        if group.folded:
            items.insert(position, item)
            return
        row = group.first_row + 1 + position
        self.beginInsertRows(_ROOT, row, row)
        items.insert(position, item)
        self._place_groups()
        self.endInsertRows()

    def _group_named(self, name: str) -> _Group | None:
        return next((group for group in self._groups if group.name == name), None)

    def _place_groups(self) -> None:
        """Each group's title row, after the rows of the groups before it."""
        row = 0
        for group in self._groups:
            group.first_row = row
            row += 1 + group.shown_count
        self._rows = row

    def _titles_changed(self) -> None:
        """The counts (and fold marks) in the titles."""
        for group in self._groups:
            title = self.index(group.first_row, 0)
            self.dataChanged.emit(title, title)

    # ------------------------------------------------------------ folding

    def set_folded(self, name: str, folded: bool) -> None:
        """Fold or unfold a group: its warnings' rows go or come back in one step."""
        if folded:
            self._folded.add(name)
        else:
            self._folded.discard(name)
        group = self._group_named(name)
        if group is None or group.folded == folded:
            return
        first, last = group.first_row + 1, group.first_row + len(group.items)
        if not group.items:
            group.folded = folded
        elif folded:
            self.beginRemoveRows(_ROOT, first, last)
            group.folded = True
            self._place_groups()
            self.endRemoveRows()
        else:
            self.beginInsertRows(_ROOT, first, last)
            group.folded = False
            self._place_groups()
            self.endInsertRows()
        title = self.index(group.first_row, 0)
        self.dataChanged.emit(title, title)

    def toggle(self, row: int) -> bool:
        """Fold or unfold the group whose title is on ``row``; False when it is a warning's row."""
        group = self._title_at(row)
        if group is None:
            return False
        self.set_folded(group.name, not group.folded)
        return True

    def is_folded(self, name: str) -> bool:
        group = self._group_named(name)
        return group.folded if group is not None else name in self._folded

    # ------------------------------------------------------------ reading

    def item(self, index: Index) -> DueItem | None:
        """The warning on ``index``'s row; None on a group's title."""
        if not index.isValid():
            return None
        return self.item_at(index.row())

    def item_at(self, row: int) -> DueItem | None:
        group, offset = self._locate(row)
        return group.items[offset] if group is not None and offset >= 0 else None

    def _locate(self, row: int) -> tuple[_Group | None, int]:
        """The group ``row`` is in, and the row's place among its warnings (-1: its title)."""
        for group in self._groups:
            offset = row - group.first_row - 1
            if offset < group.shown_count:
                return group, offset
        return None, -1

    def _title_at(self, row: int) -> _Group | None:
        return next((group for group in self._groups if group.first_row == row), None)

    def title_rows(self) -> list[int]:
        """The rows of the groups' titles."""
        return [group.first_row for group in self._groups]

    def group_at(self, row: int) -> str | None:
        """The name of the group whose title is on ``row``; None on a warning's row."""
        group = self._title_at(row)
        return group.name if group is not None else None

    def group_items(self) -> dict[str, list[DueItem]]:
        """Each group shown, by name, with its warnings in display order (folded or not)."""
        return {group.name: list(group.items) for group in self._groups}

    def counts(self) -> dict[str, int]:
        """How many warnings each group shown has."""
        return {group.name: len(group.items) for group in self._groups}

    # ------------------------------------------------------------ the model's interface

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        # The bounds in Python rather than through hasIndex()'s two round trips.
        if parent.isValid() or not (0 <= column < _COLUMN_COUNT and 0 <= row < self._rows):
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ITEM_FLAGS if self.item_at(index.row()) is not None else _GROUP_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        group, offset = self._locate(index.row())
        if group is None:
            return None
        if offset < 0:
            return self._group_data(group, index.column(), role)
        colour = self._brushes.get(group.name, self._grey)
        return item_data(group.items[offset], index.column(), role, colour)

    def _group_data(self, group: _Group, column: int, role: int):
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return group.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return "点击展开" if group.folded else "点击折叠"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._brushes.get(group.name, self._grey)
        if role == GROUP_ROLE:
            return group.name
        return None
