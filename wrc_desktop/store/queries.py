"""Read-only views over the whole register, fetched with SQLAlchemy Core for speed.

The register table, the reports and the warnings all start from
:func:`register_rows`: one row per holder with their unit and current permit. They read
the light tables of :mod:`.tables` through a reader (:mod:`.reading`), so the due list
and ``wrc due`` load nothing of the ORM.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import ColumnElement, FromClause, Row, func, select

from . import tables
from .reading import batches

if TYPE_CHECKING:
    from sqlmodel import Session

    from .reading import Reader

_MAX_IDS = 900  # SQLite's older builds allow 999 parameters in one statement


class RegisterRow(NamedTuple):
    """One holder with their unit and current permit.

    A named tuple: the register is read 50,000 rows at a time, and a frozen dataclass sets
    each of its 19 fields through ``object.__setattr__`` (reading 50,000 rows: 0.78–0.89 s →
    0.60–0.64 s)."""

    holder_id: int
    unit_id: int
    unit_name: str
    district: str
    name: str
    id_type: str
    id_number: str
    gender: str | None
    birth_date: dt.date | None
    department: str
    status: str  # holder: active / left
    left_on: dt.date | None
    hire_date: dt.date | None
    contract_end: dt.date | None
    permit_id: int | None
    certificate_no: str
    first_issued: dt.date | None
    permit_status: str | None
    expiry: dt.date | None


def register_rows(
    reader: Reader,
    *,
    include_left: bool = True,
    unit_id: int | None = None,
    holder_ids: Iterable[int] | None = None,
) -> list[RegisterRow]:
    """Every holder (or those of ``holder_ids``) with their latest permit and that permit's latest expiry."""
    wanted = None if holder_ids is None else sorted(set(holder_ids))
    if (
        wanted is not None and len(wanted) > _MAX_IDS
    ):  # beyond one SQL IN: read all, keep the wanted
        keep = set(wanted)
        return [
            row
            for row in register_rows(reader, include_left=include_left, unit_id=unit_id)
            if row.holder_id in keep
        ]
    make = RegisterRow._make
    found: list[RegisterRow] = []
    for batch in _register_batches(reader, _REGISTER_FIELDS, include_left, unit_id, wanted):
        found += [make((*row[:15], row[15] or "", *row[16:])) for row in batch]
    return found


def register_columns(
    reader: Reader,
    names: Sequence[str],
    *,
    include_left: bool = True,
    unit_id: int | None = None,
    holder_ids: Iterable[int] | None = None,
) -> Iterable[Sequence[Any]]:
    """The rows of :func:`register_rows` as tuples of only the fields ``names``, in that order:
    the same holders, permits and expiries, for a caller that makes its own record of each row
    (one object per holder instead of two). A holder without a permit has None for every permit
    field, ``certificate_no`` included.

    The rows come as they are read: iterate them while the reader is open, once."""
    found = register_column_batches(
        reader, names, include_left=include_left, unit_id=unit_id, holder_ids=holder_ids
    )
    return (row for batch in found for row in batch)


def register_column_batches(
    reader: Reader,
    names: Sequence[str],
    *,
    include_left: bool = True,
    unit_id: int | None = None,
    holder_ids: Iterable[int] | None = None,
) -> Iterable[Sequence[Sequence[Any]]]:
    """:func:`register_columns`' rows a batch at a time, as they are fetched: for a caller that
    makes a record of every row (a loop over each batch costs less than a step of a generator
    per row, 50,000 times)."""
    wanted = None if holder_ids is None else sorted(set(holder_ids))
    if wanted is not None and len(wanted) > _MAX_IDS:
        # Beyond one SQL IN: read every row, with the holder's id last, and keep the wanted.
        keep = set(wanted)
        rows = register_columns(
            reader, [*names, "holder_id"], include_left=include_left, unit_id=unit_id
        )
        return [[row[:-1] for row in rows if row[-1] in keep]]
    return _register_batches(reader, names, include_left, unit_id, wanted)


def _register_batches(
    reader: Reader,
    names: Sequence[str],
    include_left: bool,
    unit_id: int | None,
    wanted: list[int] | None,
) -> Iterator[Sequence[Row]]:
    """The register's rows of the fields ``names`` in batches (``wanted``: at most one SQL IN
    of ids)."""
    joined, columns = _register_join()
    h = tables.holder.c
    statement = select(*(columns[name] for name in names)).select_from(joined).order_by(h.id)
    if not include_left:
        statement = statement.where(h.status == "active")
    if unit_id is not None:
        statement = statement.where(h.unit_id == unit_id)
    if wanted is not None:
        statement = statement.where(h.id.in_(wanted))
    return batches(reader, statement)


