"""Each reader on text laid out as real documents lay it out (no OCR: the lines are given)."""

from __future__ import annotations

import datetime as dt

from tests.helpers import id_number
from wrc_desktop.scanread import OPEN_END, read_lines
from wrc_desktop.scanread.engine import TextLine
from wrc_desktop.scanread.income import whole_yuan

D = dt.date


def page(*rows: str | tuple[str, ...], score: float = 0.99) -> list[TextLine]:
    """Rows of boxes: a string is one box, a tuple several boxes side by side."""
    lines = []
    for number, row in enumerate(rows):
        cells = (row,) if isinstance(row, str) else row
        left = 50.0
        for cell in cells:
            width = 30.0 * len(cell)
            lines.append(
                TextLine(cell, left, 60.0 * number, left + width, 60.0 * number + 36, score)
            )
            left += width + 40
    return lines


def values(reading) -> dict:
    return {v.field: v.value for v in reading.values}


NUMBER = id_number("110108", "19880512", "021")


def test_id_card_front_with_labels_in_their_own_boxes():
    reading = read_lines(
        page(("姓名", "王小明"), ("性别", "男", "民族", "汉"), ("公民身份号码", NUMBER))
    )
    assert reading.kind == "id-card"
    assert values(reading) == {"name": "王小明", "id_number": NUMBER}


def test_an_id_number_with_a_wrong_check_digit_is_read_with_low_confidence():
    wrong = NUMBER[:17] + ("0" if NUMBER[17] != "0" else "1")
    reading = read_lines(page("姓名 王小明", f"公民身份号码 {wrong}"), "id-card")
    found = reading.get("id_number")
    assert found is not None and found.value == wrong and found.confidence < 0.5


def test_id_card_back_long_term_and_dated():
    back = read_lines(
        page(
            "中华人民共和国",
            "居民身份证",
            "签发机关 北京市公安局海淀分局",
            "有效期限 2020.05.01-长期",
        )
    )
    assert values(back) == {"valid_from": D(2020, 5, 1), "valid_until": OPEN_END}
    dated = read_lines(page("签发机关：北京市公安局", ("有效期限", "2015.03.01-2035.03.01")))
    assert values(dated) == {"valid_from": D(2015, 3, 1), "valid_until": D(2035, 3, 1)}


def test_contract_parties_and_term_in_three_wordings():
    first = read_lines(
        page(
            "劳动合同书",
            "甲方（用人单位）：北京星河科技有限公司",
            "乙方（劳动者）：李四",
            "第一条 合同期限",
            "合同期限：自2024年3月1日起至2027年2月28日止",
        )
    )
    assert values(first) == {
        "employer": "北京星河科技有限公司",
        "employee": "李四",
        "term_from": D(2024, 3, 1),
        "term_to": D(2027, 2, 28),
    }
    second = read_lines(
        page(
            "劳动合同",
            ("用人单位名称", "北京华信律师事务所"),
            "劳动者姓名 赵六 性别 女",
            "一、劳动合同期限",
            "期限 2024.03.01-2027.02.28",
        )
    )
    assert values(second)["employee"] == "赵六"
    assert (values(second)["term_from"], values(second)["term_to"]) == (
        D(2024, 3, 1),
        D(2027, 2, 28),
    )
    third = read_lines(
        page(
            "劳动合同",
            "甲方：北京星河科技有限公司",
            "乙方：钱七",
            "本合同为无固定期限劳动合同，自2022年7月1日起生效。",
        )
    )
    assert (values(third)["term_from"], values(third)["term_to"]) == (D(2022, 7, 1), OPEN_END)


def test_permit_number_and_validity_by_label_or_period():
    until = read_lines(
        page(
            "北京市工作居住证",
            "姓名 王小明",
            "证件编号：京工居2023000123",
            "有效期至：2026年5月31日",
        )
    )
    assert values(until)["certificate_no"] == "京工居2023000123"
    assert values(until)["valid_until"] == D(2026, 5, 31)
    period = read_lines(
        page("北京市工作居住证", ("编号", "JG2023000123"), "有效期限 2023-06-01 至 2026-05-31")
    )
    assert values(period)["valid_until"] == D(2026, 5, 31)
    assert values(period)["certificate_no"] == "JG2023000123"


