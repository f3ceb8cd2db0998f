"""The records the desk's use cases hand to the screens and commands that ask them.

They are made by the layers under the desk (the store's queries, the due list, the case
folder's plan); a caller names them from here, so it depends on the desk alone.
"""

from __future__ import annotations

from ..documents.case_folder import AssemblyPlan
from ..reports.due_list import DueList
from ..reports.expiry_report import ExpiryReport
from ..reports.ics_export import CalendarExport
from ..store.case_list import CaseHead, CaseSummary
from ..store.case_views import CaseView, ItemRow
from ..store.models import ImportBatch
from ..store.queries import RegisterRow

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
