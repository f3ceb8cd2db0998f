"""表格信息 asks only for the facts the case's forms print, given the holder's housing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tests.conftest import TODAY
from tests.helpers import desk_over, rules_on
from wrc_desktop.desk import case_lifecycle
from wrc_desktop.desk.dialog_data import case_facts_form
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.rules.form_facts import FORM_DATES, LOAN, facts_needed
from wrc_desktop.rules.vocab import HOUSING_KINDS
from wrc_desktop.store.models import Holder, Unit

pytest.importorskip("pytestqt")


def test_the_loan_is_asked_only_for_the_loan_declaration():
    assert facts_needed(["authorization", "declaration", "loan"]) == {LOAN, FORM_DATES}
    assert facts_needed(["authorization", "declaration"]) == {FORM_DATES}
    assert facts_needed([]) == frozenset()


def _case(register, housing: str) -> int:
    with register.session() as session:
        holder = session.exec(
            select(Holder)
            .join(Unit, Unit.id == Holder.unit_id)
            .where(Unit.district == "dongcheng", Holder.status == "active")
            .order_by(Holder.id)
        ).first()
        holder.housing_kind = housing
        session.add(holder)
        session.flush()
        return case_lifecycle.create_case(
            session,
            holder_id=holder.id,
            kind="new",
            clause=1,
            housing=housing,
            rules=rules_on(TODAY),
            submit_on=TODAY + dt.timedelta(days=9),
        ).id


@pytest.mark.parametrize("housing", list(HOUSING_KINDS))
def test_each_housing_kind_asks_for_its_own_facts(demo_register, qtbot, housing):
    from wrc_desktop.gui.dialogs.case_facts_dialog import CaseFactsDialog

    case_id = _case(demo_register, housing)
    desk = desk_over(demo_register, TODAY)
    form = case_facts_form(desk, case_id, on=TODAY)
    borrowed = housing == "borrowed"
    assert (LOAN in form.needed) is borrowed
    assert ("loan" in {p.form.slug for p in form.planned}) is borrowed

    dialog = CaseFactsDialog(None, RegisterOps(desk), case_id)
    qtbot.addWidget(dialog)
    assert dialog.ops.wait()
    assert dialog.loan_box.isVisibleTo(dialog) is borrowed
    assert dialog.no_loan.isVisibleTo(dialog) is not borrowed
    assert ("loan" in dialog.date_rows) is borrowed
