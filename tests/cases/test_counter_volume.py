"""东城's counter days from the unit's real volume (003 五: "每周一、二集中办理小于五份申请的单位；
每周三至周五接待办理总量大于五份（含）申请的单位"): the unit's open cases planned for the same
week, or the clerk's setting on the unit — one computation for the register, the due list and
the case window."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests.helpers import desk_over, holder_data, id_number, permit_data, source_on
from tests.reports.builders import add_unit
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.reports.due_list import due_list
from wrc_desktop.rules.counter import unit_applications, week_of
from wrc_desktop.rules.errors import ValidationErrors
from wrc_desktop.rules.validation import clean_unit
from wrc_desktop.store import holder_records, unit_records

TODAY = dt.date(2026, 12, 21)
EXPIRY = dt.date(2027, 1, 15)  # a Friday
PLANNED = dt.date(2027, 1, 13)  # the Wednesday of the same week
SMALL_LATEST = dt.date(2027, 1, 12)  # the last Monday/Tuesday on or before the expiry
LARGE_LATEST = dt.date(2027, 1, 15)  # the last Wednesday–Friday on or before it


def test_the_volume_is_the_setting_else_the_same_weeks_planned_cases():
    planned = Counter({(2027, 2): 5, (2027, 3): 1})
    assert unit_applications(None, planned, (2027, 2)) == 5
    assert unit_applications(None, planned, (2027, 3)) == 1
    assert unit_applications(None, planned, (2027, 9)) is None
    assert unit_applications(None, planned) == 5  # no week of its own: the busiest
    assert unit_applications(2, planned, (2027, 2)) == 2  # the clerk knows better
    assert unit_applications(None, Counter()) is None
    assert week_of(PLANNED) == (2027, 2)


def test_a_units_setting_is_a_whole_number_or_blank():
    base = {"name": "甲公司", "uscc": "91110101MA01ABCD9X", "district": "东城"}
    with pytest.raises(ValidationErrors, match="窗口一次提交份数"):
        clean_unit({**base, "counter_applications": "五"})


@pytest.fixture
def unit(register):
    with register.session() as session:
        unit = add_unit(
            session, name="北京东城测试有限公司", district="东城区", body="91110101MA01ABCD"
        )
        ids = []
        for index in range(6):
            holder = holder_records.create_holder(
                session,
                unit_id=unit.id,
                holder=holder_data(
                    name=f"测试{index}",
                    id_number=id_number(birth="19900101", sequence=f"{index:02d}3"),
                ),
                permit=permit_data(
                    certificate_no=f"京工居20180{index}",
                    first_issued=dt.date(2018, 1, 15),  # before 2019-05: renewed, not extended
                    start=EXPIRY - dt.timedelta(days=3 * 365),
                    expiry=EXPIRY,
                ),
            )
            ids.append(holder.id)
    return unit.id, ids


def _latest(desk, holder_id):
    snapshot = desk_holders.snapshot(desk, [holder_id])
    return snapshot.states[0].latest_submission


def test_five_cases_planned_for_one_week_move_the_register_due_list_and_case_window(register, unit):
    unit_id, ids = unit
    desk = desk_over(register, TODAY)
    assert _latest(desk, ids[0]) == SMALL_LATEST
    case_ids = [
        desk_cases.create(desk, holder_id=holder_id, kind="renewal", submit_on=PLANNED)[0]
        for holder_id in ids[:5]
    ]
    # Five applications that week: Wednesday to Friday, for the holders with a case and for
    # the sixth (the unit's busiest planned week).
    assert _latest(desk, ids[0]) == LARGE_LATEST
    assert _latest(desk, ids[5]) == LARGE_LATEST
    with register.session() as session:
        items = due_list(session, source_on(TODAY, session=session)).shown
    renewals = {i.holder_id: i for i in items if i.kind == "renewal"}
    assert renewals[ids[5]].date < LARGE_LATEST  # the appointment, 3 working days before
    assert "周三至周五" in renewals[ids[5]].step
    view = desk_cases.view(desk, case_ids[0])
    assert view.check.next_deadline is not None
    assert any(d.day == LARGE_LATEST for d in view.check.deadlines)
    # The clerk knows the unit brings fewer: the setting wins everywhere.
    with register.session() as session:
        data = unit_records.get_unit(session, unit_id).model_dump()
        data["counter_applications"] = 2
        unit_records.update_unit(session, unit_id, data=data)
    assert _latest(desk, ids[0]) == SMALL_LATEST
    view = desk_cases.view(desk, case_ids[0])
    assert any(d.day == SMALL_LATEST for d in view.check.deadlines)
