"""Backups while the app runs: one at start and one a day, keeping the newest N.

The copy runs on the thread pool (sqlite3's online backup API reads a
consistent snapshot while the window keeps writing), so start-up and the UI
never wait for it. It goes through :meth:`Register.backup_now`, inside the
register's session gate: a restore waits for a running copy (and its pruning)
instead of swapping the file or losing the chosen backup under it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ..store import backup
from .background import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from ..store.db import Register

log = logging.getLogger("wrc.backup")
CHECK_INTERVAL_MS = 60 * 60 * 1000  # hourly: a machine left on overnight still gets its daily copy


class BackupKeeper(QObject):
    made = Signal(object)  # the new backup's Path
    failed = Signal(str)

    def __init__(
        self, register: Register, *, keep: Callable[[], int], parent: QObject | None = None
    ) -> None:
        """``keep()`` is asked at each backup, so a new setting applies without a restart."""
        super().__init__(parent)
        self.register = register
        self.keep = keep
        self._task: BackgroundTask | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.daily)

    @property
    def backups_dir(self) -> Path:
        return self.register.backups_dir

    def start(self) -> None:
        self.backup_now("start")
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def daily(self) -> None:
        """A backup if the newest one is a day old."""
        infos = backup.backup_infos(self.backups_dir)
        newest = infos[0].made_at if infos else None
        if newest is None or dt.datetime.now(dt.UTC) - newest >= dt.timedelta(days=1):
            self.backup_now("daily")

    def backup_now(self, reason: str) -> None:
        if self._task is not None:
            return  # one copy at a time
        register, keep = self.register, self.keep()

        def work() -> Path | None:
            # Copy and prune under the register's gate, exactly as a session would.
            return register.backup_now(reason, keep=keep)

        self._task = run_in_background(work, self._done, self._failed)

    def _done(self, path: Path) -> None:
        self._task = None
        log.info("backup %s", path)
        self.made.emit(path)

    def _failed(self, error: Exception) -> None:
        self._task = None
        log.error("backup failed: %s", error)
        self.failed.emit(str(error))
