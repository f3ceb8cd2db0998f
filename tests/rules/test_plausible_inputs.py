"""Identifiers are normalised before they are checked; dates must be plausible for their field."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import holder_data, id_number, permit_data
from wrc_desktop.rules.dates import check_plausible, parse_date, plausible_range
from wrc_desktop.rules.errors import FieldError, ValidationErrors
from wrc_desktop.rules.identity import (
    compact_id,
    looks_damaged_by_excel,
    odd_characters,
    validate_id_number,
)
from wrc_desktop.rules.validation import clean_holder, clean_period, clean_permit

TODAY = dt.date(2026, 11, 30)


def test_full_width_digits_and_letters_are_normalised():
    number = id_number()
    full = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert compact_id(full) == number and validate_id_number(full) == number
    assert compact_id("e 1234－5678") == "E12345678"
    assert validate_id_number("e 1234-5678", "passport") == "E12345678"


@pytest.mark.parametrize("odd", ["¹", "①", "٣", "\u200b"])
def test_characters_that_change_meaning_are_refused_with_a_field_error(odd):
    number = id_number()
    assert odd_characters(number[:5] + odd + number[6:]) == odd
    with pytest.raises(FieldError, match="特殊字符|无效字符|应为 18 位"):
        validate_id_number(number[:5] + odd + number[6:])


def test_a_wrong_check_digit_on_an_id_ending_in_000_explains_excel():
    number = "110105198501020000"
    assert looks_damaged_by_excel(number)
    with pytest.raises(FieldError, match="Excel.*15 位有效数字.*文本"):
        validate_id_number(number)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (2027.3, "带小数"),
        (3, "是数字，不是日期"),
        (2027, "是数字，不是日期"),
        ("0000-01-01", "年份 0 不合理"),
        (float("nan"), "不是日期"),
    ],
)
def test_numbers_and_year_zero_are_not_dates(value, words):
    with pytest.raises(FieldError, match=words):
        parse_date(value)


def test_a_serial_date_in_range_is_still_read():
    assert parse_date(46392) == dt.date(2027, 1, 5)


def test_plausible_ranges_per_field():
    assert plausible_range("expiry", TODAY) == (dt.date(1999, 1, 1), dt.date(2032, 11, 30))
    assert plausible_range("birth_date", TODAY) == (dt.date(1926, 11, 30), TODAY)
    assert plausible_range("notes", TODAY) is None
    assert check_plausible(dt.date(2032, 11, 30), "expiry", TODAY) == dt.date(2032, 11, 30)
    with pytest.raises(FieldError, match="2032-12-01 不在合理范围内"):
        check_plausible(dt.date(2032, 12, 1), "expiry", TODAY)


def test_dialog_validation_refuses_implausible_dates_naming_the_field():
    with pytest.raises(ValidationErrors) as refused:
        clean_permit(permit_data(expiry="2207-03-01"), today=TODAY)
    assert refused.value.by_field().keys() == {"expiry"}
    assert "有效期至" in str(refused.value)
    with pytest.raises(ValidationErrors) as refused:
        clean_holder(holder_data(hire_date="1905-07-19", contract_end="2199-01-01"), today=TODAY)
    assert refused.value.by_field().keys() == {"hire_date", "contract_end"}
    with pytest.raises(ValidationErrors, match="有效期至"):
        clean_period(None, "2207-03-01", today=TODAY)
    assert clean_permit(permit_data(), today=TODAY)["expiry"] == dt.date(2027, 5, 31)


def test_compact_id_takes_out_only_spaces_and_dashes_whatever_the_characters():
    """Its shortcut for a number that is letters and digits only gives what the long way gives."""
    import random
    import unicodedata

    from wrc_desktop.rules.identity import _DASHES, compact_id

    def the_long_way(number: str) -> str:
        text = unicodedata.normalize("NFKC", number)
        return "".join(ch for ch in text if not ch.isspace() and ch not in _DASHES).upper()

    rng = random.Random(7)
    alphabet = "0123456789Xx -‐—－ＡＢ１ßǆİ١٢\u00a0\u3000_."
    numbers = ["11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ", "E 1234-5678", ""]
    numbers += [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(12))) for _ in range(3000)
    ]
    for number in numbers:
        assert compact_id(number) == the_long_way(number), repr(number)
    assert compact_id("110105 1949-1231 002x") == "11010519491231002X"


def test_the_plausible_range_moves_with_the_day_given_not_the_machines_clock():
    """An expiry at most 6 years ahead: 2031-06-01 is refused on 2024-06-01, accepted on
    2026-06-01 — whatever day the machine running the test thinks it is."""
    permit = permit_data(start="2026-06-01", expiry="2031-06-01")
    with pytest.raises(ValidationErrors, match="不在合理范围内"):
        clean_permit(permit, today=dt.date(2024, 6, 1))
    assert clean_permit(permit, today=dt.date(2026, 6, 1))["expiry"] == dt.date(2031, 6, 1)
    assert clean_period("2026-06-01", "2031-06-01", today=dt.date(2026, 6, 1))[1] == dt.date(
        2031, 6, 1
    )
    with pytest.raises(ValidationErrors):
        clean_period("2026-06-01", "2031-06-01", today=dt.date(2024, 6, 1))
