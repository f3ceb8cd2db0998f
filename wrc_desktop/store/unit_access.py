"""A unit limited to the clerks who serve it: others read its rows but cannot change them.

``Unit.serving_clerks`` names the clerks who serve a unit, one a line; an empty
list means every clerk. On a shared register every unit of work is checked
before it writes (:class:`CheckedSession`'s flush, and the Core writes of imports
through :func:`refuse_unserved`): a change to a holder, permit, validity period,
family member, case (with its items and files) or due-list mark of a unit the
clerk does not serve is refused, naming the unit and who serves it, and nothing
of the unit of work is written. A clerk's own SQLite file has one clerk: nothing
is limited there.

Which clerk writes is the connection's clerk (:func:`.engines.name_clerks`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import event, inspect, select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from ..rules.errors import WrcError
from . import engines
from .case_models import Case, CaseAttachment, CaseItem
from .models import FamilyMember, Holder, Permit, PermitPeriod, Unit, WarningState

_CHUNK = 5000


def parse(text: str | None) -> list[str]:
    """The names stored in ``serving_clerks`` (or typed by the clerk: lines, commas, 、)."""
    for separator in (",", "，", "、", ";", "；"):
        text = (text or "").replace(separator, "\n")
    names: list[str] = []
    for name in (text or "").split("\n"):
        name = name.strip()
        if name and _key(name) not in {_key(n) for n in names}:
            names.append(name)
    return names


def joined(names: Iterable[str]) -> str:
    """The value stored for ``names`` (blank and repeated names dropped)."""
    return "\n".join(parse("\n".join(names)))


def _key(name: str) -> str:
    return name.strip().casefold()


def serves(clerks: Sequence[str], clerk: str) -> bool:
    """Whether ``clerk`` may change a unit served by ``clerks`` (everyone when none are named)."""
    return not clerks or _key(clerk) in {_key(c) for c in clerks}


@dataclass(frozen=True)
class Limit:
    """A unit the current clerk does not serve, and who does."""

    unit_id: int
    unit_name: str
    clerks: tuple[str, ...]

    def reason(self) -> str:
        return f"单位“{self.unit_name}”由经办人 {'、'.join(self.clerks)} 负责，您只能查看"


class NotServing(WrcError):
    """A write touching a unit the clerk does not serve; nothing of the unit of work was written."""

    def __init__(self, limit: Limit, clerk: str) -> None:
        self.limit = limit
        who = f"（{clerk}）" if clerk else ""
        super().__init__(
            f"单位“{limit.unit_name}”只由经办人 {'、'.join(limit.clerks)} 负责，"
            f"您{who}不能修改该单位的持证人、证件、随往人员、办理事项、提醒标记或导入数据；"
            "本次修改未保存。如需修改，请联系负责的经办人，或请其在单位信息的“负责经办人”中加入您。"
        )


def clerk_of(connection: Connection) -> str:
    return str(connection.info.get("clerk") or "")


def limits(connection: Connection) -> dict[int, Limit]:
    """The units this connection's clerk does not serve (none on a clerk's own SQLite file)."""
    if not engines.is_server(connection.engine):
        return {}
    clerk = clerk_of(connection)
    statement = select(Unit.id, Unit.name, Unit.serving_clerks).where(Unit.serving_clerks != "")
    found: dict[int, Limit] = {}
    for unit_id, name, stored in connection.execute(statement):
        clerks = parse(stored)
        if not serves(clerks, clerk):
            found[unit_id] = Limit(unit_id, name, tuple(clerks))
    return found


def refuse_unserved(connection: Connection, unit_ids: Iterable[int | None]) -> None:
    """Raise :class:`NotServing` when any of ``unit_ids`` is a unit the clerk does not serve."""
    limited = limits(connection)
    if limited:
        _refuse(connection, limited, unit_ids)


def refuse_unserved_holders(connection: Connection, holder_ids: Sequence[int]) -> None:
    """The same for the units of stored holders (a Core write that names holders only)."""
    limited = limits(connection)
    if limited and holder_ids:
        _refuse(connection, limited, _units_of(connection, Holder, holder_ids))


def _refuse(connection: Connection, limited: dict[int, Limit], unit_ids) -> None:
    for unit_id in sorted({u for u in unit_ids if u is not None}):
        if unit_id in limited:
            raise NotServing(limited[unit_id], clerk_of(connection))


def _units_of(connection: Connection, table, ids: Iterable[int]) -> set[int]:
    wanted = sorted(set(ids))
    found: set[int] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        statement = select(table.unit_id).where(table.id.in_(chunk)).distinct()
        found.update(row[0] for row in connection.execute(statement))
    return found


# ------------------------------------------------------------------ the ORM's writes

_BY_UNIT = (Holder, Permit, Case)  # rows that name their unit
_BY_PARENT = {  # rows that name the row that names the unit
    FamilyMember: ("holder_id", Holder),
    WarningState: ("holder_id", Holder),
    PermitPeriod: ("permit_id", Permit),
    CaseItem: ("case_id", Case),
    CaseAttachment: ("case_id", Case),
}


def units_written(session: Session) -> set[int]:
    """The units whose rows this flush creates, changes or deletes (before and after a move)."""
    units: set[int | None] = set()
    parents: dict[type, set[int]] = {}
    for record in (*session.new, *session.dirty, *session.deleted):
        kind = type(record)
        if isinstance(record, _BY_UNIT):
            units.add(record.unit_id)
            units.update(inspect(record).attrs.unit_id.history.deleted or ())
        elif kind in _BY_PARENT:
            column, parent = _BY_PARENT[kind]
            value = getattr(record, column)
            if value is not None:
                parents.setdefault(parent, set()).add(value)
    connection = session.connection()
    for parent, ids in parents.items():
        units.update(_units_of(connection, parent, ids))
    return {u for u in units if u is not None}


class CheckedSession(Session):
    """The register's unit of work: refuses, before anything is written, a change to a unit the
    clerk does not serve (shared register only)."""


_CACHE = "wrc.unit_limits"


@event.listens_for(CheckedSession, "before_flush")
def _check_flush(session: Session, _context, _instances) -> None:
    if not (session.new or session.dirty or session.deleted):
        return
    connection = session.connection()
    if not engines.is_server(connection.engine):
        return
    limited = _limits_of_transaction(session, connection)
    if limited:
        _refuse(connection, limited, units_written(session))


def _limits_of_transaction(session: Session, connection: Connection) -> dict[int, Limit]:
    """The clerk's limits, read once per transaction (an import flushes once per updated holder)
    and again when this unit of work changes a unit (its serving clerks)."""
    transaction = session.get_transaction()
    cached = session.info.get(_CACHE)
    if any(isinstance(r, Unit) for r in (*session.new, *session.dirty)) or (
        cached is None or cached[0] is not transaction
    ):
        cached = (transaction, limits(connection))
        session.info[_CACHE] = cached
    return cached[1]
