"""离职归档: mark a holder as left on a date; the record and its permit history stay."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...desk import holders as desk_holders
from ...rules.errors import ValidationErrors
from ..doors.operations import RegisterOps
from ..widgets.date_field import DateField
from ..widgets.field_errors import FieldErrorDisplay, error_label


class ArchiveDialog(QDialog):
    def __init__(
        self,
        ops: RegisterOps,
        *,
        holder_id: int,
        name: str,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.holder_id = holder_id
        self.setWindowTitle("离职归档")
        intro = QLabel(
            f"将 {name} 标记为已离职。其记录、工作居住证及有效期历史都会保留，"
            "可在“显示已离职”中查看，并可随时恢复在职。"
        )
        intro.setWordWrap(True)
        self.left_on = DateField()
        self.left_on.set_date(today)
        form = QFormLayout()
        form.addRow("离职日期", self.left_on)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("归档")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.message = error_label()
        self.message.hide()
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # One field: its message line is kept from the start, so nothing moves when it shows.
        self.errors = FieldErrorDisplay(self, {"left_on": self.left_on}, reserve=True)
        self.setMinimumWidth(440)

    def save(self) -> None:
        holder_id, left_on = self.holder_id, self.left_on.text()
        self.ops.write(
            lambda desk: desk_holders.archive_holder(desk, holder_id, left_on=left_on),
            parent=self,
            success=lambda _holder: self.accept(),
            failure=self._failed,
            busy=self.buttons,
        )

    def reject(self) -> None:
        if self.buttons.isEnabled():  # disabled while saving: the clerk must see how it ended
            super().reject()

    def _failed(self, error: Exception) -> None:
        errors = error.errors if isinstance(error, ValidationErrors) else []
        unplaced = self.errors.show(errors)
        # Archiving re-checks the whole record; a problem elsewhere is named here.
        other = [str(e) for e in unplaced] or ([] if errors else [str(error)])
        self.message.setText("；".join(other))
        self.message.setVisible(bool(other))
