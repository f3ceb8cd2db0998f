"""The due list of a few holders is exactly their share of the full list, on any day.

The due page updates itself holder by holder after an edit; these tests make sure that
path can never drift from the full computation (linked cases, case warnings, marks, order).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import TODAY
from tests.helpers import source_on
from tests.reports.builders import add_case, add_holder, add_unit, borrowed_housing_case
from wrc_desktop.desk.changes import Changes
from wrc_desktop.desk.due import only_holders_changed
from wrc_desktop.reports.due_list import DueList, due_list, mark, splice
from wrc_desktop.rules.due import sort_items
from wrc_desktop.store import holder_records
from wrc_desktop.store.queries import register_rows

DAYS = (
    TODAY,
    TODAY + dt.timedelta(days=45),
    TODAY + dt.timedelta(days=400),
    TODAY - dt.timedelta(days=120),
)


@pytest.fixture
def busy_register(demo_register):
    """The demo register with what makes the due list intricate: a renewal already in hand (a
    linked case), a material about to expire in an open case, and marks of both kinds."""
    register = demo_register
    with register.session() as session:
        full = due_list(session, source_on(TODAY, session=session))
        renewing = next(i for i in full.shown if i.kind == "renewal")
        add_case(session, renewing.holder_id, "renewal", today=TODAY)
        submit = TODAY + dt.timedelta(days=20)
        borrowed_housing_case(
            session,
            today=TODAY,
            submit_on=submit,
            declared=submit - dt.timedelta(days=100),
            name="韩梅",
            sequence="246",
        )
        others = [i for i in full.shown if i.holder_id != renewing.holder_id]
        mark(session, others[0], action="handled", note="已办", today=TODAY)
        mark(session, others[1], action="snoozed", until=TODAY + dt.timedelta(days=10), today=TODAY)
    return register


def _holder_ids(session) -> list[int]:
    return [row.holder_id for row in register_rows(session)]


@pytest.mark.parametrize("today", DAYS)
def test_each_holders_items_equal_their_share_of_the_full_list(busy_register, today):
    with busy_register.session() as session:
        source = source_on(today, session=session)
        full = due_list(session, source)
        ids = _holder_ids(session)
        assert len(ids) > 200
        rebuilt = DueList(today, [], [])
        for holder_id in ids:
            own = due_list(session, source, holder_ids=[holder_id])
            assert own.shown == [i for i in full.shown if i.holder_id == holder_id], holder_id
            assert own.hidden == [i for i in full.hidden if i.holder_id == holder_id], holder_id
            rebuilt = splice(rebuilt, own, [holder_id])
        assert rebuilt == full  # holder by holder, in the very same order
        several = ids[::7]
        own = due_list(session, source, holder_ids=several)
        assert own.shown == [i for i in full.shown if i.holder_id in set(several)]
    if today == TODAY:  # what the fixture set up is really in the list compared
        assert {"renewal", "material"} <= {i.kind for i in full.shown}
        assert any(i.kind == "renewal" and i.case_id is not None for i in full.shown)
        assert len(full.hidden) == 2


def test_splicing_an_edited_holder_gives_the_recomputed_list(busy_register):
    with busy_register.session() as session:
        source = source_on(TODAY, session=session)
        before = due_list(session, source)
        leaver = next(
            i.holder_id for i in before.shown if i.kind == "renewal" and i.case_id is None
        )
        quiet = next(
            h
            for h in _holder_ids(session)
            if h not in {i.holder_id for i in before.shown + before.hidden}
        )
    with busy_register.session() as session:
        holder_records.archive_holder(session, leaver, left_on=TODAY - dt.timedelta(days=2))
        unit = add_unit(session, name="北京新到测试有限公司", body="91110108MA01NEWU")
        added = add_holder(
            session, unit.id, name="新来", sequence="357", expiry=TODAY + dt.timedelta(days=30)
        )
    with busy_register.session() as session:
        source = source_on(TODAY, session=session)
        after = due_list(session, source)
        changed = [leaver, quiet, added.id]
        fresh = due_list(session, source, holder_ids=changed)
    assert {"cancellation", "employer_change"} <= {
        i.kind for i in fresh.shown if i.holder_id == leaver
    }
    assert any(i.holder_id == added.id for i in fresh.shown)
    assert splice(before, fresh, changed) == after != before


def test_a_splice_refuses_another_day_or_stray_holders(busy_register):
    with busy_register.session() as session:
        full = due_list(session, source_on(TODAY, session=session))
        other_day = due_list(
            session, source_on(TODAY + dt.timedelta(days=1), session=session), holder_ids=[1]
        )
    with pytest.raises(ValueError, match="different days"):
        splice(full, other_day, [1])
    with pytest.raises(ValueError, match="not being replaced"):
        splice(full, DueList(TODAY, full.shown[:1], []), [full.shown[0].holder_id + 100_000])


def test_the_order_is_total_so_a_splice_cannot_reorder_ties(busy_register):
    with busy_register.session() as session:
        full = due_list(session, source_on(TODAY, session=session))
    assert sort_items(reversed(full.shown)) == full.shown


def test_only_a_change_of_holders_alone_is_applied_holder_by_holder():
    assert only_holders_changed(Changes.of_holders([3]))
    assert not only_holders_changed(Changes())
    assert not only_holders_changed(Changes.everything())
    assert not only_holders_changed(Changes.of_case(4, 3))
    assert not only_holders_changed(Changes(holders=frozenset({3}), marks=True))
    assert not only_holders_changed(Changes(holders=frozenset({3}), units=True))
    assert not only_holders_changed(Changes(holders=None))


def test_the_desk_updates_a_list_for_the_holders_a_write_touched(busy_register):
    from tests.helpers import desk_over
    from wrc_desktop.desk import due as desk_due
    from wrc_desktop.desk import holders as desk_holders

    desk = desk_over(busy_register, TODAY)
    before = desk_due.due_list(desk)
    holder_id = next(i.holder_id for i in before.shown if i.kind == "renewal" and i.case_id is None)
    changes = desk_holders.archive_holder(desk, holder_id, left_on=TODAY - dt.timedelta(days=1))
    assert only_holders_changed(changes)
    update = desk_due.update(desk, before, changes.holders)
    assert update.before.shown == [i for i in before.shown if i.holder_id == holder_id]
    now = desk_due.due_list(desk)
    assert update.after.shown == [i for i in now.shown if i.holder_id == holder_id]
    assert {i.kind for i in update.after.shown} >= {"cancellation", "employer_change"}
    assert update.due == now
    tomorrow = desk_over(busy_register, TODAY + dt.timedelta(days=1))
    assert desk_due.update(tomorrow, before, [holder_id]).due is None  # a new day: recompute it all
