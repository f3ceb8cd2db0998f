"""A backup (reason "pre-import") before every import commit, from the window and from `wrc import`."""

from __future__ import annotations

import json
import threading

from PySide6.QtWidgets import QMessageBox

from tests.conftest import TODAY
from tests.helpers import desk_over, id_number
from tests.reports.builders import save_roster
from wrc_desktop.cli import main
from wrc_desktop.gui.dialogs.import_dialog import ImportDialog
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.gui.pages.reports_view import ReportsView
from wrc_desktop.store import backup, holder_records
from wrc_desktop.store.db import open_register

HEADER = ["姓名", "身份证号码", "部门"]
ROWS = [
    ["赵一", id_number(birth="19900101", sequence="011"), "研发中心"],
    ["钱二", id_number(birth="19900102", sequence="021"), "产品部"],
]


def _holders_in(path, backups_dir) -> int:
    other = open_register(path, backups_dir)
    try:
        with other.session() as session:
            return holder_records.holder_count(session)
    finally:
        other.close()


def _pre_import(register) -> list:
    return [i.path for i in backup.backup_infos(register.backups_dir) if i.reason == "pre-import"]


def test_the_import_dialog_backs_up_then_commits_on_the_writer(
    unit_register, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    path = save_roster(tmp_path / "名单.xlsx", ROWS, HEADER)
    view = ReportsView(RegisterOps(desk_over(unit_register, TODAY)))
    qtbot.addWidget(view)
    view.ask_open_path = lambda: str(path)
    dialog: ImportDialog = view.import_roster()
    qtbot.waitUntil(lambda: dialog.roster is not None, timeout=10_000)
    dialog.make_preview()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    writing_thread = []
    from wrc_desktop.desk import imports as desk_imports

    original = desk_imports.commit_import
    monkeypatch.setattr(
        desk_imports,
        "commit_import",
        lambda *args, **kwargs: (
            writing_thread.append(threading.get_ident()) or original(*args, **kwargs)
        ),
    )

    with qtbot.waitSignal(view.changed, timeout=10_000):
        dialog.confirm()
        assert dialog.writing and not dialog.confirm_button.isEnabled()
        dialog.reject()  # ignored while the import is being written
        assert dialog.isVisible()

    (made,) = _pre_import(unit_register)
    assert _holders_in(made, unit_register.backups_dir) == 0  # taken before the rows went in
    with unit_register.session() as session:
        assert holder_records.holder_count(session) == 2
    assert writing_thread and threading.get_ident() not in writing_thread
    assert not dialog.isVisible()


def test_undo_runs_on_the_writer_and_a_refusal_is_asked_about(
    unit_register, qtbot, tmp_path, monkeypatch
):
    path = save_roster(tmp_path / "名单.xlsx", ROWS, HEADER)
    assert main(["import", str(path), "--json"]) == 0
    view = ReportsView(RegisterOps(desk_over(unit_register, TODAY)))
    qtbot.addWidget(view)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.changed, timeout=10_000):
        view.undo_import()
        assert not view.undo_button.isEnabled()  # no second undo while the first is written
    with unit_register.session() as session:
        assert holder_records.holder_count(session) == 0
    assert "已撤销导入" in view.message.text()


def test_wrc_import_backs_up_before_writing_and_not_on_a_dry_run(unit_register, tmp_path, capsys):
    path = save_roster(tmp_path / "名单.xlsx", ROWS, HEADER)
    assert main(["import", str(path), "--dry-run", "--json"]) == 0
    capsys.readouterr()
    assert _pre_import(unit_register) == []

    assert main(["import", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    (made,) = _pre_import(unit_register)
    assert result["written"] is True and result["backup"] == str(made)
    assert _holders_in(made, unit_register.backups_dir) == 0
    assert _holders_in(unit_register.path, unit_register.backups_dir) == 2


def test_nothing_is_imported_when_the_backup_cannot_be_made(
    unit_register, tmp_path, capsys, monkeypatch
):
    path = save_roster(tmp_path / "名单.xlsx", ROWS, HEADER)

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "make_backup", disk_full)
    assert main(["import", str(path), "--json"]) != 0
    assert "未能备份" in capsys.readouterr().err
    with unit_register.session() as session:
        assert holder_records.holder_count(session) == 0
