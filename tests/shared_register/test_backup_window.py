"""备份与恢复 on a shared register: the server's backups, and a restore into a new database that
this copy then switches to — never over the live one; 否 is the default answer."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.conftest import TODAY
from tests.helpers import desk_over, unit_data, uscc_code
from wrc_desktop.desk import Changes
from wrc_desktop.desk import units as desk_units
from wrc_desktop.gui.dialogs import backup_dialog
from wrc_desktop.gui.dialogs.backup_dialog import BackupDialog
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.store import engines, pg_backup, unit_records
from wrc_desktop.store.db import open_url


@pytest.fixture
def shared_desk(pg_url, tmp_path):
    register = open_url(pg_url, tmp_path / "backups")
    yield desk_over(register, TODAY)
    register.close()


def _unit_names(desk) -> list[str]:
    with desk._session() as session:
        return sorted(u.name for u in unit_records.list_units(session))


def test_a_server_backup_is_restored_into_a_new_database_and_this_copy_switches(
    qtbot, shared_desk, pg_url, pg_cluster
):
    desk = shared_desk
    desk_units.save_unit(desk, None, unit=unit_data(name="备份前的单位"), agents=[])
    ops = RegisterOps(desk)
    dialog = BackupDialog(ops)
    qtbot.addWidget(dialog)
    assert "不会覆盖服务器上正在使用的数据库" in dialog.findChildren(type(dialog.message))[0].text()

    dialog.backup_now()
    assert ops.wait()
    assert dialog.table.rowCount() == 1
    made = dialog.selected_backup()
    assert made.parent == pg_backup.folder(desk.backups_dir, pg_url)
    desk_units.save_unit(
        desk, None, unit=unit_data(name="备份后的单位", uscc=uscc_code("91110108MA01ABCE")),
        agents=[],
    )  # fmt: skip

    feed = desk.listener()
    new_name = f"{pg_url.rsplit('/', 1)[1]}_restored"
    asked: list[str] = []
    dialog.ask_name = lambda suggested: asked.append(suggested) or new_name
    dialog.ask = lambda title, text: asked.append(text) or True
    try:
        with qtbot.waitSignal(ops.changed, timeout=30_000) as heard:
            dialog.restore_selected()
            assert ops.wait(60_000)
        assert heard.args == [
            Changes.everything(),
            None,
        ]  # every page reloads from the new database
        assert asked[0].startswith(f"{pg_url.rsplit('/', 1)[1]}_restored_")  # a suggested name
        assert f"新数据库 {new_name}" in asked[1] and "正在使用的数据库不会被改动" in asked[1]
        assert "原数据库未改动" in dialog.message.text()

        assert engines.normalise(desk._register.url).database == new_name
        assert _unit_names(desk) == ["备份前的单位"]  # this copy now reads the restored register
        live = open_url(pg_url)
        try:  # the live database is as it was
            with live.session() as session:
                assert len(unit_records.list_units(session)) == 2
        finally:
            live.close()
        assert feed.wait(0.2) == Changes.everything()  # the listener moved along too
        feed.close()
    finally:
        desk.close()
        pg_cluster.drop_database(new_name)


def test_the_restore_question_defaults_to_no(qtbot, shared_desk, monkeypatch):
    dialog = BackupDialog(RegisterOps(shared_desk))
    qtbot.addWidget(dialog)
    seen = {}

    def question(parent, title, text, buttons, default):
        seen["default"] = default
        return default  # the clerk pressed Enter

    monkeypatch.setattr(backup_dialog.confirm.__globals__["QMessageBox"], "question", question)
    assert dialog.ask("恢复备份", "？") is False
    assert seen["default"] == QMessageBox.StandardButton.No
