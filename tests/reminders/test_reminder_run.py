"""The reminder entry point: the due list's counts and most urgent item reach the notifier (a fake here);
nothing due shows nothing; the register is only read."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import fields

import pytest

from tests.conftest import TODAY
from tests.helpers import desk_over, source_on
from tests.reports.builders import add_holder, add_unit
from wrc_desktop import paths
from wrc_desktop.cli import main
from wrc_desktop.desk import due as desk_due
from wrc_desktop.desk import reminders as desk_reminders
from wrc_desktop.desk.reminders import Reminder, reminder_from
from wrc_desktop.reminders.notifiers import NotifySendNotifier
from wrc_desktop.reminders.run import run_reminder
from wrc_desktop.reports.due_list import DueList, due_list
from wrc_desktop.rules.due import DueItem
from wrc_desktop.rules.errors import WrcError


class FakeNotifier:
    def __init__(self, works: bool = True) -> None:
        self.shown = []
        self.works = works

    def show(self, reminder) -> bool:
        self.shown.append(reminder)
        return self.works


def _fingerprint():
    """The register file's bytes and the size of its write-ahead log (SQLite may create an empty one)."""
    wal = paths.database_path().with_name(paths.DB_FILENAME + "-wal")
    return hashlib.sha256(
        paths.database_path().read_bytes()
    ).hexdigest(), wal.stat().st_size if wal.exists() else 0


def test_counts_and_the_most_urgent_item_reach_the_notifier(demo_register):
    with demo_register.session() as session:
        due = due_list(session, source_on(TODAY, paths.overrides_dir(), session))
    demo_register.close()
    before = _fingerprint()
    fake = FakeNotifier()
    shown = run_reminder(TODAY, fake)
    assert fake.shown == [shown]
    overdue = due.groups()["overdue"]
    this_week = [
        i for i in due.shown if i.urgency not in ("overdue", "settle") and 0 <= i.days_left <= 7
    ]  # a permit lost today is an item to settle, not one due this week
    assert (shown.overdue, shown.this_week) == (len(overdue), len(this_week))
    assert shown.title == f"工作居住证待办：{len(overdue)} 项已逾期，{len(this_week)} 项本周到期"
    first = overdue[0]
    assert shown.body.startswith(
        f"最紧急：{first.holder_name}（{first.kind_label}）：{first.countdown.text}；{first.step}\n"
    )
    assert _fingerprint() == before and before[1] == 0  # nothing written to the register


def test_nothing_due_shows_nothing(register):
    with register.session() as session:
        unit = add_unit(session)
        add_holder(session, unit.id, expiry=TODAY + dt.timedelta(days=400))
    fake = FakeNotifier()
    assert run_reminder(TODAY, fake) is None and fake.shown == []


def test_no_register_yet_shows_nothing_and_creates_none(isolated_data_dir):
    fake = FakeNotifier()
    assert run_reminder(TODAY, fake) is None and fake.shown == []
    assert not (isolated_data_dir / paths.DB_FILENAME).exists()


def test_due_this_week_only(register):
    with register.session() as session:
        unit = add_unit(session)
        add_holder(session, unit.id, name="李四", expiry=TODAY + dt.timedelta(days=33))
        due = due_list(session, source_on(TODAY, session=session))
    reminder = reminder_from(due)
    week = [i for i in due.shown if 0 <= i.days_left <= 7]
    assert week, "the fixture needs a warning due within the week"
    assert reminder.overdue == 0 and reminder.this_week == len(week)
    assert reminder.body.startswith(
        f"最紧急：李四（{week[0].kind_label}）：{week[0].countdown.text}；{week[0].step}"
    )


def test_a_notification_that_cannot_be_shown_is_an_error(demo_register, capsys):
    demo_register.close()
    with pytest.raises(RuntimeError):
        run_reminder(TODAY, FakeNotifier(works=False))
    assert main(["reminders", "run", "--today", TODAY.isoformat(), "--print"]) == 0
    assert capsys.readouterr().out.startswith("工作居住证待办：")


def test_notify_send_is_called_with_title_and_body(tmp_path):
    log = tmp_path / "args.txt"
    program = tmp_path / "notify-send"
    program.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {log}\n")
    program.chmod(0o755)
    reminder = Reminder("工作居住证待办：1 项已逾期", "最紧急：张三", 1, 0)
    assert NotifySendNotifier(str(program)).show(reminder)
    assert log.read_text("utf-8").splitlines()[-2:] == [reminder.title, reminder.body]
    assert "critical" in log.read_text("utf-8")


def test_the_digest_is_the_due_pages_list_in_its_order(demo_register):
    """The reminder counts and names what 待办 shows for the same register and day, in its order."""
    desk = desk_over(demo_register, TODAY)
    shown = desk_due.due_list(desk).shown
    reminder = desk_reminders.digest(desk)
    assert reminder is not None and reminder.items
    overdue = [item for item in shown if item.urgency == "overdue"]
    this_week = [
        item
        for item in shown
        if item.urgency not in ("overdue", "settle") and 0 <= item.days_left <= 7
    ]
    assert list(reminder.items) == overdue + this_week
    assert [item.key for item in reminder.items] == [
        item.key for item in shown if item in reminder.items
    ]  # the 待办's order, item for item
    first = reminder.items[0]
    assert reminder.body.startswith(
        f"最紧急：{first.holder_name}（{first.kind_label}）：{first.countdown.text}；{first.step}"
    )


def test_the_job_says_what_the_desk_says(demo_register):
    """``wrc reminders run`` (a read-only register) shows the desk's digest of the same day."""
    expected = desk_reminders.digest(desk_over(demo_register, TODAY))
    demo_register.close()
    shown = run_reminder(TODAY, FakeNotifier())
    assert shown is not None and expected is not None
    assert (shown.title, shown.body) == (expected.title, expected.body)
    assert [item.key for item in shown.items] == [item.key for item in expected.items]


def test_a_register_that_cannot_be_read_is_one_line(isolated_data_dir):
    paths.database_path().write_bytes(b"not a database, but not empty either" * 100)
    with pytest.raises(WrcError, match="^无法读取登记册 "):
        run_reminder(TODAY, FakeNotifier())


class _Uncomparable(DueItem):
    """A due item that fails when compared: the digest must tell items apart by their group."""

    __hash__ = DueItem.__hash__

    def __eq__(self, other: object) -> bool:
        raise AssertionError("the digest compared two items field by field")


def test_the_digest_never_compares_items_so_a_large_list_takes_one_pass(demo_register):
    desk = desk_over(demo_register, TODAY)
    listed = desk_due.due_list(desk)
    shown = [_Uncomparable(**{f.name: getattr(i, f.name) for f in fields(i)}) for i in listed.shown]
    reminder = reminder_from(DueList(listed.today, shown, []))
    expected = reminder_from(listed)
    assert reminder is not None and expected is not None and reminder.overdue > 0
    assert (reminder.title, reminder.body) == (expected.title, expected.body)
    assert [i.key for i in reminder.items] == [i.key for i in expected.items]
