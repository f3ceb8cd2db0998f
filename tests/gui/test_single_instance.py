"""A second start on the same data folder brings the running window forward, with its roster."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from wrc_desktop import app
from wrc_desktop.gui.shell import single_instance
from wrc_desktop.gui.shell.single_instance import (
    InstanceLock,
    InstanceServer,
    send_to_running,
    server_name,
)

SECOND_COPY = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from wrc_desktop.gui.shell.single_instance import send_to_running
QCoreApplication([])
sys.exit(0 if send_to_running(Path(sys.argv[1]), json.loads(sys.argv[2])) else 1)
"""


def _second_copy(folder: Path, request: dict) -> subprocess.Popen:
    """A second start, in a process of its own, as the clerk's double-click makes one."""
    return subprocess.Popen(
        [sys.executable, "-c", SECOND_COPY, str(folder), json.dumps(request)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_one_name_per_data_folder(tmp_path):
    assert server_name(tmp_path / "a") == server_name(tmp_path / "b" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")


def test_the_running_copy_takes_a_request_and_says_so(tmp_path, qtbot):
    server = InstanceServer(tmp_path)
    assert server.listening
    received: list[dict] = []
    server.request.connect(received.append)
    roster = str(tmp_path / "名单.xlsx")
    second = _second_copy(tmp_path, {"action": "import", "path": roster})
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
    assert second.returncode == 0  # the running copy said it took the request
    assert received == [{"action": "import", "path": roster}]
    server.close()


def test_a_request_for_another_folder_or_no_copy_running_is_not_delivered(tmp_path, qtbot):
    server = InstanceServer(tmp_path / "one")
    assert not send_to_running(tmp_path / "other", {"action": "show"}, timeout_ms=300)
    server.close()


def test_an_unknown_request_is_refused(tmp_path, qtbot):
    server = InstanceServer(tmp_path)
    received: list[dict] = []
    server.request.connect(received.append)
    second = _second_copy(tmp_path, {"action": "delete everything"})
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
    assert second.returncode == 1 and received == []
    server.close()


def test_a_second_start_hands_over_instead_of_an_error(tmp_path, monkeypatch, qapp):
    data = tmp_path / "data"
    data.mkdir()
    first = InstanceLock(data)
    assert first.acquire()
    sent: list[tuple[Path, dict]] = []
    shown: list[str] = []
    monkeypatch.setattr(
        single_instance,
        "send_to_running",
        lambda folder, request: sent.append((folder, request)) or True,
    )
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.chdir(tmp_path)
    try:
        status = app.main(["--data-dir", str(data), "--no-crash-dialog", "名单.xlsx"])
    finally:
        first.release()
    assert status == 0 and shown == []
    assert sent == [(data.resolve(), {"action": "import", "path": str(tmp_path / "名单.xlsx")})]


def test_the_running_window_comes_forward_and_opens_the_roster(window, monkeypatch, tmp_path):
    opened: list[str] = []
    monkeypatch.setattr(window, "import_roster", opened.append)
    window.showMinimized()
    app.bring_forward(window, {"action": "show"})
    assert not window.isMinimized() and opened == []
    app.bring_forward(window, {"action": "import", "path": str(tmp_path / "名单.xlsx")})
    assert opened == [str(tmp_path / "名单.xlsx")]


def test_a_workbook_on_the_command_line_is_the_roster_and_qt_keeps_its_own_arguments(tmp_path):
    args, qt_args = app.parse_args(["-platform", "offscreen", str(tmp_path / "名单.XLSX")])
    assert args.roster == str((tmp_path / "名单.XLSX").resolve())
    assert qt_args == ["-platform", "offscreen"]
    args, qt_args = app.parse_args(["--data-dir", "x"])
    assert args.roster is None and qt_args == []
