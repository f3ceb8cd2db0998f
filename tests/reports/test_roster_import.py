"""Roster import: header variants, every date format, exact errors, all-or-nothing, undo, hostile files."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest
from sqlmodel import select

from tests.conftest import TODAY
from tests.helpers import id_number, rules_on, with_wrong_check_digit
from tests.reports.builders import add_holder, add_unit, save_roster
from wrc_desktop.cli import main
from wrc_desktop.reports.roster_import import commit_import, plan_import, read_roster
from wrc_desktop.reports.roster_template import write_template
from wrc_desktop.reports.xlsx_read import UnreadableFile
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.store import holder_records
from wrc_desktop.store.imports import UndoRefused, undo_last_import
from wrc_desktop.store.models import Holder

HEADER = [
    "序号",
    "姓名",
    "身份证号码",
    "部门",
    "入职日期",
    "合同到期",
    "证书编号",
    "有效期至",
    "工号",
]


def _id(n: int) -> str:
    return id_number(birth=f"1990010{n}", sequence=f"{n:02d}1")


def good_rows():
    return [
        [
            1,
            "赵一",
            _id(1),
            "研发中心",
            dt.datetime(2020, 1, 5),
            "2029-01-05",
            "京工居001",
            "2027-01-05",
            "A1",
        ],
        [2, "钱二", _id(2), "产品部", "2020/1/5", "2029.1.5", "京工居002", "2027年1月5日", "A2"],
        [3, "孙三", _id(3), "法务部", 20200105, "20290105", "京工居003", 46392, "A3"],
    ]


def bad_rows():
    return [
        [4, "李四", _id(1), "研发中心", "", "", "", "", "A4"],  # duplicate ID (row 3)
        [
            5,
            "周五",
            with_wrong_check_digit(_id(5)),
            "财务部",
            "",
            "",
            "",
            "",
            "A5",
        ],  # bad check digit
        [6, "", _id(6), "财务部", "", "", "", "", "A6"],  # empty name
        [7, "吴七", _id(7), "市场部", "2026-02-30", "", "", "", "A7"],  # no such date
    ]


@pytest.fixture
def unit_register(register):
    with register.session() as session:
        add_unit(session)
    return register


def test_every_date_format_and_header_variants(unit_register, tmp_path):
    path = save_roster(tmp_path / "名单.xlsx", good_rows(), HEADER, title="2026 年员工花名册")
    roster = read_roster(path)
    assert roster.columns.header_row == 2
    assert [roster.columns.headers[i] for i in roster.columns.unmapped] == ["序号", "工号"]
    with unit_register.session() as session:
        plan = plan_import(session, roster, today=TODAY)
        assert plan.errors == [] and len(plan.creates) == 3
        commit_import(session, plan)
    with unit_register.session() as session:
        holders = {h.name: h for h in session.exec(select(Holder))}
        for name in ("赵一", "钱二", "孙三"):
            assert holders[name].hire_date == dt.date(2020, 1, 5)
            assert holders[name].contract_end == dt.date(2029, 1, 5)
            current = holder_records.holder_detail(session, holders[name].id).current_permit
            assert current.current.expiry == dt.date(
                2027, 1, 5
            )  # 46392 is the Excel serial of 2027-01-05


def test_bad_rows_are_reported_exactly_and_nothing_is_written(unit_register, tmp_path):
    path = save_roster(tmp_path / "名单.xlsx", good_rows() + bad_rows(), HEADER)
    with unit_register.session() as session:
        plan = plan_import(session, read_roster(path), today=TODAY)
        errors = [(e.row, e.column) for e in plan.errors]
        assert errors == [(5, "身份证号码"), (6, "身份证号码"), (7, "姓名"), (8, "入职日期")]
        messages = [e.message for e in plan.errors]
        assert "与第 2 行重复" in messages[0]
        assert "校验位错误" in messages[1]
        assert messages[2] == "不能为空"
        assert "2026-02-30" in messages[3] and "不存在" in messages[3]
        with pytest.raises(WrcError, match="未导入任何数据"):
            commit_import(session, plan)
    with unit_register.session() as session:
        assert holder_records.holder_count(session) == 0


def test_cli_import_json_refuses_then_valid_only(unit_register, tmp_path, capsys):
    path = save_roster(tmp_path / "名单.xlsx", good_rows() + bad_rows(), HEADER)
    assert main(["import", str(path), "--json"]) == 2
    result = json.loads(capsys.readouterr().out)
    assert result["created"] == 3 and result["updated"] == 0 and not result["written"]
    assert result["errors"][0] == {
        "row": 5,
        "column": "身份证号码",
        "message": "证件号码与第 2 行重复",
    }
    assert main(["import", str(path), "--dry-run", "--json"]) == 0
    capsys.readouterr()
    with unit_register.session() as session:
        assert holder_records.holder_count(session) == 0
    assert main(["import", str(path), "--valid-only", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["written"] is True
    with unit_register.session() as session:
        assert holder_records.holder_count(session) == 3


def test_update_by_id_number_and_undo(unit_register, tmp_path):
    with unit_register.session() as session:
        existing = add_holder(
            session,
            1,
            name="赵一",
            birth="19900101",
            sequence="011",
            expiry=dt.date(2026, 6, 1),
            department="旧部门",
        )
    assert existing.id_number == _id(1)
    path = save_roster(tmp_path / "名单.xlsx", good_rows(), HEADER)
    with unit_register.session() as session:
        plan = plan_import(session, read_roster(path), today=TODAY)
        actions = {r.name: r for r in plan.rows}
        assert actions["赵一"].action == "update"
        assert any("部门：旧部门 → 研发中心" in str(c) for c in actions["赵一"].changes)
        outcome = commit_import(session, plan)
        assert (outcome.created, outcome.updated) == (2, 1)
    with unit_register.session() as session:
        detail = holder_records.holder_detail(session, existing.id)
        assert detail.holder.department == "研发中心"
        assert detail.current_permit.current.expiry == dt.date(2027, 1, 5)
        # a new certificate number is a new permit; the old one stays in the history
        assert [p.permit.certificate_no for p in detail.permits] == [
            "京工居2024000123",
            "京工居001",
        ]
    with unit_register.session() as session:
        undone = undo_last_import(session)
        assert (undone.deleted, undone.restored) == (2, 1)
    with unit_register.session() as session:
        assert holder_records.holder_count(session) == 1
        detail = holder_records.holder_detail(session, existing.id)
        assert detail.holder.department == "旧部门"
        assert [p.expiry for p in detail.current_permit.periods] == [dt.date(2026, 6, 1)]
        assert len(detail.permits) == 1
        with pytest.raises(WrcError, match="没有可以撤销"):
            undo_last_import(session)


def test_undo_refuses_to_lose_later_changes(unit_register, tmp_path):
    path = save_roster(tmp_path / "名单.xlsx", good_rows(), HEADER)
    with unit_register.session() as session:
        commit_import(session, plan_import(session, read_roster(path), today=TODAY))
    with unit_register.session() as session:
        holder = holder_records.find_holder(session, _id(2))
        data = holder.model_dump()
        data["phone"] = "13900000000"
        holder_records.update_holder(session, holder.id, holder=data)
    with unit_register.session() as session, pytest.raises(UndoRefused, match="钱二"):
        undo_last_import(session)
    with unit_register.session() as session:
        assert undo_last_import(session, force=True).deleted == 3


@pytest.mark.parametrize("later_work", ["family", "case", "warning_mark"])
def test_undo_refuses_when_later_work_would_be_deleted_with_the_holder(
    unit_register, tmp_path, later_work
):
    """Family, cases and due-list marks of an imported holder go with it: undo must not drop them silently."""
    import datetime as dt

    from wrc_desktop.desk import case_lifecycle
    from wrc_desktop.store import warnings_state
    from wrc_desktop.store.case_models import Case

    path = save_roster(tmp_path / "名单.xlsx", good_rows(), HEADER)
    with unit_register.session() as session:
        commit_import(session, plan_import(session, read_roster(path), today=TODAY))
    with unit_register.session() as session:
        holder = holder_records.find_holder(session, _id(2))
        if later_work == "family":
            holder_records.update_holder(
                session,
                holder.id,
                holder=holder.model_dump(),
                family=[{"relation": "子女", "name": "钱小二", "birth_date": "2016-04-01"}],
            )
        elif later_work == "case":
            case_lifecycle.create_case(
                session, holder_id=holder.id, kind="renewal", rules=rules_on(dt.date(2026, 11, 22))
            )
        else:
            warnings_state.mark_warning(
                session,
                key=f"renewal:{holder.id}:2027-01-01",
                holder_id=holder.id,
                kind="renewal",
                stage="window",
                level=1,
                action="handled",
                note="已提醒本人",
            )
    with unit_register.session() as session, pytest.raises(UndoRefused, match="钱二"):
        undo_last_import(session)
    with unit_register.session() as session:
        assert holder_records.find_holder(session, _id(2)) is not None
        if later_work == "case":
            assert session.exec(select(Case)).all() != []


def test_units_from_column_option_or_default(register, tmp_path):
    with register.session() as session:
        add_unit(session, name="甲公司", body="91110108MA01AAAA")
        add_unit(session, name="乙公司", body="91110108MA01BBBB")
    rows = [["甲公司", "赵一", _id(1)], ["", "钱二", _id(2)], ["丙公司", "孙三", _id(3)]]
    path = save_roster(tmp_path / "r.xlsx", rows, ["单位名称", "姓名", "证件号码"])
    with register.session() as session:
        plan = plan_import(session, read_roster(path), unit="乙公司", today=TODAY)
        assert {r.name: r.unit for r in plan.rows if r.action == "create"} == {
            "赵一": "甲公司",
            "钱二": "乙公司",
        }
        assert [(e.row, e.column) for e in plan.errors] == [(4, "单位名称")]
        plan = plan_import(session, read_roster(path), today=TODAY)
        assert {r.name: r.unit for r in plan.rows}[
            "钱二"
        ] == "甲公司"  # the default unit: the first created
        with pytest.raises(WrcError, match="丁公司"):
            plan_import(session, read_roster(path), unit="丁公司", today=TODAY)


def test_mapping_step_and_missing_columns(unit_register, tmp_path):
    path = save_roster(tmp_path / "r.xlsx", [["赵一", _id(1), "研发"]], ["员工", "证号", "部门"])
    columns = read_roster(path).columns
    assert columns.header_row == 1 and columns.missing_required() == ["姓名", "身份证号码"]
    assert [columns.headers[i] for i in columns.unmapped] == ["员工", "证号"]
    roster = read_roster(path, {"员工": "姓名", "证号": "身份证号码"})
    with unit_register.session() as session:
        assert len(plan_import(session, roster, today=TODAY).creates) == 1
    path = save_roster(tmp_path / "r2.xlsx", [["赵一", "研发"]], ["姓名", "部门"])
    with (
        unit_register.session() as session,
        pytest.raises(WrcError, match="缺少必需的列：身份证号码"),
    ):
        plan_import(session, read_roster(path), today=TODAY)
    with pytest.raises(WrcError, match="不是可导入的字段"):
        read_roster(tmp_path / "r2.xlsx", {"部门": "工资"})


def test_template_round_trip(unit_register, tmp_path):
    template = write_template(tmp_path / "模板.xlsx")
    roster = read_roster(template)
    assert roster.rows == [] and roster.columns.missing_required() == []
    assert not roster.columns.unmapped


def _xlsx_with(tmp_path, part: str, data: bytes):
    source = save_roster(tmp_path / "ok.xlsx", [["赵一", _id(1)]], ["姓名", "身份证号码"])
    target = tmp_path / f"bad-{part.replace('/', '_')}.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            out.writestr(info, data if info.filename == part else src.read(info.filename))
    return target


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
    b'<c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
)


def test_hostile_and_malformed_files_get_a_clear_message(tmp_path, capsys):
    csv = tmp_path / "名单.xlsx"
    csv.write_text("姓名,身份证号\n张三,1\n", encoding="utf-8")
    encrypted = tmp_path / "加密.xlsx"
    encrypted.write_bytes(
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    old = tmp_path / "旧版.xlsx"
    old.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600)
    broken = tmp_path / "损坏.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    cases = {
        csv: "看起来是文本或 CSV",
        encrypted: "设置了打开密码",
        old: "97-2003",
        broken: "已损坏",
        _xlsx_with(tmp_path, "xl/worksheets/sheet1.xml", BOMB): "不安全的 XML",
        tmp_path / "没有.xlsx": "找不到文件",
    }
    for path, message in cases.items():
        with pytest.raises(UnreadableFile, match=message):
            read_roster(path)
    assert main(["import", str(encrypted), "--json"]) == 2
    err = capsys.readouterr().err.strip()
    assert "设置了打开密码" in err and "\n" not in err


def test_a_dtd_in_any_part_is_refused_before_parsing(tmp_path):
    """Excel never writes a DOCTYPE; a part that declares entities is hostile, whichever parser would read it."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="&lol9;" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ).encode()
    for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        with pytest.raises(UnreadableFile, match="不安全的 XML"):
            read_roster(_xlsx_with(tmp_path, part, bomb))


def test_cli_undo_backs_up_first(unit_register, tmp_path, capsys):
    from wrc_desktop.store import backup

    path = save_roster(tmp_path / "名单.xlsx", good_rows(), HEADER)
    assert main(["import", str(path), "--json"]) == 0
    capsys.readouterr()
    assert main(["import-undo", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["deleted"] == 3 and "pre-undo" in result["backup"]
    saved = [p for p in backup.list_backups(unit_register.backups_dir) if "pre-undo" in p.name]
    assert len(saved) == 1
    with unit_register.session() as session:
        assert session.exec(select(Holder)).all() == []
    assert main(["import-undo"]) == 2
    assert "没有可以撤销的导入" in capsys.readouterr().err
