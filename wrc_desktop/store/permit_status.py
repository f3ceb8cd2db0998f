"""A permit's recorded status changed for many holders at once (登记失效), and changed back.

Each change goes through :func:`.permit_records.update_permit` (the same checks and audit
entries as one edit) and remembers the version it left the permit at, so that taking it
back is refused when anyone saved the permit since (:func:`moved_since`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from .models import Holder, Permit, table_of
from .permit_records import update_permit

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
    """Record ``status`` on each permit (audited, old → new); permits already at it are left alone."""
    changes = []
    for permit_id in permit_ids:
        permit = session.get(Permit, permit_id)
        if permit is None or permit.status == status:
            continue
        old = permit.status
        written = update_permit(session, permit_id, data=_fields(permit, status))
        changes.append(
            StatusChange(permit_id, written.holder_id, old, status, int(written.version))
        )
    return changes


def restore_status(session: Session, changes: Sequence[StatusChange]) -> None:
    """Put each permit back at the status it had before ``changes`` (audited, old → new).

    Check :func:`moved_since` first: each permit is expected at the version the change left it.
    """
    for change in changes:
        permit = session.get(Permit, change.permit_id)
        if permit is None:
            continue
        update_permit(
            session,
            change.permit_id,
            data=_fields(permit, change.old_status),
            expected_version=change.version,
        )


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


def _fields(permit: Permit, status: str) -> dict[str, object]:
    """The permit's own fields as :func:`.permit_records.update_permit` takes them, with ``status``."""
    return {
        "certificate_no": permit.certificate_no,
        "first_issued": permit.first_issued,
        "status": status,
    }
