"""The case's 表格信息 dialog: enter the loan's owners and dates, see old → new, save, regenerate."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tests.conftest import TODAY
from tests.helpers import desk_over, id_number, rules_on
from wrc_desktop.desk import case_lifecycle
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.store.case_facts import read_facts, write_facts
from wrc_desktop.store.models import Holder, Unit

pytest.importorskip("pytestqt")
OWNER = id_number("110101", "19550307", "031")


@pytest.fixture
def borrower_case(demo_register):
    with demo_register.session() as session:
        holder = session.exec(
            select(Holder)
            .join(Unit, Unit.id == Holder.unit_id)
            .where(Unit.district == "dongcheng", Holder.status == "active")
            .order_by(Holder.id)
        ).first()
        holder.housing_kind = "borrowed"
        session.add(holder)
        session.flush()
        return case_lifecycle.create_case(
            session,
            holder_id=holder.id,
            kind="new",
            clause=1,
            housing="borrowed",
            rules=rules_on(TODAY),
            submit_on=TODAY + dt.timedelta(days=9),
        ).id


def _dialog(qtbot, register, case_id, tmp_path):
    from wrc_desktop.gui.dialogs.case_facts_dialog import CaseFactsDialog

    desk = desk_over(register, TODAY)
    desk.save_preferences(desk.preferences().with_changes(case_root=tmp_path / "cases"))
    ops = RegisterOps(desk)
    dialog = CaseFactsDialog(None, ops, case_id, holder_address="北京市东城区东四十条 1 号")
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    return dialog


def test_the_clerk_enters_the_loan_and_a_date_sees_each_change_and_saves(
    qtbot, demo_register, borrower_case, tmp_path
):
    dialog = _dialog(qtbot, demo_register, borrower_case, tmp_path)
    # Every form of the case is listed with the date the app would print.
    assert set(dialog.date_rows) == {"authorization", "declaration", "loan"}
    check, _edit = dialog.date_rows["declaration"]
    assert (
        "自动：2026-11-24" in check.text()
    )  # Sunday: the forms take Monday, the declaration Tuesday
    dialog._add_owner("张大山", OWNER)
    dialog._add_owner("李秀英", "110101195708110422")  # a wrong check digit
    dialog.since_known.setChecked(True)
    dialog.since.setDate(dt.date(2024, 3, 1))
    dialog.relation.setText("父子")
    dialog.room.setText("2号楼301室")
    check, edit = dialog.date_rows["loan"]
    check.setChecked(True)
    edit.setDate(dt.date(2026, 11, 21))
    shown: list[str] = []
    dialog.confirm = lambda text: shown.append(text) or True
    dialog.save()
    assert "第 2 位房主的身份证号码" in dialog.status.text() and not shown  # nothing stored
    dialog.owners.removeRow(1)
    dialog.show()
    dialog.grab().save(str(tmp_path / "facts.png"))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    [text] = shown
    assert "房主：（空） → 张大山（110101********031" in text
    assert (
        "门牌：（空） → 2号楼301室" in text
        and "《房屋借住声明》落款日期：（空） → 2026-11-21" in text
    )
    assert OWNER not in text
    with demo_register.session() as session:
        facts = read_facts(session, borrower_case)[0]
    assert facts.loan.owners[0].id_number == OWNER and facts.form_dates == {
        "loan": dt.date(2026, 11, 21)
    }


def test_a_dialog_opened_before_another_change_does_not_overwrite_it(
    qtbot, demo_register, borrower_case, tmp_path
):
    from wrc_desktop.rules.form_facts import CaseFormFacts, LoanFacts

    dialog = _dialog(qtbot, demo_register, borrower_case, tmp_path)
    with demo_register.session() as session:  # a second window saves first
        write_facts(session, borrower_case, CaseFormFacts(loan=LoanFacts(relation="母女")))
    dialog.relation.setText("父子")
    dialog.confirm = lambda text: True
    dialog.save()
    qtbot.waitUntil(lambda: "已在您打开后被修改" in dialog.status.text(), timeout=10_000)
    assert "表格信息" in dialog.status.text()
    with demo_register.session() as session:
        assert read_facts(session, borrower_case)[0].loan.relation == "母女"
