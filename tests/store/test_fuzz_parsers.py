"""Whatever a clerk (or a damaged spreadsheet) types, the parsers answer with their own error or a value."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import TODAY
from wrc_desktop.rules.dates import parse_date, parse_month
from wrc_desktop.rules.errors import FieldError, ValidationErrors
from wrc_desktop.rules.identity import validate_id_number, validate_uscc
from wrc_desktop.rules.validation import clean_holder

id_like = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789Xx -", min_size=15, max_size=22),
)
date_like = st.one_of(
    st.text(max_size=20),
    st.text(alphabet="0123456789-/.年月日 ", max_size=14),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
)


@settings(max_examples=300, deadline=None)
@given(id_like, st.sampled_from(["resident", "hmt", "passport", "other"]))
def test_id_numbers(text, id_type):
    try:
        result = validate_id_number(text, id_type)
    except FieldError as error:
        assert error.message
    else:
        assert result.strip() == result and result


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=25),
        st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=18, max_size=18),
    )
)
def test_uscc(text):
    try:
        assert len(validate_uscc(text)) == 18
    except FieldError as error:
        assert error.message


@settings(max_examples=300, deadline=None)
@given(date_like)
def test_dates(value):
    try:
        assert isinstance(parse_date(value), dt.date)
    except FieldError as error:
        assert error.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_months(text):
    try:
        _, month = parse_month(text)
        assert 1 <= month <= 12
    except FieldError as error:
        assert error.message


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "id_number",
                "gender",
                "hire_date",
                "contract_start",
                "contract_end",
                "status",
                "left_on",
                "phone",
                "housing_kind",
                "degree",
                "birth_date",
            ]
        ),
        st.one_of(st.text(max_size=20), st.none(), st.integers(), st.dates()),
    )
)
def test_holder_records(raw):
    try:
        assert clean_holder(raw, today=TODAY)["name"]
    except ValidationErrors as error:
        assert error.errors and all(e.message for e in error.errors)
