"""The due list (待办) of the whole register: facts read from the store, warnings from the rules.

Used by the GUI's home view, the tray notification and ``wrc due --json``, so
all three always agree. Nothing here decides a date: :mod:`wrc_desktop.rules.due`
combines what the deadline, leaver and reminder rules say, and what the case checks
say about the materials and deadlines of open cases (:mod:`.due_cases`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..collector import collector_paused
from ..rules import due as rules_due
from ..rules.counter import UnitVolumes
from ..rules.due import DueItem, HolderFacts
from ..rules.due.batch import SETTLED_PERMITS, HolderTasks
from ..rules.errors import WrcError
from ..store import tables, warnings_state
from ..store.queries import register_column_batches
from ..store.reading import each_row
from .due_cases import material_items
from .rows import DeadlineSource, open_case_refs

if TYPE_CHECKING:
    from sqlmodel import Session

    from ..store.reading import Reader


@dataclass
class DueList:
    """The due list of ``today``: ``shown`` and ``hidden`` are each in
    :func:`rules.due.sort_key` order (as :func:`due_list` and :func:`splice` make them)."""

    today: dt.date
    shown: list[DueItem]
    hidden: list[DueItem] = field(default_factory=list)

    def groups(self) -> dict[str, list[DueItem]]:
        """The shown items of each group, in order (already sorted: nothing is sorted again)."""
        groups: dict[str, list[DueItem]] = {name: [] for name in rules_due.URGENCIES}
        for item in self.shown:
            groups[item.urgency].append(item)
        return groups

    def summary(self) -> rules_due.DueSummary:
        return rules_due.summarise(self.shown)

    def as_dict(self) -> dict[str, Any]:
        head, items, tail = self.json_parts()
        return {**head, "items": list(items), **tail}

    def json_parts(self) -> tuple[dict[str, Any], Iterator[dict[str, Any]], dict[str, Any]]:
        """:meth:`as_dict` in three parts — what goes before the items, the items one at a
        time, what goes after — for a caller that writes them as they come (``wrc due --json``)."""
        counts = dict.fromkeys(rules_due.URGENCIES, 0)
        for item in self.shown:
            counts[item.urgency] += 1
        head = {"today": self.today.isoformat(), "counts": counts}
        return head, (item.as_dict() for item in self.shown), {"hidden": len(self.hidden)}


def lead_times(reader: Reader) -> dict[str, int]:
    """The clerk's lead times (days) by kind; kinds missing here follow the district policies."""
    return warnings_state.get_lead_times(reader)


def set_lead_times(session: Session, values: dict[str, int | None]) -> dict[str, int]:
    known = {kind: rules_due.KINDS[kind] for kind in rules_due.LEAD_KINDS}
    return warnings_state.set_lead_times(session, values=values, known=known)


# Beyond this many holder ids, read every row and keep the wanted ones (one SQL IN takes only so many).
_MAX_IDS = 500


def holder_facts(
    reader: Reader, holder_ids: Iterable[int] | None = None, volumes: UnitVolumes | None = None
) -> list[HolderFacts]:
    """Every holder (or just ``holder_ids``) with what the warnings need (two Core queries)."""
    return list(each_holder_facts(reader, holder_ids, volumes))


def each_holder_facts(
    reader: Reader, holder_ids: Iterable[int] | None = None, volumes: UnitVolumes | None = None
) -> Iterator[HolderFacts]:
    """:func:`holder_facts` one at a time, as the register's rows are read a batch at a time
    (iterate them while the reader is open, once)."""
    for batch in holder_fact_batches(reader, holder_ids, volumes):
        yield from batch


