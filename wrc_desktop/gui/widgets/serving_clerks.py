"""The unit form's 负责经办人 field: which clerks serve a unit on a shared register.

The clerks are database logins, typed (separated by 、 or commas) or picked from the
server's logins that may write the register; left empty, every clerk serves the unit.
Only the administrator sets them: for a clerk the field is shown, not editable.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget

from ...desk.units import parse_clerks as parse

TIP = (
    "填写经办人的数据库用户名：只有这些经办人（和管理员）可以修改本单位及其持证人、证件、"
    "办理事项和提醒标记，其他经办人只能查看；留空则所有经办人都可以修改"
)
NAMED_BY_ADMINISTRATOR = "只有管理员可以设置负责经办人"


class ServingClerksField(QWidget):
    def __init__(self, known: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("留空：所有经办人；多人用“、”分隔")
        self.edit.setToolTip(TIP)
        self.pick = QToolButton()
        self.pick.setText("选择…")
        self.pick.setToolTip("从服务器上可以使用登记册的数据库用户中选择")
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.pick)
        for name in known:
            menu.addAction(name, functools.partial(self.add, name))
        self.pick.setMenu(menu)
        self.pick.setEnabled(bool(known))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.pick)

    def names(self) -> list[str]:
        return parse(self.edit.text())

    def set_names(self, names: Sequence[str]) -> None:
        self.edit.setText("、".join(names))

    def add(self, name: str) -> None:
        self.set_names(parse("\n".join([*self.names(), name])))
