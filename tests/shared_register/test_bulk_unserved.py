"""Bulk actions on the office register: a clerk who does not serve a unit is refused in one line
naming it, for the whole action (nothing written); the clerk who serves it acts and undoes."""

from __future__ import annotations

import pytest

from tests.shared_register.test_guard import _office, _state
from wrc_desktop.desk import bulk
from wrc_desktop.desk import due as desk_due
from wrc_desktop.store.unit_access import NotServing
from wrc_desktop.store.warnings_state import latest_marks


def test_a_bulk_mark_touching_an_unserved_unit_is_refused_whole(office, office_desks):
    admin, zhang, li = office_desks
    ids = _office(admin, zhang)
    items = [i for i in desk_due.all_items(li) if i.holder_id in (ids["h1"], ids["h2"])]
    assert {i.holder_id for i in items} == {ids["h1"], ids["h2"]}
    before = _state(office.admin)
    plan = bulk.plan_items(items, bulk.HANDLED)
    with pytest.raises(NotServing, match="您（lisi）不能修改"):
        bulk.apply(li, plan)
    assert _state(office.admin) == before
    with admin._session() as session:
        assert latest_marks(session) == {}  # not even 单位乙's mark

    done, _changes = bulk.apply(zhang, plan)
    assert done.undo is not None and len(done.undo.marks) == len(items)
    with pytest.raises(NotServing):
        bulk.undo(li, done.undo)  # lisi cannot take back 单位甲's marks either
    message, _changes = bulk.undo(zhang, done.undo)
    assert message == f"已撤销：知悉 {len(items)} 项待办。"
