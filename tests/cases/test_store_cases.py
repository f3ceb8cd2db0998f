"""Cases in the register: creation, validation, audit, statuses and approval."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cases.conftest import TODAY
from tests.helpers import rules_on
from wrc_desktop.desk import case_lifecycle
from wrc_desktop.rules.errors import ValidationErrors, WrcError
from wrc_desktop.store import audit, case_items, case_list, case_views, holder_records


def test_create_numbers_prefills_and_audits(register, people):
    with register.session() as session:
        first = case_lifecycle.create_case(
            session,
            holder_id=people["hai"],
            kind="renewal",
            rules=rules_on(TODAY),
            submit_on="2026-12-01",
        )
        second = case_lifecycle.create_case(
            session, holder_id=people["hai"], kind="general-change", rules=rules_on(TODAY)
        )
        assert (first.number, second.number) == ("2026-0001", "2026-0002")
        assert (
            first.district == "haidian"
            and first.housing == "residence-permit"
            and first.status == "preparing"
        )
        view = case_views.case_view(session, first.id, rules=rules_on(TODAY))
        contract = next(r for r in view.rows if r.key == "labor_contract")
        assert contract.state.valid_until == dt.date(
            2028, 2, 29
        ) and contract.state.dated == dt.date(2024, 3, 1)
        assert audit.trail(session, "case", first.id)[0].new_value == "2026-0001 王五 续签"


def test_bad_input_names_every_field(register, people):
    with register.session() as session, pytest.raises(ValidationErrors) as error:
        case_lifecycle.create_case(
            session,
            holder_id=people["dong"],
            kind="new",
            rules=rules_on(TODAY),
            clause=9,
            housing="tent",
            submit_on="2026-02-30",
        )
    fields = error.value.by_field()
    assert set(fields) == {"clause", "housing", "submit_on"}
    assert "申报条款" in str(error.value) and "“tent”不是可用的住所证明类型" in str(error.value)
    with register.session() as session, pytest.raises(ValidationErrors, match="不是张三的随往人员"):
        case_lifecycle.create_case(
            session,
            holder_id=people["dong"],
            kind="family-change",
            rules=rules_on(TODAY),
            family_ids=[999],
        )
    with (
        register.session() as session,
        pytest.raises(ValidationErrors, match="海淀区没有有效期自动延续"),
    ):
        case_lifecycle.create_case(
            session, holder_id=people["hai"], kind="auto-extension", rules=rules_on(TODAY)
        )


def test_family_members_shape_the_checklist(register, people):
    with register.session() as session:
        case = case_lifecycle.create_case(
            session,
            holder_id=people["dong"],
            kind="family-change",
            rules=rules_on(TODAY),
            family_ids=list(people["family"].values()),
            submit_on="2026-12-01",
        )
        keys = case_views.case_view(session, case.id, rules=rules_on(TODAY)).checklist.item_keys()
    assert {"spouse_contract", "child_birth_certificate.1", "child_hukou.1"} <= set(keys)
    assert "child_school_certificate.1" not in keys  # 张小明 is 12


def test_status_moves_and_approval_adds_the_new_period(register, people):
    with register.session() as session:
        case = case_lifecycle.create_case(
            session,
            holder_id=people["hai"],
            kind="renewal",
            rules=rules_on(TODAY),
            submit_on="2026-12-01",
        )
        with pytest.raises(WrcError, match="当前为“准备中”，不能改为“已核准”"):
            case_lifecycle.set_status(
                session, case.id, status="approved", on=TODAY, rules=rules_on(TODAY)
            )
        with pytest.raises(WrcError, match="尚不能提交：有效聘用（劳动）合同：缺少此项材料"):
            case_lifecycle.set_status(
                session, case.id, status="submitted", on="2026-12-01", rules=rules_on(TODAY)
            )
        case_lifecycle.set_status(
            session, case.id, status="submitted", on="2026-12-01", force=True, rules=rules_on(TODAY)
        )
        with pytest.raises(ValidationErrors, match="请写明退回补正的原因"):
            case_lifecycle.set_status(
                session, case.id, status="returned", on="2026-12-05", rules=rules_on(TODAY)
            )
        case_lifecycle.set_status(
            session,
            case.id,
            status="returned",
            on="2026-12-05",
            note="收入材料未盖财务章",
            rules=rules_on(TODAY),
        )
        case_lifecycle.set_status(
            session, case.id, status="submitted", on="2026-12-08", force=True, rules=rules_on(TODAY)
        )
        assert case_lifecycle.suggest_expiry(
            session, case.id, on=dt.date(2026, 12, 20), rules=rules_on(TODAY)
        ) == dt.date(2029, 12, 19)
        done = case_lifecycle.set_status(
            session, case.id, status="approved", on="2026-12-20", rules=rules_on(TODAY)
        )
        assert done.approved_expiry == dt.date(2029, 12, 19) and done.decided_on == dt.date(
            2026, 12, 20
        )
        current = holder_records.holder_detail(session, people["hai"]).current_permit.current
        assert (current.start, current.expiry, current.source) == (
            dt.date(2026, 12, 20),
            dt.date(2029, 12, 19),
            "renewal",
        )
        notes = [e.note for e in audit.trail(session, "case", case.id) if e.action == "status"]
        assert "收入材料未盖财务章" in notes


def test_approving_a_new_case_creates_the_permit(register, people):
    with register.session() as session:
        case = case_lifecycle.create_case(
            session, holder_id=people["dong"], kind="new", clause=1, rules=rules_on(TODAY)
        )
        case_lifecycle.set_status(
            session, case.id, status="submitted", on="2026-12-01", force=True, rules=rules_on(TODAY)
        )
        case_lifecycle.set_status(
            session,
            case.id,
            status="approved",
            on="2026-12-28",
            expiry="2029-12-31",
            rules=rules_on(TODAY),
        )
        permit = holder_records.holder_detail(session, people["dong"]).current_permit
        assert permit.permit.first_issued == dt.date(2026, 12, 28)
        assert permit.current.expiry == dt.date(2029, 12, 31) and permit.current.source == "new"


def test_items_record_dates_and_refuse_bad_ones(register, people):
    with register.session() as session:
        case = case_lifecycle.create_case(
            session, holder_id=people["dong"], kind="new", clause=1, rules=rules_on(TODAY)
        )
        case_items.update_item(
            session,
            case.id,
            "loan_declaration",
            collected=True,
            dated="2026-11-20",
            rules=rules_on(TODAY),
        )
        with pytest.raises(ValidationErrors, match="房屋借住声明的有效期至"):
            case_items.update_item(
                session,
                case.id,
                "loan_declaration",
                valid_until="2026-13-01",
                rules=rules_on(TODAY),
            )
        with pytest.raises(WrcError, match="材料清单中没有“nothing”"):
            case_items.update_item(
                session, case.id, "nothing", collected=True, rules=rules_on(TODAY)
            )
        row = next(
            r
            for r in case_views.case_view(session, case.id, rules=rules_on(TODAY)).rows
            if r.key == "loan_declaration"
        )
        assert row.state.state == "collected" and row.state.dated == dt.date(2026, 11, 20)
        assert row.valid_through == dt.date(2027, 2, 18)  # 90 days from 2026-11-20


def test_open_case_summaries_for_the_due_list(register, people):
    with register.session() as session:
        case = case_lifecycle.create_case(
            session,
            holder_id=people["hai"],
            kind="renewal",
            rules=rules_on(TODAY),
            submit_on="2026-12-01",
        )
        case_items.update_item(
            session,
            case.id,
            "integrity_declaration",
            collected=True,
            dated="2026-11-10",
            rules=rules_on(TODAY),
        )
        [summary] = case_list.open_case_summaries(session, rules=rules_on(TODAY))
    assert (
        summary.number == case.number
        and summary.status_label == "准备中"
        and not summary.can_submit
    )
    # Haidian: a dated material is good for one month (002 四、（二）): the declaration of 11-10 until 12-10.
    assert summary.expiring == (("个人诚信声明", dt.date(2026, 12, 10)),)
    assert summary.next_deadline == dt.date(2026, 12, 10)
    assert summary.missing == 5  # with 海淀's system photo (002 四（一）)


def test_cases_read_together_give_the_views_and_rows_read_one_by_one(register, people):
    """The cases page and the due list read many cases at once; each must be the very view
    (and row) the case window and ``wrc case list`` show of it alone."""
    rules = rules_on(TODAY)
    with register.session() as session:
        family = case_lifecycle.create_case(
            session,
            holder_id=people["dong"],
            kind="family-change",
            family_ids=list(people["family"].values()),
            rules=rules,
        )
        renewal = case_lifecycle.create_case(
            session, holder_id=people["hai"], kind="renewal", rules=rules, submit_on="2026-12-01"
        )
        case_items.update_item(
            session,
            renewal.id,
            "integrity_declaration",
            collected=True,
            dated="2026-11-10",
            rules=rules,
        )
        case_items.add_attachment(
            session, renewal.id, "integrity_declaration", path="a.pdf", rules=rules
        )
        case_items.add_attachment(
            session, renewal.id, "integrity_declaration", path="b.pdf", rules=rules
        )
        change = case_lifecycle.create_case(
            session, holder_id=people["hai"], kind="general-change", rules=rules
        )
        made = [change, renewal, family]  # the newest first, as the lists show them
        one_by_one = [case_views.case_view(session, case.id, rules=rules) for case in made]
        assert case_views.case_views(session, made, rules=rules) == one_by_one
        assert [
            len(r.attachments) for r in one_by_one[1].rows if r.key == "integrity_declaration"
        ] == [2]
        assert "spouse_contract" in one_by_one[2].checklist.item_keys()  # the family was read

        summaries = case_list.open_case_summaries(session, rules=rules)
        heads = case_list.case_heads(session)
        assert [s.id for s in summaries] == [h.id for h in heads] == [c.id for c in made]
        head_fields = list(case_list.CaseHead.__dataclass_fields__)
        for summary, head in zip(summaries, heads, strict=True):
            assert {f: getattr(summary, f) for f in head_fields} == head.__dict__
        # A few cases at a time, as the cases page asks for them: the same rows.
        some = case_list.open_case_summaries(session, rules=rules, case_ids=[family.id, change.id])
        assert some == [summaries[0], summaries[2]]