def holder_fact_batches(
    reader: Reader, holder_ids: Iterable[int] | None = None, volumes: UnitVolumes | None = None
) -> Iterator[list[HolderFacts]]:
    """:func:`holder_facts` a batch of the register's rows at a time, as they are read (iterate
    them while the reader is open, once): the due list keeps none of them but those of holders
    with an open case, so 200,000 holders are never all held at once."""
    wanted = None if holder_ids is None else set(holder_ids)
    children = _accompanying_children(reader, wanted)
    # One tuple per holder, straight from the query's row: the row's fields are HolderFacts'
    # first ones, in order, so no record of the register's row is made on the way.
    make = tuple.__new__
    no_children: tuple = ()
    # The retirement track and the unit are read last; the track goes after the children and
    # the unit's counter volume after it, as HolderFacts orders them.
    volumes = volumes or UnitVolumes()
    if volumes.always_unknown:  # most registers: no unit's volume is known, nothing to ask
        without_unit = (*_FACT_FIELDS, "retirement_track")
        for batch in register_column_batches(reader, without_unit, holder_ids=wanted):
            yield [
                make(HolderFacts, (*row[:-1], children.get(row[0], no_children), row[-1], None))
                for row in batch
            ]
        return
    volume = volumes.for_holder
    columns = (*_FACT_FIELDS, "retirement_track", "unit_id")
    for batch in register_column_batches(reader, columns, holder_ids=wanted):
        yield [
            make(
                HolderFacts,
                (*row[:-2], children.get(row[0], no_children), row[-2], volume(row[-1], row[0])),
            )
            for row in batch
        ]


def _accompanying_children(
    reader: Reader, wanted: set[int] | None
) -> dict[int, tuple[tuple[str, dt.date], ...]]:
    """Each holder's accompanying children with a birth date (name, birth), in the register's order."""
    found: dict[int, list[tuple[str, dt.date]]] = {}
    f = tables.family_member.c
    statement = (
        select(f.holder_id, f.name, f.birth_date)
        .where(f.relation == "child", f.accompanying.is_(True), f.birth_date.is_not(None))
        .order_by(f.id)
    )
    if wanted is not None and len(wanted) <= _MAX_IDS:
        statement = statement.where(f.holder_id.in_(sorted(wanted)))
    for holder_id, name, birth in each_row(reader, statement):
        if wanted is None or holder_id in wanted:
            found.setdefault(holder_id, []).append((name, birth))
    return {holder_id: tuple(births) for holder_id, births in found.items()}


# The register's fields in HolderFacts' order (children and the retirement track follow).
_FACT_FIELDS = (
    "holder_id",
    "name",
    "unit_name",
    "department",
    "district",
    "status",
    "left_on",
    "birth_date",
    "gender",
    "contract_end",
    "expiry",
    "first_issued",
    "permit_status",
)


def collect_items(
    reader: Reader, source: DeadlineSource, holder_ids: Iterable[int] | None = None
) -> list[DueItem]:
    """Every warning of every holder and open case on the context's day, before the clerk's marks.

    ``holder_ids``: only the warnings of these holders and of their open cases — exactly
    those items of the full list whose ``holder_id`` is one of them (a case warning is its
    holder's, and a case is linked only to its own holder's warnings).
    """
    today, leads = source.today, source.rules.leads
    wanted = None if holder_ids is None else set(holder_ids)
    cases = open_case_refs(reader, wanted)
    tasks = HolderTasks(source.policy, source.renewal, today, source.calendar, leads)
    items: list[DueItem] = []
    # Only the facts of holders with an open case are kept (their cases' materials need them).
    with_cases: dict[int, HolderFacts] = {}
    linked_cases: set[int | None] = set()  # the cases a holder's warning points at
    for holder in chain.from_iterable(holder_fact_batches(reader, wanted, source.rules.volumes)):
        own_cases = cases.get(holder.holder_id, ())
        try:
            own = tasks.items(holder)
        except WrcError as error:  # one impossible record never stops the list for the others
            own = [rules_due.record_error_item(holder, today, source.calendar, str(error))]
        if not own_cases:  # most holders: nothing to link, so no warning points at a case
            items += own
            continue
        with_cases[holder.holder_id] = holder
        linked = (rules_due.link_case(item, own_cases) for item in own)
        # A lost permit for which a new application is open is settled: the case carries on.
        kept = [i for i in linked if not (i.kind == "lapsed" and i.case_id is not None)]
        linked_cases.update(item.case_id for item in kept if item.case_id is not None)
        items += kept
    # A case whose deadline a holder warning already carries (e.g. 续签 and its 最晚提交日) is not warned twice.
    items.extend(
        item
        for item in material_items(reader, source, holders=with_cases, holder_ids=wanted)
        if not (item.kind == "case" and item.case_id in linked_cases)
    )
    return items


