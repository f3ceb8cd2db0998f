"""The due list (待办) of the whole register: facts read from the store, warnings from the rules.

Used by the GUI's home view, the tray notification and ``wrc due --json``, so
all three always agree. Nothing here decides a date: :mod:`wrc_desktop.rules.due`
combines what the deadline, leaver and reminder rules say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from ..rules import due as rules_due
from ..rules.due import DueItem, HolderFacts
from ..rules.leavers import leaver_deadlines
from ..store import warnings_state
from ..store.models import FamilyMember
from ..store.queries import register_rows
from .rows import DeadlineSource

# Permit states that end the renewal and leaver warnings: the register already records the outcome.
SETTLED_PERMITS = ("lapsed", "cancelled", "suspended")


@dataclass
class DueList:
    today: dt.date
    shown: list[DueItem]
    hidden: list[DueItem] = field(default_factory=list)

    def groups(self) -> dict[str, list[DueItem]]:
        return rules_due.group_by_urgency(self.shown)

    def summary(self) -> rules_due.DueSummary:
        return rules_due.summarise(self.shown)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "counts": {name: len(items) for name, items in self.groups().items()},
            "items": [item.as_dict() for item in rules_due.sort_items(self.shown)],
            "hidden": len(self.hidden),
        }


def lead_times(session: Session) -> dict[str, int]:
    """The clerk's lead times (days) by kind; kinds missing here follow the district policies."""
    return warnings_state.get_lead_times(session)


def set_lead_times(session: Session, values: dict[str, int | None]) -> dict[str, int]:
    known = {kind: rules_due.KINDS[kind] for kind in rules_due.LEAD_KINDS}
    return warnings_state.set_lead_times(session, values=values, known=known)


def holder_facts(session: Session) -> list[HolderFacts]:
    """Every holder with what the warnings need (two Core queries)."""
    children: dict[int, list[tuple[str, dt.date]]] = {}
    f = FamilyMember.__table__.c
    statement = select(f.holder_id, f.name, f.birth_date).where(
        f.relation == "child", f.accompanying.is_(True), f.birth_date.is_not(None))
    for holder_id, name, birth in session.connection().execute(statement):
        children.setdefault(holder_id, []).append((name, birth))
    return [
        HolderFacts(
            holder_id=r.holder_id, name=r.name, unit_name=r.unit_name, department=r.department,
            district=r.district, status=r.status, left_on=r.left_on, birth_date=r.birth_date, gender=r.gender,
            contract_end=r.contract_end, expiry=r.expiry, first_issued=r.first_issued,
            permit_status=r.permit_status, children=tuple(children.get(r.holder_id, ())),
        )
        for r in register_rows(session)
    ]


def material_items(session: Session, today: dt.date) -> list[DueItem]:
    """Materials in open cases that expire before the planned submission (e.g. a 房屋借住声明 older than 90 days).

    Extension point: cases (办理事项) do not exist in the register yet. When
    they do, this reads each open case's checklist and returns a ``material``
    warning per item whose validity (``rules.materials``) ends before the
    planned submission date. Until then there is nothing to report.
    """
    return []


def collect_items(session: Session, today: dt.date, *, overrides: Path | None = None) -> list[DueItem]:
    """Every warning of every holder on ``today``, before the clerk's marks are applied."""
    source = DeadlineSource(overrides)
    calendar = source.calendar
    leads = lead_times(session)
    items: list[DueItem] = []
    for holder in holder_facts(session):
        policy = source.policy(holder.district)
        settled = holder.permit_status in SETTLED_PERMITS
        if holder.status == "active" and holder.expiry is not None and not settled:
            deadlines = source.renewal(holder.district, holder.expiry, holder.first_issued, holder.contract_end)
            item = rules_due.renewal_item(holder, deadlines, today, calendar, leads.get("renewal"))
            if item is not None:
                items.append(item)
        if holder.status == "left" and holder.left_on is not None and holder.expiry is not None and not settled:
            items.extend(rules_due.leaver_items(holder, leaver_deadlines(policy, holder.left_on, calendar=calendar),
                                                today, calendar))
        items.extend(rules_due.reminder_items(holder, policy, today, calendar, leads))
    items.extend(material_items(session, today))
    return items


def due_list(session: Session, today: dt.date, *, overrides: Path | None = None) -> DueList:
    """The due list as the clerk sees it: warnings minus those a mark still covers."""
    items = collect_items(session, today, overrides=overrides)
    shown, hidden = rules_due.apply_marks(items, warnings_state.latest_marks(session), today)
    return DueList(today, rules_due.sort_items(shown), hidden)


def mark(session: Session, item: DueItem, *, action: str, until: dt.date | None = None, note: str = "",
         today: dt.date | None = None) -> None:
    """Record the clerk's mark on ``item`` at its current stage (audited)."""
    warnings_state.mark_warning(session, key=item.key, holder_id=item.holder_id, kind=item.kind, stage=item.stage,
                                level=item.level, action=action, until=until, note=note, today=today)
