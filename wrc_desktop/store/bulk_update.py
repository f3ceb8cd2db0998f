"""Updating many existing holders at once (a roster re-import), with the repository's rules.

:func:`.holder_records.update_holder`, :func:`.permit_records.add_period` and
:func:`.permit_records.update_permit`
read, check, audit and flush one record at a time: 10 000 updated rows took twenty
times as long as 10 000 new ones. This module does the same for a whole import with
a handful of Core statements: one read of the holders' versions (their rows as the
plan read them, while unchanged), their latest permits and current periods; the same checks (the caller's copy is not stale, no other holder
has the ID number, the unit exists, a new period ends after the current one); the
same audit entries and version raises. What it does not cover (a holder no longer
there, a copy that is stale, a permit to add) goes through the repository, row by
row, which also says what is wrong in its own words. An update sets only the columns
whose value changes (the indexed ones, usually unchanged, cost nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from ..rules.errors import WrcError
from .audit import _text
from .models import AuditEntry, Holder, Permit, PermitPeriod, Unit, table_of, utc_now
from .unit_access import refuse_unserved

_CHUNK = 500  # SQLite allows 999 bound parameters per statement
# What undo keeps of a holder: the fields the clerk edits (as HolderUpdate.holder gives them).
_NOT_KEPT = ("id", "unit_id", "created_at", "updated_at")


def chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def read_holders(connection: Connection, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    table = table_of(Holder)
    found: dict[int, dict[str, Any]] = {}
    for chunk in chunks(ids):
        for row in connection.execute(select(table).where(table.c.id.in_(chunk))):
            found[row.id] = dict(row._mapping)
    return found


def read_versions(connection: Connection, ids: Sequence[int]) -> dict[int, int]:
    """The stored version of each holder of ``ids`` that is still there."""
    h = table_of(Holder).c
    found: dict[int, int] = {}
    for chunk in chunks(ids):
        found.update(connection.execute(select(h.id, h.version).where(h.id.in_(chunk))).all())
    return found


def latest_permits(connection: Connection, holder_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Each holder's latest permit (the highest id), with its current period's expiry."""
    p, pp = table_of(Permit).c, table_of(PermitPeriod).c
    permits: dict[int, dict[str, Any]] = {}
    columns = (
        p.id,
        p.holder_id,
        p.unit_id,
        p.certificate_no,
        p.first_issued,
        p.status,
        p.version,
        pp.expiry,
    )
    for chunk in chunks(holder_ids):
        # Ordered so that the last row of a holder is their latest permit with its current
        # period (permit_records.current_period: the latest expiry, the latest recorded among equal ones).
        statement = (
            select(*columns)
            .outerjoin(table_of(PermitPeriod), pp.permit_id == p.id)
            .where(p.holder_id.in_(chunk))
            .order_by(p.id, pp.expiry, pp.id)
        )
        for row in connection.execute(statement):
            permits[row.holder_id] = dict(row._mapping)
    return permits


def audit_row(
    now: dt.datetime, entity: str, entity_id: int, action: str, field: str, old: Any, new: Any
) -> dict[str, Any]:
    """An audit entry as :func:`.audit.record` writes it."""
    return _audit_texts(now, entity, entity_id, action, field, _text(old), _text(new))


def _audit_texts(
    now: dt.datetime, entity: str, entity_id: int, action: str, field: str, old: str, new: str
) -> dict[str, Any]:
    return {
        "at": now,
        "entity": entity,
        "entity_id": entity_id,
        "action": action,
        "field": field,
        "old_value": old,
        "new_value": new,
        "note": "",
    }