def _register_join() -> tuple[FromClause, dict[str, ColumnElement]]:
    """Holder ⋈ unit ⟕ the holder's latest permit ⟕ that permit's latest period, and the column
    of each :class:`RegisterRow` field in it.

    Both "latest" are correlated subqueries each answered from an index (``ix_permit_holder_id``,
    ``ix_permitperiod_permit_expiry``): grouping every permit and period first, then joining
    the groups, made SQLite materialise both and index them again on every read (50,000
    holders: 0.51–0.81 s → 0.42–0.50 s for the bare query), and a read of a few holders needs
    no filter of its own inside them. The latest period is joined, not asked for its expiry
    in the columns: a condition on the expiry (:mod:`.due_screen`) then reads the joined row
    instead of asking the subquery a second time."""
    holders, units, permits = tables.holder, tables.unit, tables.permit
    h, u, p = holders.c, units.c, permits.c
    other_permit = permits.alias("latest_permit")
    latest_permit_id = (
        select(func.max(other_permit.c.id))
        .where(other_permit.c.holder_id == h.id)
        .scalar_subquery()
    )
    periods = tables.permit_period
    period, other = periods.alias("latest_period"), periods.alias("other_period").c
    # The period with the latest expiry (of two alike, the later recorded): max(expiry).
    latest_period_id = (
        select(other.id)
        .where(other.permit_id == p.id)
        .order_by(other.expiry.desc(), other.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    joined = (
        holders.join(units, u.id == h.unit_id)
        .outerjoin(permits, p.id == latest_permit_id)
        .outerjoin(period, period.c.id == latest_period_id)
    )
    columns: dict[str, ColumnElement] = {
        "holder_id": h.id,
        "unit_id": h.unit_id,
        "unit_name": u.name,
        "district": u.district,
        "name": h.name,
        "id_type": h.id_type,
        "id_number": h.id_number,
        "gender": h.gender,
        "birth_date": h.birth_date,
        "department": h.department,
        "status": h.status,
        "left_on": h.left_on,
        "hire_date": h.hire_date,
        "contract_end": h.contract_end,
        "retirement_track": h.retirement_track,
        "permit_id": p.id,
        "certificate_no": p.certificate_no,
        "first_issued": p.first_issued,
        "permit_status": p.status,
        "expiry": period.c.expiry,
    }
    return joined, columns


_REGISTER_FIELDS = RegisterRow._fields


def holders_document(session: Session) -> list[dict]:
    """Every holder with unit, permits (with their periods) and family, as plain JSON-ready data.

    ID numbers are in full: this is for the clerk's own scripts (``wrc holders --json``).
    """
    import sqlmodel  # the whole records, as the table models dump them: loaded here only
    from sqlmodel import col

    from .models import FamilyMember, Holder, Permit, PermitPeriod, Unit

    units = {u.id: u for u in session.exec(sqlmodel.select(Unit))}
    # Keyed as the models declare their ids (``int | None`` until written; these were read).
    periods: dict[int | None, list[PermitPeriod]] = {}
    for period in session.exec(
        sqlmodel.select(PermitPeriod).order_by(col(PermitPeriod.expiry), col(PermitPeriod.id))
    ):
        periods.setdefault(period.permit_id, []).append(period)
    permits: dict[int | None, list[Permit]] = {}
    for permit in session.exec(sqlmodel.select(Permit).order_by(col(Permit.id))):
        permits.setdefault(permit.holder_id, []).append(permit)
    family: dict[int | None, list[FamilyMember]] = {}
    for member in session.exec(sqlmodel.select(FamilyMember).order_by(col(FamilyMember.id))):
        family.setdefault(member.holder_id, []).append(member)
    document = []
    holder_fields = [
        name for name in Holder.model_fields if name not in ("created_at", "updated_at")
    ]
    for holder in session.exec(sqlmodel.select(Holder).order_by(col(Holder.id))):
        unit = units[holder.unit_id]
        item = _plain({name: getattr(holder, name) for name in holder_fields})
        item["unit"] = {
            "id": unit.id,
            "name": unit.name,
            "district": unit.district,
            "uscc": unit.uscc,
        }
        item["permits"] = [
            {
                **_plain(permit.model_dump(exclude={"created_at", "holder_id"})),
                "periods": [
                    _plain(p.model_dump(include={"start", "expiry", "source"}))
                    for p in periods.get(permit.id, [])
                ],
            }
            for permit in permits.get(holder.id, [])
        ]
        item["family"] = [
            _plain(m.model_dump(exclude={"holder_id"})) for m in family.get(holder.id, [])
        ]
        document.append(item)
    return document


def _plain(values: dict) -> dict:
    return {
        k: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for k, v in values.items()
    }
