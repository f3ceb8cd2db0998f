"""The GUI's two doors: a write says what it changed (or does not type-check), the page that
asked skips its own refresh, progress and cancel go through the door, and a dialog gets its
data through a query — never by touching the register on the UI thread."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import weakref
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from tests.conftest import TODAY
from tests.helpers import desk_over, holder_data, unit_data
from wrc_desktop.desk import Changes
from wrc_desktop.gui.doors import progress as door_progress
from wrc_desktop.gui.doors.operations import NoChangesReported, RegisterOps, split_changes
from wrc_desktop.gui.doors.progress import Cancelled, Progress
from wrc_desktop.store import holder_records, unit_records

ROOT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------ a write says what it changed


def _mypy(tmp_path: Path, body: str) -> tuple[str, int, list[int]]:
    """mypy's report on ``body`` (inside a function given ``ops``), its status, and the line
    numbers of the snippet's ``ops.write`` calls."""
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from wrc_desktop.desk import Changes, Desk\n"
        "from wrc_desktop.gui.doors.operations import RegisterOps\n\n\n"
        "def use(ops: RegisterOps) -> None:\n" + textwrap.indent(textwrap.dedent(body), "    "),
        encoding="utf-8",
    )
    writes = [
        number
        for number, line in enumerate(snippet.read_text("utf-8").splitlines(), start=1)
        if "ops.write(" in line
    ]
    # In its own process: mypy raises the interpreter's recursion limit for good when run
    # in-process, which would change what later tests see.
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            str(snippet),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--no-incremental",
            "--follow-imports=silent",
            "--cache-dir=/dev/null",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    return checked.stdout, checked.returncode, writes


def test_the_type_checker_refuses_a_write_that_does_not_say_what_it_changed(tmp_path):
    out, status, writes = _mypy(
        tmp_path,
        """
        def nothing(desk: Desk) -> None:
            return None

        def bare(desk: Desk) -> int:
            return 1

        ops.write(nothing)
        ops.write(bare)
        ops.write(lambda desk: None)
        """,
    )
    assert status == 1 and len(writes) == 3
    for line in writes:  # each of the three calls is refused, at its own line
        assert f'snippet.py:{line}: error: Argument 1 to "write" of "RegisterOps"' in out, out


def test_the_type_checker_accepts_changes_alone_or_after_a_value(tmp_path):
    out, status, _writes = _mypy(
        tmp_path,
        """
        def alone(desk: Desk) -> Changes:
            return Changes(units=True)

        def after(desk: Desk) -> tuple[int, Changes]:
            return 7, Changes.of_holders([7])

        def shown(value: int) -> None:
            print(value)

        ops.write(alone)
        ops.write(after, success=shown)
        ops.write(lambda desk: Changes.everything())
        """,
    )
    assert status == 0, out


def test_at_run_time_a_write_without_changes_is_refused_and_announces_nothing(
    register, qtbot, monkeypatch
):
    with pytest.raises(NoChangesReported):
        split_changes(None)
    assert split_changes((3, Changes(units=True))) == (3, Changes(units=True))
    ops = RegisterOps(desk_over(register, TODAY))
    shown, heard = [], []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    ops.changed.connect(lambda changes, by: heard.append(changes))
    ops.write(lambda desk: None)  # type: ignore[call-overload]  # what the checker refuses
    assert ops.wait()
    assert len(shown) == 1 and heard == []  # no silent "reload everything"


# ------------------------------------------------------------ the initiator


class _Page(QWidget):
    """A page that refreshes on every change except its own (it has refreshed already)."""

    def __init__(self, ops: RegisterOps) -> None:
        super().__init__()
        self.refreshed: list[Changes] = []
        ops.changed.connect(self.apply_changes)

    def apply_changes(self, changes: Changes, initiator: object = None) -> None:
        if initiator is not self:
            self.refreshed.append(changes)


def test_the_page_that_made_a_write_skips_its_own_refresh_the_others_do_not(register, qtbot):
    ops = RegisterOps(desk_over(register, TODAY))
    asking, other = _Page(ops), _Page(ops)
    qtbot.addWidget(asking)
    qtbot.addWidget(other)
    with register.session() as session:
        unit_id = unit_records.create_unit(session, data=unit_data()).id
    from wrc_desktop.desk import units as desk_units

    ops.write(lambda desk: desk_units.set_default_unit(desk, unit_id), initiator=asking)
    assert ops.wait()
    assert asking.refreshed == [] and other.refreshed == [Changes(units=True)]


def test_another_ops_on_the_same_register_hears_the_write_and_its_initiator(register, qtbot):
    first, second = RegisterOps(desk_over(register, TODAY)), RegisterOps(desk_over(register, TODAY))
    heard: list[tuple[Changes, object]] = []
    second.changed.connect(lambda changes, by: heard.append((changes, by)))
    page = QWidget()
    qtbot.addWidget(page)
    first.write(lambda desk: Changes(marks=True), initiator=page)
    assert first.wait()
    assert heard == [(Changes(marks=True), page)]


