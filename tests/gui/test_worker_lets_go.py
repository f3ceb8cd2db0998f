"""What a background job captured (a dialog, a page) is let go on the UI thread, whoever lets go
last, and cyclic garbage is collected there too.

The last reference to a Python-owned Qt object decides the thread its C++ object is destroyed
on, and a widget destroyed on a worker thread crashes the process — seldom, when the worker
thread happens to let go of a finished job after the UI thread has delivered it. These tests
make that order certain: the executor thread is held just after it ran a job (where it still
keeps the item it ran) until the UI thread has delivered the job and let go of it.
"""

from __future__ import annotations

import gc
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop.gui.doors import ui_collections
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.gui.doors.writer import Worker

HELD_S = 10.0  # how long the executor thread waits at most for the UI thread


class Hold:
    """The executor thread is held after its ``after_job``-th job until ``go_on`` is set."""

    def __init__(self, after_job: int) -> None:
        self.after_job = after_job
        self.go_on = threading.Event()


@contextmanager
def executor_lets_go_last(after_job: int = 1) -> Iterator[Hold]:
    """Hold the next executor thread started, at the end of a job, until the UI thread says so:
    what that thread keeps of the job is then let go after the UI thread has delivered it.
    (``threading.settrace`` reaches the threads started while it is set; the first of them
    is held, the others run freely.)"""
    hold = Hold(after_job)
    held_thread: list[int] = []
    ran: list[bool] = []  # not the frames: they hold the job

    def at_return(frame: FrameType, event: str, _arg: Any) -> Callable[..., Any] | None:
        if event == "return":
            ran.append(True)
            if len(ran) == hold.after_job:
                assert hold.go_on.wait(HELD_S), "the UI thread never let the executor go on"
        return at_return

    def on_call(frame: FrameType, event: str, _arg: Any) -> Callable[..., Any] | None:
        code = frame.f_code
        # The executor's work item runs the job and is dropped only after this returns.
        if event != "call" or code.co_name != "run" or "concurrent" not in code.co_filename:
            return None
        if not held_thread:
            held_thread.append(threading.get_ident())
        return at_return if held_thread == [threading.get_ident()] else None

    threading.settrace(on_call)
    try:
        yield hold
    finally:
        threading.settrace(None)  # type: ignore[arg-type]  # None switches tracing off
        hold.go_on.set()
        sys.settrace(None)


def _released_on(what: QObject) -> dict[str, int]:
    """Where ``what`` is let go: ``{"thread": ident}`` once its Python wrapper is gone."""
    released: dict[str, int] = {}
    weakref.finalize(what, lambda: released.setdefault("thread", threading.get_ident()))
    return released


def _wait_for(condition: Callable[[], bool], qtbot) -> None:
    qtbot.waitUntil(condition, timeout=int(HELD_S * 1000))


def test_a_finished_jobs_callbacks_are_let_go_on_the_ui_thread(qtbot):
    ui_thread = threading.get_ident()
    delivered = threading.Event()
    with executor_lets_go_last() as hold:
        worker = Worker("wrc-test")

        def submit_capturing_a_qt_object() -> dict[str, int]:
            captured = QObject()  # Python-owned, like a dialog without a parent
            released = _released_on(captured)
            worker.submit(
                lambda: captured is not None,
                lambda _result: (captured.objectName(), delivered.set()),
                lambda _error: delivered.set(),
            )
            return released

        released = submit_capturing_a_qt_object()
        worker.submit(lambda: None, lambda _r: None, lambda _e: None)  # a later job
        _wait_for(lambda: delivered.is_set() and worker.pending == 1, qtbot)
        hold.go_on.set()  # the UI thread has let go of the first job; now the executor may
        assert worker.drain(HELD_S)
        _wait_for(lambda: "thread" in released, qtbot)
    worker.shutdown()
    assert released["thread"] == ui_thread


def test_a_dialog_closed_while_its_read_is_in_flight_is_destroyed_on_the_ui_thread(
    demo_register, qtbot
):
    """The clerk closes 新建办理 before the holders' list has arrived: the read still ends,
    its answer is skipped, and the dialog goes on the UI thread."""
    from wrc_desktop.gui.dialogs.new_case_dialog import NewCaseDialog

    ui_thread = threading.get_ident()
    release_read = threading.Event()
    with executor_lets_go_last(after_job=2) as hold:  # the held read's, then the dialog's first
        ops = RegisterOps(desk_over(demo_register, TODAY))  # its reader starts while traced
        # An earlier read holds the reader, so the dialog's read is still queued when it closes.
        ops.query(lambda _desk: release_read.wait(HELD_S), success=lambda _ok: None)

        def open_and_close() -> tuple[weakref.ref[NewCaseDialog], dict[str, int]]:
            dialog = NewCaseDialog(ops)
            dialog.show()
            dialog.close()
            return weakref.ref(dialog), _released_on(dialog)

        dialog, released = open_and_close()
        release_read.set()

        def holders_arrived() -> bool:
            shown = dialog()
            return shown is not None and shown.holder.count() > 0

        _wait_for(holders_arrived, qtbot)  # delivered to the closed dialog: it may read on
        hold.go_on.set()
        assert ops.wait(int(HELD_S * 1000)) and ops.reader.drain(HELD_S)
        QApplication.processEvents()
        _wait_for(lambda: "thread" in released, qtbot)  # nothing keeps the closed dialog
    assert released["thread"] == ui_thread


def test_a_worker_that_allocates_never_collects_what_the_ui_thread_let_go(qtbot):
    """Garbage in a cycle (a window and what refers back to it) is collected on the UI thread,
    not by a collection that a worker's allocations would have started."""
    ui_thread = threading.get_ident()
    assert ui_collections.collect_on_ui_thread()  # as the app, once its start has settled
    worker = Worker("wrc-test")

    def let_go_of_a_window_in_a_cycle() -> dict[str, int]:
        window = QObject()
        window.setObjectName("closed window")
        released = _released_on(window)
        window.refers_to_itself = window  # type: ignore[attr-defined]  # only a collection frees it
        return released

    released = let_go_of_a_window_in_a_cycle()
    many = 10 * gc.get_threshold()[0]  # far past the youngest generation's threshold
    allocated: list[int] = []
    worker.submit(
        lambda: len([[] for _ in range(many)]), allocated.append, lambda _error: allocated.clear()
    )
    _wait_for(lambda: allocated == [many], qtbot)
    worker.shutdown()
    gc.collect()  # if the UI thread's timer has not collected it meanwhile
    assert released == {"thread": ui_thread}  # not the worker's, which allocated far more
