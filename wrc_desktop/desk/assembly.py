"""Assembling a case's folder — one use case the case window and ``wrc case assemble`` share.

The plan is made on the register (a write: a missing folder is created and recorded) by
:func:`wrc_desktop.desk.cases.plan_assembly`; :func:`build` then writes the files from the
plan alone, without the register, so the window runs it beside the writer thread, with
progress and a cancel, and the CLI prints the same result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..documents.case_folder import AssemblyPlan, AssemblyResult, NotSubmittable, Progress
from ..documents.case_folder import assemble as _assemble
from ..documents.case_zip import zip_case
from ..documents.definition import FORM_SLUGS
from ..documents.scans import ACCEPTED as ACCEPTED_SCAN_SUFFIXES

__all__ = [
    "ACCEPTED_SCAN_SUFFIXES",
    "FORM_SLUGS",
    "AssemblyPlan",
    "AssemblyResult",
    "NotSubmittable",
    "build",
    "zip_folder",
]


def build(
    plan: AssemblyPlan,
    *,
    draft: bool,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    max_mb: float | None = None,
) -> AssemblyResult:
    """The case folder written from ``plan`` (all-or-nothing: built aside, then moved in).

    ``max_mb``: the online system's per-file limit from the preferences (未核实).
    """
    if max_mb is not None:
        plan = replace(plan, max_mb=max_mb)
    return _assemble(plan, draft=draft, progress=progress, cancelled=cancelled)


def zip_folder(folder: Path) -> Path:
    """The case folder as one zip beside it, for sending by mail or a USB stick."""
    return zip_case(folder)
