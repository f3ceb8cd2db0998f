"""What each edit dialog shows when it opens, read in one unit of work.

A dialog asks for its data through the GUI's query door (off the UI thread: on a shared
register every read is a round trip to the server) and fills itself when the answer
arrives. One function per dialog gathers everything it needs — the record and the copy
its save is checked against, the choices of its pickers, whether this clerk may change
it — so a dialog never opens half-filled from several reads made at different moments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..documents.case_forms import PlannedForm
from ..rules.countdown import Countdown
from ..rules.errors import WrcError
from ..rules.form_facts import CaseFormFacts
from ..rules.glossary import recorded_note
from ..rules.next_application import NextApplication
from ..rules.permit_state import PermitState
from ..store import copies
from ..store.holder_edit import HolderCopy, permit_or_none
from ..store.holder_records import HolderDetail
from ..store.models import Agent, Unit
from . import case_facts as desk_facts
from . import cases as desk_cases
from . import holders as desk_holders
from . import units as desk_units
from .core import Desk

__all__ = [
    "CaseFactsForm",
    "HolderCopy",
    "HolderDetail",
    "HolderForm",
    "NewCaseHolder",
    "PlannedForm",
    "ServingChoice",
    "Unit",
    "UnitForm",
    "case_facts_form",
    "holder_form",
    "new_case_holder",
    "new_case_holders",
    "permit_or_none",  # whether the permit's fields were filled in at all (the holder dialog)
    "unit_form",
]

# ------------------------------------------------------------ 单位信息


@dataclass(frozen=True)
class ServingChoice:
    """Who may serve a unit on a shared register: the logins offered, those named, and whether
    this login may name them (the administrator)."""

    known: list[str]
    named: list[str]
    administrator: bool


@dataclass(frozen=True)
class UnitForm:
    """A unit as its dialog shows it (None: a new unit), with each agent's copy and the values
    the save is checked against; ``serving`` only where units can be limited to clerks."""

    unit: Unit | None
    agents: list[Agent] = field(default_factory=list)
    agent_copies: list[dict[str, Any]] = field(default_factory=list)
    seen: dict[str, Any] = field(default_factory=dict)
    serving: ServingChoice | None = None
    read_only: str | None = None  # why this clerk may read but not change it


def unit_form(desk: Desk, unit_id: int | None) -> UnitForm:
    serving = None
    if desk_units.limits_shown(desk):
        named = desk_units.serving_clerks(desk, unit_id) if unit_id is not None else []
        serving = ServingChoice(
            known=desk_units.known_clerks(desk),
            named=named,
            administrator=desk_units.is_administrator(desk),
        )
    if unit_id is None:
        return UnitForm(unit=None, serving=serving)
    unit, agents, seen = desk_units.unit_for_edit(desk, unit_id)
    return UnitForm(
        unit=unit,
        agents=agents,
        agent_copies=[copies.member_copy(agent) for agent in agents],
        seen=seen,
        serving=serving,
        read_only=desk_units.read_only_units(desk).get(unit_id),
    )


# ------------------------------------------------------------ 持证人


@dataclass(frozen=True)
class HolderForm:
    """A holder as its dialog shows it (``detail`` None: a new holder), the copy its save is
    checked against, the units to choose from, the permit's state today and whether this clerk
    may change it."""

    detail: HolderDetail | None
    copy: HolderCopy | None
    units: list[tuple[int, str]]
    default_unit: int | None
    state: PermitState | None = None
    read_only: str | None = None
    # The day figure of the permit's next deadline, as the register's 剩余 column shows it.
    figure: Countdown | None = None
    # The recorded 证件状态 where it says what the state does not (a leaver's 注销): "" otherwise.
    recorded: str = ""

    @property
    def state_line(self) -> str:
        """The one current state the dialog shows: "已失效　已过失效日 90 日"."""
        if self.state is None:
            return "—"
        parts = [self.state.label, self.figure.text if self.figure else "", self.recorded]
        return "　".join(part for part in parts if part)


def holder_form(desk: Desk, holder_id: int | None) -> HolderForm:
    units, default_unit = desk_units.choices(desk)
    if holder_id is None:
        return HolderForm(None, None, units, default_unit)
    detail, copy = desk_holders.read_for_edit(desk, holder_id)
    state = figure = None
    recorded = ""
    if detail.permits:
        snapshot = desk_holders.snapshot(desk, [holder_id])
        state, row = snapshot.states[0], snapshot.rows[0]
        figure = state.countdown(snapshot.today)
        recorded = recorded_note(row.permit_status, state.label)
    return HolderForm(
        detail,
        copy,
        units,
        default_unit,
        state=state,
        read_only=desk_units.read_only_units(desk).get(detail.holder.unit_id),
        figure=figure,
        recorded=recorded,
    )


# ------------------------------------------------------------ 新建办理事项


def new_case_holders(desk: Desk, holder_id: int | None) -> list[tuple[int, str]]:
    """The holders a new case may be for (``holder_id`` too, even after leaving: a leaver's
    task opens the old unit's case for that holder)."""
    return desk_holders.holder_choices(desk, also=holder_id)


@dataclass(frozen=True)
class NewCaseHolder:
    """For the holder chosen: their record (housing, family) and the application that fits
    them now."""

    detail: HolderDetail
    suggestion: NextApplication


def new_case_holder(desk: Desk, holder_id: int) -> NewCaseHolder:
    return NewCaseHolder(
        desk_holders.holder_detail(desk, holder_id), desk_cases.suggest(desk, holder_id)
    )


# ------------------------------------------------------------ 表格信息


@dataclass(frozen=True)
class CaseFactsForm:
    """A case's form facts, the version they were read at, and the forms they would fill on
    ``on``."""

    facts: CaseFormFacts
    version: int
    planned: list[PlannedForm]
    planned_error: str = ""  # why the forms' dates cannot be planned (the dialog says so)
    needed: frozenset[str] = frozenset()  # the groups of facts the case's forms print


def case_facts_form(desk: Desk, case_id: int, *, on: dt.date) -> CaseFactsForm:
    facts, version = desk_facts.read(desk, case_id)
    needed = desk_facts.needed(desk, case_id)
    try:
        planned = desk_facts.planned_dates(desk, case_id, on=on)
    except WrcError as error:
        return CaseFactsForm(facts, version, [], str(error), needed)
    return CaseFactsForm(facts, version, planned, needed=needed)
