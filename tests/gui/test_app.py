"""Starting the app: a corrupt register is reported and left untouched; a healthy one opens a window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from wrc_desktop import app, paths


def test_corrupt_database_shows_the_message_and_leaves_the_file(tmp_path, monkeypatch, qapp):
    data = tmp_path / "clerk-data"
    data.mkdir()
    database = data / paths.DB_FILENAME
    garbage = b"this is not a database" * 100
    database.write_bytes(garbage)
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(f"{box.windowTitle()}|{box.text()}|{box.informativeText()}")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    status = app.main(["--data-dir", str(data)])
    assert status == app.EXIT_DATABASE_UNAVAILABLE != 0
    (message,) = shown
    assert "无法打开登记册" in message and str(database) in message
    assert str(data / "backups") in message and "不会被覆盖" in message
    assert database.read_bytes() == garbage
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_healthy_folder_opens_the_register_in_a_window(tmp_path, qtbot):
    # app.main() runs the event loop; what it shows is launch()'s window.
    window = app.launch(str(tmp_path / "new"))
    qtbot.addWidget(window)
    try:
        assert window.isVisible() and "工作居住证办理助手" in window.windowTitle()
        assert window.desk.file == tmp_path / "new" / paths.DB_FILENAME
        assert window.desk.file.exists()
        # the register's first look comes from the background reader
        qtbot.waitUntil(lambda: window.page.stack.currentWidget() is window.page.welcome)
    finally:
        window.desk.close()
