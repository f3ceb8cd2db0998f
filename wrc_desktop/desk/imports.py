"""Roster imports (花名册) through the desk: the last batch and undoing it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..reports.roster_import import ImportPlan, Roster, commit_import, plan_import
from ..rules.errors import WrcError
from ..store import imports
from ..store.models import ImportBatch
from ..store.pg import hold_import_lock
from .changes import Changes
from .core import Desk

UndoRefused = imports.UndoRefused
UndoOutcome = imports.UndoOutcome
__all__ = [
    "ImportBatch",
    "UndoOutcome",
    "UndoRefused",
    "commit",
    "last_batch",
    "plan",
    "plan_shape",
    "undo_last",
]


def last_batch(desk: Desk) -> ImportBatch | None:
    with desk._session() as session:
        return imports.last_batch(session)


def undo_last(desk: Desk, *, force: bool = False) -> tuple[imports.UndoOutcome, Changes]:
    """Undo the last import, after a backup (undoing deletes holders: keep a way back)."""
    desk.backup_now("pre-undo")
    with desk._session() as session:
        hold_import_lock(session)
        return imports.undo_last_import(session, force=force), Changes.everything()


def plan(
    desk: Desk,
    roster: Roster,
    *,
    unit: str | None,
    confirmed_rows: Iterable[int] = (),
    progress: Callable | None = None,
) -> ImportPlan:
    """What importing ``roster`` would change, row by row (nothing is written)."""
    with desk._session() as session:
        return plan_import(
            session,
            roster,
            unit=unit,
            confirmed_rows=set(confirmed_rows),
            progress=progress,
            today=desk.today(),
        )


def plan_shape(planned: ImportPlan) -> tuple:
    """What the clerk saw, row by row: the same rows with the same changes must be written."""
    return tuple((r.row, r.action, tuple(str(c) for c in r.changes)) for r in planned.rows), len(
        planned.errors
    )


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
    """Back the register up, plan again and write — only if the plan is still the one the clerk saw."""
    try:  # a copy from just before the import, whatever the clerk does next (undo may be refused later)
        desk.backup_now("pre-import")
    except Exception as error:
        raise WrcError(f"导入前未能备份登记册（{error}），为安全起见未导入任何数据") from error
    with desk._session() as session:
        hold_import_lock(session)  # another clerk's import running: a clear message, not a clash
        planned = plan_import(
            session, roster, unit=unit, confirmed_rows=set(confirmed_rows), today=desk.today()
        )
        if plan_shape(planned) != seen:
            raise WrcError("预览之后登记册发生了变化，请重新预览后再导入")
        batch = commit_import(
            session, planned, valid_only=valid_only, accept_renames=accept_renames
        )
        return batch.batch_id, Changes.everything()
