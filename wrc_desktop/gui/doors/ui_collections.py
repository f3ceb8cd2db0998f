"""Python's cycle collector runs on the UI thread only, never on a worker.

Left to itself, the collector runs on whichever thread happens to allocate when a threshold
is crossed: often a worker reading the register. It then finalises whatever cyclic garbage
there is, and a dialog or page nothing refers to any more is destroyed on that worker: Qt
cannot stop its timers from there, they stay registered and fire later on freed memory
(a crash on the UI thread, seconds later, in ``QTimerInfoList::activateTimers``; traced in
the window tests: a collection started by an allocation in SQLAlchemy on a reader destroyed
ten widgets). So automatic collection is switched off and a timer on the UI thread collects,
generation by generation, as soon as Python's own thresholds say a collection is due.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

CHECK_MS = 500  # how often the UI thread looks at the collector's counts


def collect_due() -> int | None:
    """Collect the oldest generation whose threshold is crossed, as Python would have; the
    generation collected, or None when nothing is due (the counts are below the thresholds)."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = [
        generation
        for generation in range(len(counts))
        if thresholds[generation] and counts[generation] > thresholds[generation]
    ]
    if not due:
        return None
    gc.collect(due[-1])
    return due[-1]


class UiThreadCollections(QObject):
    """The timer that collects cyclic garbage on the UI thread (one per application)."""

    def __init__(self, application: QCoreApplication) -> None:
        super().__init__(application)
        self.setObjectName("ui-thread-collections")
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(collect_due)
        self._timer.start()


def collect_on_ui_thread() -> bool:
    """Automatic collection off, and collections from a UI-thread timer instead; True when they
    are (now or already). False without an application, or off its thread: nothing changes."""
    application = QCoreApplication.instance()
    if application is None or QThread.currentThread() != application.thread():
        return False
    if application.findChild(UiThreadCollections, "ui-thread-collections") is None:
        UiThreadCollections(application)
    gc.disable()
    return True


def collecting_on_ui_thread() -> bool:
    """True once :func:`collect_on_ui_thread` has taken the collections over."""
    application = QCoreApplication.instance()
    return (
        application is not None
        and application.findChild(UiThreadCollections, "ui-thread-collections") is not None
    )


def collect_automatically() -> bool:
    """Hand collection back to Python (any thread), after one full collection here; True when
    the UI thread had it. For a process that goes on without running the event loop."""
    application = QCoreApplication.instance()
    timer = (
        application.findChild(UiThreadCollections, "ui-thread-collections")
        if application is not None
        else None
    )
    if timer is None:
        return False
    timer.setParent(None)
    timer.deleteLater()
    gc.collect()  # what is garbage now goes here, on this thread
    gc.enable()
    return True
