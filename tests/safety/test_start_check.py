"""The window's start leaves the full integrity check for later, and it still comes before any write.

At start the register is opened after SQLite's quick check; the full check (which also
compares every index with its table) runs on the register's writer with the start-up
backup, ahead of every write. A file that fails it is never written to nor backed up.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing

import pytest

from tests.helpers import unit_data
from wrc_desktop import app
from wrc_desktop.desk import Changes, Desk
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.gui.shell.upkeep import BackupKeeper
from wrc_desktop.store import backup, unit_records
from wrc_desktop.store.db import DatabaseUnavailable, open_register


def _file_with_a_damaged_index(path, backups_dir) -> None:
    """A register at the newest schema whose two indexes point at each other's pages:
    the quick check passes, the full integrity check does not."""
    register = open_register(path, backups_dir)
    with register.session() as session:
        unit_records.create_unit(session, data=unit_data(name="甲公司"))
    register.close()
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, a TEXT, b TEXT)")
        connection.execute("CREATE INDEX note_a ON note (a)")
        connection.execute("CREATE INDEX note_b ON note (b)")
        connection.executemany(
            "INSERT INTO note (a, b) VALUES (?, ?)",
            [(f"a{n:05d}", f"b{(n * 7919) % 1000:05d}") for n in range(1000)],
        )
        pages = dict(
            connection.execute(
                "SELECT name, rootpage FROM sqlite_master WHERE name IN ('note_a', 'note_b')"
            )
        )
        connection.execute("PRAGMA writable_schema=ON")
        for name, other in (("note_a", "note_b"), ("note_b", "note_a")):
            connection.execute(
                "UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (pages[other], name)
            )
    with (
        closing(sqlite3.connect(path)) as connection,
        connection,
    ):  # all of it in the main file, as after a checkpoint
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert backup.integrity_problem(path, quick=True) is None
    assert backup.integrity_problem(path) is not None


@pytest.fixture
def damaged(tmp_path):
    path, backups_dir = tmp_path / "wrc.sqlite3", tmp_path / "backups"
    _file_with_a_damaged_index(path, backups_dir)
    return path, backups_dir


def test_a_damaged_index_is_found_later_and_nothing_is_written_or_backed_up(damaged):
    path, backups_dir = damaged
    before = path.read_bytes()
    register = open_register(path, backups_dir, full_check_later=True)
    try:
        assert register.full_check_pending
        with pytest.raises(DatabaseUnavailable, match="完整性检查未通过"):
            register.backup_now("start", keep=2)
        assert backup.list_backups(backups_dir) == []  # no copy of it, no good copy pruned
        with pytest.raises(DatabaseUnavailable), register.session() as session:
            unit_records.create_unit(session, data=unit_data(name="乙公司"))
    finally:
        register.close()
    assert path.read_bytes() == before


def test_a_file_a_migration_would_change_is_checked_in_full_first(damaged):
    path, backups_dir = damaged
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    before = path.read_bytes()
    with pytest.raises(DatabaseUnavailable, match="完整性检查未通过"):
        open_register(path, backups_dir, full_check_later=True)
    assert path.read_bytes() == before  # never migrated
    assert backup.list_backups(backups_dir) == []


def test_a_healthy_file_passes_the_check_owed_and_owes_it_no_more(register):
    register.close()
    opened = open_register(register.path, register.backups_dir, full_check_later=True)
    try:
        assert opened.full_check_pending
        made = opened.backup_now("start")
        assert made is not None and made.exists()
        assert not opened.full_check_pending and opened.unusable is None
    finally:
        opened.close()


def test_restoring_a_good_backup_lifts_the_refusal(damaged, tmp_path):
    path, backups_dir = damaged
    good_folder = tmp_path / "good"
    good = open_register(good_folder / "wrc.sqlite3", good_folder / "backups")
    with good.session() as session:
        unit_records.create_unit(session, data=unit_data(name="备份里的单位"))
    good.close()
    chosen = backup.make_backup(good_folder / "wrc.sqlite3", backups_dir, reason="daily")
    register = open_register(path, backups_dir, full_check_later=True)
    try:
        with pytest.raises(DatabaseUnavailable):
            register.check_integrity()
        register.reopen(lambda: backup.restore_backup(chosen, path, backups_dir))
        with register.session() as session:
            assert [u.name for u in unit_records.list_units(session)] == ["备份里的单位"]
    finally:
        register.close()


def test_the_start_up_backup_comes_before_a_write_queued_while_it_waits(register, qtbot):
    register.close()
    opened = open_register(register.path, register.backups_dir, full_check_later=True)
    desk = Desk(opened, data_dir=register.path.parent)
    ops = RegisterOps(desk)
    keeper = BackupKeeper(desk, keep=lambda: 5)
    hold = threading.Event()
    seen: list[list[str]] = []
    try:
        keeper.start(hold=hold)  # held until the due list shows
        ops.write(  # a write that changes nothing: it only looks at the backups before it ran
            lambda desk: (
                seen.append([p.name for p in backup.list_backups(desk.backups_dir)]),
                Changes(),
            )[1]
        )
        hold.set()
        assert ops.wait()
        keeper.stop()
        ((name,),) = seen  # the write ran once, after the start-up backup
        assert "start" in name
    finally:
        opened.close()


def test_a_write_checks_the_file_first_when_no_backup_did(damaged, qtbot, monkeypatch):
    path, backups_dir = damaged
    before = path.read_bytes()
    register = open_register(path, backups_dir, full_check_later=True)
    ops = RegisterOps(Desk(register, data_dir=path.parent))
    failures: list[Exception] = []
    wrote: list[bool] = []
    try:
        ops.write(
            lambda desk: (wrote.append(True), Changes())[1],
            failure=failures.append,
            expected=(DatabaseUnavailable,),
        )
        assert ops.wait()
    finally:
        register.close()
    assert wrote == [] and isinstance(failures[0], DatabaseUnavailable)
    assert path.read_bytes() == before


def test_a_damaged_file_found_after_the_window_opened_is_replaced_when_the_clerk_agrees(
    damaged, qtbot, monkeypatch
):
    path, backups_dir = damaged
    good_folder = path.parent / "good"
    good = open_register(good_folder / "wrc.sqlite3", good_folder / "backups")
    with good.session() as session:
        unit_records.create_unit(session, data=unit_data(name="备份里的单位"))
    good.close()
    backup.make_backup(good_folder / "wrc.sqlite3", backups_dir, reason="daily")
    monkeypatch.setattr(app, "ask_restore", lambda error, info: info.reason_label == "每日")
    window = app.launch(str(path.parent))
    qtbot.addWidget(window)
    try:
        assert window.desk._register.full_check_pending
        keeper = BackupKeeper(window.desk, keep=lambda: 5, parent=window)
        keeper.damaged.connect(lambda error: app._damaged_after_start(window, error))
        with qtbot.wait_signal(keeper.damaged, timeout=10_000):
            keeper.start()
        assert window.ops.wait()
        window.reload()
        assert window.ops.wait()
        assert [name for _id, name in window.units] == ["备份里的单位"]
        assert len(list(path.parent.glob("wrc-damaged-*.sqlite3"))) == 1
    finally:
        window.desk.close()
