"""Rosters as clerks really have them: the real range, the right sheet, one person one record,
Excel's lost digits, plausible dates and changes shown before they are made."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile

import pytest
from openpyxl import Workbook
from sqlmodel import select
from stdnum.cn import ric

from tests.helpers import id_number
from tests.reports.builders import add_holder, add_unit, save_roster
from wrc_desktop.cli import main
from wrc_desktop.reports.roster_import import (
    SeveralSheets,
    commit_import,
    plan_import,
    read_roster,
    roster_sheets,
)
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.store import holder_records, unit_records
from wrc_desktop.store.models import Holder

TODAY = dt.date(2026, 11, 30)
HEADER = ["姓名", "身份证号码", "部门", "有效期至"]


def _id(n: int) -> str:
    return id_number(birth=f"1990{(n % 12) + 1:02d}{(n % 28) + 1:02d}", sequence=f"{n % 1000:03d}")


def _people(count: int) -> list[list]:
    return [[f"员工{n}", _id(n), "研发中心", "2027-06-30"] for n in range(1, count + 1)]


@pytest.fixture
def unit_register(register):
    with register.session() as session:
        add_unit(session)
        add_unit(session, name="北京乙方科技有限公司", body="91110108MA01EFGH")
    return register


def _plan(register, path, **options):
    with register.session() as session:
        return plan_import(
            session, read_roster(path, sheet=options.pop("sheet", None)), today=TODAY, **options
        )


def _stale_dimension(path, ref: str):
    """Rewrite the sheet's <dimension> tag the way some exporters leave it: smaller than the data."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, count = re.subn(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', sheet)
    assert count == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_a_stale_dimension_tag_hides_neither_rows_nor_columns(unit_register, tmp_path):
    path = _stale_dimension(save_roster(tmp_path / "名单.xlsx", _people(200), HEADER), "A1:C50")
    plan = _plan(unit_register, path)
    assert len(plan.creates) == 200 and plan.errors == []
    assert all(
        item.permit and item.permit["expiry"] == dt.date(2027, 6, 30) for item in plan.creates
    )
    assert plan.roster.columns.unmapped == []


def _two_sheets(path, *, hidden: bool, second_has_more_columns: bool = True):
    workbook = Workbook()
    old = workbook.active
    old.title = "旧数据"
    old.append([*HEADER, "入职日期"] if second_has_more_columns else HEADER)
    old.append(
        ["旧人", _id(500), "旧部门", "2027-01-01", "2020-01-01"][
            : 5 if second_has_more_columns else 4
        ]
    )
    if hidden:
        old.sheet_state = "hidden"
    new = workbook.create_sheet("最新名单")
    new.append(HEADER)
    for row in _people(3):
        new.append(row)
    workbook.save(path)
    return path


def test_hidden_sheets_are_never_read_and_the_sheet_is_named(unit_register, tmp_path, capsys):
    path = _two_sheets(tmp_path / "名单.xlsx", hidden=True)
    plan = _plan(unit_register, path)
    assert plan.roster.sheet == "最新名单" and len(plan.creates) == 3
    assert plan.as_dict()["sheet"] == "最新名单"
    assert [(s.name, s.hidden, s.qualifies) for s in roster_sheets(path)] == [
        ("旧数据", True, True),
        ("最新名单", False, True),
    ]
    assert main(["import", str(path), "--dry-run"]) == 0
    assert "工作表“最新名单”" in capsys.readouterr().out


