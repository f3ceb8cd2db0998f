"""Identity documents as they are: old 15-digit resident IDs, the 2023 foreigners' permanent
residence card, 港澳台居民居住证 by their area codes, and a resident ID typed as another type."""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.iso7064 import mod_11_2

from tests.helpers import id_number, with_wrong_check_digit
from wrc_desktop.rules.errors import FieldError, ValidationErrors
from wrc_desktop.rules.identity import (
    guess_id_type,
    lookup_forms,
    upgrade_15,
    validate_id_number,
)
from wrc_desktop.rules.validation import clean_holder


def _pr_card(body: str = "91560019900101001") -> str:
    """A 2023 外国人永久居留身份证 number: 9, province 15, country 600, born 1990-01-01."""
    return body + mod_11_2.calc_check_digit(body)


def test_the_old_15_digit_id_converts_by_the_standard_rule():
    # "19" after the 6-digit area code, then the GB 11643 check digit
    assert upgrade_15("110105940315009") == "110105199403150091"
    assert lookup_forms("110105940315009") == ("110105940315009", "110105199403150091")
    assert lookup_forms("110105199403150091") == ("110105199403150091", "110105940315009")
    assert upgrade_15("110105941315009") is None  # month 13
    assert upgrade_15("11010594031500X") is None


def test_a_15_digit_resident_id_is_stored_in_its_18_digit_form():
    assert validate_id_number("110105940315009", "resident") == "110105199403150091"
    assert guess_id_type("110105940315009") == "resident"
    with pytest.raises(FieldError, match="出生日期 19941315 不存在"):
        validate_id_number("110105941315009", "resident")
    holder = clean_holder(
        {"name": "王五", "id_number": "110105940315009"}, today=dt.date(2026, 12, 6)
    )
    assert holder["id_number"] == "110105199403150091"
    assert holder["birth_date"] == dt.date(1994, 3, 15) and holder["gender"] == "M"


@pytest.mark.parametrize("id_type", ["passport", "other"])
def test_a_resident_id_typed_as_another_document_is_flagged(id_type):
    for number in (id_number(), with_wrong_check_digit(id_number()), "110105940315009"):
        with pytest.raises(FieldError) as caught:
            validate_id_number(number, id_type)
        assert "是居民身份证号码的格式" in caught.value.message
        assert number not in caught.value.message  # masked: 110105********…
    assert validate_id_number("E12345678", "passport") == "E12345678"
    assert validate_id_number("g 1234 5678", "passport") == "G12345678"


def test_the_2023_permanent_residence_card_is_accepted_and_checked():
    number = _pr_card()
    assert guess_id_type(number) == "foreign_pr"
    assert validate_id_number(number, "foreign_pr") == number
    holder = clean_holder({"name": "John Smith", "id_number": number}, today=dt.date(2026, 12, 6))
    assert holder["id_type"] == "foreign_pr" and holder["birth_date"] == dt.date(1990, 1, 1)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(FieldError, match=f"校验位错误（末位应为 {number[17]}）"):
        validate_id_number(wrong, "foreign_pr")
    with pytest.raises(FieldError, match="出生日期 19900230 不存在"):
        validate_id_number(_pr_card("91560019900230001"), "foreign_pr")
    with pytest.raises(FieldError, match="2023 年版为 18 位，以 9 开头"):
        validate_id_number(id_number(), "foreign_pr")


def test_a_permanent_residence_card_typed_as_a_resident_id_says_which_type_it_is():
    with pytest.raises(FieldError, match="以 9 开头的 18 位号码是外国人永久居留身份证"):
        validate_id_number(_pr_card(), "resident")


def test_hmt_residence_permits_must_carry_their_area_code():
    hk = id_number(region="810000")
    assert validate_id_number(hk, "hmt") == hk
    assert validate_id_number(id_number(region="830000"), "hmt")
    with pytest.raises(
        FieldError, match="前 6 位应为 810000（香港）、820000（澳门）或 830000（台湾）"
    ):
        validate_id_number(id_number(region="810105"), "hmt")


def test_a_wrong_check_digit_typed_as_passport_is_refused_by_the_holder_check():
    with pytest.raises(ValidationErrors) as caught:
        clean_holder(
            {"name": "张三", "id_type": "护照", "id_number": with_wrong_check_digit(id_number())},
            today=dt.date(2026, 12, 6),
        )
    assert [e.field for e in caught.value.errors] == ["id_number"]
