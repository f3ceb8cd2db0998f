"""A case put together for the clerk: its checklist, each item's state and files, the checks.

:func:`case_view` reads one case and :func:`case_views` many (their records read together,
:mod:`.case_reads`); both make the same :class:`CaseView` under the caller's rules context,
so a case window, the cases page, the due list and the cover sheet cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, select

from ..rules.case_checks import CaseCheck, HolderDates, ItemState, check_case
from ..rules.checklists import CaseFacts, Checklist, ChecklistItem, Child
from ..rules.context import RulesContext
from ..rules.vocab import CASE_KINDS
from .case_models import Case, CaseAttachment, CaseItem
from .case_reads import CaseReads, read_cases
from .case_statuses import CASE_STATUSES
from .cases import get_case
from .models import FamilyMember, Holder, Unit, written_id
from .scan_readings import open_mismatches


def case_facts(session: Session, case: Case, *, on: dt.date) -> CaseFacts:
    holder = session.get(Holder, case.holder_id)
    unit = session.get(Unit, case.unit_id)
    family = session.exec(select(FamilyMember).where(FamilyMember.holder_id == case.holder_id))
    assert holder is not None and unit is not None
    return _facts(case, holder, unit, family, on=on)


def _facts(
    case: Case, holder: Holder, unit: Unit, family: Iterable[FamilyMember], *, on: dt.date
) -> CaseFacts:
    """What the case's checklist depends on; ``family``: the holder's, the case picks its own."""
    ids = {int(i) for i in case.family_ids.split(",") if i}
    members = [m for m in family if m.id in ids]
    flags = frozenset(
        flag for flag in ("tech_innovation", "tech_service", "ai_key") if getattr(unit, flag)
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


def case_checklist(session: Session, case: Case, *, rules: RulesContext) -> Checklist:
    return rules.checklist(case_facts(session, case, on=case.submit_on or rules.today))


@dataclass
class ItemRow:
    """One line of a case's checklist as the clerk sees it."""

    number: int
    item: ChecklistItem | None  # None: an item no longer listed that still has files
    key: str
    title: str
    state: ItemState
    row: CaseItem | None
    attachments: list[CaseAttachment] = field(default_factory=list)
    valid_through: dt.date | None = None

    @property
    def version(self) -> int:
        """What :func:`update_item` takes as ``expected_version`` for an edit made from this row."""
        return self.row.version if self.row is not None else 0


@dataclass
class CaseView:
    case: Case
    holder: Holder
    unit: Unit
    checklist: Checklist
    rows: list[ItemRow]
    check: CaseCheck

    @property
    def kind_label(self) -> str:
        return CASE_KINDS[self.case.kind]

    @property
    def status_label(self) -> str:
        return CASE_STATUSES[self.case.status]


def case_view(session: Session, case_id: int, *, rules: RulesContext) -> CaseView:
    """A case with its checklist, each item's state and files, and the checks at the planned date."""
    case = get_case(session, case_id)
    return _view(case, read_cases(session, [case])[case_id], rules)


def case_views(session: Session, cases: Sequence[Case], *, rules: RulesContext) -> list[CaseView]:
    """:func:`case_view` of each case, their records read together (a few queries in all)."""
    reads = read_cases(session, cases)
    return [_view(case, reads[written_id(case)], rules) for case in cases]


def _view(case: Case, reads: CaseReads, rules: RulesContext) -> CaseView:
    today = rules.today
    holder, unit, stored, files = reads.holder, reads.unit, reads.stored, reads.files
    checklist = rules.checklist(
        _facts(case, holder, unit, reads.family, on=case.submit_on or today)
    )
    states = {
        key: _state(key, stored.get(key), files.get(key, []))
        for key in set(stored) | set(checklist.item_keys())
    }
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
    incomes = json.loads(case.incomes) if case.incomes else []
    if case.status in ("approved", "rejected"):
        # A decided case is history: its checks would run against the permit it has since changed.
        check = CaseCheck(case.submit_on, (), ())
    else:
        check = check_case(
            checklist,
            states,
            submit=case.submit_on,
            holder=dates,
            unit_kind=unit.kind,
            incomes=incomes,
            wages=rules.wages,
            today=today,
            policy=rules.policy(case.district),
            calendar=rules.calendar,
        )
    rows = [
        ItemRow(
            n,
            item,
            item.key,
            item.title,
            states[item.key],
            stored.get(item.key),
            files.get(item.key, []),
            check.valid_through.get(item.key),
        )
        for n, item in enumerate(checklist.items, start=1)
    ]
    extra = [key for key in stored if key not in checklist.item_keys() and files.get(key)]
    rows += [
        ItemRow(
            len(rows) + n,
            None,
            key,
            f"{stored[key].title}（已不在清单中）",
            states[key],
            stored[key],
            files[key],
        )
        for n, key in enumerate(extra, start=1)
    ]
    return CaseView(case, holder, unit, checklist, rows, check)


def _state(key: str, row: CaseItem | None, files: list[CaseAttachment]) -> ItemState:
    return ItemState(
        key,
        collected=bool(row and row.collected),
        files=sum(a.kind == "file" for a in files),
        forms=sum(a.kind == "form" for a in files),
        dated=row.dated if row else None,
        valid_until=row.valid_until if row else None,
        scan_mismatches=open_mismatches(files),
    )
