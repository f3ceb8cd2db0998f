"""Inserting many holders at once through SQLAlchemy Core (demo registers, imports, benchmarks).

The ORM adds one object at a time (about 7× slower for 50 000 rows); here each
table gets one executemany. The caller validates the rows first and owns the
transaction, so a bulk insert is all or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from .models import AuditEntry, FamilyMember, Holder, Permit, PermitPeriod, utc_now

_CHUNK = 5000


@dataclass
class NewHolder:
    """A validated holder (``rules.records.clean_holder`` output) with permit and family."""

    unit_id: int
    holder: Mapping[str, Any]
    permit: Mapping[str, Any] | None = None
    family: Sequence[Mapping[str, Any]] = field(default_factory=list)


def insert_holders(connection: Connection, items: Sequence[NewHolder], *, source: str = "import",
                   note: str = "") -> dict[str, int]:
    """Insert all ``items``; returns ``{id_number: holder_id}``. Each holder gets one audit entry."""
    now = utc_now()
    holder_rows = [
        {**item.holder, "unit_id": item.unit_id, "created_at": now, "updated_at": now} for item in items
    ]
    _chunked(connection, Holder, holder_rows)
    wanted = {item.holder["id_number"] for item in items}
    ids = {
        number: holder_id
        for holder_id, number in connection.execute(select(Holder.id, Holder.id_number))
        if number in wanted
    }
    permits = [
        {
            "holder_id": ids[item.holder["id_number"]],
            "unit_id": item.unit_id,
            "certificate_no": item.permit.get("certificate_no") or "",
            "first_issued": item.permit.get("first_issued"),
            "status": item.permit.get("status") or "valid",
            "created_at": now,
        }
        for item in items
        if item.permit
    ]
    _chunked(connection, Permit, permits)
    permit_ids = {
        holder_id: permit_id
        for permit_id, holder_id in connection.execute(select(Permit.id, Permit.holder_id).order_by(Permit.id))
    }
    periods = [
        {
            "permit_id": permit_ids[ids[item.holder["id_number"]]],
            "start": item.permit.get("start"),
            "expiry": item.permit["expiry"],
            "source": source,
            "recorded_at": now,
        }
        for item in items
        if item.permit
    ]
    _chunked(connection, PermitPeriod, periods)
    family = [
        {**member, "holder_id": ids[item.holder["id_number"]]} for item in items for member in item.family
    ]
    _chunked(connection, FamilyMember, family)
    audits = [
        {"at": now, "entity": "holder", "entity_id": ids[item.holder["id_number"]], "action": "create",
         "field": "", "old_value": "", "new_value": f"{item.holder['name']} {item.holder['id_number']}",
         "note": note}
        for item in items
    ]
    _chunked(connection, AuditEntry, audits)
    return ids


def _chunked(connection: Connection, model: type, rows: list[dict[str, Any]]) -> None:
    table = model.__table__
    for start in range(0, len(rows), _CHUNK):
        connection.execute(insert(table), rows[start:start + _CHUNK])
