"""A case whose kind contradicts the permit is refused when it is created (desk and CLI), nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import desk_over, holder_data, id_number, permit_data
from tests.reports.builders import add_unit
from wrc_desktop.cli import main
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.rules.errors import ValidationErrors
from wrc_desktop.store import holder_records
from wrc_desktop.store.case_models import Case

TODAY = dt.date(2026, 11, 30)


def _holder(session, unit_id: int, sequence: str, *, expiry: dt.date, first: dt.date):
    number = id_number(birth="19850101", sequence=sequence)
    holder = holder_records.create_holder(
        session,
        unit_id=unit_id,
        holder=holder_data(name=f"测试{sequence}", id_number=number),
        permit=permit_data(
            certificate_no=f"京工居2023000{sequence}",
            first_issued=first,
            start=expiry - dt.timedelta(days=3 * 365),
            expiry=expiry,
        ),
    )
    return holder.id, number


@pytest.fixture
def people(register):
    with register.session() as session:
        haidian = add_unit(session).id
        dongcheng = add_unit(
            session, name="北京东城测试有限公司", district="东城区", body="91110101MA01ABCD"
        ).id
        found = {
            "lost": _holder(
                session,
                haidian,
                "111",
                expiry=TODAY - dt.timedelta(days=117),
                first=dt.date(2017, 1, 1),
            ),
            "renew": _holder(
                session,
                haidian,
                "112",
                expiry=TODAY + dt.timedelta(days=45),
                first=dt.date(2017, 1, 1),
            ),
            "auto": _holder(
                session,
                dongcheng,
                "113",
                expiry=TODAY - dt.timedelta(days=25),
                first=dt.date(2023, 11, 6),
            ),
        }
    return found


def _cases(register) -> int:
    with register.session() as session:
        return len(session.exec(Case.__table__.select()).all())


def test_the_desk_refuses_a_renewal_of_a_lost_permit_and_writes_nothing(register, people):
    desk = desk_over(register, TODAY)
    holder_id, _ = people["lost"]
    with pytest.raises(ValidationErrors, match="失效，不能办理续签：只能按新办重新申请") as refused:
        desk_cases.create(desk, holder_id=holder_id, kind="renewal")
    assert refused.value.by_field() == {"kind": str(refused.value).removeprefix("办理事项：")}
    assert _cases(register) == 0
    found = desk_cases.suggest(desk, holder_id)
    assert found.kind == "new" and "只能按新办重新申请" in found.reason
    case_id, _changes = desk_cases.create(desk, holder_id=holder_id, kind="new", clause=1)
    assert desk_cases.view(desk, case_id).case.kind == "new"


def test_the_desk_refuses_a_renewal_dongcheng_does_not_file_and_a_date_after_the_loss(
    register, people
):
    desk = desk_over(register, TODAY)
    holder_id, _ = people["auto"]
    with pytest.raises(ValidationErrors, match="东城区不再续签.*自动延续确认"):
        desk_cases.create(desk, holder_id=holder_id, kind="renewal")
    lost = TODAY + dt.timedelta(days=5)  # 25 days after the expiry, 30 of grace
    with pytest.raises(ValidationErrors, match="不早于证件失效日"):
        desk_cases.create(desk, holder_id=holder_id, kind="auto-extension", submit_on=lost)
    assert _cases(register) == 0
    found = desk_cases.suggest(desk, holder_id)
    assert found.kind == "auto-extension" and found.planned < lost
    case_id, _changes = desk_cases.create(
        desk, holder_id=holder_id, kind=found.kind, submit_on=found.planned
    )
    view = desk_cases.view(desk, case_id)
    assert view.case.kind == "auto-extension"
    assert [row.key for row in view.rows][:2] == ["unit_review", "labor_contract"]


def test_a_renewal_in_time_is_suggested_with_a_date_no_later_than_the_latest(register, people):
    desk = desk_over(register, TODAY)
    holder_id, _ = people["renew"]
    found = desk_cases.suggest(desk, holder_id)
    deadlines = desk.deadlines().renewal(
        "haidian", TODAY + dt.timedelta(days=45), dt.date(2017, 1, 1)
    )
    assert found.kind == "renewal" and found.latest == deadlines.latest_submission
    assert deadlines.window_opens <= found.planned <= found.latest
    case_id, _ = desk_cases.create(
        desk, holder_id=holder_id, kind="renewal", submit_on=found.planned
    )
    assert desk_cases.view(desk, case_id).case.submit_on == found.planned


def test_the_cli_refuses_with_exit_2_and_one_line(register, people, capsys, isolated_data_dir):
    _, number = people["lost"]
    code = main(
        ["case", "new", "--holder", number, "--kind", "renewal", "--today", TODAY.isoformat()]
    )
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "只能按新办重新申请" in lines[0] and "Traceback" not in captured.err
    assert number not in captured.err  # no full ID number in a message
    assert _cases(register) == 0


def test_moving_the_planned_date_onto_the_loss_is_refused_other_edits_are_not(register, people):
    desk = desk_over(register, TODAY)
    holder_id, _ = people["auto"]
    found = desk_cases.suggest(desk, holder_id)
    case_id, _ = desk_cases.create(
        desk, holder_id=holder_id, kind=found.kind, submit_on=found.planned
    )
    lost = TODAY + dt.timedelta(days=5)
    with pytest.raises(ValidationErrors, match="计划提交日期：计划提交日期 .* 不早于证件失效日"):
        desk_cases.update(desk, case_id, data={"submit_on": lost.isoformat()})
    desk_cases.update(desk, case_id, data={"submit_on": found.planned, "notes": "已约单位审核"})
    assert desk_cases.view(desk, case_id).case.notes == "已约单位审核"


def test_a_second_open_case_for_the_same_task_is_refused_until_the_first_is_over(register, people):
    desk = desk_over(register, TODAY)
    holder_id, _ = people["renew"]
    planned = desk_cases.suggest(desk, holder_id).planned
    case_id, _ = desk_cases.create(desk, holder_id=holder_id, kind="renewal", submit_on=planned)
    number = desk_cases.view(desk, case_id).case.number
    with pytest.raises(ValidationErrors, match=f"已有未完结的办理事项 {number}（续签）"):
        desk_cases.create(desk, holder_id=holder_id, kind="renewal", submit_on=planned)
    assert _cases(register) == 1
    # Another task of the same holder is its own case.
    desk_cases.create(desk, holder_id=holder_id, kind="general-change")
    assert _cases(register) == 2
    # Once the renewal is over (not accepted here), a new one may start.
    desk_cases.set_status(desk, case_id, status="submitted", on=TODAY, force=True)
    desk_cases.set_status(desk, case_id, status="rejected", on=TODAY, note="材料不全")
    desk_cases.create(desk, holder_id=holder_id, kind="renewal", submit_on=planned)
    assert _cases(register) == 3
