"""Start-up safety: one copy per data folder, restore from a good backup, crashes that lose nothing."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QPushButton, QVBoxLayout

from tests.conftest import TODAY
from tests.helpers import desk_over, unit_data
from wrc_desktop import app, paths
from wrc_desktop.gui.settings import Settings, configure_location
from wrc_desktop.gui.shell.crash import CrashHandler
from wrc_desktop.gui.shell.single_instance import InstanceLock
from wrc_desktop.gui.shell.upkeep import BackupKeeper
from wrc_desktop.store import backup, unit_records


def test_a_second_copy_on_the_same_data_folder_is_refused(tmp_path, monkeypatch, qapp):
    data = tmp_path / "data"
    data.mkdir()
    first = InstanceLock(data)
    assert first.acquire()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    try:
        assert app.main(["--data-dir", str(data), "--no-crash-dialog"]) == app.EXIT_ALREADY_RUNNING
    finally:
        first.release()
    expected = (
        "工作居住证办理助手已在运行，并正在使用数据文件夹：\n"
        f"{paths.data_dir()}\n\n为避免两个窗口同时修改登记册，本次启动已取消。请切换到已打开的窗口（可查看任务栏）。"
    )
    assert shown == [expected]
    assert not (data / paths.DB_FILENAME).exists()  # the register was never opened


def test_the_lock_is_free_again_after_release(tmp_path, qapp):
    first = InstanceLock(tmp_path)
    assert first.acquire()
    first.release()
    second = InstanceLock(tmp_path)
    assert second.acquire()
    second.release()


def test_a_corrupt_register_is_replaced_by_the_newest_good_backup_when_the_clerk_agrees(
    register, monkeypatch, qtbot
):
    with register.session() as session:
        unit_records.create_unit(session, data=unit_data(name="备份里的单位"))
    backup.make_backup(register.path, register.backups_dir, reason="daily")
    register.close()
    garbage = b"not a database" * 300
    register.path.write_bytes(garbage)
    asked = []
    monkeypatch.setattr(
        app, "ask_restore", lambda error, info: asked.append(info.reason_label) or True
    )

    window = app.launch()
    qtbot.addWidget(window)
    try:
        assert asked == ["每日"]
        assert window.ops.wait()  # the units come from the background reader
        assert [name for _id, name in window.units] == ["备份里的单位"]
        damaged = list(register.path.parent.glob("wrc-damaged-*.sqlite3"))
        assert len(damaged) == 1 and damaged[0].read_bytes() == garbage
    finally:
        window.desk.close()


def test_declining_the_restore_leaves_the_corrupt_file_alone(register, monkeypatch, qapp):
    backup.make_backup(register.path, register.backups_dir, reason="daily")
    register.close()
    register.path.write_bytes(b"not a database" * 300)
    monkeypatch.setattr(app, "ask_restore", lambda error, info: False)
    assert app.launch() is None
    assert register.path.read_bytes() == b"not a database" * 300


class _Form(QDialog):
    def __init__(self) -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.button = QPushButton("保存")
        self.button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)

    def save(self) -> None:
        raise RuntimeError("模拟的意外错误")


def test_an_uncaught_error_is_logged_and_the_dialog_keeps_what_was_typed(tmp_path, qtbot):
    handler = CrashHandler(tmp_path / "logs", show_dialog=False)
    handler.install()
    try:
        form = _Form()
        qtbot.addWidget(form)
        form.show()
        form.edit.setText("张三 110105199003071234")
        form.button.click()
        qtbot.wait(10)
    finally:
        handler.uninstall()
    assert handler.last_log is not None and handler.last_log.exists()
    text = handler.last_log.read_text(encoding="utf-8")
    assert "模拟的意外错误" in text and "RuntimeError" in text
    assert form.isVisible() and form.edit.text() == "张三 110105199003071234"


def test_settings_live_in_the_data_folder_and_persist(qapp):
    configure_location()
    settings = Settings()
    settings.first_run_done = True
    settings.sync()
    again = Settings()
    assert again.first_run_done is True
    assert again.file_path.is_relative_to(paths.data_dir())


def test_the_backup_keeper_backs_up_at_start_and_prunes(register, qtbot):
    for _ in range(4):
        backup.make_backup(register.path, register.backups_dir, reason="daily")
    keeper = BackupKeeper(desk_over(register, TODAY), keep=lambda: 2)
    with qtbot.wait_signal(keeper.made, timeout=10_000) as made:
        keeper.start()
    keeper.stop()
    newest = made.args[0]
    assert "start" in newest.name
    remaining = backup.list_backups(register.backups_dir)
    assert len(remaining) == 2 and remaining[0] == newest
    with closing(sqlite3.connect(newest)) as connection, connection:
        assert connection.execute("SELECT count(*) FROM unit").fetchone() == (0,)


def test_a_data_folder_that_is_a_file_is_told_in_one_box(tmp_path, monkeypatch, qapp):
    not_a_folder = tmp_path / "wrc-data"
    not_a_folder.write_text("a file where the data folder should be")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    status = app.main(["--data-dir", str(not_a_folder), "--no-crash-dialog"])
    assert status == app.EXIT_DATABASE_UNAVAILABLE
    assert len(shown) == 1 and f"数据文件夹 {not_a_folder} 不是文件夹" in shown[0]
    assert not_a_folder.read_text() == "a file where the data folder should be"


def test_a_register_from_a_newer_version_is_refused_without_offering_a_restore(
    register, monkeypatch, qapp
):
    backup.make_backup(register.path, register.backups_dir, reason="daily")
    register.close()
    with closing(sqlite3.connect(register.path)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    before = register.path.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(app, "ask_restore", lambda error, info: pytest.fail("restore offered"))
    assert app.launch() is None
    assert len(shown) == 1 and "较新版本的程序" in shown[0] and "0999" in shown[0]
    assert register.path.read_bytes() == before
