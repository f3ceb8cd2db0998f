"""A roster file as the import dialog reads it: its sheets, its columns and the plan.

Reading the file touches no register (the dialog does it off the UI thread); the plan and
the commit are :mod:`.imports`. The dialog names these types and reads through this
module, never the reports package itself.
"""

from __future__ import annotations

from ..reports.roster_columns import FIELDS, IGNORE
from ..reports.roster_import import (
    Cancelled,
    ImportPlan,
    Roster,
    SeveralSheets,
    read_roster,
    roster_sheets,
)

__all__ = [
    "FIELDS",
    "IGNORE",
    "Cancelled",
    "ImportPlan",
    "Roster",
    "SeveralSheets",
    "read_roster",
    "roster_sheets",
]
