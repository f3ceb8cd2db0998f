"""Other clerks' changes on a shared register reach this window within a couple of seconds.

One listener per register, on its own :class:`~.writer.Worker` (the app's one background
mechanism; no thread of its own): each job waits up to a second for the server's
``NOTIFY`` and hands what arrived back to the UI thread, which emits it on the
register's ``changes`` signal — the same path the clerk's own writes take, so every page
refreshes exactly the rows another clerk changed. If the server goes away, it tries
again every few seconds. A clerk's own SQLite register has no other clerks: nothing runs.
"""

from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import QTimer

from ...desk import Changes, Desk
from ...desk.core import ChangeFeed
from .writer import Worker, Writer

log = logging.getLogger("wrc.gui")

WAIT_SECONDS = 1.0  # how long one job waits for news; also how quickly the worker can stop
RETRY_MS = 5_000

_listening: dict[int, OthersChanges] = {}


class OthersChanges:
    """Listens for one register's changes by other clerks and re-emits them as local ones."""

    def __init__(self, desk: Desk, writer: Writer) -> None:
        self._desk = desk
        self._writer = writer
        self._worker = Worker("wrc-listener")
        self._feed: ChangeFeed | None = None
        self._stopped = False
        self._failing = False
        self._next()

    def _next(self) -> None:
        if not self._stopped:
            self._worker.submit(self._wait, self._heard, self._failed)

    def _wait(self) -> Changes | None:  # on the listener's thread
        if self._feed is None:
            self._feed = self._desk.listener()
        heard = self._feed.wait(WAIT_SECONDS) if self._feed is not None else None
        if self._stopped and self._feed is not None:  # the window is closing: let the server go
            self._feed.close()
        return heard

    def _heard(self, changes: Changes | None) -> None:  # on the UI thread
        if self._failing:
            log.info("listening for other clerks' changes again")
            self._failing = False
            changes = Changes.everything()  # what happened while the server was away is unknown
        if changes is not None and changes.any and not self._stopped:
            self._writer.changes.changed.emit(changes, None)  # no page of this window asked
        self._next()

    def _failed(self, error: Exception) -> None:
        if not self._failing:
            log.warning(
                "lost the server's change notifications (%s); retrying", type(error).__name__
            )
        self._failing = True
        if not self._stopped:
            QTimer.singleShot(RETRY_MS, self._writer.changes, self._next)

    def stop(self) -> None:
        """No further waits; the one running (at most a second) closes the connection."""
        self._stopped = True
        self._worker.shutdown()


def listen_for_others(desk: Desk, writer: Writer) -> OthersChanges | None:
    """Start listening for ``desk``'s register (once per register); None for an SQLite file."""
    if not desk.shared:
        return None
    key = id(desk.lifetime)
    found = _listening.get(key)
    if found is None:
        found = _listening[key] = OthersChanges(desk, writer)
        weakref.finalize(desk.lifetime, _stop, key)
    return found


def _stop(key: int) -> None:
    listener = _listening.pop(key, None)
    if listener is not None:
        listener.stop()
