"""A permit's recorded status changed for many holders at once (登记失效), and changed back.

Each change is audited field by field as an edit of the permit is (status old → new) and
raises the permit's version as the ORM does, and remembers the version it left the permit
at, so that taking it back is refused when anyone saved the permit since (:func:`moved_since`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, func, insert, select, update
from sqlmodel import Session

from .models import AuditEntry, Holder, Permit, table_of
from .unit_access import refuse_unserved_holders
from .versions import StaleCopy, StaleRecord

_CHUNK = 900  # ids in one statement


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One permit's status as it was and as the change left it (at ``version``)."""

    permit_id: int
    holder_id: int
    old_status: str
    new_status: str
    version: int


def current_permits(session: Session, holder_ids: Iterable[int]) -> dict[int, int]:
    """Each holder's current permit (the latest recorded, as the holder's record shows it): holder → permit id."""
    c = table_of(Permit).c
    ids = sorted(set(holder_ids))
    found: dict[int, int] = {}
    connection = session.connection()
    for start in range(0, len(ids), _CHUNK):
        statement = (
            select(c.holder_id, func.max(c.id))
            .where(c.holder_id.in_(ids[start : start + _CHUNK]))
            .group_by(c.holder_id)
        )
        found.update((int(holder), int(permit)) for holder, permit in connection.execute(statement))
    return found


def set_status(session: Session, permit_ids: Sequence[int], status: str) -> list[StatusChange]:
    """Record ``status`` on each permit, audited old → new, its version raised as an edit
    raises it; permits already at ``status`` are left alone. Core statements: 3,000 permits
    are a handful of statements, not 3,000 flushes."""
    table = table_of(Permit)
    c = table.c
    found: list[tuple[int, int, str, int]] = []
    connection = session.connection()
    ids = sorted(set(permit_ids))
    for start in range(0, len(ids), _CHUNK):
        statement = select(c.id, c.holder_id, c.status, c.version).where(
            c.id.in_(ids[start : start + _CHUNK]), c.status != status
        )
        found += [
            (int(r.id), int(r.holder_id), r.status, int(r.version))
            for r in connection.execute(statement)
        ]
    changes = [StatusChange(p, h, old, status, version + 1) for p, h, old, version in found]
    _write(session, [(change, change.old_status, status) for change in changes])
    return changes


def restore_status(session: Session, changes: Sequence[StatusChange]) -> None:
    """Put each permit back at the status it had before ``changes``, audited old → new.

    Each is expected at the version the change left it (check :func:`moved_since` first, to
    name them): one saved meanwhile makes the whole restore fail, nothing written.
    """
    _write(session, [(change, change.new_status, change.old_status) for change in changes])


def moved_since(session: Session, changes: Sequence[StatusChange]) -> list[str]:
    """The names of the holders whose permit is gone or was saved again after ``changes``."""
    p, h = table_of(Permit).c, table_of(Holder).c
    wanted = {change.permit_id: change.version for change in changes}
    ids = sorted(wanted)
    now: dict[int, tuple[int, str]] = {}
    connection = session.connection()
    for start in range(0, len(ids), _CHUNK):
        statement = (
            select(p.id, p.version, h.name)
            .join_from(table_of(Permit), table_of(Holder), p.holder_id == h.id)
            .where(p.id.in_(ids[start : start + _CHUNK]))
        )
        now.update(
            (int(row.id), (int(row.version), row.name)) for row in connection.execute(statement)
        )
    names = []
    for change in changes:
        version, name = now.get(change.permit_id, (None, f"编号 {change.holder_id} 的持证人"))
        if version != change.version:
            names.append(name)
    return names


def _write(session: Session, moves: Sequence[tuple[StatusChange, str, str]]) -> None:
    """Each permit from one status to another, if still at the version before the move."""
    if not moves:
        return
    c = table_of(Permit).c
    statement = (
        update(table_of(Permit))
        .where(
            c.id == bindparam("permit"),
            c.version == bindparam("seen"),
            c.status == bindparam("old"),
        )
        .values(status=bindparam("new"), version=c.version + 1)
    )
    rows = [
        {
            "permit": change.permit_id,
            "seen": change.version - 1 if new == change.new_status else change.version,
            "old": old,
            "new": new,
        }
        for change, old, new in moves
    ]
    connection = session.connection()
    # Core updates pass by the ORM's check of whose units a write touches: asked here.
    refuse_unserved_holders(connection, sorted({change.holder_id for change, _o, _n in moves}))
    if connection.dialect.supports_sane_multi_rowcount:
        written = connection.execute(statement, rows).rowcount
    else:  # the driver cannot count an executemany: one statement each
        written = sum(connection.execute(statement, row).rowcount for row in rows)
    if written != len(rows):  # one was saved meanwhile: nothing of it is kept
        raise StaleRecord([StaleCopy(f"{len(rows) - written} 人的工作居住证")])
    connection.execute(
        insert(table_of(AuditEntry)),
        [
            {
                "entity": "permit",
                "entity_id": change.permit_id,
                "action": "update",
                "field": "status",
                "old_value": old,
                "new_value": new,
                "note": "",
            }
            for change, old, new in moves
        ],
    )
