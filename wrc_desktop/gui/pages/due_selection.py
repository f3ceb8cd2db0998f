"""Which tasks of 待办 are selected, read from the selection's ranges, not row by row.

Ctrl+A over 30,000 rows, or a group of 4,363 selected from its title, is one or a few
ranges of rows; each group's tasks sit in consecutive rows below its title, so a range
maps to slices of the groups' lists (copied in C), never to one Python call per row.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QTableView

from ...rules.due import DueItem
from ..models.due_model import DueModel


class DueSelection:
    """The selected tasks of a :class:`DueModel` shown in ``table``."""

    def __init__(self, table: QTableView, model: DueModel) -> None:
        self.table = table
        self.model = model

    def _row_ranges(self) -> list[tuple[int, int]]:
        """The selected rows as merged, ordered (first, last) ranges."""
        selection = self.table.selectionModel().selection()
        spans = sorted(
            (selection.at(n).top(), selection.at(n).bottom()) for n in range(selection.size())
        )
        merged: list[tuple[int, int]] = []
        for top, bottom in spans:
            if merged and top <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
            else:
                merged.append((top, bottom))
        return merged

    def _groups(self) -> list[tuple[int, list[DueItem]]]:
        """Each unfolded group's first task row and its tasks, in row order."""
        items = self.model.group_items()
        found = []
        for title in self.model.title_rows():
            name = self.model.group_at(title)
            if name is not None and not self.model.is_folded(name):
                found.append((title + 1, items[name]))
        return found

    def count(self) -> int:
        """How many tasks are selected (group titles are not)."""
        return sum(last - first + 1 for first, last in self._slices())

    def items(self, limit: int | None = None) -> list[DueItem]:
        """The selected tasks in the list's order; at most ``limit`` of them when given."""
        found: list[DueItem] = []
        groups = self._groups()
        for first, last in self._slices(groups):
            for start, tasks in groups:
                if start <= first < start + len(tasks):
                    found += tasks[first - start : last - start + 1]
                    break
            if limit is not None and len(found) >= limit:
                return found[:limit]
        return found

    def _slices(
        self, groups: list[tuple[int, list[DueItem]]] | None = None
    ) -> list[tuple[int, int]]:
        """The selected rows that hold tasks, as (first, last) ranges within one group each."""
        groups = self._groups() if groups is None else groups
        slices = []
        for top, bottom in self._row_ranges():
            for start, tasks in groups:
                first, last = max(top, start), min(bottom, start + len(tasks) - 1)
                if first <= last:
                    slices.append((first, last))
        return slices

    def select_group(self, name: str) -> None:
        """Select every task of the group ``name`` (unfolded first), beside what is selected."""
        self.model.set_folded(name, False)
        title = next(row for row in self.model.title_rows() if self.model.group_at(row) == name)
        count = self.model.counts().get(name, 0)
        if not count:
            return
        columns = self.model.columnCount() - 1
        block = QItemSelection(
            self.model.index(title + 1, 0), self.model.index(title + count, columns)
        )
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(block, flags)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(title + 1, 0), QItemSelectionModel.SelectionFlag.NoUpdate
        )
