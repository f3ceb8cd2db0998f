"""The import template teaches itself: every column the import accepts, an example row the
import skips, drop-downs whose every value the import accepts, and a 说明 sheet for every
column and for the 证件历史 sheet (the --with-data file too)."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tests.helpers import holder_data, id_number, permit_data
from tests.reports.builders import add_unit
from wrc_desktop.cli import main
from wrc_desktop.reports.roster_columns import FIELDS
from wrc_desktop.reports.roster_guide import CHOICES, EXAMPLE_MARK, HINTS
from wrc_desktop.reports.roster_import import commit_import, plan_import, read_roster
from wrc_desktop.reports.roster_template import TEMPLATE_FIELDS, export_register, write_template
from wrc_desktop.store import holder_records


def _validations(sheet) -> dict[str, tuple[str, list[str]]]:
    """Column header → (covered range, the drop-down's values)."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        (cells,) = [str(r) for r in validation.sqref.ranges]
        header = sheet[cells.split(":")[0]].column_letter
        found[sheet[f"{header}1"].value] = (cells, validation.formula1.strip('"').split(","))
    return found


def test_the_template_has_every_column_the_import_accepts(tmp_path):
    book = load_workbook(write_template(tmp_path / "模板.xlsx"))
    headers = [cell.value for cell in book["人员名单"][1]]
    assert headers == [FIELDS[name][1][0] for name in TEMPLATE_FIELDS]
    assert set(TEMPLATE_FIELDS) == set(FIELDS)
    for label in ("居住地址", "住所证明类型", "性别", "最高学位", "本市社保起缴日期", "在职状态"):
        assert label in headers


def test_the_example_row_is_marked_and_skipped_on_import(register, tmp_path, capsys):
    path = write_template(tmp_path / "模板.xlsx")
    sheet = load_workbook(path)["人员名单"]
    example = {
        FIELDS[name][1][0]: cell.value for name, cell in zip(TEMPLATE_FIELDS, sheet[2], strict=True)
    }
    assert example["姓名"].startswith(EXAMPLE_MARK) and example["有效期至"] == "2027-05-31"
    roster = read_roster(path)
    assert roster.rows == [] and roster.examples == [2]
    with register.session() as session:
        add_unit(session)
    assert main(["import", str(path), "--dry-run"]) == 0
    assert "第 2 行是模板的示例行，已跳过" in capsys.readouterr().out


def test_every_fixed_value_column_has_a_drop_down_of_its_values(tmp_path):
    sheet = load_workbook(write_template(tmp_path / "模板.xlsx"))["人员名单"]
    found = _validations(sheet)
    expected = {FIELDS[name][1][0]: list(values) for name, values in CHOICES.items()}
    assert {header: values for header, (_, values) in found.items()} == expected
    assert found["证件类型"][1] == [
        "居民身份证",
        "港澳台居民居住证",
        "外国人永久居留身份证",
        "护照",
        "其他证件",
    ]
    for cells, _ in found.values():
        column = cells.split(":")[0].rstrip("0123456789")
        assert cells == f"{column}2:{column}1001"  # the example row and 1000 rows below it


def test_every_drop_down_value_is_accepted_by_the_import(register, tmp_path):
    path = write_template(tmp_path / "模板.xlsx")
    book = load_workbook(path)
    sheet = book["人员名单"]
    with register.session() as session:
        add_unit(session, name="北京示例科技有限公司")
    column = {name: index for index, name in enumerate(TEMPLATE_FIELDS, start=1)}
    longest = max(len(values) for values in CHOICES.values())
    for offset in range(longest):  # row n takes each list's n-th value (or its last)
        row = 3 + offset
        sheet.cell(row, column["name"], f"员工{offset}")
        sheet.cell(row, column["expiry"], "2028-01-31")
        for name, values in CHOICES.items():
            if name == "id_type":
                continue  # the number decides which types fit; checked in tests/rules
            sheet.cell(row, column[name], values[min(offset, len(values) - 1)])
        odd = sheet.cell(row, column["gender"]).value == "男"  # the number's 17th digit agrees
        if odd:  # a retirement track is a woman's: a man's row leaves it blank
            sheet.cell(row, column["retirement_track"]).value = None
        sheet.cell(row, column["id_number"], id_number(sequence=f"{offset:02d}{1 if odd else 2}"))
        if sheet.cell(row, column["status"]).value == "已离职":
            sheet.cell(row, column["left_on"], "2026-01-31")
    book.save(path)
    with register.session() as session:
        plan = plan_import(session, read_roster(path), today=dt.date(2026, 12, 6))
        assert plan.errors == [] and len(plan.creates) == longest
        commit_import(session, plan)


def test_the_guide_explains_every_column_and_the_history_sheet(tmp_path):
    book = load_workbook(write_template(tmp_path / "模板.xlsx"))
    assert book.sheetnames == ["人员名单", "说明"]
    guide = {row[0].value: row for row in book["说明"].iter_rows(min_row=2) if row[0].value}
    for name in TEMPLATE_FIELDS:
        row = guide[FIELDS[name][1][0]]
        assert row[2].value  # its values or format
        if HINTS.get(name):
            assert row[4].value == HINTS[name]
    assert "只用于新建的人员" in guide["证件历史"][4].value
    assert "示例" in guide["示例行"][4].value and "错误值" in guide


def test_the_with_data_file_explains_all_its_columns_and_its_history_sheet(register, tmp_path):
    with register.session() as session:
        unit = add_unit(session)
        holder_records.create_holder(
            session, unit_id=unit.id, holder=holder_data(), permit=permit_data()
        )
        path = export_register(session, tmp_path / "登记册.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["人员名单", "证件历史", "说明"]
    headers = [cell.value for cell in book["人员名单"][1]]
    explained = {row[0].value for row in book["说明"].iter_rows(min_row=2)}
    assert len(headers) == len(FIELDS) and set(headers) <= explained
    assert "证件历史" in explained
    assert set(_validations(book["人员名单"])) == {FIELDS[name][1][0] for name in CHOICES}
