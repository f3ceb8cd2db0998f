"""Units (用人单位) and their agents (经办人), and the register's default unit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import select

from ..rules.errors import FieldError, ValidationErrors
from ..store import audit, copies, unit_access, unit_records
from ..store.case_models import Case
from ..store.models import Agent, AuditEntry, Unit, UnitClerk, WarningState
from .changes import Changes, stored_id
from .core import Desk


def unit_for_edit(desk: Desk, unit_id: int) -> tuple[Unit, list[Agent], dict[str, Any]]:
    """A unit and its agents as a dialog shows them, and the values its save is checked against."""
    with desk._session() as session:
        unit, agents = (
            unit_records.get_unit(session, unit_id),
            unit_records.list_agents(session, unit_id),
        )
        return unit, agents, copies.unit_copy(unit, agents)


def overview(desk: Desk) -> tuple[list[Unit], dict[int, list[str]], int | None]:
    """Every unit, the names of its agents, and the default unit's id."""
    with desk._session() as session:
        units = unit_records.list_units(session)
        agents = {
            stored_id(u): [a.name for a in unit_records.list_agents(session, stored_id(u))]
            for u in units
        }
        return units, agents, unit_records.get_default_unit_id(session)


def choices(desk: Desk) -> tuple[list[tuple[int, str]], int | None]:
    """Every unit as (id, name) for a picker, and the register's default unit."""
    with desk._session() as session:
        units = [(stored_id(u), u.name) for u in unit_records.list_units(session)]
        return units, unit_records.get_default_unit_id(session)


def districts(desk: Desk) -> list[str]:
    with desk._session() as session:
        return sorted({u.district for u in unit_records.list_units(session)})


def default_district(desk: Desk) -> str | None:
    with desk._session() as session:
        unit_id = unit_records.get_default_unit_id(session)
        return unit_records.get_unit(session, unit_id).district if unit_id is not None else None


def has_units(desk: Desk) -> bool:
    with desk._session() as session:
        return bool(unit_records.list_units(session))


def save_unit(
    desk: Desk,
    unit_id: int | None,
    *,
    unit: Mapping[str, Any],
    agents: Sequence[Mapping[str, Any]],
    agent_errors: Sequence[FieldError] = (),
    expected_version: int | None = None,
    seen: Mapping[str, Any] | None = None,
    serving: Sequence[str] | None = None,
) -> tuple[int, Changes]:
    """Create (``unit_id`` None) or update a unit with its agents; every mistake reported at once.

    ``agent_errors`` are the agent rows' own mistakes, found by the dialog, so that one
    answer lists them together with the unit's. An edit made from a stale copy
    (``expected_version``, ``seen``) is refused, naming what changed. ``serving`` (when
    given) names the clerks who serve the unit; none: every clerk.
    """
    with desk._session() as session:
        try:
            saved = (
                unit_records.create_unit(session, data=unit)
                if unit_id is None
                else unit_records.update_unit(
                    session, unit_id, data=unit, expected_version=expected_version, seen=seen
                )
            )
        except ValidationErrors as error:
            raise ValidationErrors([*error.errors, *agent_errors]) from None
        if agent_errors:
            raise ValidationErrors(list(agent_errors))
        unit_records.replace_agents(session, stored_id(saved), agents=list(agents))
        if serving is not None:
            set_serving(session, saved, serving)
        # A unit's name and district show in every holder's row.
        return stored_id(saved), Changes(units=True, holders=None)


def set_default_unit(desk: Desk, unit_id: int) -> Changes:
    with desk._session() as session:
        unit_records.set_default_unit(session, unit_id=unit_id)
    return Changes(units=True)


# ------------------------------------------------------------ the clerks who serve a unit


def parse_clerks(text: str | None) -> list[str]:
    """The logins a clerk typed (lines, commas, 、), each once."""
    return unit_access.parse(text)


def set_serving(session, unit: Unit, names: Sequence[str]) -> None:
    """Store who serves ``unit``: database logins (audited, old → new); an empty list: every
    clerk. Only the administrator names them on a shared register, and only logins the
    server knows (the database's row-level security reads them)."""
    unit_id = stored_id(unit)
    connection = session.connection()
    wanted = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    before = unit_access.clerks_by_unit(connection).get(unit_id, [])
    if before == wanted:
        return
    unit_access.require_administrator(connection, "设置单位的负责经办人")
    unknown = [name for name in wanted if name not in set(unit_access.logins(connection, wanted))]
    if unknown:
        raise FieldError(
            "serving_clerks",
            f"“{'、'.join(unknown)}”不是数据库登录名（负责经办人须填写经办人的数据库用户名）",
            label="负责经办人",
        )
    unit_access.replace_clerks(session, unit_id, wanted)
    audit.record_changes(
        session,
        "unit",
        unit_id,
        {"serving_clerks": "、".join(before)},
        {"serving_clerks": "、".join(wanted)},
    )
    session.flush()


def change_serving(desk: Desk, unit_id: int, names: Sequence[str]) -> Changes:
    """Name the clerks who serve a unit (the administrator's work on a shared register)."""
    with desk._session() as session:
        set_serving(session, unit_records.get_unit(session, unit_id), names)
    return Changes(units=True, holders=None)


def serving_clerks(desk: Desk, unit_id: int) -> list[str]:
    """The logins who serve a unit, in the order they were named; none: every clerk."""
    with desk._session() as session:
        unit_records.get_unit(session, unit_id)  # an unknown unit says so
        return unit_access.clerks_by_unit(session.connection()).get(unit_id, [])


def limits_shown(desk: Desk) -> bool:
    """Whether units can be limited to clerks here: on a shared register only (one clerk on a file)."""
    return desk._register.shared


def is_administrator(desk: Desk) -> bool:
    """Whether this login names units' clerks and writes every unit (always on a clerk's file)."""
    with desk._session() as session:
        return unit_access.is_administrator(session.connection())


def read_only_units(desk: Desk) -> dict[int, str]:
    """The units this clerk may read but not change, each with why (for a tooltip); none on a
    clerk's own file."""
    if not desk._register.shared:
        return {}
    with desk._session() as session:
        limited = unit_access.limits(session.connection())
    return {unit_id: limit.reason() for unit_id, limit in limited.items()}


def known_clerks(desk: Desk) -> list[str]:
    """The choices offered for a unit's serving clerks: the server's logins that may write the
    register (on a file: the clerks the register has seen)."""
    with desk._session() as session:
        connection = session.connection()
        if desk._register.shared:
            return unit_access.logins(connection)
        names = {this for this in [audit.current_clerk(session)] if this}
        for column in (AuditEntry.clerk, WarningState.clerk, Case.assigned_to):
            names.update(n for n in session.exec(select(column).distinct()) if n)
        for (login,) in connection.execute(select(UnitClerk.login).distinct()):
            names.add(login)
    return sorted(names)
