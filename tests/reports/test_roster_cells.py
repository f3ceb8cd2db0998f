"""Spreadsheets as clerks' files really arrive: merged cells, formulas with and without a cached
value, shared formulas, error cells, dates as text or numbers, numbers where a name belongs, rows
out of order. Each imports exactly what Excel shows, or its row is refused naming the column and
why (the whole file when its structure is broken)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tests.conftest import TODAY
from tests.helpers import id_number
from tests.reports.builders import add_unit
from tests.reports.xlsx_parts import DATE_STYLE, cell, row, write_xlsx
from wrc_desktop.reports.roster_import import commit_import, plan_import, read_roster
from wrc_desktop.reports.xlsx_read import UnreadableFile
from wrc_desktop.reports.xlsx_sheet import evaluate_constant
from wrc_desktop.store import holder_records, unit_records
from wrc_desktop.store.models import Holder

HEADER = ["单位", "姓名", "身份证号码", "证书编号", "有效期至"]
MAR_1_2027 = 46447  # Excel's serial of 2027-03-01


def _id(n: int) -> str:
    return id_number(birth=f"1990010{n}", sequence=f"{n:02d}1")


@pytest.fixture
def units(register):
    with register.session() as session:
        add_unit(session, name="甲公司")
        add_unit(session, name="乙公司", body="91110108MA01ABCE")
    return register


def _plan(register, path):
    with register.session() as session:
        return plan_import(session, read_roster(path), unit="甲公司", today=TODAY)


def _write(register, path):
    with register.session() as session:
        plan = plan_import(session, read_roster(path), unit="甲公司", today=TODAY)
        assert plan.errors == []
        commit_import(session, plan)
    with register.session() as session:
        found = {}
        for holder in session.exec(select(Holder)):
            detail = holder_records.holder_detail(session, holder.id)
            permit = detail.current_permit
            unit = unit_records.get_unit(session, holder.unit_id).name
            found[holder.name] = (unit, permit.current.expiry if permit else None)
        return found


def test_an_expiry_merged_over_three_rows_gives_each_holder_that_permit(units, tmp_path):
    rows = [
        row(1, HEADER),
        row(2, ["", "赵一", _id(1), "京001", cell("E2", MAR_1_2027, style=DATE_STYLE)]),
        row(3, ["", "钱二", _id(2), "京002"]),
        row(4, ["", "孙三", _id(3), "京003"]),
    ]
    path = write_xlsx(tmp_path / "合并.xlsx", rows, merges=["E2:E4"])
    found = _write(units, path)
    assert {name: expiry for name, (_, expiry) in found.items()} == {
        "赵一": dt.date(2027, 3, 1),
        "钱二": dt.date(2027, 3, 1),
        "孙三": dt.date(2027, 3, 1),
    }


def test_a_unit_merged_down_sends_every_row_below_it_to_that_unit(units, tmp_path):
    rows = [
        row(1, HEADER),
        row(2, ["乙公司", "赵一", _id(1)]),
        row(3, ["", "钱二", _id(2)]),
        row(4, ["", "孙三", _id(3)]),
        row(5, ["", "李四", _id(4)]),
    ]
    path = write_xlsx(tmp_path / "单位.xlsx", rows, merges=["A2:A4"])
    found = _write(units, path)
    assert {name: unit for name, (unit, _) in found.items()} == {
        "赵一": "乙公司",
        "钱二": "乙公司",
        "孙三": "乙公司",
        "李四": "甲公司",  # below the merged range: the default unit, as the sheet shows it
    }


def test_a_range_merged_across_two_fields_is_refused_naming_row_and_column(units, tmp_path):
    header = ["姓名", "身份证号码", "有效期起", "有效期至"]
    rows = [
        row(1, header),
        row(2, ["赵一", _id(1), cell("C2", MAR_1_2027, style=DATE_STYLE)]),
    ]
    plan = _plan(units, write_xlsx(tmp_path / "横向.xlsx", rows, merges=["C2:D2"]))
    assert [(e.row, e.column) for e in plan.errors] == [(2, "有效期至")]
    assert "C2:D2" in plan.errors[0].message and "横跨多列" in plan.errors[0].message


def test_a_formula_without_a_cached_value_is_evaluated_when_it_is_a_constant(units, tmp_path):
    rows = [
        row(1, HEADER),
        row(2, ["", "赵一", _id(1), "京001", cell("E2", formula="DATE(2027,3,1)")]),
        row(3, ["", cell("B3", formula='"钱二"'), _id(2), "京002", cell("E3", formula="46447")]),
    ]
    found = _write(units, write_xlsx(tmp_path / "公式.xlsx", rows))
    assert found == {
        "赵一": ("甲公司", dt.date(2027, 3, 1)),
        "钱二": ("甲公司", dt.date(2027, 3, 1)),
    }


def test_a_formula_with_a_cached_value_imports_that_value(units, tmp_path):
    rows = [
        row(1, HEADER),
        row(
            2,
            [
                "",
                "赵一",
                _id(1),
                "京001",
                cell("E2", formula="TODAY()+400", cached=MAR_1_2027, style=DATE_STYLE),
            ],
        ),
        row(3, ["", cell("B3", formula='CONCAT("钱","二")', cached="钱二"), _id(2)]),
    ]
    found = _write(units, write_xlsx(tmp_path / "缓存.xlsx", rows))
    assert found == {"赵一": ("甲公司", dt.date(2027, 3, 1)), "钱二": ("甲公司", None)}


def test_a_formula_that_cannot_be_evaluated_exactly_is_refused_naming_it(units, tmp_path):
    rows = [
        row(1, HEADER),
        row(2, ["", "赵一", _id(1), "京001", cell("E2", formula="TODAY()+400")]),
        row(3, ["", "钱二", _id(2), "京002", cell("E3", formula="DATE(2027,2,30)")]),
    ]
    plan = _plan(units, write_xlsx(tmp_path / "无缓存.xlsx", rows))
    assert [(e.row, e.column) for e in plan.errors] == [(2, "有效期至"), (3, "有效期至")]
    assert "“=TODAY()+400”没有计算结果" in plan.errors[0].message
    assert "“=DATE(2027,2,30)”" in plan.errors[1].message  # Excel would roll it into March
    assert plan.creates == []


def test_shared_formulas_are_read_in_every_cell_they_cover(units, tmp_path):
    rows = [
        row(1, HEADER),
        row(
            2,
            [
                "",
                "赵一",
                _id(1),
                "京001",
                cell("E2", formula="DATE(2027,3,1)", shared=("0", "E2:E3")),
            ],
        ),
        row(3, ["", "钱二", _id(2), "京002", cell("E3", shared=("0", None))]),
        row(4, ["", "孙三", _id(3), "京003", cell("E4", formula="E3+1", shared=("1", "E4:E5"))]),
        row(5, ["", "李四", _id(4), "京004", cell("E5", shared=("1", None))]),
    ]
    plan = _plan(units, write_xlsx(tmp_path / "共享.xlsx", rows))
    assert [(e.row, e.column) for e in plan.errors] == [(4, "有效期至"), (5, "有效期至")]
    assert "“=E3+1”" in plan.errors[0].message and "“=E4+1”" in plan.errors[1].message
    assert [c.permit["expiry"] for c in plan.creates] == [dt.date(2027, 3, 1)] * 2


@pytest.mark.parametrize("error", ["#N/A", "#VALUE!", "#REF!", "#DIV/0!"])
def test_an_error_cell_is_never_a_value(units, tmp_path, error):
    rows = [row(1, HEADER), row(2, ["", cell("B2", error=error), _id(1)])]
    plan = _plan(units, write_xlsx(tmp_path / "错误.xlsx", rows))
    assert [(e.row, e.column) for e in plan.errors] == [(2, "姓名")]
    assert f"错误值 {error}" in plan.errors[0].message


@pytest.mark.parametrize(
    ("value", "shown"),
    [(12345, "“12345”不是姓名"), ("#N/A", "“#N/A”不是姓名"), ("2026-01-05", "不是姓名")],
)
def test_numbers_dates_and_error_texts_are_not_names(units, tmp_path, value, shown):
    rows = [row(1, HEADER), row(2, ["", value, _id(1)])]
    plan = _plan(units, write_xlsx(tmp_path / "姓名.xlsx", rows))
    assert [(e.row, e.column) for e in plan.errors] == [(2, "姓名")]
    assert shown in plan.errors[0].message


def test_a_date_cell_in_the_name_column_is_named_as_a_date(units, tmp_path):
    rows = [row(1, HEADER), row(2, ["", cell("B2", 46447, style=DATE_STYLE), _id(1)])]
    plan = _plan(units, write_xlsx(tmp_path / "日期姓名.xlsx", rows))
    assert plan.errors[0].message == "单元格是日期“2027-03-01”，不是姓名"


def test_dates_as_text_as_numbers_and_as_serials_all_arrive(units, tmp_path):
    rows = [
        row(1, HEADER),
        row(2, ["", "赵一", _id(1), "京001", "2027/3/1"]),
        row(3, ["", "钱二", _id(2), "京002", 20270301]),
        row(4, ["", "孙三", _id(3), "京003", MAR_1_2027]),  # a serial in a General cell
        row(5, ["", "李四", _id(4), "京004", "2027年3月1日"]),
    ]
    found = _write(units, write_xlsx(tmp_path / "日期.xlsx", rows))
    assert set(found.values()) == {("甲公司", dt.date(2027, 3, 1))} and len(found) == 4


def test_rows_out_of_order_in_the_file_are_all_read_in_sheet_order(units, tmp_path):
    rows = [
        row(1, HEADER),
        row(4, ["", "孙三", _id(3)]),
        row(2, ["", "赵一", _id(1)]),
        row(3, ["", "钱二", _id(2)]),
    ]
    roster = read_roster(write_xlsx(tmp_path / "乱序.xlsx", rows))
    assert [(number, cells[1]) for number, cells in roster.rows] == [
        (2, "赵一"),
        (3, "钱二"),
        (4, "孙三"),
    ]


def test_a_row_written_twice_refuses_the_file_naming_sheet_and_row(tmp_path):
    rows = [row(1, HEADER), row(2, ["", "赵一", _id(1)]), row(2, ["", "钱二", _id(2)])]
    with pytest.raises(UnreadableFile) as caught:
        read_roster(write_xlsx(tmp_path / "重复行.xlsx", rows))
    assert str(caught.value) == (
        "文件 重复行.xlsx 的工作表“花名册”第 2 行在文件中出现了两次，无法确定 Excel 显示哪一行"
    )


def test_an_error_cell_in_a_column_the_import_does_not_read_changes_nothing(units, tmp_path):
    rows = [
        row(1, [*HEADER, "工龄"]),
        row(2, ["", "赵一", _id(1), "", "", cell("F2", error="#NUM!")]),
    ]
    plan = _plan(units, write_xlsx(tmp_path / "无关列.xlsx", rows))
    assert plan.errors == [] and len(plan.creates) == 1


@pytest.mark.parametrize(
    ("formula", "value"),
    [
        ("DATE(2027,3,1)", dt.datetime(2027, 3, 1)),
        (" date( 2027 , 3 , 1 ) ", dt.datetime(2027, 3, 1)),
        ("46447", 46447),
        ("1.5", 1.5),
        ('"张""三"', '张"三'),
        ("DATE(27,3,1)", None),  # Excel reads it as 1927: refused, not guessed
        ("DATE(2027,13,1)", None),
        ("A1", None),
        ("TODAY()", None),
    ],
)
def test_only_constants_excel_computes_exactly_are_evaluated(formula, value):
    assert evaluate_constant(formula) == value


def test_a_value_hidden_under_a_merged_range_is_not_read(units, tmp_path):
    # E2:E3 merged with E2 empty: Excel shows nothing there, whatever E3 still holds
    rows = [
        row(1, HEADER),
        row(2, ["", "赵一", _id(1)]),
        row(3, ["", "钱二", _id(2), "", cell("E3", MAR_1_2027, style=DATE_STYLE)]),
    ]
    roster = read_roster(write_xlsx(tmp_path / "隐藏.xlsx", rows, merges=["E2:E3"]))
    assert [cells[4:] for _, cells in roster.rows] == [(), ()]


def test_an_id_number_in_the_name_column_or_a_formula_is_never_quoted_in_full(units, tmp_path):
    number = _id(5)
    rows = [
        row(1, HEADER),
        row(2, ["", number, _id(1)]),  # a shifted column
        row(3, ["", cell("B3", formula=f'CONCAT("{number}")'), _id(2)]),
    ]
    plan = _plan(units, write_xlsx(tmp_path / "错列.xlsx", rows))
    assert [(e.row, e.column) for e in plan.errors] == [(2, "姓名"), (3, "姓名")]
    masked = number[:6] + "********" + number[14:]
    assert plan.errors[0].message == f"“{masked}”不是姓名（姓名应由文字组成）"
    assert f'“=CONCAT("{masked}")”没有计算结果' in plan.errors[1].message
    assert all(number not in e.message for e in plan.errors)


def test_inline_rich_text_reads_its_runs_without_phonetic_guides(units, tmp_path):
    ns_cell = (
        '<c r="B2" t="inlineStr"><is><r><t>赵</t></r><r><t>一</t></r>'
        '<rPh sb="0" eb="1"><t>zhao</t></rPh></is></c>'
    )
    rows = [row(1, HEADER), row(2, ["", ns_cell, _id(1)])]
    roster = read_roster(write_xlsx(tmp_path / "富文本.xlsx", rows))
    assert roster.rows[0][1][1] == "赵一"
