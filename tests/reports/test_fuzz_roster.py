"""Whatever a roster's cells hold, planning its import ends in rows to write or row-by-row Chinese errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from tests.helpers import unit_data
from wrc_desktop.reports.roster_columns import find_header
from wrc_desktop.reports.roster_import import Roster, plan_import
from wrc_desktop.rules.dates import check_plausible, parse_date, plausible_range
from wrc_desktop.rules.errors import FieldError, ValidationErrors, WrcError
from wrc_desktop.rules.identity import compact_id, validate_id_number
from wrc_desktop.rules.validation import clean_permit
from wrc_desktop.store import holder_records, unit_records

HEADER = ("姓名", "身份证号码", "证书编号", "有效期至", "部门", "入职日期", "合同到期", "单位")
cell = st.one_of(
    st.none(),
    st.text(max_size=24),
    st.text(alphabet="0123456789Xx-/.年月日 ", max_size=20),
    st.integers(min_value=-(10**12), max_value=10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.booleans(),
)
rows = st.lists(
    st.lists(cell, min_size=0, max_size=len(HEADER) + 2).map(tuple), min_size=1, max_size=6
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows)
def test_planning_any_cells_never_raises_anything_but_the_apps_errors(register, body):
    with register.session() as session:
        if not unit_records.list_units(session):
            unit_records.create_unit(session, data=unit_data())
    columns = find_header([HEADER])
    roster = Roster(
        Path("花名册.xlsx"), "Sheet1", columns, [(n, r) for n, r in enumerate(body, start=2)]
    )
    try:
        with register.session() as session:
            plan = plan_import(session, roster, today=TODAY)
    except WrcError as error:
        assert str(error)
        return
    planned_rows = {row.row for row in plan.rows} | set(plan.rejected_rows)
    assert planned_rows <= {n for n, _ in roster.rows}
    for error in plan.errors:
        assert error.row >= 2 and error.column and error.message


# ---------------------------------------------------------------- normalisation and plausible dates

TODAY = dt.date(2026, 11, 30)
births = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2005, 12, 31))
sequences = st.integers(min_value=0, max_value=999)


def _valid_id(birth: dt.date, sequence: int) -> str:
    body = f"110105{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def _disguise(number: str, choices: list[int]) -> str:
    """The same number as clerks type it: some characters full-width, spaces or dashes between."""
    out = []
    for ch, choice in zip(number, choices + [0] * len(number), strict=False):
        kind = choice % 5
        out.append(chr(ord(ch) + 0xFEE0) if kind == 1 else ch.lower() if kind == 2 else ch)
        if kind == 3:
            out.append(" ")
        elif kind == 4:
            out.append("－")
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(births, sequences, st.lists(st.integers(min_value=0, max_value=4), max_size=18))
def test_any_full_width_spaced_or_dashed_spelling_is_the_same_id(birth, sequence, choices):
    number = _valid_id(birth, sequence)
    spelled = _disguise(number, choices)
    assert compact_id(spelled) == number and compact_id(compact_id(spelled)) == number
    assert validate_id_number(spelled) == number


@settings(max_examples=300, deadline=None)
@given(
    births,
    sequences,
    st.integers(min_value=0, max_value=17),
    st.characters(categories=["No", "So", "Nd", "Cf", "Mn"]).filter(lambda ch: not ch.isascii()),
)
@example(dt.date(2000, 1, 1), 0, 0, "¹")  # NFKC would make it the 1 it replaces: still refused
@example(dt.date(2000, 1, 1), 0, 3, "①")
def test_an_odd_character_anywhere_in_an_id_is_a_field_error(birth, sequence, position, odd):
    number = _valid_id(birth, sequence)
    spelled = number[:position] + odd + number[position + 1 :]
    if (
        0xFF10 <= ord(odd) <= 0xFF19 and compact_id(spelled) == number
    ):  # full-width, same value: fine
        assert validate_id_number(spelled) == number
        return
    with pytest.raises(FieldError):
        validate_id_number(spelled)


anything_like_a_date = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.integers(min_value=-(10**7), max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.from_regex(r"\A\d{1,5}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\Z"),
    st.text(max_size=12),
)


@settings(max_examples=400, deadline=None)
@given(
    anything_like_a_date,
    st.sampled_from(
        ["expiry", "start", "first_issued", "birth_date", "hire_date", "contract_end", "left_on"]
    ),
)
def test_a_date_is_parsed_and_plausible_or_a_field_error(value, field):
    try:
        day = check_plausible(parse_date(value, field=field), field, TODAY)
    except FieldError as error:
        assert error.field == field and error.message
        return
    earliest, latest = plausible_range(field, TODAY)
    assert earliest <= day <= latest


@settings(max_examples=200, deadline=None)
@given(anything_like_a_date)
def test_a_stored_expiry_is_always_within_a_few_years_of_today(value):
    try:
        stored = clean_permit({"certificate_no": "京工居001", "expiry": value}, today=TODAY)
    except ValidationErrors as error:
        assert set(error.by_field()) <= {"expiry"}
        return
    assert dt.date(1999, 1, 1) <= stored["expiry"] <= dt.date(2032, 11, 30)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(min_value=0, max_value=4), min_size=18, max_size=18))
def test_a_disguised_spelling_of_a_stored_id_never_plans_a_second_person(register, choices):
    number = _valid_id(dt.date(1990, 3, 7), 123)
    with register.session() as session:
        if not unit_records.list_units(session):
            unit_records.create_unit(session, data=unit_data())
            holder_records.create_holder(
                session, unit_id=1, holder={"name": "张伟", "id_number": number}
            )
    columns = find_header([("姓名", "身份证号码")])
    roster = Roster(
        Path("花名册.xlsx"), "Sheet1", columns, [(2, ("张伟", _disguise(number, choices)))]
    )
    with register.session() as session:
        plan = plan_import(session, roster, today=TODAY)
    assert (
        plan.creates == [] and plan.errors == [] and [r.action for r in plan.rows] == ["unchanged"]
    )