def test_income_record_table_income_not_tax_and_the_withholding_agent():
    reading = read_lines(
        page(
            "个人所得税纳税记录",
            "纳税人姓名：王小明",
            ("所得项目", "所得期间", "收入", "已申报税额", "扣缴义务人"),
            ("工资薪金", "2024-01", "18,000.00", "390.00", "北京星河科技有限公司"),
            ("工资薪金", "2024年02月", "18000.50元", "390.00", "北京星河科技有限公司"),
            ("工资薪金", "202403", "20,100.00", "600.00", "北京星河科技有限公司"),
        )
    )
    assert reading.kind == "income-record"
    assert values(reading)["incomes"] == [
        {"month": "2024-01", "amount": 18000.0, "agent": "北京星河科技有限公司"},
        {"month": "2024-02", "amount": 18000.5, "agent": "北京星河科技有限公司"},
        {"month": "2024-03", "amount": 20100.0, "agent": "北京星河科技有限公司"},
    ]
    assert values(reading)["withholding_agent"] == "北京星河科技有限公司"
    assert whole_yuan(18000.5) == 18000 and whole_yuan(18000.0) == 18000


def test_tax_certificate_periods_and_issue_date():
    reading = read_lines(
        page(
            "中华人民共和国 税收完税证明",
            "填发日期：2024年5月10日",
            ("税种", "品目名称", "税款所属时期", "入(退)库日期", "实缴(退)金额"),
            ("个人所得税", "工资薪金所得", "2024-03-01至2024-03-31", "2024-04-15", "390.00"),
        )
    )
    assert values(reading)["dated"] == D(2024, 5, 10)
    assert values(reading)["periods"] == [{"from": D(2024, 3, 1), "to": D(2024, 3, 31)}]


def test_a_page_of_nothing_known_says_so():
    reading = read_lines(page("会议纪要", "请各部门准时参加"))
    assert reading.kind == "" and reading.values == [] and reading.notes


def test_the_beijing_contract_template_with_sub_labels_and_two_date_rows():
    reading = read_lines(
        page(
            "北京市劳动合同书",
            "甲方（用人单位）名称：北京星河科技有限公司",
            "乙方（劳动者）姓名：孙八",
            "第一条 本合同期限类型为固定期限合同。",
            "本合同生效日期 2024 年 3 月 1 日，",
            "终止日期 2027 年 2 月 28 日。",
        )
    )
    assert values(reading) == {
        "employer": "北京星河科技有限公司",
        "employee": "孙八",
        "term_from": D(2024, 3, 1),
        "term_to": D(2027, 2, 28),
    }


def test_an_income_record_with_numbers_periods_and_the_agents_tax_number():
    reading = read_lines(
        page(
            "申报收入查询记录",
            (
                "序号",
                "所得项目",
                "所得期间",
                "收入额",
                "已申报税额",
                "扣缴义务人",
                "扣缴义务人纳税人识别号",
            ),
            (
                "1",
                "工资薪金",
                "2024-01-01至2024-01-31",
                "18,000.00",
                "390.00",
                "北京星河科技有限公司",
                "91110108MA01ABCD1X",
            ),
            (
                "2",
                "工资薪金",
                "2024-02-01至2024-02-29",
                "19,000.00",
                "490.00",
                "北京星河科技有限公司",
                "91110108MA01ABCD1X",
            ),
            "打印日期：2024年3月5日",
        )
    )
    assert [(m["month"], m["amount"]) for m in values(reading)["incomes"]] == [
        ("2024-01", 18000.0),
        ("2024-02", 19000.0),
    ]
    assert values(reading)["withholding_agent"] == "北京星河科技有限公司"
    assert values(reading)["dated"] == D(2024, 3, 5)


def test_an_id_card_back_whose_dash_was_lost():
    reading = read_lines(page("签发机关 北京市公安局", "有效期限 2015.03.012035.03.01"), "id-card")
    assert values(reading) == {"valid_from": D(2015, 3, 1), "valid_until": D(2035, 3, 1)}
