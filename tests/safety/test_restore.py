"""备份与恢复 while the app runs: restore swaps the live register; reopen waits for sessions."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import TODAY
from tests.helpers import desk_over, unit_data, uscc_code
from wrc_desktop.desk import Changes
from wrc_desktop.gui.dialogs.backup_dialog import BackupDialog, open_backup_dialog, size_text
from wrc_desktop.gui.shell.upkeep import BackupKeeper
from wrc_desktop.store import backup, holder_records, unit_records
from wrc_desktop.store.db import DatabaseUnavailable, open_register
from wrc_desktop.store.models import Unit

SECOND = uscc_code("91110101MA02XY8")


def _names_in(path, backups_dir) -> list[str]:
    other = open_register(path, backups_dir)
    try:
        with other.session() as session:
            return [u.name for u in session.exec(select(Unit).order_by(Unit.id))]
    finally:
        other.close()


def _row_of(dialog: BackupDialog, path) -> int:
    names = [dialog.table.item(row, 3).text() for row in range(dialog.table.rowCount())]
    return names.index(path.name)


def test_restore_brings_back_the_chosen_backup_while_the_window_runs(
    main_window, unit_register, qtbot
):
    ops = main_window.ops
    chosen = backup.make_backup(unit_register.path, unit_register.backups_dir, reason="daily")
    ops.write(
        lambda d: (
            d._run(
                lambda s: unit_records.create_unit(
                    s, data=unit_data(name="备份后的单位", uscc=SECOND)
                )
            ),
            Changes(units=True),
        )
    )
    assert ops.wait()
    assert [name for _id, name in main_window.units] == ["甲公司", "备份后的单位"]

    dialog = open_backup_dialog(main_window)
    asked = []
    dialog.ask = lambda title, text: asked.append(text) or True
    dialog.table.selectRow(_row_of(dialog, chosen))
    with qtbot.waitSignal(ops.changed, timeout=10_000):
        dialog.restore_selected()
    assert asked and "恢复前" in asked[0]
    assert ops.wait()  # the window reads the restored register in the background

    # The window shows the backup's data without a restart…
    assert [name for _id, name in main_window.units] == ["甲公司"]
    # …the data replaced is kept as a pre-restore backup…
    (safety,) = [
        i.path for i in backup.backup_infos(unit_register.backups_dir) if i.reason == "pre-restore"
    ]
    assert _names_in(safety, unit_register.backups_dir) == ["甲公司", "备份后的单位"]
    assert "恢复前的数据已另存为" in dialog.message.text() and safety.name in dialog.message.text()
    # …and the next write lands in the restored file.
    ops.write(
        lambda d: (
            d._run(
                lambda s: unit_records.create_unit(
                    s, data=unit_data(name="恢复后新增", uscc=SECOND)
                )
            ),
            Changes(units=True),
        )
    )
    assert ops.wait()
    assert backup.integrity_problem(unit_register.path) is None
    assert _names_in(unit_register.path, unit_register.backups_dir) == ["甲公司", "恢复后新增"]
    dialog.close()


def test_the_dialog_lists_backups_and_backs_up_now(main_window, unit_register, qtbot):
    backup.make_backup(unit_register.path, unit_register.backups_dir, reason="pre-import")
    dialog = BackupDialog(main_window.ops, main_window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "导入前"
    assert not dialog.restore_button.isEnabled()  # nothing selected yet
    dialog.backup_now()
    assert dialog.working and not dialog.close_button.isEnabled()
    assert main_window.ops.wait()
    infos = backup.backup_infos(unit_register.backups_dir)
    assert [info.reason for info in infos] == ["manual", "pre-import"]
    newest = infos[0]
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 0).text() == newest.made_at.astimezone().strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    assert dialog.table.item(0, 1).text() == "手动"
    assert dialog.table.item(0, 2).text() == size_text(newest.size)
    assert dialog.selected_backup() == newest.path and dialog.restore_button.isEnabled()


def test_declining_the_confirmation_restores_nothing(main_window, unit_register, qtbot):
    chosen = backup.make_backup(unit_register.path, unit_register.backups_dir, reason="daily")
    dialog = BackupDialog(main_window.ops, main_window)
    qtbot.addWidget(dialog)
    dialog.ask = lambda title, text: False
    dialog.table.selectRow(_row_of(dialog, chosen))
    dialog.restore_selected()
    assert main_window.ops.pending == 0
    assert [i.reason for i in backup.backup_infos(unit_register.backups_dir)] == ["daily"]


def test_a_damaged_backup_is_refused_and_the_register_keeps_working(
    main_window, unit_register, qtbot
):
    damaged = unit_register.backups_dir / "wrc-20260101-000000-000000-daily.sqlite3"
    damaged.write_bytes(b"not a database" * 100)
    dialog = BackupDialog(main_window.ops, main_window)
    qtbot.addWidget(dialog)
    dialog.ask = lambda title, text: True
    dialog.table.selectRow(_row_of(dialog, damaged))
    dialog.restore_selected()
    assert main_window.ops.wait()
    assert "已损坏" in dialog.message.text() and not dialog.working
    main_window.ops.write(
        lambda d: (
            d._run(
                lambda s: unit_records.create_unit(s, data=unit_data(name="照常保存", uscc=SECOND))
            ),
            Changes(units=True),
        )
    )
    assert main_window.ops.wait()
    assert [name for _id, name in main_window.units] == ["甲公司", "照常保存"]


def test_size_text():
    assert (size_text(100), size_text(300 * 1024), size_text(5 * 1024 * 1024 + 1)) == (
        "1 KB",
        "300 KB",
        "5.0 MB",
    )


def test_reopen_waits_for_a_running_session_and_holds_new_ones_back(unit_register):
    in_session, release = threading.Event(), threading.Event()
    order: list[str] = []

    def long_read() -> None:
        with unit_register.session() as session:
            unit_records.list_units(session)
            in_session.set()
            release.wait(5)
            order.append("read finished")

    reader = threading.Thread(target=long_read)
    reader.start()
    assert in_session.wait(5)
    threading.Timer(0.2, release.set).start()
    unit_register.reopen(lambda: order.append("file swapped"))
    reader.join(5)
    assert order == ["read finished", "file swapped"]
    with unit_register.session() as session:
        assert [u.name for u in unit_records.list_units(session)] == ["甲公司"]


def test_a_failed_swap_reopens_the_original_file(unit_register):
    def fail() -> None:
        raise ValueError("备份已损坏")

    with pytest.raises(ValueError, match="备份已损坏"):
        unit_register.reopen(fail)
    with unit_register.session() as session:
        assert [u.name for u in unit_records.list_units(session)] == ["甲公司"]


def test_reopen_gives_up_when_a_session_never_ends(unit_register):
    holding, release = threading.Event(), threading.Event()

    def stuck() -> None:
        with unit_register.session():
            holding.set()
            release.wait(5)

    thread = threading.Thread(target=stuck)
    thread.start()
    assert holding.wait(5)
    started = time.perf_counter()
    try:
        with pytest.raises(TimeoutError):
            unit_register.reopen(timeout=0.2)
    finally:
        release.set()
        thread.join(5)
    assert time.perf_counter() - started < 2
    with unit_register.session() as session:  # new sessions are not left waiting
        assert holder_records.holder_count(session) == 0


def test_a_failed_replace_that_loses_the_file_does_not_create_an_empty_register(unit_register):
    def lose_the_file() -> None:
        unit_register.path.replace(unit_register.path.with_suffix(".elsewhere"))
        raise OSError(28, "No space left on device")

    with pytest.raises(DatabaseUnavailable, match="未创建新的空数据库"):
        unit_register.reopen(lose_the_file)
    assert not unit_register.path.exists()
    with pytest.raises(DatabaseUnavailable, match="不存在"), unit_register.session() as session:
        unit_records.list_units(session)
    assert not unit_register.path.exists()  # nor later, when someone tries to use it


def test_a_restore_waits_for_a_running_keeper_backup(unit_register, monkeypatch, qtbot):
    copying, release = threading.Event(), threading.Event()
    order: list[str] = []
    real_copy = backup._copy_database

    def slow_copy(source, target):
        if "-start" in Path(target).name:
            copying.set()
            release.wait(5)
            order.append("backup copied")
        real_copy(source, target)

    monkeypatch.setattr(backup, "_copy_database", slow_copy)
    keeper = BackupKeeper(desk_over(unit_register, TODAY), keep=lambda: 5)
    chosen = backup.make_backup(unit_register.path, unit_register.backups_dir, reason="manual")
    with qtbot.wait_signal(keeper.made, timeout=10_000) as made:
        keeper.start()
        keeper.stop()
        assert copying.wait(5)
        threading.Timer(0.3, release.set).start()
        restorer = threading.Thread(
            target=lambda: order.append(
                unit_register.reopen(
                    lambda: (
                        order.append("file swapped")
                        or backup.restore_backup(
                            chosen, unit_register.path, unit_register.backups_dir
                        )
                    )
                )
            )
        )
        restorer.start()
        restorer.join(10)
    assert order[:2] == ["backup copied", "file swapped"]
    assert "pre-restore" in order[2].name  # the restore itself succeeded
    assert "start" in made.args[0].name and made.args[0].exists()
    with unit_register.session() as session:
        assert [u.name for u in unit_records.list_units(session)] == ["甲公司"]
