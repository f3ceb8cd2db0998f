"""The due list's read of the whole register leaves out only holders with nothing due.

The screen (:mod:`wrc_desktop.rules.due.screen`, asked in the query by
:mod:`wrc_desktop.store.due_screen`) is a shortcut, never a second answer: every holder it
leaves out is one for whom the rules themselves find nothing, and the list it gives is the list
read holder by holder — on many days, under the bundled lead times and the clerk's own.
"""

from __future__ import annotations

import datetime as dt
from itertools import chain

import pytest
from sqlalchemy import select, update

from tests.conftest import TODAY
from tests.helpers import source_on
from tests.reports.builders import add_case, add_holder, add_unit
from wrc_desktop.reports.due_list import (
    collect_items,
    holder_fact_batches,
    holder_facts,
    set_lead_times,
    task_screen,
)
from wrc_desktop.reports.rows import open_case_refs
from wrc_desktop.rules.due.batch import HolderTasks
from wrc_desktop.rules.due.screen import TaskScreen
from wrc_desktop.store import tables

DAYS = [TODAY + dt.timedelta(days=k) for k in (-400, -45, 0, 3, 61, 200, 700)]


@pytest.fixture
def varied_register(demo_register):
    """The demo register (four districts, children, leavers) and the holders a screen could
    get wrong: a quiet holder with an open case, a woman whose track the rules do not know,
    holders without a gender, an ageing man, and a holder with no date and a cancelled permit."""
    with demo_register.session() as session:
        unit = add_unit(session, name="北京屏蔽测试有限公司", body="91110108MA01BCDF")
        quiet = TODAY + dt.timedelta(days=900)
        with_case = add_holder(session, unit.id, name="甲有案", sequence="911", expiry=quiet)
        add_case(session, with_case.id, "general-change", today=TODAY)
        odd = add_holder(
            session, unit.id, name="乙档位", birth="19950101", sequence="922", expiry=quiet
        )
        for sequence, birth in (("933", "19600101"), ("944", "19900101")):
            add_holder(session, unit.id, name="丙无性别", birth=birth, sequence=sequence)
        add_holder(session, unit.id, name="丁将老", birth="19661201", sequence="955", expiry=quiet)
        elsewhere = add_unit(
            session, name="北京朝阳测试有限公司", district="朝阳区", body="91110105MA01BCDG"
        )
        add_holder(session, elsewhere.id, name="戊朝阳", sequence="966", expiry=quiet)
        h = tables.holder.c
        # A holder with no date of their own and a cancelled permit: nothing can be due.
        session.execute(
            update(tables.holder)
            .where(h.name == "戊朝阳")
            .values(gender=None, contract_end=None, birth_date=None)
        )
        session.execute(
            update(tables.permit)
            .where(
                tables.permit.c.holder_id
                == select(h.id).where(h.name == "戊朝阳").scalar_subquery()
            )
            .values(status="cancelled")
        )
        # Values the forms refuse but an older register may hold: read, and said what is wrong.
        session.execute(
            update(tables.holder).where(h.id == odd.id).values(gender="F", retirement_track="x")
        )
        session.execute(update(tables.holder).where(h.name == "丙无性别").values(gender=None))
    return demo_register


def _screened(session, day):
    source = source_on(day, session=session)
    tasks = HolderTasks(source.policy, source.renewal, day, source.calendar, source.rules.leads)
    cases = open_case_refs(session)
    screen = task_screen(session, tasks, source, cases)
    assert screen is not None and screen.districts
    volumes = source.rules.volumes
    read = list(chain.from_iterable(holder_fact_batches(session, None, volumes, screen)))
    return source, tasks, cases, read


@pytest.mark.parametrize("leads", [{}, {"renewal": 200, "age_limit": 400, "contract_end": 5}])
def test_every_holder_left_out_has_nothing_due_and_every_other_is_read_as_it_is(
    varied_register, leads
):
    left_out_on_some_day = 0
    with varied_register.session() as session:
        set_lead_times(session, leads)
    with varied_register.session() as session:
        for day in DAYS:
            source, tasks, cases, read = _screened(session, day)
            every = holder_facts(session, volumes=source.rules.volumes)
            kept = {facts.holder_id for facts in read}
            # The holders read are the register's own facts, in the register's order.
            assert read == [facts for facts in every if facts.holder_id in kept]
            left_out = [facts for facts in every if facts.holder_id not in kept]
            for facts in left_out:
                assert tasks.items(facts) == [], (day, facts)
                assert facts.holder_id not in cases
                assert facts.status == "active" and not facts.children
            left_out_on_some_day += len(left_out)
            names = {facts.name for facts in read}
            # Always read: the open case's holder, the unknown track (an error row).
            assert {"甲有案", "乙档位"} <= names and "戊朝阳" not in names
    assert left_out_on_some_day > len(DAYS) * 20  # the screen does leave holders out


@pytest.mark.parametrize("day", DAYS)
def test_the_list_read_whole_is_the_list_read_holder_by_holder(varied_register, day):
    with varied_register.session() as session:
        source = source_on(day, session=session)
        ids = [facts.holder_id for facts in holder_facts(session)]
        whole = collect_items(session, source)
        one_by_one = collect_items(session, source_on(day, session=session), ids)
    assert sorted(whole, key=lambda item: item.key) == sorted(one_by_one, key=lambda item: item.key)
    assert any(item.holder_name == "乙档位" for item in whole if item.kind == "record")


def test_a_district_without_its_dates_is_read_whole(varied_register):
    """Where the rules could not give a district's dates, none of its holders is left out."""
    with varied_register.session() as session:
        source, tasks, cases, _read = _screened(session, TODAY)
        screen = task_screen(session, tasks, source, cases)
        without = TaskScreen(
            tuple(d for d in screen.districts if d.district != "chaoyang"), screen.read_anyway
        )
        volumes = source.rules.volumes
        read = list(chain.from_iterable(holder_fact_batches(session, None, volumes, without)))
    assert [f.name for f in read if f.district == "chaoyang"] == ["戊朝阳"]
