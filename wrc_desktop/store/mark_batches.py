"""Many due-list marks in one unit of work, and taking exactly those marks back.

A bulk 知悉 or 暂缓 of a whole group writes thousands of marks: each is one row of the
marks table and one audit entry, inserted together (Core inserts, not one flush per mark).
The marks table keeps history (the latest mark of a key wins), so undoing a bulk action
deletes the rows it wrote: the latest mark of each key is again the one before it, exactly.
That is refused when a key was marked again since (the newer mark would lose what it
covered) or a row is gone; the caller words the refusal from the keys returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlmodel import Session

from .models import AuditEntry, WarningState, table_of
from .unit_access import refuse_unserved_holders
from .warnings_state import ACTIONS, checked_mark

# One statement takes only so many parameters (SQLite's limit, and PostgreSQL's 65,535).
_CHUNK = 900


@dataclass(frozen=True, slots=True)
class NewMark:
    """Which warning a mark covers, at which stage (from the due list's item)."""

    key: str
    holder_id: int | None
    kind: str
    stage: str
    level: int


def mark_many(
    session: Session,
    marks: Sequence[NewMark],
    *,
    action: str,
    until: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> list[int]:
    """Record the same mark on every warning of ``marks``; the new rows' ids, in their order.

    Checked as one mark is (:func:`.warnings_state.mark_warning`), once for all; each mark
    goes into the audit trail with the note.
    """
    until, note = checked_mark(action, until, note, today)
    if not marks:
        return []
    table = table_of(WarningState)
    rows = [
        {
            "key": mark.key,
            "holder_id": mark.holder_id,
            "kind": mark.kind,
            "stage": mark.stage,
            "level": mark.level,
            "action": action,
            "until": until,
            "note": note,
        }
        for mark in marks
    ]
    ids: list[int] = []
    connection = session.connection()
    # Core inserts pass by the ORM's check of whose units a write touches: asked here, so a
    # clerk hears which unit they do not serve rather than the database's refusal.
    refuse_unserved_holders(connection, _holders(marks))
    for start in range(0, len(rows), _CHUNK):
        inserted = connection.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True),
            rows[start : start + _CHUNK],
        )
        ids += [int(row_id) for row_id in inserted.scalars()]
    _audit(
        session,
        ((mark.holder_id, mark.key) for mark in marks),
        action=action,
        new=until.isoformat() if until else ACTIONS[action],
        note=note,
    )
    return ids


def newer_marks(session: Session, marks: Iterable[tuple[int, str]]) -> list[str]:
    """The keys of ``marks`` (id, key) whose latest mark is no longer that one (marked again
    since, or the row is gone): undoing would lose or misplace a mark."""
    wanted = {key: mark_id for mark_id, key in marks}
    c = table_of(WarningState).c
    latest: dict[str, int] = {}
    keys = list(wanted)
    connection = session.connection()
    for start in range(0, len(keys), _CHUNK):
        statement = (
            select(c.key, func.max(c.id))
            .where(c.key.in_(keys[start : start + _CHUNK]))
            .group_by(c.key)
        )
        latest.update((key, int(top)) for key, top in connection.execute(statement))
    return [key for key, mark_id in wanted.items() if latest.get(key) != mark_id]


def delete_marks(session: Session, marks: Sequence[tuple[int, str, int | None]]) -> None:
    """Delete the marks (id, key, holder id) a bulk action wrote, each noted in the audit trail."""
    table = table_of(WarningState)
    ids = [mark_id for mark_id, _key, _holder in marks]
    connection = session.connection()
    refuse_unserved_holders(connection, sorted({h for _id, _key, h in marks if h is not None}))
    for start in range(0, len(ids), _CHUNK):
        connection.execute(table.delete().where(table.c.id.in_(ids[start : start + _CHUNK])))
    _audit(
        session,
        ((holder_id, key) for _id, key, holder_id in marks),
        action="undo",
        new="撤销批量标记",
        note="",
    )


def _holders(marks: Iterable[NewMark]) -> list[int]:
    return sorted({mark.holder_id for mark in marks if mark.holder_id is not None})


def _audit(
    session: Session,
    marks: Iterable[tuple[int | None, str]],
    *,
    action: str,
    new: str,
    note: str,
) -> None:
    rows = [
        {
            "entity": "warning",
            "entity_id": holder_id or 0,
            "action": action,
            "field": key,
            "old_value": "",
            "new_value": new,
            "note": note,
        }
        for holder_id, key in marks
    ]
    if rows:
        session.connection().execute(insert(table_of(AuditEntry)), rows)
