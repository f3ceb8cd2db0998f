"""The dialog of one due-list task: handled, or snoozed until a date, with a note."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...rules.due import DueItem


class MarkDialog(QDialog):
    """Handled, or snoozed until a date; with a note. Says that a more urgent stage will show again."""

    def __init__(self, item: DueItem, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("处理提醒")
        self.today = today
        what = QLabel(
            f"<b>{item.holder_name}</b>（{item.unit_name}）<br>{item.kind_label}：{item.title}"
        )
        what.setWordWrap(True)
        self.handled = QRadioButton("已处理")
        self.snoozed = QRadioButton("暂缓提醒，到此日期再提醒：")
        self.handled.setChecked(True)
        self.until = QDateEdit(_qdate(today + dt.timedelta(days=7)))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setMinimumDate(_qdate(today + dt.timedelta(days=1)))
        self.until.setEnabled(False)
        self.snoozed.toggled.connect(self.until.setEnabled)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("备注（例如：已于 11 月 20 日提交续签申请），记入审计记录")
        self.note.setFixedHeight(70)
        hint = QLabel(
            "标记只对当前阶段有效：若期限进入更紧急的阶段（如临近或已过最晚提交日），仍会再次提醒。"
            "办理完成后，请在登记册中更新证件信息。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        snooze_row = QHBoxLayout()
        snooze_row.addWidget(self.snoozed)
        snooze_row.addWidget(self.until)
        snooze_row.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (what, self.handled):
            layout.addWidget(widget)
        layout.addLayout(snooze_row)
        layout.addWidget(QLabel("备注："))
        layout.addWidget(self.note)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str, dt.date | None, str]:
        until = _day(self.until.date()) if self.snoozed.isChecked() else None
        return ("snoozed" if until else "handled"), until, self.note.toPlainText().strip()


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())
