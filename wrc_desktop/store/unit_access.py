"""A unit limited to the clerks who serve it: others read its rows but cannot change them.

The clerks who serve a unit are database logins, one :class:`.models.UnitClerk` row
each; a unit with none is served by every clerk. On a shared register the database
itself holds the limit (row-level security, migration 0008): a clerk's login may
write only rows of the units that name it, the administrator (a member of the
database's owner role) every row, and only the administrator names a unit's
clerks. This module asks the same question first, so that the refusal is worded
in Chinese and nothing of the unit of work is sent: every ORM flush
(:class:`CheckedSession`) and the Core writes of imports (:func:`refuse_unserved`).
A clerk's own SQLite file has one clerk: nothing is limited there.

Who writes is the connection's login (``session_user``, :func:`.engines.name_clerks`),
never the display name a clerk chose: a name grants nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import event, inspect, select
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel, col

from ..rules.errors import WrcError
from . import engines, pg
from .case_models import Case, CaseAttachment, CaseItem
from .models import (
    Agent,
    FamilyMember,
    Holder,
    Permit,
    PermitPeriod,
    Unit,
    UnitClerk,
    WarningState,
)

_CHUNK = 5000


def parse(text: str | None) -> list[str]:
    """The logins a clerk typed for a unit (separated by lines, commas or 、), each once."""
    for separator in (",", "，", "、", ";", "；"):
        text = (text or "").replace(separator, "\n")
    names: list[str] = []
    for name in (text or "").split("\n"):
        name = name.strip()
        if name and _key(name) not in {_key(n) for n in names}:
            names.append(name)
    return names


def _key(name: str) -> str:
    return name.strip().casefold()


def serves(clerks: Sequence[str], login: str) -> bool:
    """Whether ``login`` may change a unit served by ``clerks`` (everyone when none are named).

    Logins are compared exactly, as the database compares ``session_user``.
    """
    return not clerks or login in clerks


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
            f"您{who}不能修改该单位、其持证人、证件、随往人员、办理事项、提醒标记或导入数据；"
            "本次修改未保存。如需修改，请联系负责的经办人，或请管理员在单位信息的“负责经办人”中加入您。"
        )


class NotAdministrator(WrcError):
    """Work only the shared register's administrator may do; nothing was changed."""

    def __init__(self, what: str, login: str) -> None:
        who = f"（{login}）" if login else ""
        super().__init__(
            f"{what}只能由共享登记册的管理员进行，您的数据库用户{who}不是管理员；"
            "未做任何修改。请联系管理员。"
        )


def clerk_of(connection: Connection) -> str:
    """The login this connection writes as (on a clerk's own file: the OS user)."""
    return str(connection.info.get("clerk") or "")


def is_administrator(connection: Connection) -> bool:
    """Whether this connection may write every unit and name units' clerks (always on a file)."""
    if not engines.is_server(connection.engine):
        return True
    return pg.is_administrator(connection)


def require_administrator(connection: Connection, what: str) -> None:
    if not is_administrator(connection):
        raise NotAdministrator(what, clerk_of(connection))


def logins(connection: Connection, among: Sequence[str] | None = None) -> list[str]:
    """The logins that may write the register (of ``among``, when given): on a server, the login
    roles with the right to change holders; on a file, ``among`` itself (any name)."""
    if not engines.is_server(connection.engine):
        return list(among or [])
    return pg.writing_logins(connection, among)


def clerks_by_unit(connection: Connection) -> dict[int, list[str]]:
    """Each limited unit's logins, in the order they were named."""
    statement = select(col(UnitClerk.unit_id), col(UnitClerk.login)).order_by(col(UnitClerk.id))
    found: dict[int, list[str]] = {}
    for unit_id, login in connection.execute(statement):
        found.setdefault(unit_id, []).append(login)
    return found


def limits(connection: Connection) -> dict[int, Limit]:
    """The units this connection's login does not serve (none on a file, none for the administrator)."""
    if not engines.is_server(connection.engine) or is_administrator(connection):
        return {}
    clerk = clerk_of(connection)
    limited = {
        unit_id: clerks
        for unit_id, clerks in clerks_by_unit(connection).items()
        if not serves(clerks, clerk)
    }
    if not limited:
        return {}
    statement = select(col(Unit.id), col(Unit.name)).where(col(Unit.id).in_(list(limited)))
    names = {unit_id: name for unit_id, name in connection.execute(statement)}
    return {
        unit_id: Limit(unit_id, names.get(unit_id, str(unit_id)), tuple(clerks))
        for unit_id, clerks in limited.items()
    }


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

_BY_UNIT = (Holder, Permit, Case, Agent)  # rows that name their unit
# rows that name the row that names the unit
_BY_PARENT: dict[type[SQLModel], tuple[str, type[SQLModel]]] = {
    FamilyMember: ("holder_id", Holder),
    WarningState: ("holder_id", Holder),
    PermitPeriod: ("permit_id", Permit),
    CaseItem: ("case_id", Case),
    CaseAttachment: ("case_id", Case),
}


def units_written(session: Session) -> set[int]:
    """The units whose rows this flush creates, changes or deletes (before and after a move)."""
    units: set[int | None] = set()
    parents: dict[type[SQLModel], set[int]] = {}
    for record in (*session.new, *session.dirty, *session.deleted):
        kind = type(record)
        if isinstance(record, Unit):
            if record not in session.new:  # a new unit names no one yet
                units.add(record.id)
        elif isinstance(record, _BY_UNIT):
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


def replace_clerks(session: Session, unit_id: int, logins: Sequence[str]) -> None:
    """Name ``logins`` (in this order) as the unit's serving clerks, in place of those before."""
    for row in session.scalars(select(UnitClerk).where(col(UnitClerk.unit_id) == unit_id)).all():
        session.delete(row)
    session.flush()
    session.add_all(UnitClerk(unit_id=unit_id, login=login) for login in logins)


def refuse_unserved_record(session: Session, record) -> None:
    """Raise :class:`NotServing` when the stored ``record`` belongs to a unit the clerk does not
    serve (a row the database lets them read but not lock for a change)."""
    connection = session.connection()
    limited = limits(connection)
    if not limited:
        return
    if isinstance(record, Unit):
        units: set[int | None] = {record.id}
    elif isinstance(record, _BY_UNIT):
        units = {record.unit_id}
    elif type(record) in _BY_PARENT:
        column, parent = _BY_PARENT[type(record)]
        units = set(_units_of(connection, parent, [getattr(record, column)]))
    else:
        return
    _refuse(connection, limited, units)


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
    if any(isinstance(r, UnitClerk) for r in (*session.new, *session.dirty, *session.deleted)):
        require_administrator(connection, "设置单位的负责经办人")
    limited = _limits_of_transaction(session, connection)
    if limited:
        _refuse(connection, limited, units_written(session))


def _limits_of_transaction(session: Session, connection: Connection) -> dict[int, Limit]:
    """The clerk's limits, read once per transaction (an import flushes once per updated holder)
    and again when this unit of work changes who serves a unit)."""
    transaction = session.get_transaction()
    cached = session.info.get(_CACHE)
    if any(isinstance(r, UnitClerk) for r in (*session.new, *session.dirty, *session.deleted)) or (
        cached is None or cached[0] is not transaction
    ):
        cached = (transaction, limits(connection))
        session.info[_CACHE] = cached
    return cached[1]
