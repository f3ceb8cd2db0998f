"""The audit trail: every change to a holder, permit or unit, field by field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from .models import AuditEntry


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def record(
    session: Session,
    entity: str,
    entity_id: int,
    action: str,
    *,
    field: str = "",
    old: Any = None,
    new: Any = None,
    note: str = "",
) -> None:
    session.add(
        AuditEntry(
            entity=entity,
            entity_id=entity_id,
            action=action,
            field=field,
            old_value=_text(old),
            new_value=_text(new),
            note=note,
        )
    )


def record_changes(
    session: Session,
    entity: str,
    entity_id: int,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    *,
    action: str = "update",
) -> int:
    """One entry per field whose value differs; returns how many fields changed."""
    changed = 0
    for field, new in after.items():
        old = before.get(field)
        if _text(old) != _text(new):
            record(session, entity, entity_id, action, field=field, old=old, new=new)
            changed += 1
    return changed


def trail(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    """Entries for one record, oldest first."""
    statement = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(col(AuditEntry.at), col(AuditEntry.id))
    )
    return list(session.exec(statement))


def current_clerk(session: Session) -> str:
    """The clerk this unit of work writes as (see :func:`.engines.name_clerks`)."""
    return str(session.connection().info.get("clerk") or "")


def other_clerk(session: Session, entity: str, entity_id: int) -> str:
    """Another clerk who made the latest audited change to a record; "" when it was this clerk
    (a second window of the same clerk) or the register does not know (older rows)."""
    clerk = last_clerk(session, entity, entity_id)
    return "" if clerk == current_clerk(session) else clerk


def last_clerk(session: Session, entity: str, entity_id: int) -> str:
    """Who made the latest audited change to a record ("" when unknown, e.g. older rows)."""
    statement = (
        select(AuditEntry.clerk)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(col(AuditEntry.id).desc())
        .limit(1)
    )
    return session.exec(statement).first() or ""
