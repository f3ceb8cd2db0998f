"""The records the desk's use cases hand to the screens and commands that ask them.

They are made by the layers under the desk (the store's queries, the due list, the case
folder's plan); a caller names them from here, so it depends on the desk alone.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ..reports.due_list import DueList
from ..store.case_list import CaseHead, CaseSummary
from ..store.case_views import CaseView, ItemRow
from ..store.models import ImportBatch
from ..store.queries import RegisterRow

if TYPE_CHECKING:
    from ..documents.case_folder import AssemblyPlan
    from ..reports.expiry_report import ExpiryReport
    from ..reports.ics_export import CalendarExport

# Records whose modules bring PDF, spreadsheet or calendar libraries: loaded when first named,
# so a window that shows the register does not wait for the case folder's code at start.
_LATER = {
    "AssemblyPlan": "..documents.case_folder",
    "ExpiryReport": "..reports.expiry_report",
    "CalendarExport": "..reports.ics_export",
}


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __package__), name)


__all__ = [
    "AssemblyPlan",
    "CalendarExport",
    "CaseHead",
    "CaseSummary",
    "CaseView",
    "DueList",
    "ExpiryReport",
    "ImportBatch",
    "ItemRow",
    "RegisterRow",
]
