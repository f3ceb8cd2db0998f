"""What an edit dialog does when the store refuses its save because the record changed meanwhile."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ...desk import StaleRecord


def offer_reload(
    parent: QWidget, error: StaleRecord, summary: QLabel, reload: Callable[[], None]
) -> QMessageBox:
    """Show what changed (in the dialog's summary line and a box); 重新载入 calls ``reload``, 取消 keeps the form.

    The box is opened, not executed: the dialog stays responsive, and so do tests.
    """
    summary.setText(str(error))
    summary.show()
    box = QMessageBox(QMessageBox.Icon.Warning, "信息已被修改", str(error), parent=parent)
    reload_button = box.addButton("重新载入", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload_button)
    box.finished.connect(lambda _result: reload() if box.clickedButton() is reload_button else None)
    box.open()
    return box
