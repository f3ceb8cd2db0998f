"""The app's one background mechanism: workers that each run jobs in order on one thread.

Every change to a register runs on that register's *writer*; small background reads (a
changed row, a case view) run on its *reader* and long ones (the whole register, the due
list, reports) on its *bulk reader*; work that takes seconds and writes nothing (PDF forms,
bundles) on its *long worker*, beside the writer; work that touches no register
(reading a roster file) runs on the shared *tasks* worker. All of them are the same
:class:`Worker`: one thread, results and errors handed back to callbacks on the UI thread
through a queued Qt signal, in submission order.

The writer:

SQLite allows one writer at a time anyway; giving the GUI exactly one writing
thread per register means writes never wait on each other's locks, run in the
order the clerk made them, and never block the UI thread. Results and errors
come back to callbacks on the UI thread (through a queued Qt signal), in the
same order.

The writer is shared by everything that writes to the same register (the main
window, the 待办 view, the import dialog…): :func:`writer_for` hands out the same
one for the register's :attr:`~wrc_desktop.desk.Desk.lifetime`. This module knows nothing about dialogs or message boxes;
:mod:`.operations` adds those.
"""

from __future__ import annotations

import logging
import weakref
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from queue import SimpleQueue
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, QTimer, Signal, Slot

log = logging.getLogger("wrc.writer")


@dataclass(eq=False)
class _Job:
    """One submitted job as the UI thread keeps it until its outcome is delivered."""

    work: Callable[[], Any]
    done: Callable[[Any], Any]
    failed: Callable[[Exception], Any]


@dataclass(eq=False)
class _Outcome:
    """What a job's work returned or raised: all the worker thread hands back."""

    result: Any = None
    error: Exception | None = None


class _Bridge(QObject):
    """Lives on the UI thread; a signal emitted on a worker thread is delivered here, queued."""

    finished = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # A slot of this object, so the connection is queued onto the thread this object lives in.
        self.finished.connect(self._deliver)

    @Slot(object)
    def _deliver(self, worker: Worker) -> None:
        worker._deliver()


_bridge: _Bridge | None = None


def _the_bridge() -> _Bridge:
    global _bridge
    if _bridge is None:
        # Created on first use, which must be on the UI thread (a window or view being built):
        # the bridge's thread is where every callback runs.
        application = QCoreApplication.instance()
        if application is not None and QThread.currentThread() != application.thread():
            raise RuntimeError("the writer must first be used on the UI thread")
        _bridge = _Bridge()
    return _bridge


class ChangeSignals(QObject):
    """Fires once per committed change to one register, whoever asked for it, with what changed.

    Every :class:`~.operations.RegisterOps` on the register forwards it as its
    own ``changed``, so a page learns about writes made from any other page. The
    arguments are a :class:`wrc_desktop.desk.Changes` and the write's initiator (the page
    or dialog that asked; None for another clerk's change), so that page can skip the
    refresh it has already made.
    """

    changed = Signal(object, object)


