"""What a case's view reads from the register besides the case: for one case or a thousand,
in the same seven queries.

The cases page lists every open case with its checks; reading the holder, unit, family,
items, files and current permit case by case made a dozen queries per case (1,000 cases:
12,000 queries). :func:`read_cases` reads them for all the cases at once;
:func:`.case_views.case_view` reads one case through it too, so both put the same records into
the same view. The due list, which only reads, reads the same rows through SQLAlchemy Core
(:mod:`.case_core_reads`, in the same order) for the same computation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from .case_core_reads import CHUNK_IDS, grouped
from .case_models import Case, CaseAttachment, CaseItem
from .models import FamilyMember, Holder, Permit, PermitPeriod, Unit, written_id

# SQLite's older builds take at most 999 parameters in one statement.
Row = TypeVar("Row")


@dataclass(frozen=True)
class CaseReads:
    """The register's records one case's view is made from, as table models (a
    :class:`.case_records.CaseRecords`)."""

    holder: Holder
    unit: Unit
    family: tuple[FamilyMember, ...]  # all the holder's family members, in the order recorded
    stored: dict[str, CaseItem]  # what the clerk recorded per checklist item, in that order
    files: dict[str, list[CaseAttachment]]  # per item, in the order attached
    permit: Permit | None  # the holder's current permit: the latest recorded
    period: PermitPeriod | None  # that permit's current period: the one with the latest expiry


def read_cases(session: Session, cases: Sequence[Case]) -> dict[int, CaseReads]:
    """Each case's records by case id (seven queries, whatever the number of cases)."""
    case_ids = [case.id for case in cases if case.id is not None]
    holder_ids = sorted({case.holder_id for case in cases})
    holders = {h.id: h for h in where_in(session, Holder, col(Holder.id), holder_ids)}
    unit_ids = sorted({case.unit_id for case in cases})
    units = {u.id: u for u in where_in(session, Unit, col(Unit.id), unit_ids)}
    family = grouped(
        where_in(session, FamilyMember, col(FamilyMember.holder_id), holder_ids, FamilyMember.id),
        lambda m: m.holder_id,
    )
    # In the order recorded, as the due list's read (.case_core_reads) has them.
    items = where_in(session, CaseItem, col(CaseItem.case_id), case_ids, CaseItem.id)
    item_keys = {item.id: item.key for item in items}
    stored = grouped(items, lambda item: item.case_id)
    attachments = grouped(
        where_in(session, CaseAttachment, col(CaseAttachment.case_id), case_ids, CaseAttachment.id),
        lambda a: a.case_id,
    )
    permits: dict[int, Permit] = {}
    for permit in where_in(session, Permit, col(Permit.holder_id), holder_ids, Permit.id):
        permits[permit.holder_id] = permit  # ordered by id: the latest stays
    periods: dict[int, PermitPeriod] = {}
    permit_ids = sorted(p.id for p in permits.values() if p.id is not None)
    order = (PermitPeriod.expiry, PermitPeriod.id)
    for period in where_in(session, PermitPeriod, col(PermitPeriod.permit_id), permit_ids, *order):
        periods[period.permit_id] = period  # ordered by expiry: the latest stays
    reads: dict[int, CaseReads] = {}
    for case in cases:
        case_id = written_id(case)
        files: dict[str, list[CaseAttachment]] = {}
        for attachment in attachments.get(case_id, ()):
            files.setdefault(item_keys[attachment.item_id], []).append(attachment)
        current = permits.get(case.holder_id)
        reads[case_id] = CaseReads(
            holder=holders[case.holder_id],
            unit=units[case.unit_id],
            family=tuple(family.get(case.holder_id, ())),
            stored={item.key: item for item in stored.get(case_id, ())},
            files=files,
            permit=current,
            period=periods.get(written_id(current)) if current is not None else None,
        )
    return reads


def where_in(
    session: Session, model: type[Row], column: Any, ids: Iterable[int], *order: Any
) -> list[Row]:
    """The rows of ``model`` whose ``column`` is one of ``ids``, a chunk of ids per query.

    Rows are in ``order`` within each id's group, which always lies within one chunk."""
    wanted = list(ids)
    found: list[Row] = []
    for start in range(0, len(wanted), CHUNK_IDS):
        statement = select(model).where(column.in_(wanted[start : start + CHUNK_IDS]))
        found += session.exec(statement.order_by(*order) if order else statement)
    return found
