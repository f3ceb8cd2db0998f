"""Roster imports (花名册) through the desk: the last batch and undoing it."""

from __future__ import annotations

from ..store import imports
from ..store.models import ImportBatch
from .changes import Changes
from .core import Desk

UndoRefused = imports.UndoRefused
UndoOutcome = imports.UndoOutcome
__all__ = ["ImportBatch", "UndoOutcome", "UndoRefused", "last_batch", "undo_last"]


def last_batch(desk: Desk) -> ImportBatch | None:
    with desk.session() as session:
        return imports.last_batch(session)


def undo_last(desk: Desk, *, force: bool = False) -> tuple[imports.UndoOutcome, Changes]:
    """Undo the last import, after a backup (undoing deletes holders: keep a way back)."""
    desk.backup_now("pre-undo")
    with desk.session() as session:
        return imports.undo_last_import(session, force=force), Changes.everything()