class Worker:
    """A single background thread running submitted jobs one after the other.

    A job's callbacks, and whatever its work captured (a dialog, a page), are released on
    the UI thread only, never on the worker's: the last reference to a Python-owned widget
    decides the thread its C++ object is destroyed on, and a widget destroyed on another
    thread crashes the process. So the UI thread keeps each job (``_jobs``) until its
    outcome is delivered; the worker thread takes the work from its own queue, and has
    dropped it before it hands the outcome over (``_outcomes``) and signals.
    """

    def __init__(self, name: str = "wrc-worker") -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._bridge = _the_bridge()
        self._pending = 0  # submitted, result not yet delivered (UI thread only)
        self._idle_waiters: list[Callable[[], None]] = []
        self._jobs: deque[_Job] = deque()  # UI thread only, in submission order
        self._work: SimpleQueue[Callable[[], Any]] = SimpleQueue()  # UI thread → worker thread
        self._outcomes: SimpleQueue[_Outcome] = SimpleQueue()  # worker thread → UI thread
        self._last: Future[None] | None = None

    @property
    def pending(self) -> int:
        """Jobs submitted whose callbacks have not run yet."""
        return self._pending

    def submit(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], Any],
        failed: Callable[[Exception], Any],
    ) -> None:
        """Queue ``work``; ``done(result)`` or ``failed(error)`` runs later on the UI thread."""
        self._jobs.append(_Job(work, done, failed))
        self._pending += 1
        self._work.put(work)
        # The executor's queue holds this worker only, never the job: the executor thread
        # keeps its item a moment after running it, which must not keep the job alive.
        self._last = self._executor.submit(self._run_next)

    def _run_next(self) -> None:  # on the worker thread
        self._outcomes.put(_outcome_of(self._work.get()))
        # Only now, with no reference to the work left on this thread, may the UI thread hear of it.
        self._bridge.finished.emit(self)

    def _deliver(self) -> None:  # on the UI thread, once per job, in submission order
        outcome = self._outcomes.get_nowait()  # put before the signal that brought us here
        job = self._jobs.popleft()
        self._pending -= 1
        try:
            if outcome.error is None:
                job.done(outcome.result)
            else:
                job.failed(outcome.error)
        finally:
            if self._pending == 0:
                waiters, self._idle_waiters = self._idle_waiters, []
                for wake in waiters:
                    wake()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Keep the event loop turning until every submitted job has reported back; True when idle.

        For the few places that must not go on before the writes are done
        (tests, swapping the register file). The UI stays responsive meanwhile.
        """
        if self._pending == 0:
            return True
        loop = QEventLoop()
        # The timer belongs to the loop and the waiter is removed after it: neither may fire later
        # on a loop that is gone (a pending single-shot on a deleted object crashes the process).
        timer = QTimer(loop)
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(timeout_ms)
        self._idle_waiters.append(loop.quit)
        try:
            loop.exec()
        finally:
            timer.stop()
            if loop.quit in self._idle_waiters:
                self._idle_waiters.remove(loop.quit)
        return self._pending == 0

    def drain(self, timeout: float = 30.0) -> bool:
        """Block until the thread has finished every job submitted so far (at quit: nothing is lost).

        The callbacks are not run: the event loop may already be gone.
        """
        last = self._last
        if last is None:
            return True
        try:
            last.result(timeout)
        except FutureTimeout:
            return False
        return True

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False)


def _outcome_of(work: Callable[[], Any]) -> _Outcome:  # on the worker thread
    """Run ``work``; what it returned or raised. ``work`` is dropped when this returns."""
    try:
        return _Outcome(result=work())
    except Exception as error:  # noqa: BLE001 - handed to the UI thread, shown there
        return _Outcome(error=error)


class Writer(Worker):
    """The one thread that writes to a register; tells every page what each write changed."""

    def __init__(self, name: str = "wrc-writer") -> None:
        super().__init__(name)
        self.changes = ChangeSignals()


_writers: dict[int, Writer] = {}
_readers: dict[int, Worker] = {}
_bulk_readers: dict[int, Worker] = {}
_long_workers: dict[int, Worker] = {}
_tasks: Worker | None = None


def writer_for(lifetime: object) -> Writer:
    """The one writer of a register (its desk's ``lifetime``); created on first use, gone with it."""
    return _worker_for(lifetime, _writers, Writer)


def reader_for(lifetime: object) -> Worker:
    """The thread small background reads of a register run on (WAL lets them run beside the writer)."""
    return _worker_for(lifetime, _readers, lambda: Worker("wrc-reader"))


def bulk_reader_for(lifetime: object) -> Worker:
    """The thread long reads of a register run on (the due list, reports), so that a small read —
    the one row a write changed — never waits behind them."""
    return _worker_for(lifetime, _bulk_readers, lambda: Worker("wrc-bulk-reader"))


def long_worker_for(lifetime: object) -> Worker:
    """The thread long work beside the writer runs on (PDF forms, bundles): it reads through its
    own sessions and writes nothing, so the clerk's saves never wait behind it."""
    return _worker_for(lifetime, _long_workers, lambda: Worker("wrc-long-work"))


def tasks() -> Worker:
    """The worker for background work that touches no register (reading a file the clerk chose)."""
    global _tasks
    if _tasks is None:
        _tasks = Worker("wrc-tasks")
    return _tasks


W = TypeVar("W", bound=Worker)


def _worker_for(lifetime: object, table: dict[int, W], make: Callable[[], W]) -> W:
    key = id(lifetime)
    worker = table.get(key)
    if worker is None:
        worker = table[key] = make()
        weakref.finalize(lifetime, _forget, table, key)
    return worker


def _forget(table: dict[int, W], key: int) -> None:
    worker = table.pop(key, None)
    if worker is not None:
        worker.shutdown()