def due_list(
    reader: Reader, source: DeadlineSource, holder_ids: Iterable[int] | None = None
) -> DueList:
    """The due list as the clerk sees it: warnings minus those a mark still covers.

    ``holder_ids``: only the items of these holders (after a write touched them), to be
    put into the list already shown with :func:`splice`.
    """
    today = source.today
    marks = warnings_state.latest_marks(reader)
    # 50,000 holders' facts, tasks and their order, none of them cyclic: with the collector back
    # on before the sort, it would walk every object the computation made (a third of the sort).
    with collector_paused():
        items = collect_items(reader, source, holder_ids)
        shown, hidden = rules_due.apply_marks(items, marks, today)
        return DueList(today, rules_due.sort_items(shown), rules_due.sort_items(hidden))


def splice(current: DueList, fresh: DueList, holder_ids: Iterable[int]) -> DueList:
    """``current`` with the items of ``holder_ids`` replaced by ``fresh`` (their items only).

    Both lists are in :func:`rules.due.sort_key` order, which is total, so the result is in
    the very order a full recomputation gives; only the new items are placed (by bisection).
    """
    if fresh.today != current.today:
        raise ValueError("splice: the lists are of different days")
    ids = set(holder_ids)
    stray = {item.holder_id for item in (*fresh.shown, *fresh.hidden)} - ids
    if stray:
        raise ValueError(f"splice: items of holders {sorted(stray)} not being replaced")

    def merged(old: list[DueItem], new: list[DueItem]) -> list[DueItem]:
        kept = [item for item in old if item.holder_id not in ids]
        for item in new:
            bisect.insort(kept, item, key=rules_due.sort_key)
        return kept

    return DueList(
        current.today, merged(current.shown, fresh.shown), merged(current.hidden, fresh.hidden)
    )


def mark(
    session: Session,
    item: DueItem,
    *,
    action: str,
    until: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> None:
    """Record the clerk's mark on ``item`` at its current stage (audited)."""
    warnings_state.mark_warning(
        session,
        key=item.key,
        holder_id=item.holder_id,
        kind=item.kind,
        stage=item.stage,
        level=item.level,
        action=action,
        until=until,
        note=note,
        today=today,
    )


def upcoming_renewals(
    reader: Reader, source: DeadlineSource, until: dt.date, known: Iterable[int] = ()
) -> list[DueItem]:
    """The permits' tasks not yet on the due list whose date falls by ``until``, each as the
    list will first show it: :func:`.renewal_item` on the day its notice begins.

    For the calendar file, which plans the months ahead; ``known``: holders whose permit task
    the list already has. A record the rules cannot compute is left to the list, which names it.
    """
    today, lead = source.today, source.rules.leads.get("renewal")
    notice = dt.timedelta(days=lead if lead is not None else rules_due.RENEWAL_NOTICE_DAYS)
    skip = set(known)
    items: list[DueItem] = []
    for facts in each_holder_facts(reader):
        if (
            facts.holder_id in skip
            or facts.status != "active"
            or facts.expiry is None
            or facts.permit_status in SETTLED_PERMITS
        ):
            continue
        try:
            deadlines = source.renewal(
                facts.district, facts.expiry, facts.first_issued, facts.contract_end
            )
        except WrcError:
            continue
        first_day = deadlines.window_opens - notice
        if first_day <= today or deadlines.latest_submission > until:
            continue
        item = rules_due.renewal_item(
            facts, deadlines, first_day, source.calendar, lead, policy=source.policy(facts.district)
        )
        if item is not None:
            items.append(item)
    return items
