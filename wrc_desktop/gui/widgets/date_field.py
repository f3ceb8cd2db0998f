"""One date field for every dialog: typed as the clerk writes dates, or picked from a calendar.

The text stays what the clerk sees, and the rules read it (``rules.dates.parse_date``
accepts 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日 and 20260301). When the clerk
leaves the field, a date it understood is shown as 2026-03-01 — so the clerk sees how
it was read — and one it did not is outlined in red with the reason as its tooltip;
the outline goes as soon as the text is a date again.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QLineEdit,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from ...rules.dates import parse_date
from ...rules.errors import FieldError
from .field_errors import mark_invalid

PLACEHOLDER = "如 2026-03-01"


class DateField(QLineEdit):
    """A :class:`QLineEdit` for a date (may be left empty) with a calendar button at its end."""

    date_picked = Signal(object)  # dt.date, after a pick from the calendar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(PLACEHOLDER)
        self.calendar_action = QAction(_calendar_icon(), "从日历中选择", self)
        self.calendar_action.setToolTip("从日历中选择日期")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.popup: CalendarPopup | None = None
        self._problem = ""
        self.editingFinished.connect(self.check)
        self.textChanged.connect(self._recheck)

    def setReadOnly(self, read_only: bool) -> None:
        """A date that cannot be changed offers no calendar either."""
        super().setReadOnly(read_only)
        self.calendar_action.setVisible(not read_only)

    # ------------------------------------------------------------ the value

    def date(self) -> dt.date | None:
        """The date typed, or None when the field is empty or the text is not a date."""
        try:
            return parse_date(self.text()) if self.text().strip() else None
        except FieldError:
            return None

    def set_date(self, value: dt.date | None) -> None:
        self.setText(value.isoformat() if value else "")

    def problem(self) -> str:
        """Why the text is not a date ("" when it is one, or empty)."""
        return self._problem

    def check(self) -> bool:
        """Show a date as 2026-03-01, or mark the field with what is wrong; True when fine."""
        text = self.text().strip()
        if not text:
            self._mark("")
            return True
        try:
            value = parse_date(text)
        except FieldError as error:
            self._mark(error.message)
            return False
        if not self.isReadOnly() and self.text() != value.isoformat():
            self.setText(value.isoformat())
        self._mark("")
        return True

    def _recheck(self) -> None:
        if self._problem and (not self.text().strip() or self.date() is not None):
            self._mark("")

    def _mark(self, problem: str) -> None:
        if problem == self._problem:
            return
        self._problem = problem
        mark_invalid(self, bool(problem))  # tinted, not bordered: the field keeps its size
        self.setToolTip(problem)

    # ------------------------------------------------------------ the calendar

    def show_calendar(self) -> None:
        if self.isReadOnly() or not self.isEnabled():
            return
        self.popup = CalendarPopup(self.date() or dt.date.today(), self)
        self.popup.picked.connect(self._picked)
        below = self.mapToGlobal(QPoint(0, self.height()))
        self.popup.show_near(below, self.mapToGlobal(QPoint(0, 0)))

    def _picked(self, value: dt.date) -> None:
        self.set_date(value)
        self.textEdited.emit(self.text())  # a pick is the clerk's edit, as typing is
        self._mark("")
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.date_picked.emit(value)


class CalendarPopup(QWidget):
    """A month calendar that closes on a click outside; a day clicked (or Enter) is the answer."""

    picked = Signal(object)

    def __init__(self, selected: dt.date, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setSelectedDate(QDate(selected.year, selected.month, selected.day))
        self.calendar.clicked.connect(self._choose)
        self.calendar.activated.connect(self._choose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)

    def show_near(self, below: QPoint, above: QPoint) -> None:
        """Below the field, or above it where the screen ends."""
        self.adjustSize()
        screen = self.screen().availableGeometry() if self.screen() else QRect()
        x, y = below.x(), below.y()
        if screen.isValid():
            if y + self.height() > screen.bottom():
                y = max(screen.top(), above.y() - self.height())
            x = max(screen.left(), min(x, screen.right() - self.width()))
        self.move(x, y)
        self.show()
        self.calendar.setFocus()

    def _choose(self, day: QDate) -> None:
        self.picked.emit(dt.date(day.year(), day.month(), day.day()))
        self.close()


def _calendar_icon() -> QIcon:
    """A small calendar drawn here: Qt's styles have none, and it needs no image plugin."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#4a5563"), 2))
    painter.setBrush(QColor("white"))
    painter.drawRoundedRect(4, 6, 24, 22, 3, 3)
    painter.fillRect(5, 7, 23, 6, QColor("#1f6fc5"))
    painter.setPen(QPen(QColor("#4a5563"), 2))
    painter.drawLine(10, 3, 10, 9)
    painter.drawLine(22, 3, 22, 9)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#4a5563"))
    for row in range(2):
        for column in range(3):
            painter.drawRect(9 + column * 6, 16 + row * 6, 3, 3)
    painter.end()
    return QIcon(pixmap)


class DateFieldDelegate(QStyledItemDelegate):
    """A table column of dates edited with :class:`DateField` (calendar and typed forms alike)."""

    def createEditor(self, parent: QWidget, option, index) -> QWidget:
        editor = DateField(parent)
        editor.setFrame(False)
        # A pick from the calendar ends the edit, as Enter would.
        editor.date_picked.connect(lambda _value, editor=editor: self.commitData.emit(editor))
        return editor

    def setModelData(self, editor: QWidget, model, index) -> None:
        if isinstance(editor, DateField):
            editor.check()  # 2023/3/1 is stored as the clerk now sees it: 2023-03-01
        super().setModelData(editor, model, index)
