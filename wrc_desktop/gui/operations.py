"""The one door through which the window reads and changes the register.

Modelled on Anki's ``CollectionOp``: a dialog hands over a function of the
session (built from :mod:`wrc_desktop.store.repo` calls) with what to do on
success and on failure; this module runs it as one unit of work and tells the
rest of the window that the register changed. No SQL and no session handling
live anywhere else in the GUI.

Writes here are small (one holder, one unit) and run synchronously on the UI
thread. They all pass through :meth:`RegisterOps.write`, so moving them onto a
single background writer later changes this module only: the callbacks are
already the interface.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlmodel import Session

from ..rules.errors import WrcError
from ..store.db import Register
from ..store.repo import NotFound

log = logging.getLogger("wrc.gui")

T = TypeVar("T")

# Errors the clerk caused and can fix: shown as they are, never logged as crashes.
EXPECTED_ERRORS = (WrcError, NotFound)


class RegisterOps(QObject):
    """Runs reads and writes on an open register; emits :attr:`changed` after every write."""

    changed = Signal()

    def __init__(self, register: Register, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.register = register

    def read(self, op: Callable[[Session], T]) -> T:
        with self.register.session() as session:
            return op(session)

    def write(
        self,
        op: Callable[[Session], T],
        *,
        parent: QWidget | None = None,
        success: Callable[[T], Any] | None = None,
        failure: Callable[[Exception], Any] | None = None,
    ) -> bool:
        """Run ``op`` in one transaction; True when it was committed.

        ``failure`` receives the clerk's mistakes (validation errors) so a
        dialog can show them next to its fields; without it, and for anything
        unexpected, a message box says what went wrong. Nothing is half-written:
        an error rolls the whole unit of work back.
        """
        try:
            with self.register.session() as session:
                result = op(session)
        except EXPECTED_ERRORS as error:
            if failure is not None:
                failure(error)
            else:
                QMessageBox.warning(parent, "无法保存", str(error))
            return False
        except Exception as error:
            log.exception("write failed")
            QMessageBox.critical(parent, "保存失败", f"保存时发生意外错误，数据未作任何修改。\n\n{error}")
            return False
        if success is not None:
            success(result)
        self.changed.emit()
        return True
