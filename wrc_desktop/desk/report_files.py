"""The 报表 page's side of the desk: the roster template, a safe default name for a file the
clerk saves, the calendar's default period, and what the page shows about the register."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..atomic import safe_filename
from ..reports.ics_export import DEFAULT_WITHIN_DAYS
from ..reports.roster_template import write_template
from ..store.models import ImportBatch
from . import imports, units
from .core import Desk

__all__ = [
    "DEFAULT_WITHIN_DAYS",
    "ReportsState",
    "reports_state",
    "roster_template",
    "safe_filename",
]


@dataclass(frozen=True)
class ReportsState:
    unit_names: list[str]
    last_import: ImportBatch | None  # the import an undo would take back


def reports_state(desk: Desk) -> ReportsState:
    """The units a report can be limited to, and the last import (which can be undone)."""
    return ReportsState(
        unit_names=[name for _id, name in units.choices(desk)[0]],
        last_import=imports.last_batch(desk),
    )


def roster_template(out: str | Path) -> Path:
    """The empty roster (导入模板) with the columns an import reads, written to ``out``."""
    return write_template(out)
