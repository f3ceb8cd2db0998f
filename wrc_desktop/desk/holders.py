"""The register's holders as every screen and command sees them: rows, states and changes.

A holder's status and latest submission date come from :meth:`DeadlineSource.state`
under the desk's one rules context — the register page, the holder dialog, the cases
page, the Excel report and ``wrc holders --json`` all read them here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..collector import collector_paused
from ..reports.rows import DeadlineSource
from ..rules.errors import WrcError
from ..rules.permit_state import PermitState
from ..store import holder_records, queries, unit_records
from ..store.holder_edit import HolderCopy, read_holder
from ..store.holder_edit import save_holder as edit_holder
from ..store.queries import RegisterRow
from .changes import Changes, stored_id
from .core import Desk


@dataclass(frozen=True)
class RegisterSnapshot:
    """Rows of the register with their states, on one day; ``units`` (and ``read_only``: the units
    this clerk may read but not change, with why) only when all rows were read."""

    today: dt.date
    rows: list[RegisterRow]
    states: list[PermitState]
    units: list[tuple[int, str]] | None = None
    read_only: dict[int, str] | None = None


def snapshot(desk: Desk, holder_ids: Iterable[int] | None = None) -> RegisterSnapshot:
    """Every holder (or just ``holder_ids``, after a write touched them) with their permit's state."""
    source = desk.deadlines()
    with desk._session() as session:
        rows = queries.register_rows(session, holder_ids=holder_ids)
        units = (
            [(stored_id(u), u.name) for u in unit_records.list_units(session)]
            if holder_ids is None
            else None
        )
    read_only = None
    if holder_ids is None:
        from .units import read_only_units

        read_only = read_only_units(desk)
    return RegisterSnapshot(source.today, rows, states_of(source, rows), units, read_only)


def states_of(source: DeadlineSource, rows: list[RegisterRow]) -> list[PermitState]:
    """The state of each row, in one pass.

    The pass creates a few objects per distinct expiry and none per row; the cyclic garbage
    collector, which would otherwise walk the whole register again and again while they are
    made, is held back until it ends (measured: 40 % of the time at 50,000 holders).
    """
    with collector_paused():
        return [source.state(row) for row in rows]


def first_look(desk: Desk) -> tuple[list[tuple[int, str]], int]:
    """The units and how many holders there are: all the window needs before its first paint."""
    with desk._session() as session:
        return [
            (stored_id(u), u.name) for u in unit_records.list_units(session)
        ], holder_records.holder_count(session)


def holders_document(desk: Desk) -> list[dict[str, Any]]:
    """Every holder as JSON-ready data, with their current permit's computed state and dates."""
    source = desk.deadlines()
    with desk._session() as session:
        document = queries.holders_document(session)
        rows = {row.holder_id: row for row in queries.register_rows(session)}
    for item in document:
        state = source.state(rows[item["id"]])
        # As the register page shows it; "status" stays the holder's own
        item["permit_state"] = state.label
        item["latest_submission"] = (
            state.latest_submission.isoformat() if state.latest_submission else None
        )
        item["lapses_on"] = state.lapses_on.isoformat() if state.lapses_on else None
        # The register's 剩余 figure: how far the permit's next deadline is, and which one.
        figure = state.countdown(source.today)
        item["days_left"] = figure.left if figure else None
        item["days_unit"] = figure.unit if figure else None
        item["counts_to"] = figure.counts_to if figure else None
        item["days_text"] = figure.text if figure else None
    return document


# ---------------------------------------------------------------- writes (plain values in, changes out)


def create_holder(
    desk: Desk,
    *,
    unit_id: int,
    holder: Mapping[str, Any],
    permit: Mapping[str, Any] | None,
    family: list[Mapping[str, Any]],
) -> tuple[int, Changes]:
    with desk._session() as session:
        created = stored_id(
            holder_records.create_holder(
                session, unit_id=unit_id, holder=holder, permit=permit, family=family
            )
        )
        return created, Changes.of_holders([created])


def archive_holder(desk: Desk, holder_id: int, *, left_on: dt.date | str) -> Changes:
    with desk._session() as session:
        holder_records.archive_holder(session, holder_id, left_on=left_on)
    return Changes.of_holders([holder_id])


