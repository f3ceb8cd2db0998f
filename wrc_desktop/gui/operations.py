"""The one door through which the window reads and changes the register.

Modelled on Anki's ``CollectionOp``: a dialog hands over a function of the
session (built from :mod:`wrc_desktop.store.repo` calls) with what to do on
success and on failure; this module runs it as one unit of work on the
register's single writer thread (:mod:`.writer`) and, back on the UI thread,
calls the callbacks and tells the rest of the window that the register
changed. No SQL and no session handling live anywhere else in the GUI.

``write`` returns as soon as the work is queued. A dialog passes its buttons
as ``busy`` (disabled until the outcome is known) and closes in ``success``;
it should ignore ``reject`` while its buttons are disabled, so the clerk
always sees how the save ended.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlmodel import Session

from ..rules.errors import WrcError
from ..store import backup
from ..store.db import Register
from ..store.repo import NotFound
from .writer import Writer, writer_for

log = logging.getLogger("wrc.gui")

T = TypeVar("T")
Busy = QWidget | QAction  # what a pending write disables: the buttons and actions that would start it again

# Errors the clerk caused and can fix: shown as they are, never logged as crashes.
EXPECTED_ERRORS: tuple[type[Exception], ...] = (WrcError, NotFound)


class RegisterOps(QObject):
    """Runs reads and writes on an open register; :attr:`changed` fires after every write to it, from any page."""

    changed = Signal()

    def __init__(self, register: Register, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.writer: Writer = writer_for(register)
        self.writer.changes.changed.connect(self.changed)
        application = QCoreApplication.instance()
        if application is not None:
            # Whatever the clerk saved just before quitting is written before the app goes.
            application.aboutToQuit.connect(self._drain)

    # ------------------------------------------------------------ reading

    def read(self, op: Callable[[Session], T]) -> T:
        """Small reads stay on the calling thread: WAL lets them run beside the writer."""
        with self.register.session() as session:
            return op(session)

    # ------------------------------------------------------------ writing

    def write(
        self,
        op: Callable[[Session], T],
        *,
        parent: QWidget | None = None,
        success: Callable[[T], Any] | None = None,
        failure: Callable[[Exception], Any] | None = None,
        busy: Busy | Iterable[Busy] | None = None,
    ) -> bool:
        """Queue ``op`` to run in one transaction on the writer; True when queued.

        ``success(result)`` runs on the UI thread once it is committed.
        ``failure`` receives the clerk's mistakes (validation errors) so a
        dialog can show them next to its fields; without it, and for anything
        unexpected, a message box says what went wrong. Nothing is half-written:
        an error rolls the whole unit of work back.
        """
        register = self.register

        def work() -> T:
            with register.session() as session:
                return op(session)

        return self.run(work, parent=parent, success=success, failure=failure, busy=busy)

    def run(
        self,
        work: Callable[[], T],
        *,
        parent: QWidget | None = None,
        success: Callable[[T], Any] | None = None,
        failure: Callable[[Exception], Any] | None = None,
        busy: Busy | Iterable[Busy] | None = None,
        expected: tuple[type[Exception], ...] = EXPECTED_ERRORS,
        changes: bool = True,
    ) -> bool:
        """Queue ``work`` (which opens its own sessions) on the writer; the same callbacks as :meth:`write`.

        Errors of the ``expected`` types go to ``failure``; any other is logged
        and shown. ``changes=False`` for work that leaves the register as it
        was (a backup), so the window does not reload for nothing.
        """
        widgets = [busy] if isinstance(busy, QWidget | QAction) else list(busy or [])
        for widget in widgets:
            widget.setEnabled(False)

        def settle() -> bool:
            """Re-enable the buttons; False when the dialog that asked is gone (its callbacks are skipped)."""
            for widget in widgets:
                if shiboken6.isValid(widget):
                    widget.setEnabled(True)
            return parent is None or shiboken6.isValid(parent)

        def done(result: T) -> None:
            if settle() and success is not None:
                success(result)
            if changes:
                self.writer.changes.changed.emit()  # every page of this register hears it

        def failed(error: Exception) -> None:
            if not isinstance(error, EXPECTED_ERRORS):
                log.error("write failed", exc_info=error)
            if not settle():
                return
            if failure is not None and isinstance(error, expected):
                failure(error)
            elif isinstance(error, EXPECTED_ERRORS):
                QMessageBox.warning(parent, "无法保存", str(error))
            else:
                QMessageBox.critical(parent, "保存失败", f"保存时发生意外错误，数据未作任何修改。\n\n{error}")

        self.writer.submit(work, done, failed)
        return True

    def restore(self, chosen: Path, *, parent: QWidget | None = None,
                success: Callable[[Path | None], Any] | None = None,
                failure: Callable[[Exception], Any] | None = None) -> bool:
        """Put the backup ``chosen`` in place of the open register, without restarting.

        Runs on the writer, so every write queued before it is finished first
        and none queued after it can reach the old file. The current file is
        backed up first; ``success`` receives that safety copy's path.
        """
        register = self.register
        if register.path is None:
            raise ValueError("this register has no file to restore into")

        def work() -> Path | None:
            return register.reopen(lambda: backup.restore_backup(chosen, register.path, register.backups_dir))

        return self.run(work, parent=parent, success=success, failure=failure, expected=(Exception,))

    @property
    def pending(self) -> int:
        """Writes queued by anyone on this register whose outcome has not come back yet."""
        return self.writer.pending

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Let the event loop run until every queued write has reported back; True when all did."""
        return self.writer.wait(timeout_ms)

    def _drain(self) -> None:
        if not self.writer.drain():
            log.error("quitting with writes still running")