def test_two_qualifying_sheets_need_a_choice(unit_register, tmp_path, capsys):
    path = _two_sheets(tmp_path / "名单.xlsx", hidden=False, second_has_more_columns=False)
    with pytest.raises(SeveralSheets) as refused:
        read_roster(path)
    assert refused.value.names == ["旧数据", "最新名单"] and "--sheet" in str(refused.value)
    assert main(["import", str(path), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "“旧数据”" in err and "“最新名单”" in err and "Traceback" not in err
    assert main(["import", str(path), "--sheet", "旧数据", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["sheet"], result["created"]) == ("旧数据", 1)
    with pytest.raises(WrcError, match="没有工作表“名单3”"):
        read_roster(path, sheet="名单3")


def test_full_width_characters_are_the_same_person(unit_register, tmp_path):
    number = _id(7)
    with unit_register.session() as session:
        add_holder(session, 1, name="张伟", birth=number[6:14], sequence=number[14:17])
    full_width = number[:10] + "".join(chr(ord(c) + 0xFEE0) for c in number[10:])  # ３ for 3 …
    path = save_roster(tmp_path / "名单.xlsx", [["张伟", full_width, "新部门", ""]], HEADER)
    plan = _plan(unit_register, path)
    assert plan.creates == [] and [r.action for r in plan.rows] == ["update"]


def test_passports_match_however_spaced(unit_register, tmp_path):
    header = ["姓名", "证件类型", "证件号码", "有效期至"]
    first = save_roster(
        tmp_path / "一.xlsx", [["约翰", "护照", "E 1234-5678", "2027-06-30"]], header
    )
    with unit_register.session() as session:
        commit_import(session, plan_import(session, read_roster(first), today=TODAY))
    again = save_roster(tmp_path / "二.xlsx", [["约翰", "护照", "e12345678", "2027-06-30"]], header)
    plan = _plan(unit_register, again)
    assert plan.creates == [] and [r.action for r in plan.rows] == ["unchanged"]
    with unit_register.session() as session:
        assert [h.id_number for h in session.exec(select(Holder))] == ["E12345678"]


@pytest.mark.parametrize(
    ("cell", "field", "words"),
    [
        (_id(1)[:16] + "¹" + _id(1)[17], "身份证号码", "特殊字符“¹”"),
        ("①" + _id(1)[1:], "身份证号码", "特殊字符“①”"),
    ],
)
def test_odd_characters_in_an_id_are_a_row_error(unit_register, tmp_path, cell, field, words):
    path = save_roster(
        tmp_path / "名单.xlsx", [["赵一", _id(2), "", ""], ["钱二", cell, "", ""]], HEADER
    )
    plan = _plan(unit_register, path)
    assert [(e.row, e.column) for e in plan.errors] == [(3, field)] and words in plan.errors[
        0
    ].message
    assert len(plan.creates) == 1


@pytest.mark.parametrize(
    ("expiry", "words"),
    [
        ("0000-01-01", "年份 0 不合理"),
        ("2207-03-01", "不在合理范围内"),
        (2027.3, "带小数的数字，不是日期"),
        (3, "是数字，不是日期"),
        ("1998-12-31", "不在合理范围内"),
    ],
)
def test_impossible_and_implausible_dates_are_row_errors(unit_register, tmp_path, expiry, words):
    path = save_roster(
        tmp_path / "名单.xlsx",
        [["赵一", _id(2), "", "2027-06-30"], ["钱二", _id(3), "", expiry]],
        HEADER,
    )
    plan = _plan(unit_register, path)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "有效期至")]
    assert words in plan.errors[0].message


def test_a_birth_date_in_an_id_must_be_in_the_past_century(unit_register, tmp_path):
    old = id_number(birth="19110101", sequence="011")
    path = save_roster(tmp_path / "名单.xlsx", [["老人", old, "", ""]], HEADER)
    plan = _plan(unit_register, path)
    assert [e.column for e in plan.errors] == ["身份证号码"] and "1911-01-01 不合理" in plan.errors[
        0
    ].message


def _ids_ending_in_000() -> tuple[str, str]:
    """One ID ending in 000 whose check digit happens to be right, and one whose is wrong."""
    passing = failing = None
    for day in range(1, 400):
        birth = (dt.date(1985, 1, 1) + dt.timedelta(days=day)).strftime("%Y%m%d")
        body = "110105" + birth + "00"
        if ric.calc_check_digit(body + "00") == "0":
            passing = passing or body + "0" + "0"
        else:
            failing = failing or body + "0" + "0"
        if passing and failing:
            return passing, failing
    raise AssertionError("no such numbers")


def test_ids_excel_cut_to_15_digits_are_refused_unless_confirmed_one_by_one(
    unit_register, tmp_path, capsys
):
    passing, failing = _ids_ending_in_000()
    assert ric.is_valid(passing) and not ric.is_valid(failing)
    path = save_roster(
        tmp_path / "名单.xlsx", [["赵一", passing, "", ""], ["钱二", failing, "", ""]], HEADER
    )
    plan = _plan(unit_register, path)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "身份证号码"), (3, "身份证号码")]
    for error in plan.errors:
        assert "Excel" in error.message and "文本" in error.message and passing not in error.message
    confirmed = _plan(unit_register, path, confirmed_ids=[passing])
    assert [e.row for e in confirmed.errors] == [3] and len(confirmed.creates) == 1
    assert main(["import", str(path), "--valid-only", "--confirm-id", passing]) == 0
    assert "新增 1 人" in capsys.readouterr().out


