"""What a roster import would do, row by row: the plan the clerk previews before anything is written.

:func:`wrc_desktop.reports.roster_import.plan_import` makes it; ``commit_import`` writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..store import imports
from ..store.bulk import NewHolder
from .roster_changes import FieldChange
from .roster_read import Roster


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the header as written in the file (or the field's name if the file has no such column)
    message: str
    sheet: str = ""  # another sheet than the roster's (the 证件历史 sheet)

    def as_dict(self) -> dict[str, Any]:
        found = {"row": self.row, "column": self.column, "message": self.message}
        return {**found, "sheet": self.sheet} if self.sheet else found

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”" if self.sheet else ""
        return f"{where}第 {self.row} 行“{self.column}”：{self.message}"


@dataclass
class PlannedRow:
    row: int
    action: str  # create / update / unchanged / reject
    name: str
    id_masked: str
    unit: str
    changes: list[FieldChange] = field(default_factory=list)
    excel_suspect: bool = False  # an ID ending in 000 the clerk may confirm
    ignored: list[FieldChange] = field(default_factory=list)  # read, not written, and why

    @property
    def needs_confirmation(self) -> bool:
        return any(change.needs_confirmation for change in self.changes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "action": self.action,
            "name": self.name,
            "id": self.id_masked,
            "unit": self.unit,
            "changes": [c.as_dict() for c in self.changes],
            "not_applied": [c.as_dict() for c in self.ignored],
            "needs_confirmation": self.needs_confirmation,
        }


@dataclass
class ImportPlan:
    roster: Roster
    creates: list[NewHolder] = field(default_factory=list)
    updates: list[imports.HolderUpdate] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.rows if r.action == "unchanged")

    @property
    def rejected_rows(self) -> list[int]:
        """Rows of the roster sheet that will not be written (errors of other sheets reject their holder's row)."""
        return sorted({e.row for e in self.errors if not e.sheet})

    @property
    def to_confirm(self) -> list[PlannedRow]:
        """Rows that rename a holder or move them to another unit (``accept_renames`` to write them)."""
        return [row for row in self.rows if row.needs_confirmation]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.roster.path.name,
            "sheet": self.roster.sheet,
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "rejected": len(self.rejected_rows),
            "example_rows_skipped": self.roster.examples,
            "to_confirm": len(self.to_confirm),
            "errors": [e.as_dict() for e in self.errors],
            "rows": [r.as_dict() for r in self.rows if r.action != "unchanged" or r.ignored],
        }