class BulkUpdate:
    """The writes of many holder updates, collected, then made with a few statements."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.now = utc_now()
        self.holder_rows: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        self.permit_rows: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        self.periods: list[dict[str, Any]] = []
        self.audits: list[dict[str, Any]] = []
        self.units: set[int] = set()  # every unit whose rows these writes change

    def holder(
        self, stored: Mapping[str, Any], values: Mapping[str, Any], unit_id: int
    ) -> dict[str, Any]:
        """Change a holder as holder_records.update_holder does; returns what undo puts back."""
        kept = dict(stored)  # dates as ISO in JSON
        for name in _NOT_KEPT:
            kept.pop(name, None)
        before = {"unit_id": stored["unit_id"], "holder": kept}
        new = dict(values)
        if unit_id != stored["unit_id"]:
            new["unit_id"] = unit_id
        # Only the columns whose value differs are set: the row ends as the repository leaves
        # it, and a column left alone (the indexed name, ID number, status) costs nothing.
        differ: dict[str, Any] = {}
        changed = []  # (field, old text, new text) for the audit trail
        for field, value in new.items():
            old = stored.get(field)
            if old != value:
                differ[field] = value
                old_text, new_text = _text(old), _text(value)
                if old_text != new_text:  # unequal values may still be equal texts (None, "")
                    changed.append((field, old_text, new_text))
        if changed:
            self.units.update((stored["unit_id"], unit_id))  # a move changes both units
            holder_id = stored["id"]
            self.audits.extend(
                _audit_texts(self.now, "holder", holder_id, "update", field, old, new)
                for field, old, new in changed
            )
            row = {
                **differ,
                "updated_at": self.now,
                "b_id": holder_id,
                "b_version": stored["version"],
                "version": stored["version"] + 1,
            }
            self.holder_rows.setdefault(tuple(sorted(row)), []).append(row)
        return before

    def permit(
        self, permit: dict[str, Any], given: Mapping[str, Any], before: dict[str, Any]
    ) -> None:
        """Fill a missing certificate number and append a later period, as the repository does."""
        version = permit["version"]
        new_no = given.get("certificate_no") or ""
        changed = {}
        if new_no and new_no != permit["certificate_no"]:  # the number was missing
            before["certificate"] = [permit["id"], permit["certificate_no"]]
            self.audits.append(
                audit_row(
                    self.now,
                    "permit",
                    permit["id"],
                    "update",
                    "certificate_no",
                    permit["certificate_no"],
                    new_no,
                )
            )
            changed["certificate_no"] = new_no
            version += 1
        current = permit["expiry"]
        if given.get("expiry") and (current is None or given["expiry"] > current):
            # validated with the rest of the permit (clean_permit: present, after the start)
            start, expiry = given.get("start"), given["expiry"]
            self.periods.append(
                {
                    "permit_id": permit["id"],
                    "start": start,
                    "expiry": expiry,
                    "source": "import",
                    "recorded_at": self.now,
                }
            )
            before["added_period_id"] = len(self.periods) - 1  # its id once inserted
            self.audits.append(
                audit_row(self.now, "permit", permit["id"], "import", "expiry", current, expiry)
            )
            version += 1  # a copy showing the old expiry is stale now
        if version != permit["version"]:
            self.units.add(permit["unit_id"])
            row = {"b_id": permit["id"], "b_version": permit["version"], "version": version}
            row.update(changed)  # the certificate number only when it was missing
            self.permit_rows.setdefault(tuple(sorted(row)), []).append(row)

    def write(self, befores: list[dict[str, Any]]) -> None:
        """Make the collected writes; ``befores`` get the ids of the periods they added.

        Refused first, with nothing written, when a unit they change (a holder's unit before
        and after a move, a permit's unit for its new period or number) is one the clerk
        does not serve: the same question the ORM's writes are asked, and the database's
        row-level security would refuse them anyway, less clearly.
        """
        refuse_unserved(self.connection, self.units)
        h, p = table_of(Holder), table_of(Permit)
        # The SET clause comes from the rows' keys that name columns (b_ names the WHERE's).
        for rows in self.holder_rows.values():
            statement = update(h).where(
                h.c.id == bindparam("b_id"), h.c.version == bindparam("b_version")
            )
            self._all_or_refuse(statement, rows, "持证人")
        for rows in self.permit_rows.values():
            statement = update(p).where(
                p.c.id == bindparam("b_id"), p.c.version == bindparam("b_version")
            )
            self._all_or_refuse(statement, rows, "工作居住证")
        table = table_of(PermitPeriod)
        for start in range(0, len(self.periods), _CHUNK):
            self.connection.execute(insert(table), self.periods[start : start + _CHUNK])
        # One new period per permit, and ids only grow: each permit's newest period is the one
        # just added (read back in chunks; RETURNING would send the rows one at a time).
        permit_ids = sorted({period["permit_id"] for period in self.periods})
        newest: dict[int, int] = {}
        for chunk in chunks(permit_ids):
            newest_of = (
                select(table.c.permit_id, func.max(table.c.id))
                .where(table.c.permit_id.in_(chunk))
                .group_by(table.c.permit_id)
            )
            newest.update(self.connection.execute(newest_of).all())
        for before in befores:
            if "added_period_id" in before:
                added = self.periods[before["added_period_id"]]
                before["added_period_id"] = newest[added["permit_id"]]
        for start in range(0, len(self.audits), _CHUNK):
            self.connection.execute(
                insert(table_of(AuditEntry)), self.audits[start : start + _CHUNK]
            )

    def _all_or_refuse(self, statement, rows: list[dict[str, Any]], what: str) -> None:
        for start in range(0, len(rows), _CHUNK):
            part = rows[start : start + _CHUNK]
            count = self.connection.execute(statement, part).rowcount
            if self.connection.dialect.supports_sane_multi_rowcount and count != len(part):
                # Read and written in one transaction, so only a bug can get here.
                raise WrcError(f"{what}的信息在导入期间被其他操作修改，导入未完成，请重新导入")


def unit_ids(connection: Connection) -> set[int]:
    return {row[0] for row in connection.execute(select(table_of(Unit).c.id))}


def ids_taken_by_others(connection: Connection, wanted: Mapping[str, int]) -> dict[str, int]:
    """Of ``{id_number: holder_id}``, the numbers another holder already has."""
    h = table_of(Holder).c
    numbers = sorted(wanted)
    taken = {}
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        for holder_id, number in connection.execute(
            select(h.id, h.id_number).where(h.id_number.in_(chunk))
        ):
            if holder_id != wanted[number]:
                taken[number] = holder_id
    return taken