def restore_holder(desk: Desk, holder_id: int) -> Changes:
    with desk._session() as session:
        holder_records.restore_holder(session, holder_id)
    return Changes.of_holders([holder_id])


def holder_detail(desk: Desk, holder_id: int) -> holder_records.HolderDetail:
    with desk._session() as session:
        return holder_records.holder_detail(session, holder_id)


def find_by_id_number(desk: Desk, id_number: str) -> holder_records.HolderDetail | None:
    """The holder whose ID number is ``id_number`` (already checked), with unit, permits and
    family; None when the register has no such holder."""
    with desk._session() as session:
        holder = holder_records.find_holder(session, id_number)
        if holder is None or holder.id is None:
            return None
        return holder_records.holder_detail(session, holder.id)


def load_demo(desk: Desk) -> Changes:
    """The demo units, agents and holders in an empty register (the window's 载入演示登记册)."""
    fill_demo(desk)
    return Changes.everything()


def fill_demo(desk: Desk, *, holders: int = 200, seed: int = 2026) -> dict[str, int]:
    """``holders`` demo holders with their units and agents, as of the desk's today; refused on
    a register that has data (a demo never mixes with real holders). Returns the counts."""
    from ..store.demo import load_demo as load  # only ever needed once

    if not 1 <= holders <= 100_000:
        raise WrcError(f"持证人数量“{holders}”无效（应为 1 到 100000）")
    with desk._session() as session:
        if unit_records.list_units(session):
            raise WrcError(f"登记册 {desk.location} 已有数据，演示数据只能载入空登记册")
        return load(session, today=desk.today(), holders=holders, seed=seed)


def holder_choices(desk: Desk, *, also: int | None = None) -> list[tuple[int, str]]:
    """Active holders as (id, "姓名 · 单位 · 区 · …末四位") for a picker, by name.

    ``also``: a holder to offer even after leaving (a leaver's task opens the old unit's
    离职 or 注销 case for that holder), marked 已离职.
    """
    from ..rules.vocab import DISTRICTS

    with desk._session() as session:
        rows = queries.register_rows(session, include_left=also is not None)
    rows = [r for r in rows if r.status != "left" or r.holder_id == also]
    rows.sort(key=lambda r: r.name)
    return [
        (
            r.holder_id,
            f"{r.name} · {r.unit_name} · {DISTRICTS.get(r.district, '')} · …{r.id_number[-4:]}"
            + (" · 已离职" if r.status == "left" else ""),
        )
        for r in rows
    ]


def read_for_edit(desk: Desk, holder_id: int) -> tuple[holder_records.HolderDetail, HolderCopy]:
    """The holder as a dialog shows it, and the copy (versions, values) its save is checked against."""
    with desk._session() as session:
        return read_holder(session, holder_id)


def save_holder(
    desk: Desk,
    copy: HolderCopy,
    *,
    unit_id: int,
    holder: Mapping[str, Any],
    family: list[Mapping[str, Any]],
    permit: Mapping[str, Any],
    renewal: tuple[str, str] = ("", ""),
) -> tuple[int, Changes]:
    """Save an edited holder against the copy the dialog showed; a stale copy is refused, naming every change."""
    with desk._session() as session:
        holder_id = edit_holder(
            session,
            copy,
            unit_id=unit_id,
            holder=dict(holder),
            family=[dict(member) for member in family],
            permit=dict(permit),
            renewal=renewal,
        )
    return holder_id, Changes.of_holders([holder_id])


def register_deadlines(desk: Desk, id_number: str):
    """The holder with ``id_number``: their register row, their permit's deadlines as every screen
    shows them (None without a permit) and the day they are for; None when no such holder."""
    from ..store import holder_records
    from ..store.queries import register_rows

    source = desk.deadlines()
    with desk._session() as session:
        holder = holder_records.find_holder(session, id_number)
        if holder is None or holder.id is None:
            return None
        rows = register_rows(session, holder_ids=[holder.id])
    row = rows[0]
    return row, source.state(row).deadlines, source.today
