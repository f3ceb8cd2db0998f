"""A lost permit is one item to settle; a new application or the register's record settles it."""

from __future__ import annotations

import datetime as dt

from tests.helpers import desk_over, holder_data, id_number, permit_data
from tests.reports.builders import add_unit
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import due as desk_due
from wrc_desktop.store import holder_records

TODAY = dt.date(2026, 11, 30)


def _lost_holders(register, count: int) -> list[int]:
    with register.session() as session:
        unit = add_unit(session).id
        return [
            holder_records.create_holder(
                session,
                unit_id=unit,
                holder=holder_data(
                    name=f"测试{n}", id_number=id_number(birth="19850101", sequence=f"2{n}1")
                ),
                permit=permit_data(
                    certificate_no=f"京工居20230002{n}",
                    start=dt.date(2023, 8, 1),
                    expiry=dt.date(2026, 8, 1) + dt.timedelta(days=n),
                ),
            ).id
            for n in range(count)
        ]


def _lost_items(desk):
    return [i for i in desk_due.due_list(desk).shown if i.kind == "lapsed"]


def test_a_lost_permit_is_one_item_until_settled_either_way(register):
    desk = desk_over(register, TODAY)
    by_new_case, by_record = _lost_holders(register, 2)
    items = _lost_items(desk)
    assert sorted(i.holder_id for i in items) == [by_new_case, by_record]
    assert all(i.urgency == "settle" and i.resolvable for i in items)
    desk_cases.create(desk, holder_id=by_new_case, kind="new", clause=1)
    assert [i.holder_id for i in _lost_items(desk)] == [by_record]
    item = _lost_items(desk)[0]
    desk_due.record_lost(desk, item)
    assert _lost_items(desk) == []
    with register.session() as session:
        permit = holder_records.holder_detail(session, by_record).current_permit.permit
        assert permit.status == "lapsed"
