"""What one case shows, read in one go: its view, and whether this clerk may change it."""

from __future__ import annotations

from dataclasses import dataclass

from ..store.case_views import CaseView
from . import cases, units
from .core import Desk


@dataclass(frozen=True)
class CaseOverview:
    view: CaseView
    read_only: str  # why this clerk may only read the case (a unit another clerk serves); "" if not


def overview(desk: Desk, case_id: int) -> CaseOverview:
    """The case's view with, on a shared register, why its unit is read-only for this clerk."""
    view = cases.view(desk, case_id)
    return CaseOverview(view, units.read_only_units(desk).get(view.case.unit_id, ""))
