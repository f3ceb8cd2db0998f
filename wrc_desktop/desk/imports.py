"""Roster imports (花名册) through the desk — the import window and ``wrc import`` share these.

An import is previewed (:func:`plan`, nothing written), then written (:func:`write_previewed`):
after a backup, under the register's import lock, the roster is planned again and written
only when that plan is still the one previewed — the same rows, actions and changes, read
from the register as it is now. Undoing the last import (:func:`undo`) takes the same lock,
so two clerks can neither import nor undo at the same time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..reports.roster_import import (
    ImportPlan,
    Roster,
    commit_import,
    plan_import,
    read_roster,
    renames_message,
)
from ..reports.roster_read import Progress
from ..rules.errors import WrcError
from ..store import imports
from ..store.models import ImportBatch
from ..store.pg import hold_import_lock
from .changes import Changes
from .core import Desk

UndoRefused = imports.UndoRefused
UndoOutcome = imports.UndoOutcome
PLAN_CHANGED = "预览之后登记册发生了变化，请重新预览后再导入；本次未写入任何数据"
NOTHING_TO_UNDO = "没有可以撤销的导入"

__all__ = [
    "NOTHING_TO_UNDO",
    "PLAN_CHANGED",
    "ImportBatch",
    "ImportDone",
    "ImportPlan",
    "Roster",
    "UndoDone",
    "UndoOutcome",
    "UndoRefused",
    "commit",
    "last_batch",
    "plan",
    "plan_shape",
    "read",
    "renames_message",
    "undo",
    "undo_last",
    "write_previewed",
]


@dataclass(frozen=True)
class ImportDone:
    """A written import: its batch (the one :func:`undo` takes back) and the backup made before it."""

    batch_id: int
    backup: Path | None


@dataclass
class UndoDone(UndoOutcome):
    """An undone import, and the backup made before it (undoing deletes holders)."""

    backup: Path | None = None


def read(
    path: Path, mapping: Mapping[str, str] | None = None, *, sheet: str | None = None,
    progress: Progress | None = None,
) -> Roster:  # fmt: skip
    """The roster sheet of the file at ``path`` under the clerk's column answers (nothing is written)."""
    return read_roster(path, mapping, sheet=sheet, progress=progress)


def last_batch(desk: Desk) -> ImportBatch | None:
    """The newest import not yet undone (only that one can be undone)."""
    with desk._session() as session:
        return imports.last_batch(session)


def plan(
    desk: Desk,
    roster: Roster,
    *,
    unit: str | None,
    confirmed_rows: Iterable[int] = (),
    confirmed_ids: Collection[str] = (),
    progress: Callable | None = None,
) -> ImportPlan:
    """What importing ``roster`` would change, row by row (nothing is written).

    ``confirmed_rows`` (the window's ticks) or ``confirmed_ids`` (``--confirm-id``) are ID
    numbers ending in 000 the clerk has checked one by one.
    """
    with desk._session() as session:
        return plan_import(
            session,
            roster,
            unit=unit,
            confirmed_rows=set(confirmed_rows),
            confirmed_ids=tuple(confirmed_ids),
            progress=progress,
        )


def plan_shape(planned: ImportPlan) -> tuple:
    """What the clerk saw, row by row: who (name, masked number, unit), what happens to them
    and each change with its value in the register before; and every refused row's reason.
    Writing needs the plan made again at that moment to have the same shape."""
    rows = tuple(
        (
            r.row,
            r.action,
            r.name,
            r.id_masked,
            r.unit,
            tuple(str(c) for c in r.changes),
            tuple(str(c) for c in r.ignored),
        )
        for r in planned.rows
    )
    return rows, tuple(str(e) for e in planned.errors)


def write_previewed(
    desk: Desk,
    roster: Roster,
    *,
    unit: str | None,
    seen: tuple,
    valid_only: bool,
    accept_renames: bool,
    confirmed_rows: Iterable[int] = (),
    confirmed_ids: Collection[str] = (),
) -> ImportDone:
    """Back the register up, plan again under the import lock and write — only if that plan
    has the shape ``seen`` (:func:`plan_shape` of the preview); otherwise nothing is written."""
    try:  # a copy from just before the import, whatever the clerk does next (undo may be refused later)
        made = desk.backup_now("pre-import")
    except Exception as error:
        raise WrcError(f"导入前未能备份登记册（{error}），为安全起见未导入任何数据") from error
    with desk._session() as session:
        hold_import_lock(session)  # another clerk's import running: a clear message, not a clash
        planned = plan_import(
            session,
            roster,
            unit=unit,
            confirmed_rows=set(confirmed_rows),
            confirmed_ids=tuple(confirmed_ids),
        )
        if plan_shape(planned) != seen:
            raise WrcError(PLAN_CHANGED)
        batch = commit_import(
            session, planned, valid_only=valid_only, accept_renames=accept_renames
        )
        return ImportDone(batch.batch_id, made)


def commit(
    desk: Desk,
    roster: Roster,
    *,
    unit: str | None,
    confirmed_rows: Iterable[int],
    seen: tuple,
    valid_only: bool,
    accept_renames: bool,
) -> tuple[int, Changes]:
    """:func:`write_previewed` as the window's write door takes it: the batch and what changed."""
    done = write_previewed(
        desk,
        roster,
        unit=unit,
        seen=seen,
        valid_only=valid_only,
        accept_renames=accept_renames,
        confirmed_rows=confirmed_rows,
    )
    return done.batch_id, Changes.everything()


def undo(desk: Desk, *, force: bool = False) -> UndoDone:
    """Undo the last import under the import lock, after a backup (undoing deletes holders:
    keep a way back). Refused with :data:`NOTHING_TO_UNDO` before any backup when there is none."""
    if last_batch(desk) is None:
        raise WrcError(NOTHING_TO_UNDO)
    try:
        made = desk.backup_now("pre-undo")
    except Exception as error:
        raise WrcError(f"撤销导入前未能备份登记册（{error}），为安全起见未作任何修改") from error
    with desk._session() as session:
        hold_import_lock(session)  # another clerk importing or undoing: said at once
        outcome = imports.undo_last_import(session, force=force)
    return UndoDone(outcome.batch_id, outcome.deleted, outcome.restored, outcome.names, made)


def undo_last(desk: Desk, *, force: bool = False) -> tuple[UndoDone, Changes]:
    """:func:`undo` as the window's write door takes it: the outcome and what changed."""
    return undo(desk, force=force), Changes.everything()
