"""What every record's repository functions share: finding a row, locking it for an edit
from a copy, raising its version when its parts change, replacing its list of parts.

The repositories (:mod:`.unit_records`, :mod:`.holder_records`, :mod:`.permit_records`) are
keyword-only functions that take the Session first; every function that writes validates its
input with :mod:`wrc_desktop.rules.validation` first and records what it changed in the
audit trail; the caller's session decides when the unit of work commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlmodel import Session, SQLModel

Record = TypeVar("Record", bound="SQLModel")


class NotFound(LookupError):
    """A record that the caller named does not exist (message in Chinese)."""


def get_record(session: Session, model: type[Record], record_id: int, what: str) -> Record:
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(f"{what}（编号 {record_id}）不存在")
    return record


def get_for_update(
    session: Session, model: type[Record], record_id: int, what: str, expected_version: int | None
) -> Record:
    """The record as committed now, locked until this unit of work ends when the caller edits
    from a copy: a second clerk saving the same record at the same moment waits, then reads the
    first one's version and hears what changed (SQLite has one writer at a time anyway)."""
    if expected_version is None:
        return get_record(session, model, record_id, what)
    record = session.get(model, record_id, with_for_update=True, populate_existing=True)
    if record is None:
        # A shared register's row-level security hides from FOR UPDATE the rows of a unit
        # this clerk does not serve: say so, instead of calling a row they can read missing.
        from . import unit_access  # (the desk names NotFound without loading the ORM)

        unit_access.refuse_unserved_record(session, get_record(session, model, record_id, what))
        raise NotFound(f"{what}（编号 {record_id}）不存在")
    return record


def raise_version(session: Session, record: Any) -> None:
    """A record whose parts (agents, family, periods) changed is a newer record too."""
    record.version = record.version + 1
    session.add(record)


def apply_members(
    session: Session,
    existing: dict[int, Any],
    raws: Sequence[Mapping[str, Any]],
    cleaned: Sequence[dict[str, Any]],
    make: Any,
) -> tuple[list[Any], bool]:
    """Update the rows named by id in place (their ids stay valid for cases), add the rest, delete the missing.

    Returns the rows in the given order and whether anything changed.
    """
    existing = dict(existing)
    before = {row.id: row.model_dump() for row in existing.values()}
    kept = []
    for raw, values in zip(raws, cleaned, strict=True):
        row_id = raw.get("id")
        row = existing.pop(row_id, None) if row_id is not None else None
        if row is None:
            row = make(values)
        else:
            for key, value in values.items():
                setattr(row, key, value)
        session.add(row)
        kept.append(row)
    for gone in existing.values():
        session.delete(gone)
    session.flush()
    after = {row.id: row.model_dump() for row in kept}
    return kept, before != after
