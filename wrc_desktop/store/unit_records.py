"""Units (申请单位) and their agents (经办人) in the register, and the default unit.

An edit made from a copy the clerk looked at passes ``expected_version`` (the
version the copy was read at) and ``seen`` (the copy's values, as
:mod:`.copies` makes them): when the record moved on meanwhile,
:class:`.versions.StaleRecord` refuses the edit and names what changed.
``expected_version=None`` is for writes that read the record in their own unit of
work (an import applying its plan, a CLI command).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import Session, col, select

from ..rules.errors import FieldError, ValidationErrors
from ..rules.validation import (
    clean_agent,
    clean_unit,
)
from . import audit, copies, versions
from .models import Agent, Setting, Unit, written_id
from .records import apply_members, get_for_update, get_record, raise_version

DEFAULT_UNIT_KEY = "default_unit_id"


def create_unit(session: Session, *, data: Mapping[str, Any]) -> Unit:
    values = clean_unit(data)
    _refuse_duplicate_uscc(session, values["uscc"], None)
    unit = Unit(**values)
    session.add(unit)
    session.flush()
    unit_id = written_id(unit)
    audit.record(session, "unit", unit_id, "create", new=unit.name)
    if get_default_unit_id(session) is None:
        set_default_unit(session, unit_id=unit_id)
    return unit


def update_unit(
    session: Session,
    unit_id: int,
    *,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    seen: Mapping[str, Any] | None = None,
) -> Unit:
    """Change a unit's fields; refused when the caller's copy (``expected_version``, ``seen``) is stale."""
    unit = get_for_update(session, Unit, unit_id, "单位", expected_version)
    versions.refuse([_stale_unit(session, unit, expected_version, seen)])
    values = clean_unit(data)
    _refuse_duplicate_uscc(session, values["uscc"], unit_id)
    before = unit.model_dump()
    for key, value in values.items():
        setattr(unit, key, value)
    audit.record_changes(session, "unit", unit_id, before, values)
    session.add(unit)
    with versions.guarded(f"单位 {unit.name}"):
        session.flush()
    return unit


def _refuse_duplicate_uscc(session: Session, uscc: str, own_id: int | None) -> None:
    other = session.exec(select(Unit).where(Unit.uscc == uscc)).first()
    if other is not None and other.id != own_id:
        raise ValidationErrors(
            [FieldError("uscc", f"“{uscc}”已登记为单位“{other.name}”", label="统一社会信用代码")]
        )


def list_units(session: Session) -> list[Unit]:
    return list(session.exec(select(Unit).order_by(col(Unit.id))))


def get_unit(session: Session, unit_id: int) -> Unit:
    return get_record(session, Unit, unit_id, "单位")


def find_unit(session: Session, name: str) -> Unit | None:
    """A unit by its exact name (or, failing that, its USCC)."""
    text = name.strip()
    return session.exec(
        select(Unit).where((Unit.name == text) | (Unit.uscc == text.upper()))
    ).first()


def get_default_unit_id(session: Session) -> int | None:
    setting = session.exec(select(Setting).where(Setting.key == DEFAULT_UNIT_KEY)).first()
    if setting is not None and setting.value and session.get(Unit, int(setting.value)) is not None:
        return int(setting.value)
    first = session.exec(select(Unit.id).order_by(col(Unit.id))).first()
    return first


def set_default_unit(session: Session, *, unit_id: int) -> None:
    get_record(session, Unit, unit_id, "单位")
    setting = session.exec(select(Setting).where(Setting.key == DEFAULT_UNIT_KEY)).first()
    if setting is None:
        setting = Setting(key=DEFAULT_UNIT_KEY)
    setting.value = str(unit_id)
    session.add(setting)
    session.flush()


def list_agents(session: Session, unit_id: int) -> list[Agent]:
    return list(session.exec(select(Agent).where(Agent.unit_id == unit_id).order_by(col(Agent.id))))


def replace_agents(
    session: Session, unit_id: int, *, agents: Sequence[Mapping[str, Any]]
) -> list[Agent]:
    """Set the unit's agents to exactly ``agents`` (validated all first; all or nothing).

    An agent given with its ``id`` (and the ``version`` the caller's copy showed) is
    changed in place; one without is added; the unit's other agents are removed. A
    changed list raises the unit's version, so a copy of the unit sees it too.
    """
    get_record(session, Unit, unit_id, "单位")
    cleaned = []
    for index, raw in enumerate(agents, start=1):
        try:
            cleaned.append(clean_agent(raw))
        except ValidationErrors as errors:
            raise ValidationErrors(
                FieldError(e.field, e.message, label=f"第 {index} 位经办人的{e.label}")
                for e in errors.errors
            ) from None
    existing = {written_id(a): a for a in list_agents(session, unit_id)}
    versions.refuse(
        [
            copies.stale_member(existing.get(raw["id"]), raw, "经办人")
            for raw in agents
            if raw.get("id") is not None
        ]
    )
    kept, changed = apply_members(
        session, existing, agents, cleaned, lambda values: Agent(unit_id=unit_id, **values)
    )
    if changed:
        raise_version(session, get_record(session, Unit, unit_id, "单位"))
    session.flush()
    audit.record(
        session, "unit", unit_id, "update", field="agents", new="、".join(a.name for a in kept)
    )
    return kept


def _stale_unit(
    session: Session, unit: Unit, expected: int | None, seen: Mapping[str, Any] | None
) -> versions.StaleCopy | None:
    if expected is None or expected == unit.version:
        return None
    unit_id = written_id(unit)
    return versions.stale_copy(
        subject=f"单位 {unit.name}",
        current_version=unit.version,
        current=copies.unit_copy(unit, list_agents(session, unit_id)),
        expected_version=expected,
        seen=seen,
        labels=copies.UNIT_LABELS,
        choices=copies.UNIT_CHOICES,
        by=audit.other_clerk(session, "unit", unit_id),
    )
