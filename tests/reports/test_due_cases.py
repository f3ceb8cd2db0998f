"""Warnings of open cases (办理事项) in the due list, and the open cases in the expiry report."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl

from tests.conftest import TODAY
from tests.helpers import rules_on, source_on
from tests.reports.builders import add_case, add_holder, add_unit, borrowed_housing_case
from wrc_desktop.cli import main
from wrc_desktop.desk import case_lifecycle
from wrc_desktop.reports.due_list import collect_items, due_list, mark
from wrc_desktop.reports.expiry_report import COLUMNS, write_expiry_report
from wrc_desktop.reports.rows import open_cases
from wrc_desktop.store import case_items, case_views

BORROW_DAYS = 90  # 000: 房屋借住声明 valid for 90 calendar days from its date
CASE_COLUMN = [name for name, _ in COLUMNS].index("办理事项")


def _of_kind(session, kind, today=TODAY):
    return [i for i in due_list(session, source_on(today, session=session)).shown if i.kind == kind]


def test_a_declaration_that_expires_before_the_planned_date_warns_until_handled(register, capsys):
    submit = TODAY + dt.timedelta(days=20)
    declared = submit - dt.timedelta(days=100)
    last = declared + dt.timedelta(days=BORROW_DAYS)
    with register.session() as session:
        holder, case = borrowed_housing_case(
            session, today=TODAY, submit_on=submit, declared=declared
        )
    with register.session() as session:
        [item] = _of_kind(session, "material")
        assert (
            item.holder_id == holder.id
            and item.case_id == case.id
            and item.case_number == case.number
        )
        assert item.title == (
            f"房屋借住声明有效至 {last.isoformat()}，早于计划提交日 {submit.isoformat()}"
            f"（办理事项 {case.number}）"
        )
        assert item.date == last and item.days_left == 10 and item.urgency == "urgent"
        assert item.rule == "西城区 房屋借住声明有效天数"
        assert "000" in item.source and not item.unverified
        assert "90 个自然日" in item.detail and submit.isoformat() in item.detail
        assert item.key == f"material:{case.id}:loan_declaration:{last.isoformat()}"
        mark(session, item, action="handled", note="已请房主重签", today=TODAY)
    with register.session() as session:
        assert _of_kind(session, "material") == []
        assert [i.key for i in due_list(session, source_on(TODAY, session=session)).hidden] == [
            item.key
        ]
        # the same deadline once it has passed: a more urgent stage shows again, under the same key
        [again] = _of_kind(session, "material", last + dt.timedelta(days=3))
        assert again.key == item.key and again.urgency == "overdue" and again.stage == "已失效"
        assert f"已于 {(last + dt.timedelta(days=1)).isoformat()} 失效" in again.title
    capsys.readouterr()
    assert main(["due", "--json", "--today", (last + dt.timedelta(days=3)).isoformat()]) == 0
    printed = [i for i in json.loads(capsys.readouterr().out)["items"] if i["kind"] == "material"]
    assert [(i["case_number"], i["case_id"], i["kind_label"]) for i in printed] == [
        (case.number, case.id, "办理材料到期")
    ]


def test_a_fresh_declaration_or_a_later_plan_ends_the_warning(register):
    submit = TODAY + dt.timedelta(days=20)
    with register.session() as session:
        _holder, case = borrowed_housing_case(
            session, today=TODAY, submit_on=submit, declared=submit - dt.timedelta(days=100)
        )
        assert [
            i.kind
            for i in collect_items(session, source_on(TODAY, session=session))
            if i.case_id == case.id
        ] == ["material"]
        case_items.update_item(
            session, case.id, "loan_declaration", dated=TODAY, rules=rules_on(TODAY)
        )
        assert [
            i
            for i in collect_items(session, source_on(TODAY, session=session))
            if i.kind == "material"
        ] == []


def test_without_a_planned_date_the_lead_time_applies(register):
    with register.session() as session:
        _h, soon = borrowed_housing_case(
            session, today=TODAY, submit_on=None, declared=TODAY - dt.timedelta(days=70)
        )  # valid 20 more days
        _h, later = borrowed_housing_case(
            session,
            today=TODAY,
            submit_on=None,
            name="李四",
            sequence="135",
            declared=TODAY - dt.timedelta(days=50),
        )  # valid 40 more days
        items = {
            i.case_id: i
            for i in collect_items(session, source_on(TODAY, session=session))
            if i.kind == "material"
        }
        assert set(items) == {soon.id}
        assert (
            "尚未填写计划提交日期" in items[soon.id].title
            and items[soon.id].stage == "提交前将失效"
        )
        assert later.id in {
            i.case_id
            for i in collect_items(
                session, source_on(TODAY + dt.timedelta(days=11), session=session)
            )
            if i.kind == "material"
        }


def test_decided_and_submitted_cases_never_warn_about_materials(register):
    submit = TODAY + dt.timedelta(days=20)
    with register.session() as session:
        _h, approved = borrowed_housing_case(
            session, today=TODAY, submit_on=submit, declared=submit - dt.timedelta(days=100)
        )
        _h, handed_in = borrowed_housing_case(
            session,
            today=TODAY,
            submit_on=submit,
            name="李四",
            sequence="135",
            declared=submit - dt.timedelta(days=100),
        )
        assert {
            i.case_id
            for i in collect_items(session, source_on(TODAY, session=session))
            if i.kind == "material"
        } == {approved.id, handed_in.id}
        for case in (approved, handed_in):
            case_lifecycle.set_status(
                session, case.id, status="submitted", on=TODAY, force=True, rules=rules_on(TODAY)
            )
        case_lifecycle.set_status(
            session,
            approved.id,
            status="approved",
            on=TODAY + dt.timedelta(days=5),
            rules=rules_on(TODAY),
        )
    with register.session() as session:
        for today in (TODAY, submit, submit + dt.timedelta(days=60)):
            assert [
                i
                for i in collect_items(session, source_on(today, session=session))
                if i.kind in ("material", "case")
            ] == []


def test_open_cases_label_the_expiry_report_and_the_renewal_warning(register, tmp_path):
    with register.session() as session:
        unit = add_unit(session)
        renewing = add_holder(session, unit.id, expiry=TODAY + dt.timedelta(days=50))
        idle = add_holder(
            session, unit.id, name="李四", sequence="135", expiry=TODAY + dt.timedelta(days=55)
        )
        case = add_case(session, renewing.id, "renewal", today=TODAY)
        assert open_cases(session, [renewing.id, idle.id]) == {renewing.id: "续签·准备中"}
        write_expiry_report(
            session, tmp_path / "到期.xlsx", today=TODAY, source=source_on(TODAY, session=session)
        )
        renewals = {
            i.holder_id: i
            for i in collect_items(session, source_on(TODAY, session=session))
            if i.kind == "renewal"
        }
        kinds = {i.kind for i in collect_items(session, source_on(TODAY, session=session))}
    sheet = openpyxl.load_workbook(tmp_path / "到期.xlsx")["到期明细"]
    column = {
        row[2].value: row[CASE_COLUMN].value for row in sheet.iter_rows(min_row=4) if row[2].value
    }
    assert column == {"张三": "续签·准备中", "李四": None}
    # the renewal warning of the holder whose renewal is in hand points at the case, and says so
    assert renewals[renewing.id].case_id == case.id and renewals[idle.id].case_id is None
    assert f"已在办理：办理事项 {case.number}（续签·准备中）" in renewals[renewing.id].notes
    assert "case" not in kinds  # its 最晚提交日 is the renewal warning's date: not warned twice


def test_a_case_deadline_without_a_holder_warning_of_its_own(register):
    with register.session() as session:
        unit = add_unit(
            session, name="北京西城测试有限公司", district="西城区", body="91110102MA01XCHA"
        )
        joiner = add_holder(session, unit.id, expiry=TODAY + dt.timedelta(days=45))
        case = add_case(session, joiner.id, "employer-change", today=TODAY)
        deadline = case_views.case_view(session, case.id, rules=rules_on(TODAY)).check.next_deadline
        [item] = [
            i for i in collect_items(session, source_on(TODAY, session=session)) if i.kind == "case"
        ]
        assert (
            item.case_id == case.id
            and item.date == deadline.day
            and item.kind_label == "办理事项期限"
        )
        assert item.key == f"case:{case.id}:{deadline.day.isoformat()}"
        assert item.title.startswith(
            f"{deadline.what}：{deadline.day.isoformat()}（办理事项 {case.number}"
        )
        assert (
            item.rule == "西城区 聘用单位变更须在有效期满前预留的工作日"
            and item.source == deadline.source
        )
        far = deadline.day - dt.timedelta(days=31)
        assert [
            i for i in collect_items(session, source_on(far, session=session)) if i.kind == "case"
        ] == []


def test_the_clerks_material_lead_time_replaces_the_30_day_default(register):
    from wrc_desktop.reports.due_list import set_lead_times

    with register.session() as session:
        _h, case = borrowed_housing_case(
            session, today=TODAY, submit_on=None, declared=TODAY - dt.timedelta(days=50)
        )  # valid 40 more days
        assert case.id not in {
            i.case_id
            for i in collect_items(session, source_on(TODAY, session=session))
            if i.kind == "material"
        }
        set_lead_times(session, {"material": 45})
        assert case.id in {
            i.case_id
            for i in collect_items(session, source_on(TODAY, session=session))
            if i.kind == "material"
        }
