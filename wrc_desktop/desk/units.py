"""Units (用人单位) and their agents (经办人), and the register's default unit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import select

from ..rules.errors import FieldError, ValidationErrors
from ..store import audit, copies, repo, unit_access
from ..store.case_models import Case
from ..store.models import Agent, AuditEntry, Unit, WarningState
from .changes import Changes, stored_id
from .core import Desk


def unit_for_edit(desk: Desk, unit_id: int) -> tuple[Unit, list[Agent], dict[str, Any]]:
    """A unit and its agents as a dialog shows them, and the values its save is checked against."""
    with desk.session() as session:
        unit, agents = repo.get_unit(session, unit_id), repo.list_agents(session, unit_id)
        return unit, agents, copies.unit_copy(unit, agents)


def overview(desk: Desk) -> tuple[list[Unit], dict[int, list[str]], int | None]:
    """Every unit, the names of its agents, and the default unit's id."""
    with desk.session() as session:
        units = repo.list_units(session)
        agents = {
            stored_id(u): [a.name for a in repo.list_agents(session, stored_id(u))] for u in units
        }
        return units, agents, repo.get_default_unit_id(session)


def choices(desk: Desk) -> tuple[list[tuple[int, str]], int | None]:
    """Every unit as (id, name) for a picker, and the register's default unit."""
    with desk.session() as session:
        units = [(stored_id(u), u.name) for u in repo.list_units(session)]
        return units, repo.get_default_unit_id(session)


def districts(desk: Desk) -> list[str]:
    with desk.session() as session:
        return sorted({u.district for u in repo.list_units(session)})


def default_district(desk: Desk) -> str | None:
    with desk.session() as session:
        unit_id = repo.get_default_unit_id(session)
        return repo.get_unit(session, unit_id).district if unit_id is not None else None


def has_units(desk: Desk) -> bool:
    with desk.session() as session:
        return bool(repo.list_units(session))


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
    with desk.session() as session:
        try:
            saved = (
                repo.create_unit(session, data=unit)
                if unit_id is None
                else repo.update_unit(
                    session, unit_id, data=unit, expected_version=expected_version, seen=seen
                )
            )
        except ValidationErrors as error:
            raise ValidationErrors([*error.errors, *agent_errors]) from None
        if agent_errors:
            raise ValidationErrors(list(agent_errors))
        repo.replace_agents(session, stored_id(saved), agents=list(agents))
        if serving is not None:
            set_serving(session, saved, serving)
        # A unit's name and district show in every holder's row.
        return stored_id(saved), Changes(units=True, holders=None)


def set_default_unit(desk: Desk, unit_id: int) -> Changes:
    with desk.session() as session:
        repo.set_default_unit(session, unit_id=unit_id)
    return Changes(units=True)


# ------------------------------------------------------------ the clerks who serve a unit


def set_serving(session, unit: Unit, names: Sequence[str]) -> None:
    """Store who serves ``unit`` (audited, old → new); an empty list: every clerk."""
    stored = unit_access.joined(names)
    if stored == unit.serving_clerks:
        return
    before = {"serving_clerks": "、".join(unit_access.parse(unit.serving_clerks))}
    unit.serving_clerks = stored
    session.add(unit)
    audit.record_changes(
        session,
        "unit",
        stored_id(unit),
        before,
        {"serving_clerks": "、".join(unit_access.parse(stored))},
    )
    session.flush()


def serving_clerks(desk: Desk, unit_id: int) -> list[str]:
    with desk.session() as session:
        return unit_access.parse(repo.get_unit(session, unit_id).serving_clerks)


def limits_shown(desk: Desk) -> bool:
    """Whether units can be limited to clerks here: on a shared register only (one clerk on a file)."""
    return desk.register.shared


def read_only_units(desk: Desk) -> dict[int, str]:
    """The units this clerk may read but not change, each with why (for a tooltip); none on a
    clerk's own file."""
    if not desk.register.shared:
        return {}
    with desk.session() as session:
        limited = unit_access.limits(session.connection())
    return {unit_id: limit.reason() for unit_id, limit in limited.items()}


def known_clerks(desk: Desk) -> list[str]:
    """Clerks the register has seen (audit rows, due-list marks, units' lists, this clerk): the
    choices offered for a unit's serving clerks."""
    with desk.session() as session:
        names = {this for this in [audit.current_clerk(session)] if this}
        for column in (AuditEntry.clerk, WarningState.clerk, Case.assigned_to):
            names.update(n for n in session.exec(select(column).distinct()) if n)
        for stored in session.exec(select(Unit.serving_clerks).where(Unit.serving_clerks != "")):
            names.update(unit_access.parse(stored))
    return sorted(names)
