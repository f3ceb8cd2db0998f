"""Writing a confirmed roster import in one transaction, and undoing it.

The rows arrive validated (``rules.validation``); this module only writes. New
holders go in through the Core bulk insert; existing ones (matched by ID
number) through the repository so that every changed field is audited. Each
import is an :class:`ImportBatch` whose :class:`ImportChange` rows say what to
delete or restore when the clerk undoes it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from ..rules.errors import WrcError
from . import audit, bulk_update, holder_records, permit_records
from .bulk import NewHolder, insert_holders
from .models import (
    AuditEntry,
    Holder,
    ImportBatch,
    ImportChange,
    Permit,
    PermitPeriod,
    table_of,
    utc_now,
    written_id,
)
from .unit_access import refuse_unserved_holders

_CHUNK = 500  # SQLite allows 999 bound parameters per statement


@dataclass
class HolderUpdate:
    """New values for an existing holder; ``permit`` holds only what the file gave."""

    holder_id: int
    unit_id: int
    holder: Mapping[str, Any]
    permit: Mapping[str, Any] | None = None
    # The holder's version and stored values when the import was planned: a holder saved
    # elsewhere meanwhile (a dialog, another clerk) is refused, never overwritten.
    expected_version: int | None = None
    seen: Mapping[str, Any] | None = None
    # The holder's whole stored row as planned (timestamps aside): written from without
    # reading it again while its version is still ``stored["version"]``.
    stored: Mapping[str, Any] | None = None


@dataclass
class ImportOutcome:
    batch_id: int
    created: int
    updated: int


@dataclass
class UndoOutcome:
    batch_id: int
    deleted: int
    restored: int
    names: list[str] = field(default_factory=list)


class UndoRefused(WrcError):
    """Undoing would lose later work; the message names the holders concerned."""


def apply_import(
    session: Session,
    *,
    creates: Sequence[NewHolder],
    updates: Sequence[HolderUpdate],
    file_name: str,
    rejected: int = 0,
    valid_only: bool = False,
) -> ImportOutcome:
    """Write all rows in the caller's transaction (all or nothing) and record the batch."""
    batch = ImportBatch(file_name=file_name, rejected=rejected, valid_only=valid_only)
    session.add(batch)
    session.flush()
    note = f"导入（批次 {batch.id}：{file_name}）"
    connection = session.connection()
    ids = insert_holders(connection, creates, source="import", note=note) if creates else {}
    changes = [
        {
            "batch_id": batch.id,
            "holder_id": ids[item.holder["id_number"]],
            "action": "create",
            "before": "",
        }
        for item in creates
    ]
    for update, before in zip(updates, _apply_updates(session, updates), strict=True):
        changes.append(
            {
                "batch_id": batch.id,
                "holder_id": update.holder_id,
                "action": "update",
                "before": _BEFORE_JSON.encode(before),
            }
        )
    for start in range(0, len(changes), 5000):
        connection.execute(insert(table_of(ImportChange)), changes[start : start + 5000])
    batch.created, batch.updated = len(creates), len(updates)
    batch.finished_at = utc_now()
    session.add(batch)
    session.flush()
    return ImportOutcome(written_id(batch), batch.created, batch.updated)


