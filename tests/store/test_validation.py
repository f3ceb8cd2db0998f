"""Every validation rule the register applies, with good and bad values."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import TODAY
from tests.helpers import (
    holder_data,
    id_number,
    permit_data,
    unit_data,
    uscc_code,
    with_wrong_check_digit,
)
from wrc_desktop.rules.dates import parse_date
from wrc_desktop.rules.errors import FieldError, ValidationErrors
from wrc_desktop.rules.identity import gender_of, mask_id, validate_id_number, validate_uscc
from wrc_desktop.rules.validation import clean_family_member, clean_holder, clean_permit, clean_unit


class TestResidentId:
    def test_valid_number_is_returned_compact(self):
        number = id_number()
        assert validate_id_number(f" {number[:6]} {number[6:14]} {number[14:]} ") == number

    def test_lowercase_x_is_accepted_and_stored_upper_case(self):
        number = "11010519491231002X"
        assert validate_id_number(number.lower()) == number

    def test_wrong_check_digit_names_the_expected_digit(self):
        good = id_number()
        with pytest.raises(FieldError) as error:
            validate_id_number(with_wrong_check_digit(good))
        assert "校验位错误" in str(error.value)
        assert f"末位应为 {good[-1]}" in str(error.value)
        assert error.value.field == "id_number"

    @pytest.mark.parametrize(
        "number,expected",
        [
            ("1101051990030712", "实际 16 位"),
            ("11010519900307123A", "无效字符"),
            ("", "不能为空"),
        ],
    )
    def test_malformed_numbers(self, number, expected):
        with pytest.raises(FieldError, match=expected):
            validate_id_number(number)

    def test_impossible_birth_date_with_a_correct_check_digit(self):
        number = id_number(birth="19900230")
        with pytest.raises(FieldError, match="出生日期 19900230 不存在"):
            validate_id_number(number)

    def test_unknown_province(self):
        with pytest.raises(FieldError, match="省级行政区"):
            validate_id_number(id_number(region="990101"))

    def test_gender_from_the_17th_digit(self):
        assert gender_of(id_number(sequence="123")) == "M"
        assert gender_of(id_number(sequence="124")) == "F"

    def test_mask(self):
        assert mask_id("11010519491231002X") == "110105********002X"


class TestHongKongMacaoTaiwanPermit:
    @pytest.mark.parametrize("prefix", ["81", "82", "83"])
    def test_residence_permit_numbers(self, prefix):
        number = id_number(region=prefix + "0000")
        assert validate_id_number(number, "hmt") == number

    def test_hmt_number_needs_the_hmt_type(self):
        with pytest.raises(FieldError, match="港澳台居民居住证"):
            validate_id_number(id_number(region="810000"), "resident")

    def test_mainland_number_is_not_an_hmt_permit(self):
        with pytest.raises(FieldError, match="81、82 或 83"):
            validate_id_number(id_number(), "hmt")

    def test_hmt_check_digit(self):
        with pytest.raises(FieldError, match="校验位错误"):
            validate_id_number(with_wrong_check_digit(id_number(region="820000")), "hmt")


class TestUscc:
    def test_valid(self):
        assert validate_uscc("91110000600037341L") == "91110000600037341L"

    def test_wrong_check_character(self):
        with pytest.raises(FieldError, match="末位应为 L"):
            validate_uscc("91110000600037341X")

    def test_wrong_length_and_letters(self):
        with pytest.raises(FieldError, match="实际 16 位"):
            validate_uscc("9111000060003734")
        with pytest.raises(FieldError, match="格式无效"):
            validate_uscc("91110000600037341I")


class TestDates:
    @pytest.mark.parametrize(
        "text", ["2026-01-05", "2026/1/5", "2026.1.5", "2026年1月5日", "20260105", 46027]
    )
    def test_formats_clerks_write(self, text):
        assert parse_date(text) == dt.date(2026, 1, 5)

    def test_impossible_date(self):
        with pytest.raises(FieldError, match="2026 年 2 月只有 28 天"):
            parse_date("2026-02-30")

    def test_month_13(self):
        with pytest.raises(FieldError, match="月份 13 不存在"):
            parse_date("2026-13-01")

    def test_garbage(self):
        with pytest.raises(FieldError, match="无法识别为日期"):
            parse_date("下周一")


class TestHolder:
    def test_clean_holder_derives_gender_and_birth(self):
        values = clean_holder(holder_data(id_number="11010519491231002x"), today=TODAY)
        assert values["id_number"] == "11010519491231002X"
        assert values["gender"] == "F"
        assert values["birth_date"] == dt.date(1949, 12, 31)
        assert values["hire_date"] == dt.date(2021, 3, 1)

    def test_every_bad_field_is_reported_at_once(self):
        with pytest.raises(ValidationErrors) as error:
            clean_holder(
                holder_data(
                    name=" ",
                    contract_end="2023-01-01",
                    phone="abc",
                    gender="男",
                    id_number="11010519491231002X",
                ),
                today=TODAY,
            )
        fields = error.value.by_field()
        assert fields["name"] == "不能为空"
        assert "应晚于劳动合同开始日期" in fields["contract_end"]
        assert "不是有效的电话号码" in fields["phone"]
        assert "号码第 17 位表示女" in fields["gender"]
        assert "姓名：不能为空" in str(error.value)

    def test_leaver_needs_a_leaving_date_after_hiring(self):
        with pytest.raises(ValidationErrors) as error:
            clean_holder(holder_data(status="已离职"), today=TODAY)
        assert error.value.by_field()["left_on"] == "不能为空"
        with pytest.raises(ValidationErrors, match="离职日期：应晚于入职日期"):
            clean_holder(holder_data(status="left", left_on="2020-01-01"), today=TODAY)

    def test_unknown_choice_lists_the_allowed_values(self):
        with pytest.raises(ValidationErrors, match="“宫殿”不是可选值"):
            clean_holder(holder_data(housing_kind="宫殿"), today=TODAY)


class TestPermitAndUnit:
    def test_expiry_must_follow_the_start(self):
        with pytest.raises(ValidationErrors, match="有效期至：应晚于有效期起"):
            clean_permit(permit_data(expiry=dt.date(2024, 1, 1)), today=TODAY)

    def test_start_not_before_first_issue(self):
        with pytest.raises(ValidationErrors, match="早于首次发证日期"):
            clean_permit(permit_data(first_issued=dt.date(2025, 1, 1)), today=TODAY)

    def test_expiry_is_required(self):
        with pytest.raises(ValidationErrors, match="有效期至：不能为空"):
            clean_permit(permit_data(expiry=""), today=TODAY)

    def test_unit_district_and_kind_by_chinese_name(self):
        values = clean_unit(unit_data(district="东城", kind="事业单位"))
        assert values["district"] == "dongcheng"
        assert values["kind"] == "public_institution"

    def test_unit_errors(self):
        with pytest.raises(ValidationErrors) as error:
            clean_unit(unit_data(district="浦东新区", uscc=uscc_code()[:-1] + "0"))
        fields = error.value.by_field()
        assert "不是北京市的区" in fields["district"]
        assert "校验位错误" in fields["uscc"]

    def test_child_needs_a_birth_date(self):
        with pytest.raises(ValidationErrors, match="子女须填写出生日期"):
            clean_family_member({"relation": "子女", "name": "张小明"}, today=TODAY)
        child = clean_family_member(
            {"relation": "child", "name": "张小明", "birth_date": "2015-06-01"}, today=TODAY
        )
        assert child["birth_date"] == dt.date(2015, 6, 1)
