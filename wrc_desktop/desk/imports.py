"""Roster imports (花名册) through the desk — the import window and ``wrc import`` share these.

An import is previewed (:func:`preview`, or :func:`plan` in the window; nothing written),
then written (:func:`write_previewed`, or :func:`commit` from the window's write door): after
a backup, under the register's import lock, and only as it was previewed. When the register
rows a plan reads (the units, the default unit, every holder with its version and current
permit) are as they were at the preview, the previewed plan is written; otherwise the roster
is planned again and written only if that plan shows the same rows, actions and changes —
else nothing is written. Undoing the last import (:func:`undo`) takes the same lock, so two
clerks can neither import nor undo at the same time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session

from ..reports.roster_changes import existing_holders
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
from ..store import imports, unit_records
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
    "Preview",
    "Roster",
    "UndoDone",
    "UndoOutcome",
    "UndoRefused",
    "commit",
    "last_batch",
    "plan",
    "plan_shape",
    "preview",
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
    path: Path,
    mapping: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> Roster:
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
            today=desk.today(),
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


@dataclass(frozen=True)
class Preview:
    """A plan as the clerk saw it, with what it was planned from and the register rows it read."""

    roster: Roster
    unit: str | None
    plan: ImportPlan
    register_read: tuple  # see _what_a_plan_reads
    confirmed_ids: tuple[str, ...] = ()
    confirmed_rows: frozenset[int] = field(default_factory=frozenset)

    @property
    def shape(self) -> tuple:
        return plan_shape(self.plan)


def preview(
    desk: Desk,
    roster: Roster,
    *,
    unit: str | None,
    confirmed_ids: Collection[str] = (),
    confirmed_rows: Iterable[int] = (),
    progress: Callable | None = None,
) -> Preview:
    """:func:`plan`, with what the plan read of the register, for :func:`write_previewed`."""
    rows, ids = frozenset(confirmed_rows), tuple(confirmed_ids)
    with desk._session() as session:
        # read before planning: a write between the two makes the write plan again (the safe way)
        register_read = _what_a_plan_reads(session, unit)
        planned = plan_import(
            session,
            roster,
            unit=unit,
            confirmed_rows=rows,
            confirmed_ids=ids,
            progress=progress,
            today=desk.today(),
        )
    return Preview(roster, unit, planned, register_read, ids, rows)


def write_previewed(
    desk: Desk, previewed: Preview, *, valid_only: bool, accept_renames: bool
) -> ImportDone:
    """Back the register up and, under the import lock, write ``previewed`` — as previewed, or
    refused with :data:`PLAN_CHANGED` and nothing written (see the module's note)."""
    return _write(
        desk,
        previewed.roster,
        unit=previewed.unit,
        seen=previewed.shape,
        valid_only=valid_only,
        accept_renames=accept_renames,
        confirmed_rows=previewed.confirmed_rows,
        confirmed_ids=previewed.confirmed_ids,
        previewed=previewed,
    )


def _write(
    desk: Desk,
    roster: Roster,
    *,
    unit: str | None,
    seen: tuple,
    valid_only: bool,
    accept_renames: bool,
    confirmed_rows: Iterable[int] = (),
    confirmed_ids: Collection[str] = (),
    previewed: Preview | None = None,
) -> ImportDone:
    try:  # a copy from just before the import, whatever the clerk does next (undo may be refused later)
        made = desk.backup_now("pre-import")
    except Exception as error:
        raise WrcError(f"导入前未能备份登记册（{error}），为安全起见未导入任何数据") from error
    with desk._session() as session:
        hold_import_lock(session)  # another clerk's import running: a clear message, not a clash
        if previewed is not None and _what_a_plan_reads(session, unit) == previewed.register_read:
            planned = previewed.plan  # nothing it read has changed: planning again gives it again
        else:
            planned = plan_import(
                session,
                roster,
                unit=unit,
                confirmed_rows=set(confirmed_rows),
                confirmed_ids=tuple(confirmed_ids),
                today=desk.today(),
            )
            if plan_shape(planned) != seen:
                raise WrcError(PLAN_CHANGED)
        batch = commit_import(
            session, planned, valid_only=valid_only, accept_renames=accept_renames
        )
        return ImportDone(batch.batch_id, made)


def _what_a_plan_reads(session: Session, unit: str | None) -> tuple:
    """The register rows :func:`plan_import` decides from, as one comparable value: the units,
    the unit rows without one go to, and every holder's stored fields, version and current
    permit."""
    units = tuple(
        (u.id, u.name, u.uscc, u.district, u.kind) for u in unit_records.list_units(session)
    )
    holders = tuple(
        sorted(
            (
                number,
                entry["id"],
                entry["unit_id"],
                entry["version"],
                tuple(sorted(entry["holder"].items())),
                entry["certificate_no"],
                entry["expiry"],
                entry["permit"],
            )
            for number, entry in existing_holders(session).items()
        )
    )
    return unit, unit_records.get_default_unit_id(session), units, holders


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
    """The window's write of a preview whose shape is ``seen`` (:func:`plan_shape`): the roster
    is planned again under the import lock and written only if it has that shape. Returns the
    batch and what changed, as the write door takes them."""
    done = _write(
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
