"""A case's checklist, each item's state and the case check: computed here, once, from the
case's records (:mod:`.case_records`) under the caller's rules context.

The case window, the cases page and the cover sheet put the sheet into a
:class:`.case_views.CaseView` with the table models' rows; the due list reads the same rows
through SQLAlchemy Core (:mod:`.case_core_reads`) and uses the sheet as it is. Either way
the same records give the same sheet, so the window and the due list cannot disagree about
a material's last valid day or the case's next deadline. Nothing here loads the ORM.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..rules.case_checks import CaseCheck, HolderDates, ItemState, check_case
from ..rules.checklists import CaseFacts, Checklist, ChecklistItem, Child
from ..rules.context import RulesContext
from .case_records import (
    AttachmentRecord,
    CaseRecord,
    CaseRecords,
    FamilyRecord,
    HolderRecord,
    ItemRecord,
    UnitRecord,
)
from .mismatch_notes import open_mismatches


@dataclass(frozen=True)
class SheetRow:
    """One line of a case's checklist: the item, its state and how long it stays valid."""

    number: int
    item: ChecklistItem | None  # None: an item no longer listed that still has files
    key: str
    title: str
    state: ItemState
    valid_through: dt.date | None = None


@dataclass(frozen=True)
class CaseSheet:
    checklist: Checklist
    rows: tuple[SheetRow, ...]
    check: CaseCheck


def case_facts_of(
    case: CaseRecord,
    holder: HolderRecord,
    unit: UnitRecord,
    family: Iterable[FamilyRecord],
    *,
    on: dt.date,
) -> CaseFacts:
    """What the case's checklist depends on; ``family``: the holder's, the case picks its own."""
    ids = {int(i) for i in case.family_ids.split(",") if i}
    members = [m for m in family if m.id in ids]
    flags = frozenset(
        flag
        for flag, set_ in (
            ("tech_innovation", unit.tech_innovation),
            ("tech_service", unit.tech_service),
            ("ai_key", unit.ai_key),
        )
        if set_
    )
    return CaseFacts(
        district=case.district,
        kind=case.kind,
        on=on,
        clause=case.clause,
        housing=case.housing,
        unit_kind=unit.kind,
        unit_flags=flags,
        spouse=any(m.relation == "spouse" for m in members),
        children=tuple(Child(m.name, m.birth_date) for m in members if m.relation == "child"),
        degree_date=holder.degree_date,
        degree_foreign=holder.degree_foreign,
    )


def case_sheet(case: CaseRecord, reads: CaseRecords, rules: RulesContext) -> CaseSheet:
    """The case's checklist at its planned date (today when none), each item's state and the
    checks; an item no longer listed that still has files follows the list's items."""
    holder, unit, stored, files = reads.holder, reads.unit, reads.stored, reads.files
    checklist = rules.checklist(
        case_facts_of(case, holder, unit, reads.family, on=case.submit_on or rules.today)
    )
    states = {
        key: item_state(key, stored.get(key), files.get(key, ()))
        for key in set(stored) | set(checklist.item_keys())
    }
    check = _check(case, reads, checklist, states, rules)
    rows = [
        SheetRow(n, item, item.key, item.title, states[item.key], check.valid_through.get(item.key))
        for n, item in enumerate(checklist.items, start=1)
    ]
    extra = [key for key in stored if key not in checklist.item_keys() and files.get(key)]
    rows += [
        SheetRow(len(rows) + n, None, key, f"{stored[key].title}（已不在清单中）", states[key])
        for n, key in enumerate(extra, start=1)
    ]
    return CaseSheet(checklist, tuple(rows), check)


def _check(
    case: CaseRecord,
    reads: CaseRecords,
    checklist: Checklist,
    states: dict[str, ItemState],
    rules: RulesContext,
) -> CaseCheck:
    if case.status in ("approved", "rejected"):
        # A decided case is history: its checks would run against the permit it has since changed.
        return CaseCheck(case.submit_on, (), ())
    holder, unit = reads.holder, reads.unit
    dates = HolderDates(
        hire_date=holder.hire_date,
        left_on=holder.left_on,
        contract_end=holder.contract_end,
        degree_date=holder.degree_date,
        degree_foreign=holder.degree_foreign,
        expiry=reads.period.expiry if reads.period else None,
        first_issued=reads.permit.first_issued if reads.permit else None,
        ai_key=unit.ai_key,
        birth_date=holder.birth_date,
        gender=holder.gender,
        social_insurance_start=holder.social_insurance_start,
        retirement_track=holder.retirement_track,
        # 东城's counter days: the unit's cases planned for the same week (or its setting).
        applications=rules.volumes.for_case(case.unit_id, case.submit_on),
    )
    return check_case(
        checklist,
        states,
        submit=case.submit_on,
        holder=dates,
        unit_kind=unit.kind,
        incomes=json.loads(case.incomes) if case.incomes else [],
        wages=rules.wages,
        today=rules.today,
        policy=rules.policy(case.district),
        calendar=rules.calendar,
    )


def item_state(key: str, row: ItemRecord | None, files: Sequence[AttachmentRecord]) -> ItemState:
    """An item's state from what the clerk recorded and the files attached."""
    return ItemState(
        key,
        collected=bool(row and row.collected),
        files=sum(a.kind == "file" for a in files),
        forms=sum(a.kind == "form" for a in files),
        dated=row.dated if row else None,
        valid_until=row.valid_until if row else None,
        scan_mismatches=open_mismatches(files),
    )
