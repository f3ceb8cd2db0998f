"""Two clerks, one register on a server: no lost write, a clear message, the other side updated."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlmodel import select

from tests.conftest import TODAY
from tests.helpers import holder_data, id_number, permit_data, unit_data
from tests.reports.builders import save_roster
from wrc_desktop.desk import Changes
from wrc_desktop.desk import due as desk_due
from wrc_desktop.desk import imports as desk_imports
from wrc_desktop.reports.roster_read import read_roster
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.store import audit, copies, holder_records, unit_records
from wrc_desktop.store.models import AuditEntry
from wrc_desktop.store.versions import StaleRecord


def _holder(desk) -> int:
    with desk._session() as session:
        unit = unit_records.create_unit(session, data=unit_data())
        holder = holder_records.create_holder(
            session, unit_id=unit.id, holder=holder_data(name="张伟"), permit=permit_data()
        )
        return holder.id


def _copy(desk, holder_id):
    """What each clerk's holder dialog keeps when it opens."""
    with desk._session() as session:
        detail = holder_records.holder_detail(session, holder_id)
        return detail.holder.version, copies.holder_copy(detail), detail.holder.model_dump()


def _save(session, holder_id, copy, **changes):
    version, seen, values = copy
    return holder_records.update_holder(
        session, holder_id, holder={**values, **changes}, expected_version=version, seen=seen
    )