# ------------------------------------------------------------ progress and cancel


def test_progress_shows_after_a_moment_and_its_cancel_stops_the_write(register, qtbot, monkeypatch):
    monkeypatch.setattr(door_progress, "SHOW_AFTER_MS", 0)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    ops = RegisterOps(desk_over(register, TODAY))
    parent = QWidget()
    qtbot.addWidget(parent)
    progress = Progress("正在处理……", 10)
    reached, failures, done = threading.Event(), [], []

    def long_write(desk) -> Changes:
        for step in range(10):
            progress.report(step + 1)
            if step == 2:
                reached.set()
                assert progress._cancel.wait(10)  # held until the clerk presses 取消
            progress.check()
        return Changes.everything()  # never reached: cancelled

    ops.write(
        long_write,
        parent=parent,
        progress=progress,
        success=done.append,
        failure=failures.append,
    )
    assert reached.wait(10)
    watch = parent.findChild(door_progress.ProgressWatch)
    qtbot.waitUntil(lambda: watch is not None and watch.dialog is not None, timeout=5_000)
    dialog = watch.dialog
    qtbot.waitUntil(lambda: dialog.value() == 3, timeout=5_000)  # the worker's count, shown
    assert dialog.maximum() == 10 and dialog.labelText() == "正在处理……"
    (button,) = dialog.findChildren(QPushButton)
    assert button.text() == "取消"
    button.click()  # the clerk presses 取消
    assert ops.wait()
    assert shown == [] and done == []
    assert len(failures) == 1 and isinstance(failures[0], Cancelled)
    assert parent.findChild(door_progress.ProgressWatch) is None or watch.dialog is None


def test_a_quick_query_shows_no_progress_dialog(register, qtbot):
    ops = RegisterOps(desk_over(register, TODAY))
    parent = QWidget()
    qtbot.addWidget(parent)
    progress = Progress("正在读取……")
    answers: list[bool] = []
    ops.query(lambda desk: True, success=answers.append, progress=progress, parent=parent)
    assert ops.wait()
    qtbot.wait(door_progress.SHOW_AFTER_MS + 100)
    assert answers == [True]
    assert all(w.dialog is None for w in parent.findChildren(door_progress.ProgressWatch))


def test_a_finished_progress_does_not_keep_its_window_alive(qtbot):
    """The watch is the window's child and deletes itself when the work ends; had it also held
    the window's wrapper, its deleteLater would let go of the window's last reference in the
    middle of deleting itself, and the window would delete it a second time (a crash)."""

    def show_and_finish() -> weakref.ref[QWidget]:
        window = QWidget()
        watch = door_progress.ProgressWatch(Progress("正在处理……"), window)
        watch.start()
        qtbot.waitUntil(lambda: watch.dialog is not None, timeout=5_000)  # shown over the window
        assert watch.dialog is not None and watch.dialog.parent() is window
        watch.finish()
        return weakref.ref(window)

    gone = show_and_finish()
    assert gone() is None  # nothing but the window's own name held it: it went with it


# ------------------------------------------------------------ no register on the UI thread


@pytest.fixture
def register_threads(register, monkeypatch):
    """The threads the register's sessions were opened on (a test may watch, not change it)."""
    threads: list[int] = []
    real = register.session

    def session(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(register, "session", session)
    return threads


def test_the_holder_dialog_opens_at_once_and_fills_from_a_query(register, register_threads, qtbot):
    from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog
    from wrc_desktop.gui.widgets.loading import READING

    with register.session() as session:
        unit = unit_records.create_unit(session, data=unit_data())
        holder_id = holder_records.create_holder(
            session, unit_id=unit.id, holder=holder_data(name="张伟", phone="13800000001")
        ).id
    register_threads.clear()
    ops = RegisterOps(desk_over(register, TODAY))
    dialog = HolderDialog(ops, holder_id=holder_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ui.tabs.isEnabled() and dialog.ui.summaryLabel.text() == READING
    assert ops.wait()
    assert dialog.ui.nameEdit.text() == "张伟" and dialog.ui.phoneEdit.text() == "13800000001"
    assert dialog.ui.tabs.isEnabled() and dialog.ui.summaryLabel.isHidden()
    ui_thread = threading.get_ident()
    assert register_threads and ui_thread not in register_threads


def test_the_unit_dialog_opens_at_once_and_fills_from_a_query(register, register_threads, qtbot):
    from wrc_desktop.gui.dialogs.unit_dialog import UnitDialog

    with register.session() as session:
        unit_id = unit_records.create_unit(session, data=unit_data(name="甲公司")).id
    register_threads.clear()
    ops = RegisterOps(desk_over(register, TODAY))
    dialog = UnitDialog(ops, unit_id=unit_id)
    qtbot.addWidget(dialog)
    assert not dialog.ui.nameEdit.isEnabled()
    assert ops.wait()
    assert dialog.ui.nameEdit.text() == "甲公司" and dialog.ui.nameEdit.isEnabled()
    assert register_threads and threading.get_ident() not in register_threads
