"""The register's columns read straight into the due list's facts are the register's rows.

:func:`register_columns` is :func:`register_rows` without a record per row, and
:func:`holder_facts` reads through it: both must give the very holders, permits and
expiries — all of them, only the active, one unit's, a few, or more ids than one SQL IN takes.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tests.conftest import TODAY
from tests.reports.builders import add_holder, add_unit
from wrc_desktop.reports.due_list import holder_facts
from wrc_desktop.rules.due import HolderFacts
from wrc_desktop.store import holder_records, permit_records
from wrc_desktop.store.models import FamilyMember
from wrc_desktop.store.queries import RegisterRow, register_columns, register_rows

FIELDS = list(RegisterRow._fields)


@pytest.fixture
def varied_register(demo_register):
    """The demo register with a holder without a permit and a renewed permit."""
    with demo_register.session() as session:
        unit = add_unit(session, name="北京无证科技有限公司", body="91110108MA01BCDE")
        add_holder(session, unit.id, name="李无证", sequence="901")
        renewed = add_holder(
            session, unit.id, name="王续签", sequence="902", expiry=TODAY + dt.timedelta(days=20)
        )
        permit_id = holder_records.holder_detail(session, renewed.id).current_permit.permit.id
        permit_records.add_period(session, permit_id, start="2027-01-01", expiry="2029-12-31")
    return demo_register


def _projected(rows: list[RegisterRow], names: list[str]) -> list[tuple]:
    return [tuple(getattr(row, name) for name in names) for row in rows]


@pytest.mark.parametrize(
    "selection",
    [{}, {"include_left": False}, {"unit_id": 1}, {"holder_ids": [3, 1, 2, 205, 999_999]}],
)
def test_the_columns_are_the_register_rows_fields(varied_register, selection):
    names = ["expiry", "holder_id", "name", "permit_status", "first_issued", "unit_name"]
    with varied_register.session() as session:
        rows = register_rows(session, **selection)
        assert len(rows) > 0
        assert [tuple(row) for row in register_columns(session, names, **selection)] == (
            _projected(rows, names)
        )
        every = [tuple(row) for row in register_columns(session, FIELDS, **selection)]
    # certificate_no: "" in a RegisterRow, None in the columns, for a holder without a permit
    assert [RegisterRow(*row[:15], row[15] or "", *row[16:]) for row in every] == rows


def test_more_ids_than_one_sql_in_takes_are_read_whole_and_kept(varied_register):
    with varied_register.session() as session:
        ids = [row.holder_id for row in register_rows(session)][::2]
        wanted = ids + list(range(100_000, 101_000))  # more than 900: the whole register is read
        names = ["name", "expiry"]  # the holder's id is not among the fields asked for
        assert [tuple(row) for row in register_columns(session, names, holder_ids=wanted)] == (
            _projected(register_rows(session, holder_ids=ids), names)
        )


def _facts_from_register_rows(session, holder_ids=None) -> list[HolderFacts]:
    """The due list's facts as they were read before: register rows and children, field by field."""
    children: dict[int, list] = {}
    for member in session.exec(select(FamilyMember).order_by(FamilyMember.id)):
        if member.relation == "child" and member.accompanying and member.birth_date is not None:
            children.setdefault(member.holder_id, []).append((member.name, member.birth_date))
    return [
        HolderFacts(
            holder_id=r.holder_id,
            name=r.name,
            unit_name=r.unit_name,
            department=r.department,
            district=r.district,
            status=r.status,
            left_on=r.left_on,
            birth_date=r.birth_date,
            gender=r.gender,
            contract_end=r.contract_end,
            expiry=r.expiry,
            first_issued=r.first_issued,
            permit_status=r.permit_status,
            children=tuple(children.get(r.holder_id, ())),
        )
        for r in register_rows(session, holder_ids=holder_ids)
    ]


def test_holder_facts_are_the_register_rows_with_their_children(varied_register):
    with varied_register.session() as session:
        facts = holder_facts(session)
        assert facts == _facts_from_register_rows(session)
        few = [2, 7, 11, 202]
        assert holder_facts(session, few) == _facts_from_register_rows(session, few)
        many = [fact.holder_id for fact in facts] + list(range(100_000, 101_000))
        assert holder_facts(session, many) == facts
    # The comparison covers what is easy to get wrong: no permit, children, leavers.
    assert any(fact.expiry is None and fact.permit_status is None for fact in facts)
    assert any(fact.children for fact in facts)
    assert any(fact.status == "left" for fact in facts)
    assert all(type(fact) is HolderFacts for fact in facts)
