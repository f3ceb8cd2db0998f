"""Progress and cancel for long work through either door (Anki's ``with_progress``).

The clerk's action makes a :class:`Progress` and hands it both to the work (which calls
:meth:`Progress.report` and asks :meth:`Progress.cancelled` from its worker thread) and
to the door (``progress=``). The door shows a :class:`QProgressDialog` with a 取消 button
when the work is still running after :data:`SHOW_AFTER_MS`, so a quick save never
flashes a dialog; the dialog reads the counts on a UI-thread timer, so the worker never
touches a widget.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from ...rules.errors import WrcError

SHOW_AFTER_MS = 500  # shorter work ends before any dialog shows
POLL_MS = 100


class Cancelled(WrcError):
    """The clerk pressed 取消: the work stopped where it was (a write rolls back)."""

    def __init__(self, message: str = "已取消") -> None:
        super().__init__(message)


class Progress:
    """How far one piece of long work is, and whether the clerk asked it to stop; thread-safe."""

    def __init__(self, label: str, maximum: int = 0) -> None:
        self._label = label
        self._lock = threading.Lock()
        self._done = 0
        self._total = max(0, maximum)  # 0: unknown (a busy indicator)
        self._cancel = threading.Event()

    def report(self, done: int, total: int | None = None, label: str | None = None) -> None:
        """``done`` of ``total`` steps (the total as set before when not given), and what is being
        done now when it changes (a new stage); any thread."""
        with self._lock:
            self._done = max(0, done)
            if total is not None:
                self._total = max(0, total)
            if label is not None:
                self._label = label

    def state(self) -> tuple[int, int]:
        """``(done, total)`` as last reported."""
        with self._lock:
            return self._done, self._total

    @property
    def label(self) -> str:
        with self._lock:
            return self._label

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        """True once the clerk pressed 取消; the work should stop at its next step."""
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` when the clerk asked to stop (a step boundary in the work)."""
        if self.cancelled():
            raise Cancelled()


class ProgressWatch(QObject):
    """The UI side of one :class:`Progress`: a dialog after a moment, fed by a timer, closed at the end."""

    def __init__(self, progress: Progress, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.progress = progress
        self.dialog: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._started = False

    def start(self) -> None:
        self._started = True
        QTimer.singleShot(SHOW_AFTER_MS, self, self._show)

    def _show(self) -> None:
        if not self._started:
            return  # finished before the dialog was due
        # The parent as Qt knows it, not a Python reference kept here: the parent owns this
        # watch, and a watch holding its parent's wrapper made a cycle in which the watch's
        # deleteLater let go of the last reference to a window while deleting it (a crash).
        owner = self.parent()
        parent = owner if isinstance(owner, QWidget) else None
        dialog = self.dialog = QProgressDialog(self.progress.label, "取消", 0, 0, parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel)
        self._poll()
        dialog.show()
        self._timer.start()

    def _cancel(self) -> None:
        self.progress.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消……")

    def _poll(self) -> None:
        if self.dialog is None:
            return
        done, total = self.progress.state()
        if not self.progress.cancelled():
            self.dialog.setLabelText(self.progress.label)
        self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, total) if total else 0)

    def finish(self) -> None:
        """The work reported back: no dialog from now on; the one shown closes."""
        self._started = False
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self._cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.deleteLater()