def _apply_updates(session: Session, updates: Sequence[HolderUpdate]) -> list[dict[str, Any]]:
    """Apply every update; returns, in the same order, what undo needs to put back.

    Most go through :class:`.bulk_update.BulkUpdate` (a few statements for all); a
    holder that is gone, a stale copy, an ID number another holder has, an unknown
    unit or a permit to add go through the repository one by one, which refuses the
    wrong ones with its own message (and the caller's transaction writes nothing).
    """
    connection = session.connection()
    stored = _stored_rows(connection, updates)
    permits = bulk_update.latest_permits(connection, [u.holder_id for u in updates if u.permit])
    units = bulk_update.unit_ids(connection)
    renumbered = {
        u.holder["id_number"]: u.holder_id
        for u in updates
        if u.holder_id in stored and u.holder["id_number"] != stored[u.holder_id]["id_number"]
    }
    taken = bulk_update.ids_taken_by_others(connection, renumbered) if renumbered else {}

    def one_by_one(update: HolderUpdate) -> bool:
        record = stored.get(update.holder_id)
        return (
            record is None
            or update.expected_version not in (None, record["version"])
            or update.holder["id_number"] in taken
            or update.unit_id not in units
            or bool(update.permit and _adds_permit(permits.get(update.holder_id), update.permit))
        )

    befores: list[dict[str, Any]] = [{} for _ in updates]
    slow = [index for index, update in enumerate(updates) if one_by_one(update)]
    for index in slow:
        befores[index] = _apply_update(session, updates[index])
    writes = bulk_update.BulkUpdate(connection)
    fast = sorted(set(range(len(updates))) - set(slow))
    for index in fast:
        update = updates[index]
        befores[index] = writes.holder(stored[update.holder_id], update.holder, update.unit_id)
        if update.permit:
            writes.permit(permits[update.holder_id], update.permit, befores[index])
    writes.write([befores[index] for index in fast])
    session.expire_all()  # the Core updates bypassed the identity map
    return befores


def _stored_rows(connection, updates: Sequence[HolderUpdate]) -> dict[int, dict[str, Any]]:
    """Each holder's stored row: as planned while its version is unchanged (every write raises
    it), else read again; a holder no longer there has none."""
    ids = [u.holder_id for u in updates]
    versions = bulk_update.read_versions(connection, ids)
    stored = {
        u.holder_id: dict(u.stored)
        for u in updates
        if u.stored is not None
        and u.stored.get("id") == u.holder_id
        and versions.get(u.holder_id) == u.stored.get("version")
    }
    stored.update(
        bulk_update.read_holders(connection, [i for i in ids if i in versions and i not in stored])
    )
    return stored


def _adds_permit(existing: Mapping[str, Any] | None, permit: Mapping[str, Any]) -> bool:
    """Whether the file's permit is a new one: none yet, or another certificate number."""
    if existing is None:
        return True
    new_no = permit.get("certificate_no") or ""
    return bool(new_no and existing["certificate_no"] and new_no != existing["certificate_no"])


def _apply_update(session: Session, update: HolderUpdate) -> dict[str, Any]:
    """Apply one update and return what undo needs to put back."""
    record = holder_records.get_holder(session, update.holder_id)
    before: dict[str, Any] = {
        "unit_id": record.unit_id,
        "holder": _plain(record.model_dump(exclude={"id", "unit_id", "created_at", "updated_at"})),
    }
    holder_records.update_holder(
        session,
        update.holder_id,
        holder=update.holder,
        unit_id=update.unit_id,
        expected_version=update.expected_version,
        seen=update.seen,
    )
    permit = update.permit
    if not permit:
        return before
    existing = session.exec(
        orm_select(Permit)
        .where(Permit.holder_id == update.holder_id)
        .order_by(col(Permit.id).desc())
    ).first()
    if existing is None:
        created = permit_records.add_permit(
            session, update.holder_id, permit=permit, source="import"
        )
        before["added_permit_id"] = created.id
        return before
    existing_id = written_id(existing)
    new_no = permit.get("certificate_no") or ""
    if new_no and existing.certificate_no and new_no != existing.certificate_no:
        # A new certificate is a new permit: the old number stays in the history.
        created = permit_records.add_permit(
            session,
            update.holder_id,
            permit={"first_issued": existing.first_issued, **_given(permit)},
            source="import",
        )
        before["added_permit_id"] = created.id
        return before
    if (
        new_no and new_no != existing.certificate_no
    ):  # the number was missing: filled in, nothing lost
        before["certificate"] = [existing.id, existing.certificate_no]
        permit_records.update_permit(
            session,
            existing_id,
            data={
                "certificate_no": new_no,
                "first_issued": existing.first_issued,
                "status": existing.status,
            },
        )
    current = permit_records.current_period(session, existing_id)
    if permit.get("expiry") and (current is None or permit["expiry"] > current.expiry):
        period = permit_records.add_period(
            session,
            existing_id,
            start=permit.get("start"),
            expiry=permit["expiry"],
            source="import",
        )
        before["added_period_id"] = period.id
    return before