def test_renames_and_moves_are_shown_field_by_field_and_need_confirmation(
    unit_register, tmp_path, capsys
):
    number = _id(9)
    with unit_register.session() as session:
        holder = add_holder(
            session,
            1,
            name="卢轩洋",
            birth=number[6:14],
            sequence=number[14:17],
            department="法务部",
        )
    header = ["单位", "姓名", "身份证号码", "部门"]
    path = save_roster(
        tmp_path / "名单.xlsx", [["北京乙方科技有限公司", "王五", number, "财务部"]], header
    )
    assert main(["import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "需确认" in out and "姓名：卢轩洋 → 王五" in out and "部门：法务部 → 财务部" in out
    assert "单位：北京测试科技有限公司 → 北京乙方科技有限公司" in out
    assert main(["import", str(path), "--json", "--dry-run"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert {
        (c["label"], c["old"], c["new"], c["needs_confirmation"]) for c in rows[0]["changes"]
    } >= {("姓名", "卢轩洋", "王五", True), ("部门", "法务部", "财务部", False)}
    assert main(["import", str(path)]) == 2
    assert "--accept-renames" in capsys.readouterr().err
    with unit_register.session() as session:
        assert holder_records.get_holder(session, holder.id).name == "卢轩洋"
    assert main(["import", str(path), "--accept-renames"]) == 0
    with unit_register.session() as session:
        stored = holder_records.get_holder(session, holder.id)
        assert (stored.name, stored.unit_id, stored.department) == ("王五", 2, "财务部")


def test_a_two_row_merged_header_maps_each_sub_column(unit_register, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "身份证号码", "有效期", None])
    sheet.append([None, None, "起", "至"])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:B2")
    sheet.merge_cells("C1:D1")
    sheet.append(["赵一", _id(2), "2024-07-01", "2027-06-30"])
    workbook.save(tmp_path / "名单.xlsx")
    plan = _plan(unit_register, tmp_path / "名单.xlsx")
    assert plan.roster.columns.header_row == 2
    assert plan.errors == [] and plan.creates[0].permit["start"] == dt.date(2024, 7, 1)
    assert plan.creates[0].permit["expiry"] == dt.date(2027, 6, 30)


def test_undo_leaves_no_personal_data_in_the_audit_trail(unit_register, tmp_path):
    from wrc_desktop.store.imports import undo_last_import
    from wrc_desktop.store.models import AuditEntry, ImportChange

    path = save_roster(tmp_path / "名单.xlsx", _people(5), HEADER)
    with unit_register.session() as session:
        commit_import(session, plan_import(session, read_roster(path), today=TODAY))
    with unit_register.session() as session:
        undo_last_import(session)
    with unit_register.session() as session:
        entries = list(session.exec(select(AuditEntry)))
        text = " ".join(f"{e.old_value} {e.new_value} {e.note}" for e in entries)
        assert not any(_id(n) in text or f"员工{n}" in text for n in range(1, 6))
        assert any(e.entity == "import" and "删除新增的 5 人" in e.new_value for e in entries)
        assert list(session.exec(select(ImportChange))) == []


def test_a_file_without_a_unit_column_leaves_known_holders_in_their_unit(unit_register, tmp_path):
    number = _id(11)
    with unit_register.session() as session:
        unit_records.set_default_unit(session, unit_id=1)
        add_holder(
            session, 2, name="孙三", birth=number[6:14], sequence=number[14:17], department="法务部"
        )
    path = save_roster(tmp_path / "名单.xlsx", [["孙三", number, "财务部", ""]], HEADER)
    plan = _plan(unit_register, path)
    assert plan.to_confirm == [] and [str(c) for c in plan.rows[0].changes] == [
        "部门：法务部 → 财务部"
    ]
    explicit = _plan(
        unit_register, path, unit="北京测试科技有限公司"
    )  # --unit names the unit: a move
    assert [r.row for r in explicit.to_confirm] == [2]
