"""The due list (待办) under the desk's rules context: the page, the tray and ``wrc due`` ask here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..reports import due_list as due_report
from ..reports.due_list import DueList
from ..rules.due import DueItem
from ..rules.errors import WrcError
from .changes import Changes, stored_id
from .core import Desk


def due_list(desk: Desk, today: dt.date | None = None) -> DueList:
    """The due list as the clerk sees it on ``today`` (warnings minus those a mark still covers)."""
    source = desk.deadlines(today)
    with desk._reading() as connection:
        return due_report.due_list(connection, source)


def holders_due(desk: Desk, holder_ids: Iterable[int], today: dt.date | None = None) -> DueList:
    """Only the items of ``holder_ids`` (and of their open cases), marks applied as in :func:`due_list`.

    After a write that touched only these holders, :func:`splice` puts them into the list
    already shown: the same list as a full :func:`due_list`, read from a handful of rows.
    """
    source = desk.deadlines(today)
    with desk._reading() as connection:
        return due_report.due_list(connection, source, holder_ids=holder_ids)


def splice(current: DueList, fresh: DueList, holder_ids: Iterable[int]) -> DueList:
    """``current`` with the items of ``holder_ids`` replaced by ``fresh`` (from :func:`holders_due`)."""
    return due_report.splice(current, fresh, holder_ids)


@dataclass(frozen=True)
class DueUpdate:
    """The due list after a write that touched only some holders."""

    before: DueList  # their items in the list that was shown
    after: DueList  # their items now
    due: DueList | None  # the whole list with them replaced; None on a new day (recompute it all)


def update(desk: Desk, current: DueList, holder_ids: Iterable[int]) -> DueUpdate:
    """``current`` with the items of ``holder_ids`` recomputed: a handful of rows read, not the register."""
    ids = frozenset(holder_ids)
    after = holders_due(desk, ids)
    before = DueList(
        current.today,
        [i for i in current.shown if i.holder_id in ids],
        [i for i in current.hidden if i.holder_id in ids],
    )
    if after.today != current.today:
        return DueUpdate(before, after, None)
    return DueUpdate(before, after, splice(current, after, ids))


def only_holders_changed(changes: Changes) -> bool:
    """True when ``changes`` touched some holders and nothing else the due list reads."""
    return (
        changes.holders is not None
        and bool(changes.holders)
        and changes.cases is not None
        and not changes.cases
        and not (changes.marks or changes.settings or changes.units)
    )


def all_items(desk: Desk, today: dt.date | None = None) -> list[DueItem]:
    """Every warning before the clerk's marks are applied (to find one by its key)."""
    source = desk.deadlines(today)
    with desk._reading() as connection:
        return due_report.collect_items(connection, source)


def mark(
    desk: Desk, item: DueItem, *, action: str, until: dt.date | None = None, note: str = ""
) -> Changes:
    """Record the clerk's mark (handled / snoozed / reopened) on ``item`` at its current stage."""
    with desk._session() as session:
        due_report.mark(session, item, action=action, until=until, note=note, today=desk.today())
    return Changes(marks=True)


def lead_times(desk: Desk) -> dict[str, int]:
    with desk._reading() as connection:
        return due_report.lead_times(connection)


def set_lead_times(desk: Desk, values: dict[str, int | None]) -> Changes:
    with desk._session() as session:
        due_report.set_lead_times(session, values)
    desk.rules_changed()
    return Changes(settings=True)


def record_lost(desk: Desk, item: DueItem) -> Changes:
    """Settle a lost permit's item: the register records the permit as 失效 (audited, old → new).

    The item then leaves the list: a permit the register records as lost has no renewal task.
    """
    if item.kind != "lapsed":
        raise WrcError("只有“证件已失效”的待办可以登记为失效")
    # The register's writes (and their checks) are loaded here, not for reading the list.
    from ..store import holder_records, permit_records

    with desk._session() as session:
        current = holder_records.holder_detail(session, item.holder_id).current_permit
        if current is None:
            raise WrcError(f"{item.holder_name}没有登记证件")
        permit = current.permit
        permit_records.update_permit(
            session,
            stored_id(permit),
            data={
                "certificate_no": permit.certificate_no,
                "first_issued": permit.first_issued,
                "status": "lapsed",
            },
        )
    return Changes.of_holders([item.holder_id])