def _iso(value: Any) -> str:
    """Dates in what undo keeps, as ISO text (as the repository path writes them)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot keep {type(value).__name__} for undo")


# What undo keeps, as JSON (one encoder for every row of an import).
_BEFORE_JSON = json.JSONEncoder(ensure_ascii=False, default=_iso)


def _given(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "")}


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for k, v in values.items()
    }


# ---------------------------------------------------------------- undo


def last_batch(session: Session) -> ImportBatch | None:
    """The newest import that has not been undone (only that one can be undone)."""
    statement = (
        orm_select(ImportBatch)
        .where(col(ImportBatch.undone_at).is_(None))
        .order_by(col(ImportBatch.id).desc())
    )
    return session.exec(statement).first()


def list_batches(session: Session) -> list[ImportBatch]:
    return list(session.exec(orm_select(ImportBatch).order_by(col(ImportBatch.id).desc())))


def undo_last_import(session: Session, *, force: bool = False) -> UndoOutcome:
    """Delete the holders the last import created and restore those it updated.

    Refused (with the names) when a holder was changed after the import,
    unless ``force``: undoing would silently throw that later work away.
    """
    batch = last_batch(session)
    if batch is None:
        raise WrcError("没有可以撤销的导入")
    changes = list(session.exec(orm_select(ImportChange).where(ImportChange.batch_id == batch.id)))
    holder_ids = [c.holder_id for c in changes]
    if not force:
        touched = _changed_since(session, holder_ids, batch.finished_at)
        if touched:
            shown = "、".join(touched[:5]) + (f" 等 {len(touched)} 人" if len(touched) > 5 else "")
            raise UndoRefused(
                f"以下持证人在导入（批次 {batch.id}）之后又被修改过，撤销会丢失这些修改：{shown}。"
                "如确需撤销，请选择“强制撤销”。"
            )
    # Undoing deletes and restores holders: only of units this clerk serves.
    refuse_unserved_holders(session.connection(), holder_ids)
    note = f"撤销导入（批次 {batch.id}：{batch.file_name}）"
    created = [c.holder_id for c in changes if c.action == "create"]
    names = _names(session, created)
    connection = session.connection()
    now = utc_now()
    _forget_created(connection, created)
    restored = 0
    for change in changes:
        if change.action == "update" and session.get(Holder, change.holder_id) is not None:
            _restore(session, change.holder_id, json.loads(change.before), note)
            restored += 1
    # The trail keeps that the import was made and undone, with counts, and nobody's data.
    connection.execute(
        insert(table_of(AuditEntry)),
        [
            {
                "at": now,
                "entity": "import",
                "entity_id": batch.id,
                "action": "undo",
                "field": "",
                "old_value": "",
                "new_value": f"删除新增的 {len(created)} 人，恢复更新前的 {restored} 人",
                "note": note,
            }
        ],
    )
    # What undo needed to put back holds the old fields (ID numbers among them): no longer needed.
    connection.execute(
        delete(table_of(ImportChange)).where(table_of(ImportChange).c.batch_id == batch.id)
    )
    batch.undone_at = now
    session.add(batch)
    session.flush()
    session.expire_all()  # the Core deletes bypassed the identity map
    return UndoOutcome(written_id(batch), len(created), restored, list(names.values()))


def _forget_created(connection, created: list[int]) -> None:
    """Delete the holders an import created and every audit row about them or their permits."""
    h, p, a = table_of(Holder).c, table_of(Permit).c, table_of(AuditEntry).c
    for start in range(0, len(created), _CHUNK):
        chunk = created[start : start + _CHUNK]
        permit_ids = [
            row[0] for row in connection.execute(select(p.id).where(p.holder_id.in_(chunk)))
        ]
        connection.execute(
            delete(table_of(AuditEntry)).where(a.entity == "holder", a.entity_id.in_(chunk))
        )
        for first in range(0, len(permit_ids), _CHUNK):
            connection.execute(
                delete(table_of(AuditEntry)).where(
                    a.entity == "permit", a.entity_id.in_(permit_ids[first : first + _CHUNK])
                )
            )
        connection.execute(delete(table_of(Holder)).where(h.id.in_(chunk)))


def _restore(session: Session, holder_id: int, before: dict[str, Any], note: str) -> None:
    if before.get("added_period_id"):
        period = session.get(PermitPeriod, before["added_period_id"])
        if period is not None:
            session.delete(period)
    if before.get("added_permit_id"):
        permit = session.get(Permit, before["added_permit_id"])
        if permit is not None:
            session.delete(permit)
    session.flush()
    if before.get("certificate"):
        permit_id, old_no = before["certificate"]
        permit = session.get(Permit, permit_id)
        if permit is not None:
            permit_records.update_permit(
                session,
                permit_id,
                data={
                    "certificate_no": old_no,
                    "first_issued": permit.first_issued,
                    "status": permit.status,
                },
            )
    holder_records.update_holder(
        session, holder_id, holder=before["holder"], unit_id=before["unit_id"]
    )
    audit.record(session, "holder", holder_id, "restore", note=note)


def _changed_since(session: Session, holder_ids: list[int], since: dt.datetime) -> list[str]:
    """Names of the holders with any later work that undoing would throw away.

    Later work is anything recorded after the import finished: an edit of the
    holder (its family and leaving included, all audited against the holder),
    a renewal period, a change to one of their permits, a case (办理事项), or a
    handled/snoozed warning. (The cases and marks of a created holder would be
    deleted with it: foreign keys cascade.)
    """
    from .case_models import Case
    from .models import WarningState

    h, p = table_of(Holder).c, table_of(Permit).c
    a, period = table_of(AuditEntry).c, table_of(PermitPeriod).c
    audit_table, period_table = table_of(AuditEntry), table_of(PermitPeriod)
    names: list[str] = []
    for start in range(0, len(holder_ids), _CHUNK):
        chunk = holder_ids[start : start + _CHUNK]
        later = [
            select(h.id).where(h.id.in_(chunk), h.updated_at > since),
            select(a.entity_id).where(a.entity == "holder", a.entity_id.in_(chunk), a.at > since),
            select(p.holder_id)
            .join(period_table, period.permit_id == p.id)
            .where(p.holder_id.in_(chunk), period.recorded_at > since),
            select(p.holder_id)
            .join(audit_table, (a.entity == "permit") & (a.entity_id == p.id))
            .where(p.holder_id.in_(chunk), a.at > since),
            select(table_of(Case).c.holder_id).where(
                table_of(Case).c.holder_id.in_(chunk), table_of(Case).c.updated_at > since
            ),
            select(table_of(WarningState).c.holder_id).where(
                table_of(WarningState).c.holder_id.in_(chunk), table_of(WarningState).c.at > since
            ),
        ]
        touched: set[int] = set()
        for statement in later:
            touched.update(row[0] for row in session.connection().execute(statement))
        found = _names(session, sorted(touched))
        names.extend(found[hid] for hid in sorted(found))
    return names


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _names(session: Session, holder_ids: list[int]) -> dict[int, str]:
    h = table_of(Holder).c
    found: dict[int, str] = {}
    for start in range(0, len(holder_ids), _CHUNK):
        chunk = holder_ids[start : start + _CHUNK]
        found.update(
            session.connection().execute(select(h.id, h.name).where(h.id.in_(chunk))).all()
        )
    return found
