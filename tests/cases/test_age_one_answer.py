"""One answer on age: a holder past the age limit is offered no renewal on the due list, a renewal
case is refused (desk and ``wrc case new``) with the reason and the guide's clause, and the age
reminder (待了结) says the same words as the renewal's row."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import desk_over, holder_data, id_number, permit_data, source_on
from tests.reports.builders import add_unit
from wrc_desktop.cli import main
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.reports.due_list import due_list
from wrc_desktop.rules.age_block import AGE_PASSED
from wrc_desktop.rules.errors import ValidationErrors
from wrc_desktop.store import holder_records
from wrc_desktop.store.case_models import Case

TODAY = dt.date(2026, 11, 30)
EXPIRY = TODAY + dt.timedelta(days=45)  # in the renewal window


def _holder(session, unit_id, name, birth, sequence, track=None):
    number = id_number(birth=birth, sequence=sequence)
    data = holder_data(name=name, id_number=number)
    if track:
        data["retirement_track"] = track
    holder = holder_records.create_holder(
        session,
        unit_id=unit_id,
        holder=data,
        permit=permit_data(
            certificate_no=f"京工居2023{sequence}",
            first_issued=dt.date(2017, 1, 1),
            start=EXPIRY - dt.timedelta(days=3 * 365),
            expiry=EXPIRY,
        ),
    )
    return holder.id, number


@pytest.fixture
def people(register):
    with register.session() as session:
        shijingshan = add_unit(
            session, name="北京石景山测试有限公司", district="石景山区", body="91110107MA01ABCD"
        ).id
        haidian = add_unit(session).id
        return {
            # 001 "男性不超过60周岁": the whole year of age 60, to 2025-06-08; past it now.
            "old": _holder(session, shijingshan, "金英雅", "19640609", "131"),
            # 60 in June 2026: still within "不超过60周岁" (until the 61st birthday, 2027-06-09).
            "sixty": _holder(session, shijingshan, "李四", "19660609", "151"),
            # 海淀 "未达退休年龄", a woman born 1976-03 whose track is not recorded: 50 track
            # 2026-11-05 passed, 55 track 2032-10-05 not — unknown, not refused.
            "unknown": _holder(session, haidian, "朴智妍", "19760305", "022"),
            "fifty": _holder(session, haidian, "崔秀妍", "19760305", "042", "female_50"),
        }


def _rows(register, holder_id):
    with register.session() as session:
        items = due_list(session, source_on(TODAY, session=session)).shown
    return {i.kind: i for i in items if i.holder_id == holder_id}


def test_the_due_list_proposes_no_renewal_and_agrees_with_the_age_reminder(register, people):
    rows = _rows(register, people["old"][0])
    renewal, age = rows["renewal"], rows["age_limit"]
    assert renewal.apply_kind is None and renewal.urgency == "settle"
    assert renewal.step.startswith(AGE_PASSED) and age.step.startswith(AGE_PASSED)
    assert "男性不超过60周岁" in renewal.apply_reason and "001" in renewal.apply_reason
    assert age.urgency == "settle" and age.date == dt.date(2025, 6, 9)
    # Within the year of age 60: a renewal as usual.
    sixty = _rows(register, people["sixty"][0])
    assert sixty["renewal"].apply_kind == "renewal"
    assert "age_limit" not in sixty or sixty["age_limit"].urgency != "settle"


def test_a_renewal_case_is_refused_with_the_reason_and_the_clause(register, people):
    desk = desk_over(register, TODAY)
    holder_id, _ = people["old"]
    assert desk_cases.suggest(desk, holder_id).kind is None
    with pytest.raises(ValidationErrors) as refused:
        desk_cases.create(desk, holder_id=holder_id, kind="renewal")
    message = str(refused.value)
    assert "金英雅" in message and "年龄上限" in message and "男性不超过60周岁" in message
    with register.session() as session:
        assert session.exec(Case.__table__.select()).all() == []
    sixty_id, _ = people["sixty"]
    case_id, _ = desk_cases.create(desk, holder_id=sixty_id, kind="renewal")
    assert desk_cases.view(desk, case_id).case.kind == "renewal"


def test_a_woman_past_her_recorded_track_is_refused_unknown_track_is_not(register, people):
    desk = desk_over(register, TODAY)
    with pytest.raises(ValidationErrors, match="申请人应未达退休年龄"):
        desk_cases.create(desk, holder_id=people["fifty"][0], kind="renewal")
    unknown_id, _ = people["unknown"]
    rows = _rows(register, unknown_id)
    assert rows["renewal"].apply_kind == "renewal"
    assert any("退休年龄档位" in note for note in rows["renewal"].notes)
    assert "退休年龄档位" in rows["age_limit"].step
    desk_cases.create(desk, holder_id=unknown_id, kind="renewal")


def test_wrc_case_new_refuses_with_exit_2_and_one_line(register, people, capsys, isolated_data_dir):
    _, number = people["old"]
    code = main(
        ["case", "new", "--holder", number, "--kind", "renewal", "--today", TODAY.isoformat()]
    )
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "Traceback" not in captured.err
    assert "年龄上限" in lines[0] and "男性不超过60周岁" in lines[0]
    assert number not in captured.err


def test_the_new_case_window_says_why_and_refuses_a_renewal(qtbot, register, people, tmp_path):
    """The window's 办理 path: no renewal suggested, the reason shown, 新建 refused with the clause."""
    from wrc_desktop.gui.dialogs.new_case_dialog import NewCaseDialog
    from wrc_desktop.gui.doors.operations import RegisterOps

    desk = desk_over(register, TODAY)
    desk.save_preferences(desk.preferences().with_changes(case_root=tmp_path / "cases"))
    ops = RegisterOps(desk)
    dialog = NewCaseDialog(ops, holder_id=people["old"][0])
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    assert "年龄上限" in dialog.reason.text() and "男性不超过60周岁" in dialog.reason.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("renewal"))
    dialog.create_case()
    assert ops.wait()
    assert dialog.case_id is None and "男性不超过60周岁" in dialog.error.text()


def test_a_new_application_is_refused_too_and_a_lost_permit_offers_none(register, people):
    """The age reminder says "不能再新办或续签": a 新办 is refused as well, and a lost permit's
    row for a holder past the limit proposes no new application."""
    desk = desk_over(register, TODAY)
    holder_id, _ = people["old"]
    with pytest.raises(ValidationErrors, match="男性不超过60周岁"):
        desk_cases.create(desk, holder_id=holder_id, kind="new", clause=1)
    later = EXPIRY + dt.timedelta(days=10)  # 石景山: lost on the expiry day
    with register.session() as session:
        items = due_list(session, source_on(later, session=session)).shown
    [lost] = [i for i in items if i.holder_id == holder_id and i.kind == "lapsed"]
    assert lost.apply_kind is None and lost.step.startswith(AGE_PASSED)
