"""A case put together for the clerk: its checklist, each item's state and files, the checks.

:func:`case_view` reads one case and :func:`case_views` many (their records read together,
:mod:`.case_reads`); both make the same :class:`CaseView` under the caller's rules context.
The checklist, the states and the checks are :func:`.case_sheets.case_sheet`'s, which the due
list computes from the same rows read without the ORM: a case window, the cases page, the
due list and the cover sheet cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, select

from ..rules.case_checks import CaseCheck, ItemState
from ..rules.checklists import CaseFacts, Checklist, ChecklistItem
from ..rules.context import RulesContext
from ..rules.vocab import CASE_KINDS
from .case_models import Case, CaseAttachment, CaseItem
from .case_reads import CaseReads, read_cases
from .case_sheets import case_facts_of, case_sheet
from .case_statuses import CASE_STATUSES
from .cases import get_case
from .models import FamilyMember, Holder, Unit, written_id


def case_facts(session: Session, case: Case, *, on: dt.date) -> CaseFacts:
    holder = session.get(Holder, case.holder_id)
    unit = session.get(Unit, case.unit_id)
    family = session.exec(select(FamilyMember).where(FamilyMember.holder_id == case.holder_id))
    assert holder is not None and unit is not None
    return case_facts_of(case, holder, unit, family, on=on)


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
    """The case's sheet, each row with the records the clerk edits from it."""
    sheet = case_sheet(case, reads, rules)
    rows = [
        ItemRow(
            row.number,
            row.item,
            row.key,
            row.title,
            row.state,
            reads.stored.get(row.key),
            reads.files.get(row.key, []),
            row.valid_through,
        )
        for row in sheet.rows
    ]
    return CaseView(case, reads.holder, reads.unit, sheet.checklist, rows, sheet.check)
