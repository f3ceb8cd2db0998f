"""Questions before something that cannot be taken back default to the safe answer."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from wrc_desktop.gui.widgets.shared import confirm


def test_the_default_button_is_no_and_only_yes_confirms(qapp, monkeypatch):
    asked = []

    def question(parent, title, text, buttons, default):
        asked.append((title, buttons, default))
        return default  # the clerk pressed Enter

    monkeypatch.setattr(QMessageBox, "question", question)
    assert confirm(None, "恢复备份", "用所选备份替换当前登记册？") is False
    (title, buttons, default) = asked[0]
    assert title == "恢复备份" and default == QMessageBox.StandardButton.No
    assert buttons & QMessageBox.StandardButton.Yes and buttons & QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    assert confirm(None, "恢复备份", "用所选备份替换当前登记册？") is True
