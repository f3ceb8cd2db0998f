"""Units (用人单位) and their agents (经办人), and the register's default unit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..rules.errors import FieldError, ValidationErrors
from ..store import copies, repo
from ..store.models import Agent, Unit
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
) -> tuple[int, Changes]:
    """Create (``unit_id`` None) or update a unit with its agents; every mistake reported at once.

    ``agent_errors`` are the agent rows' own mistakes, found by the dialog, so that one
    answer lists them together with the unit's. An edit made from a stale copy
    (``expected_version``, ``seen``) is refused, naming what changed.
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
        # A unit's name and district show in every holder's row.
        return stored_id(saved), Changes(units=True, holders=None)


def set_default_unit(desk: Desk, unit_id: int) -> Changes:
    with desk.session() as session:
        repo.set_default_unit(session, unit_id=unit_id)
    return Changes(units=True)
