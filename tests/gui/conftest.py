"""Fixtures for the window tests: a main window over an empty or a demo register, and modal-dialog driving."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from tests.conftest import TODAY
from tests.helpers import desk_over


def shown_window(register, qtbot):
    """A main window over ``register``, dated :data:`TODAY`, shown and exposed."""
    from wrc_desktop.gui.shell.main_window import MainWindow

    main = MainWindow(desk_over(register, TODAY))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    assert main.ops.wait()  # the register's rows arrive from the background reader
    return main


@pytest.fixture
def window(register, qtbot):
    return shown_window(register, qtbot)


@pytest.fixture
def demo_window(demo_register, qtbot):
    return shown_window(demo_register, qtbot)


@pytest.fixture
def on_modal(qtbot):
    """``on_modal(handler)`` then trigger an action that opens a modal dialog: ``handler(dialog)`` runs inside it.

    The handler fills the dialog and saves or cancels it; the test fails if no dialog opened
    or if the dialog was left open (nothing stays behind after the test).
    """

    def arm(handler: Callable[[QDialog], None]) -> list[QDialog]:
        seen: list[QDialog] = []
        attempts = iter(range(200))

        def drive() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                if next(attempts, None) is None:
                    raise AssertionError("no dialog opened")
                QTimer.singleShot(10, drive)
                return
            seen.append(dialog)
            ops = getattr(dialog, "ops", None)
            try:
                # A dialog opens at once and fills when the register's answer arrives.
                assert ops is None or ops.wait()
                handler(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()
                    raise AssertionError("the dialog stayed open after the handler")

        QTimer.singleShot(0, drive)
        return seen

    return arm
