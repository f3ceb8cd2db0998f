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
from sqlmodel import SQLModel, col

from .models import AuditEntry, FamilyMember, Holder, Permit, PermitPeriod, table_of, utc_now
from .pg import BULK_ROWS, refresh_statistics
from .unit_access import refuse_unserved

_CHUNK = 5000


@dataclass
class NewHolder:
    """A validated holder (``rules.validation.clean_holder`` output) with permit and family.

    ``history``, when given, replaces ``permit``: every permit the holder had, oldest
    first, each ``{unit_id, certificate_no, first_issued, status, periods: [(start, expiry)]}``.
    """

    unit_id: int
    holder: Mapping[str, Any]
    permit: Mapping[str, Any] | None = None
    family: Sequence[Mapping[str, Any]] = field(default_factory=list)
    history: Sequence[Mapping[str, Any]] = field(default_factory=list)

    def permits(self) -> list[dict[str, Any]]:
        """The permits to insert, oldest first, in the shape of ``history``."""
        if self.history:
            return [dict(entry) for entry in self.history]
        if not self.permit:
            return []
        return [
            {
                "unit_id": self.unit_id,
                "certificate_no": self.permit.get("certificate_no") or "",
                "first_issued": self.permit.get("first_issued"),
                "status": self.permit.get("status") or "valid",
                "periods": [(self.permit.get("start"), self.permit["expiry"])],
            }
        ]


def insert_holders(
    connection: Connection, items: Sequence[NewHolder], *, source: str = "import", note: str = ""
) -> dict[str, int]:
    """Insert all ``items``; returns ``{id_number: holder_id}``. Each holder gets one audit entry.

    Refused (nothing inserted) when an item belongs to a unit the clerk does not serve.
    """
    refuse_unserved(
        connection,
        {item.unit_id for item in items}
        | {entry.get("unit_id") for item in items for entry in item.history},
    )
    now = utc_now()
    holder_rows = [
        {**item.holder, "unit_id": item.unit_id, "created_at": now, "updated_at": now}
        for item in items
    ]
    _chunked(connection, Holder, holder_rows)
    wanted = {item.holder["id_number"] for item in items}
    ids = {
        number: holder_id
        for holder_id, number in connection.execute(select(col(Holder.id), col(Holder.id_number)))
        if holder_id is not None and number in wanted  # a stored row always has its id
    }
    wanted_permits = [
        (ids[item.holder["id_number"]], spec) for item in items for spec in item.permits()
    ]
    permits = [
        {
            "holder_id": holder_id,
            "unit_id": spec["unit_id"],
            "certificate_no": spec["certificate_no"],
            "first_issued": spec["first_issued"],
            "status": spec["status"],
            "created_at": now,
        }
        for holder_id, spec in wanted_permits
    ]
    _chunked(connection, Permit, permits)
    # Inserted in order, so each new holder's permits have ascending ids in the order given.
    new_ids = sorted({holder_id for holder_id, _ in wanted_permits})
    permit_ids: dict[int, list[int]] = {}
    for start in range(0, len(new_ids), 500):
        chunk = new_ids[start : start + 500]
        statement = (
            select(col(Permit.id), col(Permit.holder_id))
            .where(col(Permit.holder_id).in_(chunk))
            .order_by(col(Permit.id))
        )
        for permit_id, holder_id in connection.execute(statement):
            assert permit_id is not None  # read back from the table: stored, so numbered
            permit_ids.setdefault(holder_id, []).append(permit_id)
    taken: dict[int, int] = {}
    periods: list[dict[str, Any]] = []
    for holder_id, spec in wanted_permits:
        index = taken.get(holder_id, 0)
        taken[holder_id] = index + 1
        permit_id = permit_ids[holder_id][index]
        periods.extend(
            {
                "permit_id": permit_id,
                "start": begins,
                "expiry": expiry,
                "source": source,
                "recorded_at": now,
            }
            for begins, expiry in spec["periods"]
        )
    _chunked(connection, PermitPeriod, periods)
    family = [
        {**member, "holder_id": ids[item.holder["id_number"]]}
        for item in items
        for member in item.family
    ]
    _chunked(connection, FamilyMember, family)
    audits = [
        {
            "at": now,
            "entity": "holder",
            "entity_id": ids[item.holder["id_number"]],
            "action": "create",
            "field": "",
            "old_value": "",
            "new_value": f"{item.holder['name']} {item.holder['id_number']}",
            "note": note,
        }
        for item in items
    ]
    _chunked(connection, AuditEntry, audits)
    if len(items) >= BULK_ROWS:  # the register's first read after a large load plans well
        refresh_statistics(
            connection, [table_of(m) for m in (Holder, Permit, PermitPeriod, FamilyMember)]
        )
    return ids


def _chunked(connection: Connection, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    table = table_of(model)
    for start in range(0, len(rows), _CHUNK):
        connection.execute(insert(table), rows[start : start + _CHUNK])
