"""The two doors through which the window reads and changes the register (Anki's ``CollectionOp`` / ``QueryOp``).

A **write** is a function of the :class:`~wrc_desktop.desk.Desk` built from plain values
when the clerk acts — never a closure that reads a widget later, on another thread. It
runs as one unit of work on the register's single writer thread (:mod:`.writer`) and
returns what changed (a :class:`~wrc_desktop.desk.Changes`, alone or after its result);
back on the UI thread the callbacks run and every page of the register hears exactly
what changed, so it can refresh one row instead of 50,000.

A **query** is a function of the desk run on the register's reader thread; for a given
``key`` only the newest result is delivered, so an older, slower computation can never
overwrite a newer one.

Nothing else in the GUI opens a session or imports the database libraries.

``write`` returns as soon as the work is queued. A dialog passes its buttons as
``busy`` (disabled until the outcome is known) and closes in ``success``; it should
ignore ``reject`` while its buttons are disabled, so the clerk always sees how the
save ended.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from ...desk import Changes, Desk
from ...failures import user_message
from ...rules.errors import WrcError
from ...store import backup
from ...store.db import Register
from ...store.records import NotFound
from .others_changes import listen_for_others
from .writer import Worker, Writer, bulk_reader_for, reader_for, writer_for

log = logging.getLogger("wrc.gui")

T = TypeVar("T")
Busy = (
    QWidget | QAction
)  # what a pending write disables: the buttons and actions that would start it again

# Errors the clerk caused and can fix: shown as they are, never logged as crashes.
EXPECTED_ERRORS: tuple[type[Exception], ...] = (WrcError, NotFound)
UNEXPECTED_SAVE = "数据未作任何修改。错误详情已写入日志文件夹 logs，可重试或联系技术人员。"
EVERYTHING = Changes.everything()
_tickets = itertools.count(1)


def split_changes(result: Any, default: Changes | None) -> tuple[Any, Changes | None]:
    """A write's result and what it changed: ``Changes`` alone, ``(value, Changes)``, or anything else."""
    if isinstance(result, Changes):
        return result, result
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], Changes):
        return result[0], result[1]
    return result, default


class RegisterOps(QObject):
    """The doors to one desk; :attr:`changed` fires after every write to its register, from any page."""

    changed = Signal(object)  # a wrc_desktop.desk.Changes

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.writer: Writer = writer_for(desk.register)
        self.reader: Worker = reader_for(desk.register)
        self.bulk_reader: Worker = bulk_reader_for(desk.register)
        self.writer.changes.changed.connect(self.changed)
        listen_for_others(desk, self.writer)  # a shared register: other clerks' changes too
        self._newest: dict[str, int] = {}
        application = QCoreApplication.instance()
        if application is not None:
            # Whatever the clerk saved just before quitting is written before the app goes.
            application.aboutToQuit.connect(self._drain)

    @property
    def register(self) -> Register:
        return self.desk.register

    # ------------------------------------------------------------ reading

    def read(self, op: Callable[[Desk], T]) -> T:
        """A small read by id (a dialog filling its fields) on the calling thread; lists go through :meth:`query`."""
        return op(self.desk)

    def query(
        self,
        op: Callable[[Desk], T],
        *,
        success: Callable[[T], Any],
        failure: Callable[[Exception], Any] | None = None,
        key: str | None = None,
        owner: QObject | None = None,
        bulk: bool = False,
    ) -> None:
        """Run ``op(desk)`` on a reader; ``success(result)`` on the UI thread — for ``key``, only the newest.

        ``owner``: skip the callbacks when that widget is gone by the time the result arrives.
        ``bulk``: a long read (the whole register, the due list, a report) goes to the bulk
        reader, so small reads are never queued behind it.
        """
        ticket = next(_tickets)
        if key is not None:
            self._newest[key] = ticket
        desk = self.desk

        def current() -> bool:
            newest = key is None or self._newest.get(key) == ticket
            return newest and (owner is None or shiboken6.isValid(owner))

        def done(result: T) -> None:
            if current():
                success(result)

        def failed(error: Exception) -> None:
            if not isinstance(error, EXPECTED_ERRORS):
                log.error("background read failed", exc_info=error)
            if current() and failure is not None:
                failure(error)

        (self.bulk_reader if bulk else self.reader).submit(lambda: op(desk), done, failed)

    # ------------------------------------------------------------ writing

    def write(
        self,
        op: Callable[[Desk], T],
        *,
        parent: QWidget | None = None,
        success: Callable[[Any], Any] | None = None,
        failure: Callable[[Exception], Any] | None = None,
        busy: Busy | Iterable[Busy] | None = None,
        changes: Changes | None = None,
        expected: tuple[type[Exception], ...] = EXPECTED_ERRORS,
    ) -> bool:
        """Queue ``op(desk)`` to run on the writer; True when queued.

        ``op`` returns what it changed (see :func:`split_changes`); a write that
        cannot say passes ``changes`` or, by default, counts as changing everything.
        ``success(result)`` runs on the UI thread once it is committed. ``failure``
        receives the clerk's mistakes (validation errors) so a dialog can show them
        next to its fields; without it, and for anything unexpected, a message box
        says what went wrong. Nothing is half-written: an error rolls it all back.
        """
        desk = self.desk

        def work() -> T:
            # The full integrity check the start may have left for later comes before any write.
            desk.register.check_integrity()
            result = op(desk)
            # committed: the other clerks of a shared register hear what changed
            desk.announce(split_changes(result, changes or EVERYTHING)[1] or EVERYTHING)
            return result

        return self.run(
            work,
            parent=parent,
            success=success,
            failure=failure,
            busy=busy,
            changes=changes or EVERYTHING,
            expected=expected,
        )

    def run(
        self,
        work: Callable[[], T],
        *,
        parent: QWidget | None = None,
        success: Callable[[Any], Any] | None = None,
        failure: Callable[[Exception], Any] | None = None,
        busy: Busy | Iterable[Busy] | None = None,
        expected: tuple[type[Exception], ...] = EXPECTED_ERRORS,
        changes: Changes | None = EVERYTHING,
    ) -> bool:
        """Queue ``work`` on the writer; the same callbacks as :meth:`write`.

        Errors of the ``expected`` types go to ``failure``; any other is logged
        and shown. ``changes=None`` for work that leaves the register as it
        was (a backup), so no page reloads for nothing.
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
            value, changed = split_changes(result, changes)
            if settle() and success is not None:
                success(value)
            if changed is not None and changed.any:
                self.writer.changes.changed.emit(changed)  # every page of this register hears it

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
                QMessageBox.critical(
                    parent, "保存失败", f"{user_message(error)}\n\n{UNEXPECTED_SAVE}"
                )

        self.writer.submit(work, done, failed)
        return True

    def restore(
        self,
        chosen: Path,
        *,
        parent: QWidget | None = None,
        success: Callable[[Path | None], Any] | None = None,
        failure: Callable[[Exception], Any] | None = None,
    ) -> bool:
        """Put the backup ``chosen`` in place of the open register, without restarting.

        Runs on the writer, so every write queued before it is finished first
        and none queued after it can reach the old file. The current file is
        backed up first; ``success`` receives that safety copy's path.
        """
        register = self.register
        if register.path is None:
            raise ValueError("this register has no file to restore into")

        desk = self.desk

        def work() -> Path | None:
            made = register.reopen(
                lambda: backup.restore_backup(chosen, register.path, register.backups_dir)
            )
            desk.rules_changed()  # the lead times are the restored register's
            return made

        return self.run(
            work, parent=parent, success=success, failure=failure, expected=(Exception,)
        )

    @property
    def pending(self) -> int:
        """Writes queued by anyone on this register whose outcome has not come back yet."""
        return self.writer.pending

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Let the event loop run until every queued write, and the reads they set off, have reported back."""
        deadline = time.monotonic() + timeout_ms / 1000
        workers = (self.writer, self.reader, self.bulk_reader)
        while any(worker.pending for worker in workers):
            for worker in workers:
                left = int((deadline - time.monotonic()) * 1000)
                if left <= 0 or not worker.wait(left):
                    return False
        return True

    def _drain(self) -> None:
        if not self.writer.drain():
            log.error("quitting with writes still running")
