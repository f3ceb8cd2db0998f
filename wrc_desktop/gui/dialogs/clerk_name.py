"""Asked once, the first time this copy opens a shared register: the clerk's display name.

It is shown beside the clerk's database login; the rows the clerk writes (changes, due-list
marks, cases) record the login itself, which no name can change. The login is offered; the answer (or, when the clerk closes the
question, the role) is kept where 设置 → 共享登记册 keeps it, so the question is not asked again.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...desk import clerk as desk_clerk
from ...desk.core import Desk

log = logging.getLogger("wrc.gui")


class ClerkNameDialog(QDialog):
    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("您的姓名")
        self.name = QLineEdit(role)
        self.name.setMaxLength(desk_clerk.LONGEST)
        self.name.selectAll()
        explanation = QLabel(
            "这是您第一次使用共享登记册。请填写您的姓名：其他经办人会在修改记录、"
            f"待办标记和办理事项中看到它。默认为您的数据库用户名（{role}）；"
            "以后可在“设置 → 共享登记册”中修改。"
        )
        explanation.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.name)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)


def maybe_ask_clerk_name(desk: Desk, parent: QWidget | None = None, *, ask=None) -> str | None:
    """Ask for the clerk's name when this copy opens a shared register without one; the name kept.

    ``ask`` (for tests) replaces the dialog: it gets the role and returns the typed name.
    """
    try:
        if not desk_clerk.needs_name(desk):
            return None
        role = desk_clerk.login(desk)
    except Exception:  # the server went away since the window opened: ask at the next start
        log.warning("could not ask for the clerk's name", exc_info=True)
        return None
    if ask is None:
        dialog = ClerkNameDialog(role, parent)
        dialog.exec()  # closed without 确定: the role, as offered
        typed = dialog.name.text()
    else:
        typed = ask(role)
    return desk_clerk.choose_name(desk, typed or role)
