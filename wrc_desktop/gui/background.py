"""Work off the UI thread: reads, exports, imports and backups run on Qt's thread pool.

The UI thread never waits on the register or the disk for long; the result (or
the error) comes back to a callback on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


# Tasks stay referenced here until they report back: the pool must not be left holding
# the only reference to a runnable whose signal object Python has already collected.
_RUNNING: set[BackgroundTask] = set()


class BackgroundTask(QRunnable):
    """Runs ``work()`` on the thread pool; ``done``/``failed`` arrive on the UI thread."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # noqa: BLE001 - handed to the UI thread, shown there
            self.signals.failed.emit(error)
            return
        self.signals.done.emit(result)


def run_in_background(work: Callable[[], Any], done: Callable[[Any], None],
                      failed: Callable[[Exception], None]) -> BackgroundTask:
    """Run ``work`` off the UI thread (reads, exports, imports); the callbacks run on the UI thread."""
    task = BackgroundTask(work)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _RUNNING.discard(task)
        callback(value)

    task.signals.done.connect(lambda value: finish(done, value))
    task.signals.failed.connect(lambda error: finish(failed, error))
    _RUNNING.add(task)
    QThreadPool.globalInstance().start(task)
    return task
