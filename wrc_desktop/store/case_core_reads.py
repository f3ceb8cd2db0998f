"""A case's records read through SQLAlchemy Core, for a reader that only reads: the due list.

The same rows as :func:`.case_reads.read_cases` reads through the table models, in the same
order and the same number of queries, each as a small frozen record with exactly the
attributes :func:`.case_sheets.case_sheet` reads (:mod:`.case_records`). With a case being
prepared — a clerk nearly always has one — ``wrc due`` would otherwise load SQLModel,
pydantic and the ORM to read a handful of rows (a third of the command's time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import select
from sqlalchemy.sql import TableClause

from . import tables
from .reading import each_row

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from .reading import Reader

# SQLite's older builds take at most 999 parameters in one statement.
CHUNK_IDS = 900  # ids in one SQL IN (the read of the same rows through the models shares it)
Record = TypeVar("Record", bound="DataclassInstance")
Grouped = TypeVar("Grouped")


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    holder_id: int
    unit_id: int
    district: str
    kind: str
    status: str
    clause: int | None
    housing: str | None
    family_ids: str
    submit_on: dt.date | None
    incomes: str


@dataclass(frozen=True, slots=True)
class HolderRow:
    id: int
    gender: str | None
    birth_date: dt.date | None
    hire_date: dt.date | None
    left_on: dt.date | None
    contract_end: dt.date | None
    social_insurance_start: dt.date | None
    degree_date: dt.date | None
    degree_foreign: bool
    retirement_track: str | None


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    kind: str
    tech_innovation: bool
    tech_service: bool
    ai_key: bool


@dataclass(frozen=True, slots=True)
class FamilyRow:
    id: int
    holder_id: int
    relation: str
    name: str
    birth_date: dt.date | None


@dataclass(frozen=True, slots=True)
class StoredItemRow:
    id: int
    case_id: int
    key: str
    title: str
    collected: bool
    dated: dt.date | None
    valid_until: dt.date | None


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    id: int
    case_id: int
    item_id: int
    kind: str
    path: str
    original_name: str
    read_mismatches: str
    mismatches_dismissed: bool


@dataclass(frozen=True, slots=True)
class PermitRow:
    id: int
    holder_id: int
    first_issued: dt.date | None


@dataclass(frozen=True, slots=True)
class PeriodRow:
    id: int
    permit_id: int
    expiry: dt.date


@dataclass(frozen=True)
class CaseRows:
    """One case's records (a :class:`.case_records.CaseRecords`), as :class:`.case_reads.CaseReads`."""

    holder: HolderRow
    unit: UnitRow
    family: tuple[FamilyRow, ...]
    stored: Mapping[str, StoredItemRow]
    files: Mapping[str, Sequence[AttachmentRow]]
    permit: PermitRow | None
    period: PeriodRow | None


def read_case_rows(reader: Reader, case_ids: Iterable[int]) -> dict[int, tuple[CaseRow, CaseRows]]:
    """Each existing case of ``case_ids`` with its records, by case id (eight queries, whatever
    the number of cases)."""
    cases = _where_in(reader, CaseRow, tables.case, "id", sorted(set(case_ids)))
    holder_ids = sorted({case.holder_id for case in cases})
    holders = {h.id: h for h in _where_in(reader, HolderRow, tables.holder, "id", holder_ids)}
    unit_ids = sorted({case.unit_id for case in cases})
    units = {u.id: u for u in _where_in(reader, UnitRow, tables.unit, "id", unit_ids)}
    family = grouped(
        _where_in(reader, FamilyRow, tables.family_member, "holder_id", holder_ids, "id"),
        lambda m: m.holder_id,
    )
    read_ids = [case.id for case in cases]
    items = _where_in(reader, StoredItemRow, tables.case_item, "case_id", read_ids, "id")
    item_keys = {item.id: item.key for item in items}
    stored = grouped(items, lambda item: item.case_id)
    attachments = grouped(
        _where_in(reader, AttachmentRow, tables.case_attachment, "case_id", read_ids, "id"),
        lambda a: a.case_id,
    )
    permits: dict[int, PermitRow] = {}
    for permit in _where_in(reader, PermitRow, tables.permit, "holder_id", holder_ids, "id"):
        permits[permit.holder_id] = permit  # ordered by id: the latest stays
    periods: dict[int, PeriodRow] = {}
    permit_ids = sorted(p.id for p in permits.values())
    order = ("expiry", "id")
    for period in _where_in(
        reader, PeriodRow, tables.permit_period, "permit_id", permit_ids, *order
    ):
        periods[period.permit_id] = period  # ordered by expiry: the latest stays
    found: dict[int, tuple[CaseRow, CaseRows]] = {}
    for case in cases:
        files: dict[str, list[AttachmentRow]] = {}
        for attachment in attachments.get(case.id, ()):
            files.setdefault(item_keys[attachment.item_id], []).append(attachment)
        current = permits.get(case.holder_id)
        found[case.id] = (
            case,
            CaseRows(
                holder=holders[case.holder_id],
                unit=units[case.unit_id],
                family=tuple(family.get(case.holder_id, ())),
                stored={item.key: item for item in stored.get(case.id, ())},
                files=files,
                permit=current,
                period=periods.get(current.id) if current is not None else None,
            ),
        )
    return found


def _where_in(
    reader: Reader,
    record: type[Record],
    table: TableClause,
    column: str,
    ids: Sequence[int],
    *order: str,
) -> list[Record]:
    """The rows of ``table`` whose ``column`` is one of ``ids``, as ``record``s (a dataclass
    whose fields are columns of the table, in the order the query reads them).

    Rows are in ``order`` within each id's group, which always lies within one chunk."""
    columns = [table.c[f.name] for f in fields(record)]
    key = table.c[column]
    found: list[Record] = []
    for start in range(0, len(ids), CHUNK_IDS):
        statement = select(*columns).where(key.in_(ids[start : start + CHUNK_IDS]))
        if order:
            statement = statement.order_by(*(table.c[name] for name in order))
        found += (record(*row) for row in each_row(reader, statement))
    return found


def grouped(rows: Iterable[Grouped], key: Callable[[Grouped], int]) -> dict[int, list[Grouped]]:
    """``rows`` by ``key``, each group in the rows' order (also for the models' read)."""
    groups: dict[int, list[Grouped]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups
