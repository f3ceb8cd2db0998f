"""The two doors through which the window reads and changes the register (Anki's ``CollectionOp`` / ``QueryOp``).

A **write** is a function of the :class:`~wrc_desktop.desk.Desk` built from plain values
when the clerk acts — never a closure that reads a widget later, on another thread. It
runs as one unit of work on the register's single writer thread (:mod:`.writer`) and
must return what it changed: a :class:`~wrc_desktop.desk.Changes`, alone or after its
result (the type checker refuses anything else, and so does the door at run time). A
write that really changes everything says :meth:`Changes.everything` itself. Back on the
UI thread the callbacks run and every page of the register hears what changed and which
page or dialog asked (``initiator``), so the page that made the change can skip the
refresh it has already done and the others refresh one row instead of 50,000.

A **query** is a function of the desk run on one of the register's readers; for a given
``key`` only the newest result is delivered, so an older, slower computation can never
overwrite a newer one. Long work that writes nothing (forms, bundles) runs on a third
worker beside the writer, so the clerk's saves never queue behind a PDF.

Either door takes a :class:`~.progress.Progress`: its dialog, with 取消, shows when the
work is still running after half a second. There is no third, synchronous door: a dialog
receives its data from a query before it opens, or opens disabled and fills on arrival,
so the UI thread never waits on the register (a round trip to the server when shared).

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
from typing import Any, TypeVar, overload

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from ...desk import Changes, Desk, NotFound
from ...failures import user_message
from ...rules.errors import WrcError
from .others_changes import listen_for_others
from .progress import Progress, ProgressWatch
from .writer import Worker, Writer, bulk_reader_for, long_worker_for, reader_for, writer_for

log = logging.getLogger("wrc.gui")

T = TypeVar("T")
# What a pending write disables: the buttons and actions that would start it again
Busy = QWidget | QAction

# Errors the clerk caused and can fix: shown as they are, never logged as crashes.
EXPECTED_ERRORS: tuple[type[Exception], ...] = (WrcError, NotFound)
UNEXPECTED_SAVE = "数据未作任何修改。错误详情已写入日志文件夹 logs，可重试或联系技术人员。"
_tickets = itertools.count(1)


class NoChangesReported(TypeError):
    """A write returned neither ``Changes`` nor ``(value, Changes)``: a programming error."""


def split_changes(result: object) -> tuple[Any, Changes]:
    """A write's result and what it changed: ``Changes`` alone, or ``(value, Changes)``."""
    if isinstance(result, Changes):
        return result, result
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], Changes):
        return result[0], result[1]
    raise NoChangesReported(
        f"a write must return Changes or (value, Changes), not {type(result).__name__}"
    )


class RegisterOps(QObject):
    """The two doors to one desk.

    :attr:`changed` fires after every write to its register, from any page, with what
    changed and the initiator the write was given (None for other clerks' changes).
    """

    changed = Signal(object, object)  # (wrc_desktop.desk.Changes, initiator or None)

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        lifetime = desk.lifetime  # one set of threads per open register, however many desks
        self.writer: Writer = writer_for(lifetime)
        self.reader: Worker = reader_for(lifetime)
        self.bulk_reader: Worker = bulk_reader_for(lifetime)
        self.long_worker: Worker = long_worker_for(lifetime)
        self.writer.changes.changed.connect(self.changed)
        listen_for_others(desk, self.writer)  # a shared register: other clerks' changes too
        self._newest: dict[str, int] = {}
        application = QCoreApplication.instance()
        if application is not None:
            # Whatever the clerk saved just before quitting is written before the app goes.
            application.aboutToQuit.connect(self._drain)

    # ------------------------------------------------------------ reading

    def query(
        self,
        op: Callable[[Desk], T],
        *,
        success: Callable[[T], object],
        failure: Callable[[Exception], object] | None = None,
        key: str | None = None,
        owner: QObject | None = None,
        bulk: bool = False,
        long: bool = False,
        progress: Progress | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Run ``op(desk)`` off the UI thread; ``success(result)`` on it — for ``key``, only the newest.

        ``owner``: skip the callbacks when that widget is gone by the time the result arrives.
        ``bulk``: a long read (the whole register, the due list, a report) goes to the bulk
        reader, so small reads are never queued behind it. ``long``: work that takes
        seconds and writes nothing (PDFs) runs on its own worker, beside the writer.
        ``progress``: shown over ``parent`` (or ``owner``) while the work runs.
        """
        ticket = next(_tickets)
        if key is not None:
            self._newest[key] = ticket
        desk = self.desk
        watch = self._watch(progress, parent or (owner if isinstance(owner, QWidget) else None))

        def current() -> bool:
            if watch is not None:
                watch.finish()
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

        worker = self.long_worker if long else self.bulk_reader if bulk else self.reader
        worker.submit(lambda: op(desk), done, failed)

    # ------------------------------------------------------------ writing

    @overload
    def write(
        self,
        op: Callable[[Desk], Changes],
        *,
        initiator: object = None,
        parent: QWidget | None = None,
        success: Callable[[Changes], object] | None = None,
        failure: Callable[[Exception], object] | None = None,
        busy: Busy | Iterable[Busy] | None = None,
        expected: tuple[type[Exception], ...] = EXPECTED_ERRORS,
        progress: Progress | None = None,
        replaces_register: bool = False,
    ) -> bool: ...

    @overload
    def write(
        self,
        op: Callable[[Desk], tuple[T, Changes]],
        *,
        initiator: object = None,
        parent: QWidget | None = None,
        success: Callable[[T], object] | None = None,
        failure: Callable[[Exception], object] | None = None,
        busy: Busy | Iterable[Busy] | None = None,
        expected: tuple[type[Exception], ...] = EXPECTED_ERRORS,
        progress: Progress | None = None,
        replaces_register: bool = False,
    ) -> bool: ...

    def write(
        self,
        op: Callable[[Desk], object],
        *,
        initiator: object = None,
        parent: QWidget | None = None,
        success: Callable[[Any], object] | None = None,
        failure: Callable[[Exception], object] | None = None,
        busy: Busy | Iterable[Busy] | None = None,
        expected: tuple[type[Exception], ...] = EXPECTED_ERRORS,
        progress: Progress | None = None,
        replaces_register: bool = False,
    ) -> bool:
        """Queue ``op(desk)`` to run on the writer; True when queued.

        ``op`` returns what it changed (see :func:`split_changes`). ``success(result)`` runs
        on the UI thread once it is committed — the value before the changes, or the
        changes when that is all the op returns — then :attr:`changed` fires with the
        changes and ``initiator`` (the page or dialog that asked). ``failure`` receives the
        clerk's mistakes (validation errors) so a dialog can show them next to its fields;
        without it, and for anything unexpected, a message box says what went wrong.
        Nothing is half-written: an error rolls it all back. ``replaces_register``: a restore,
        which must run even when the register failed its integrity check (it is the way out).
        """
        desk = self.desk

        def work() -> tuple[Any, Changes]:
            # The full integrity check the start may have left for later comes before any write.
            if not replaces_register:
                desk.check_integrity()
            value, changed = split_changes(op(desk))
            desk.announce(changed)  # committed: the other clerks of a shared register hear it
            return value, changed

        widgets = [busy] if isinstance(busy, QWidget | QAction) else list(busy or [])
        for widget in widgets:
            widget.setEnabled(False)
        watch = self._watch(progress, parent)

        def settle() -> bool:
            """Re-enable the buttons; False when the dialog that asked is gone (its callbacks are skipped)."""
            if watch is not None:
                watch.finish()
            for widget in widgets:
                if shiboken6.isValid(widget):
                    widget.setEnabled(True)
            return parent is None or shiboken6.isValid(parent)

        def done(result: tuple[Any, Changes]) -> None:
            value, changed = result
            if settle() and success is not None:
                success(value)
            if changed.any:
                self.writer.changes.changed.emit(changed, initiator)  # every page hears it

        def failed(error: Exception) -> None:
            if not isinstance(error, EXPECTED_ERRORS):
                log.error("write failed", exc_info=error)
            if settle():
                _report_failure(error, parent, failure, expected)

        self.writer.submit(work, done, failed)
        return True

    @staticmethod
    def _watch(progress: Progress | None, parent: QWidget | None) -> ProgressWatch | None:
        if progress is None:
            return None
        watch = ProgressWatch(progress, parent)
        watch.start()
        return watch

    @property
    def pending(self) -> int:
        """Writes queued by anyone on this register whose outcome has not come back yet."""
        return self.writer.pending

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Let the event loop run until every queued write, and the reads they set off, have reported back."""
        deadline = time.monotonic() + timeout_ms / 1000
        workers = (self.writer, self.reader, self.bulk_reader, self.long_worker)
        while any(worker.pending for worker in workers):
            for worker in workers:
                left = int((deadline - time.monotonic()) * 1000)
                if left <= 0 or not worker.wait(left):
                    return False
        return True

    def _drain(self) -> None:
        if not self.writer.drain():
            log.error("quitting with writes still running")


def _report_failure(
    error: Exception,
    parent: QWidget | None,
    failure: Callable[[Exception], object] | None,
    expected: tuple[type[Exception], ...],
) -> None:
    """The clerk's mistake to the dialog that asked, else one message box saying what went wrong."""
    if failure is not None and isinstance(error, expected):
        failure(error)
    elif isinstance(error, EXPECTED_ERRORS):
        QMessageBox.warning(parent, "无法保存", str(error))
    else:
        QMessageBox.critical(parent, "保存失败", f"{user_message(error)}\n\n{UNEXPECTED_SAVE}")
