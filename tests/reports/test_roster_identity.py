"""The import and the ID look-ups by document: an old 15-digit ID finds its 18-digit holder, a
permanent residence card imports, and every value read for an existing holder is applied or
reported as not applied (never 无变化 in silence)."""

from __future__ import annotations

import json

import pytest
from stdnum.iso7064 import mod_11_2

from tests.conftest import TODAY
from tests.helpers import holder_data, id_number, permit_data
from tests.reports.builders import add_unit, save_roster
from wrc_desktop.cli import main
from wrc_desktop.reports.roster_import import commit_import, plan_import, read_roster
from wrc_desktop.store import holder_records

STORED = "110105199403150091"  # issued as 110105940315009
OLD = "110105940315009"


@pytest.fixture
def stored_holder(register):
    with register.session() as session:
        unit = add_unit(session)
        holder_records.create_holder(
            session,
            unit_id=unit.id,
            holder=holder_data(name="王五", id_number=STORED),
            permit=permit_data(),  # 京工居2024000123, first issued 2021-06-01, valid to 2027-05-31
        )
    return register


def test_an_old_15_digit_id_matches_the_stored_18_digit_holder(stored_holder, tmp_path):
    path = save_roster(
        tmp_path / "旧号码.xlsx", [["王五", OLD, "法务部"]], ["姓名", "身份证号码", "部门"]
    )
    with stored_holder.session() as session:
        plan = plan_import(session, read_roster(path), today=TODAY)
        assert plan.errors == [] and plan.creates == []
        assert [(r.action, r.id_masked) for r in plan.rows] == [("update", "110105********0091")]
        assert [str(c) for c in plan.rows[0].changes] == ["部门：研发中心 → 法务部"]
        commit_import(session, plan)
    with stored_holder.session() as session:
        assert holder_records.holder_count(session) == 1
        assert holder_records.find_holder(session, OLD).department == "法务部"


def test_the_cli_finds_a_holder_by_the_old_number_and_never_prints_a_full_one(
    stored_holder, capsys
):
    assert main(["case", "new", "--holder", OLD, "--kind", "renewal"]) == 0
    assert "王五" in capsys.readouterr().out
    unknown = id_number(birth="19900101", sequence="001")
    assert main(["case", "new", "--holder", unknown, "--kind", "renewal"]) == 2
    err = capsys.readouterr().err
    assert f"登记册中没有证件号码为“110105********{unknown[-4:]}”的持证人" in err
    assert unknown not in err


def test_a_permanent_residence_card_imports_as_its_own_document(stored_holder, tmp_path):
    body = "91560019900101001"
    number = body + mod_11_2.calc_check_digit(body)
    path = save_roster(tmp_path / "永居.xlsx", [["John Smith", number]], ["姓名", "证件号码"])
    with stored_holder.session() as session:
        plan = plan_import(session, read_roster(path), today=TODAY)
        assert plan.errors == []
        assert plan.creates[0].holder["id_type"] == "foreign_pr"


def test_a_resident_id_typed_as_passport_is_refused_in_the_import(stored_holder, tmp_path):
    number = "11010519900101001" + "5"  # a wrong check digit
    path = save_roster(
        tmp_path / "护照.xlsx", [["赵六", "护照", number]], ["姓名", "证件类型", "证件号码"]
    )
    with stored_holder.session() as session:
        plan = plan_import(session, read_roster(path), today=TODAY)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "证件号码")]
    assert "是居民身份证号码的格式，证件类型却是“护照”" in plan.errors[0].message
    assert number not in plan.errors[0].message


def test_status_and_first_issue_of_an_existing_permit_are_reported_not_applied(
    stored_holder, tmp_path, capsys
):
    header = ["姓名", "身份证号码", "证书编号", "首次发证日期", "有效期起", "有效期至", "证件状态"]
    rows = [["王五", STORED, "京工居2024000123", "2020-01-01", "2024-07-01", "2027-05-31", "注销"]]
    path = save_roster(tmp_path / "状态.xlsx", rows, header)
    with stored_holder.session() as session:
        plan = plan_import(session, read_roster(path), today=TODAY)
    assert plan.errors == []
    (planned,) = plan.rows
    assert planned.action == "unchanged" and planned.changes == []
    assert [str(c) for c in planned.ignored] == [
        "证件状态：有效 → 注销（未采用：导入不修改已有证件的状态，请在该人的证件页中修改）",
        (
            "首次发证日期：2021-06-01 → 2020-01-01"
            "（未采用：导入不修改已有证件的首次发证日期，请在该人的证件页中修改）"
        ),
        (
            "有效期起：2024-06-01 → 2024-07-01"
            "（未采用：有效期至与登记册相同，不新增有效期，故不修改其开始日期）"
        ),
    ]
    assert plan.as_dict()["rows"][0]["not_applied"][0]["new"] == "注销"
    assert main(["import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "第 2 行 无变化：王五" in out and "证件状态：有效 → 注销（未采用：" in out


def test_a_new_certificate_takes_the_file_status_and_first_issue(stored_holder, tmp_path):
    header = ["姓名", "身份证号码", "证书编号", "首次发证日期", "有效期至", "证件状态"]
    rows = [["王五", STORED, "京工居2027000001", "2021-06-01", "2030-05-31", "有效"]]
    path = save_roster(tmp_path / "新证.xlsx", rows, header)
    with stored_holder.session() as session:
        plan = plan_import(session, read_roster(path), today=TODAY)
    assert plan.rows[0].action == "update" and plan.rows[0].ignored == []
    assert json.loads(json.dumps(plan.as_dict()))["rows"][0]["not_applied"] == []
