"""Work off the UI thread that touches no register (reading a file, a backup copy).

It runs on the app's shared tasks worker (:func:`.writer.tasks`), the same mechanism
as the register's writer and reader; the result (or the error) comes back to a
callback on the UI thread. Reads of the register go through :meth:`RegisterOps.query`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .writer import tasks


class BackgroundTask:
    """A handle on one submitted job: ``done`` once its callback has run."""

    def __init__(self) -> None:
        self.done = False


def run_in_background(
    work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[Exception], None]
) -> BackgroundTask:
    """Run ``work`` off the UI thread; the callbacks run on the UI thread."""
    task = BackgroundTask()

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        task.done = True
        callback(value)

    tasks().submit(work, lambda value: finish(done, value), lambda error: finish(failed, error))
    return task