def _waiting_on_a_lock(desk, what: str) -> None:
    """Until another connection of the register waits on a row or advisory lock."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with desk._register.engine.connect() as connection:
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar()
        if waiting:
            return
        time.sleep(0.02)
    raise AssertionError(f"{what} never waited for the lock")


def test_saving_the_same_holder_at_once_one_wins_the_other_hears_who_and_what(two_desks):
    zhang, li = two_desks
    holder_id = _holder(zhang)
    zhang_copy, li_copy = _copy(zhang, holder_id), _copy(li, holder_id)
    outcome: dict = {}

    def li_saves():
        try:
            with li._session() as session:
                _save(session, holder_id, li_copy, department="市场部")
            outcome["saved"] = True
        except Exception as error:  # noqa: BLE001 - the test reads it below
            outcome["error"] = error

    with zhang._session() as session:
        _save(session, holder_id, zhang_copy, phone="13900000002")
        li_thread = threading.Thread(target=li_saves)
        li_thread.start()
        _waiting_on_a_lock(li, "李四's save")  # 张三 has not committed yet: 李四 waits
    li_thread.join(30)

    error = outcome.get("error")
    assert isinstance(error, StaleRecord), outcome
    assert str(error).startswith(
        "持证人 张伟 的信息已在您打开后被经办人 zhangsan 修改：联系电话 13800138000 → 13900000002。"
    )
    with li._session() as session:  # nothing of 李四's was written over 张三's save
        holder = holder_records.get_holder(session, holder_id)
        assert (holder.phone, holder.department) == ("13900000002", "研发中心")

    reloaded = _copy(li, holder_id)  # 李四 reloads and saves again
    with li._session() as session:
        _save(session, holder_id, reloaded, department="市场部")
    with zhang._session() as session:
        holder = holder_records.get_holder(session, holder_id)
        assert (holder.phone, holder.department) == ("13900000002", "市场部")
        entries = audit.trail(session, "holder", holder_id)
    assert [(e.field, e.clerk) for e in entries if e.action == "update"] == [
        ("phone", "zhangsan"),
        ("department", "lisi"),
    ]


def test_a_second_import_while_one_runs_gets_a_clear_message(two_desks, tmp_path, monkeypatch):
    zhang, li = two_desks
    with zhang._session() as session:
        unit_records.create_unit(session, data=unit_data())
    rows = [
        [f"员工{i}", id_number(birth="19900101", sequence=f"{i:03d}"), "研发中心"]
        for i in range(1, 21)
    ]
    roster = read_roster(save_roster(tmp_path / "名单.xlsx", rows, ["姓名", "身份证号码", "部门"]))
    seen = desk_imports.plan_shape(desk_imports.plan(li, roster, unit=None))

    started, release = threading.Event(), threading.Event()
    original = desk_imports.commit_import

    def slow_for_zhang(session, *args, **kwargs):
        if threading.current_thread().name == "zhang-import":
            started.set()
            release.wait(30)
        return original(session, *args, **kwargs)

    monkeypatch.setattr(desk_imports, "commit_import", slow_for_zhang)
    outcome: dict = {}

    def zhang_imports():
        outcome["zhang"] = desk_imports.commit(
            zhang, roster, unit=None, confirmed_rows=(), seen=seen, valid_only=False,
            accept_renames=False,
        )  # fmt: skip

    thread = threading.Thread(target=zhang_imports, name="zhang-import")
    thread.start()
    assert started.wait(30)
    with pytest.raises(WrcError) as refused:
        desk_imports.commit(
            li, roster, unit=None, confirmed_rows=(), seen=seen, valid_only=False,
            accept_renames=False,
        )  # fmt: skip
    release.set()
    thread.join(30)

    assert (
        str(refused.value)
        == "另一位经办人正在导入花名册（或撤销导入），请稍后再试；本次未写入任何数据"
    )
    assert outcome["zhang"][1] == Changes.everything()
    with li._session() as session:
        assert holder_records.holder_count(session) == 20  # imported once, by 张三
        clerks = {e.clerk for e in session.exec(select(AuditEntry))}
    assert clerks == {
        "zhangsan"
    }  # every audit row (unit, Core bulk insert of the import) names 张三
    # Afterwards 李四's preview is out of date; importing again says so, not a key clash.
    with pytest.raises(WrcError, match="预览之后登记册发生了变化"):
        desk_imports.commit(
            li, roster, unit=None, confirmed_rows=(), seen=seen, valid_only=False,
            accept_renames=False,
        )  # fmt: skip


def test_one_clerk_snoozes_a_warning_the_other_is_viewing(two_desks):
    zhang, li = two_desks
    with zhang._session() as session:
        unit = unit_records.create_unit(session, data=unit_data())
        expiring = permit_data(
            start=TODAY.replace(year=TODAY.year - 3), expiry=TODAY.replace(month=12, day=20)
        )
        holder_records.create_holder(
            session, unit_id=unit.id, holder=holder_data(), permit=expiring
        )
    feed = li.listener()
    try:
        on_li_screen = desk_due.due_list(li)
        item = on_li_screen.shown[0]
        changes = desk_due.mark(
            zhang, item, action="snoozed", until=TODAY.replace(day=TODAY.day + 7), note="已电话提醒"
        )
        zhang.announce(changes)

        heard = None
        deadline = time.monotonic() + 10
        while heard is None and time.monotonic() < deadline:
            heard = feed.wait(1.0)
        assert heard == Changes(marks=True)  # the same typed changes a local mark returns
        assert heard.touches_due_list()
        refreshed = desk_due.due_list(li)
        assert item.key not in {i.key for i in refreshed.shown}
        assert item.key in {i.key for i in refreshed.hidden}
        with li._session() as session:
            from wrc_desktop.store.warnings_state import latest_marks

            mark = latest_marks(session)[item.key]
        assert (mark.action, mark.clerk) == ("snoozed", "zhangsan")
    finally:
        feed.close()


def test_a_clerk_does_not_hear_their_own_announcements(two_desks):
    zhang, li = two_desks
    zhang_feed, li_feed = zhang.listener(), li.listener()
    try:
        zhang.announce(Changes.of_holders([7]))
        heard = None
        deadline = time.monotonic() + 10
        while heard is None and time.monotonic() < deadline:
            heard = li_feed.wait(1.0)
        assert heard == Changes.of_holders([7])
        assert zhang_feed.wait(0.3) is None
    finally:
        zhang_feed.close()
        li_feed.close()


def test_a_command_line_write_reaches_the_open_windows(two_desks, clerk_urls, capsys):
    from wrc_desktop.cli import main

    _zhang, li = two_desks
    feed = li.listener()
    try:
        assert main(["--database-url", clerk_urls[0], "demo", "--holders", "5"]) == 0
        assert main(["--database-url", clerk_urls[0], "db", "status"]) == 0  # reads only
        capsys.readouterr()
        heard = None
        deadline = time.monotonic() + 10
        while heard is None and time.monotonic() < deadline:
            heard = feed.wait(1.0)
        assert heard == Changes.everything()  # a command cannot say what it changed
        assert feed.wait(0.5) is None  # the reading command announced nothing
    finally:
        feed.close()
