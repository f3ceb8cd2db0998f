"""Twelve months of one year on a grid: a click marks a day 放假 or 上班.

A weekday toggles between 上班 and 放假 (a holiday or a 调休 day off); a Saturday or Sunday between
休息 and 上班 (a 调休 working day). Days that differ from what was loaded carry a corner mark,
so the clerk sees what a parsed notice or a click changed before saving.
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt
import math

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygon,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

WEEKDAY_NAMES = "一二三四五六日"
HOLIDAY_FILL = QColor("#f9d6d5")
HOLIDAY_TEXT = QColor("#b71c1c")
WORKING_FILL = QColor("#d3e4fb")
WORKING_TEXT = QColor("#0d47a1")
WEEKEND_TEXT = QColor("#8a8a8a")
CHANGED_MARK = QColor("#e65100")
ESTIMATE_HATCH = QColor("#e57373")
GRID_LINE = QColor("#d0d0d0")
MIN_CELL = 20  # logical pixels: a two-digit day stays readable at any scaling


class MonthGrid(QWidget):
    """The year's days; :attr:`holidays` are weekdays off, :attr:`working` weekend days worked."""

    day_toggled = Signal(dt.date)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = dt.date.today().year
        self.holidays: set[dt.date] = set()
        self.working: set[dt.date] = set()
        self._loaded: tuple[frozenset[dt.date], frozenset[dt.date]] = (frozenset(), frozenset())
        # A year without a notice: what the estimate assumes, drawn under the clerk's marks.
        self.estimated_off: frozenset[dt.date] = frozenset()
        self.estimated_worked: frozenset[dt.date] = frozenset()
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    # ------------------------------------------------------------------ state

    def load(
        self,
        year: int,
        holidays: set[dt.date],
        working: set[dt.date],
        estimated: tuple[frozenset[dt.date], frozenset[dt.date]] = (frozenset(), frozenset()),
    ) -> None:
        """Show ``year`` as saved; later marks and clicks show as changes against it.

        ``estimated`` (days off, weekend days worked) is what the app assumes for a year without
        a notice: hatched and outlined, never counted as the clerk's marks.
        """
        self.year = year
        self.estimated_off, self.estimated_worked = estimated
        self.holidays = {d for d in holidays if d.year == year and d.weekday() < 5}
        self.working = {d for d in working if d.year == year and d.weekday() >= 5}
        self._loaded = (frozenset(self.holidays), frozenset(self.working))
        self._fit_height()
        self.update()

    def mark(self, holidays: set[dt.date], working: set[dt.date]) -> None:
        """Replace the marks (a parsed notice), keeping what was loaded to show the changes."""
        self.holidays = {d for d in holidays if d.year == self.year and d.weekday() < 5}
        self.working = {d for d in working if d.year == self.year and d.weekday() >= 5}
        self.update()

    def changed_days(self) -> set[dt.date]:
        loaded_off, loaded_worked = self._loaded
        return (self.holidays ^ loaded_off) | (self.working ^ loaded_worked)

    def toggle(self, day: dt.date) -> None:
        """A click on ``day``: 上班 ↔ 放假 on a weekday, 休息 ↔ 上班 on a weekend."""
        if day.year != self.year:
            return
        marks = self.holidays if day.weekday() < 5 else self.working
        marks.symmetric_difference_update({day})
        self.update()
        self.day_toggled.emit(day)

    def state_of(self, day: dt.date) -> str:
        if day.weekday() < 5:
            return "放假" if day in self.holidays else "上班"
        return "上班（调休）" if day in self.working else "休息"

    def _estimate_of(self, day: dt.date) -> str:
        if day in self.estimated_off and day not in self.holidays:
            return "；未收录年份预估可能放假（倒推日期时按放假计算）"
        if day in self.estimated_worked and day not in self.working:
            return "；未收录年份预估可能调休上班（顺推日期时按上班计算）"
        return ""

    # ------------------------------------------------------------------ geometry

    def _columns(self, width: int) -> int:
        return max(1, min(4, width // (7 * MIN_CELL + 12)))

    def _month_size(self, width: int) -> QSize:
        columns = self._columns(width)
        cell = max(MIN_CELL, (width - 12 * columns) // (7 * columns))
        line = self.fontMetrics().height()
        return QSize(cell * 7 + 12, line + 4 + math.ceil(line * 1.1) + 6 * math.ceil(cell * 0.8))

    def _cell(self, width: int) -> QSize:
        month = self._month_size(width)
        return QSize((month.width() - 12) // 7, math.ceil((month.width() - 12) // 7 * 0.8))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = math.ceil(12 / self._columns(width))
        return rows * self._month_size(width).height() + 4

    def sizeHint(self) -> QSize:
        return QSize(4 * (7 * 28 + 12), self.heightForWidth(4 * (7 * 28 + 12)))

    def minimumSizeHint(self) -> QSize:
        return QSize(7 * MIN_CELL + 12, 120)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # Inside a scroll area the grid is as tall as its months need at the width it is given.
        self.setMinimumHeight(self.heightForWidth(max(self.width(), 7 * MIN_CELL + 12)))

    def _month_rect(self, month: int) -> QRect:
        size = self._month_size(self.width())
        columns = self._columns(self.width())
        row, column = divmod(month - 1, columns)
        return QRect(column * size.width(), row * size.height(), size.width(), size.height())

    def _day_rect(self, day: dt.date) -> QRect:
        box = self._month_rect(day.month)
        cell = self._cell(self.width())
        line = self.fontMetrics().height()
        first_weekday = dt.date(day.year, day.month, 1).weekday()
        row, column = divmod(first_weekday + day.day - 1, 7)
        top = box.top() + line + 4 + math.ceil(line * 1.1)
        return QRect(
            box.left() + 6 + column * cell.width(),
            top + row * cell.height(),
            cell.width(),
            cell.height(),
        )

    def day_at(self, point: QPoint) -> dt.date | None:
        for month in range(1, 13):
            if not self._month_rect(month).contains(point):
                continue
            for number in range(1, gregorian.monthrange(self.year, month)[1] + 1):
                day = dt.date(self.year, month, number)
                if self._day_rect(day).contains(point):
                    return day
        return None

    # ------------------------------------------------------------------ events

    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if day is not None and event.button() == Qt.MouseButton.LeftButton:
            self.toggle(day)
            QToolTip.showText(event.globalPosition().toPoint(), self._tip(day), self)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        self.setToolTip(self._tip(day) if day else "")

    def _tip(self, day: dt.date) -> str:
        changed = "（已改动，未保存）" if day in self.changed_days() else ""
        return (
            f"{day.isoformat()} 周{WEEKDAY_NAMES[day.weekday()]}：{self.state_of(day)}{changed}"
            f"{self._estimate_of(day)}；单击切换"
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        changed = self.changed_days()
        for month in range(1, 13):
            self._paint_month(painter, month, changed)
        painter.end()

    def _paint_month(self, painter: QPainter, month: int, changed: set[dt.date]) -> None:
        box = self._month_rect(month)
        line = self.fontMetrics().height()
        title = QFont(self.font())
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(
            QRect(box.left() + 6, box.top() + 2, box.width() - 12, line),
            Qt.AlignmentFlag.AlignLeft,
            f"{month}月",
        )
        painter.setFont(self.font())
        cell = self._cell(self.width())
        header_top = box.top() + line + 4
        for column, name in enumerate(WEEKDAY_NAMES):
            painter.setPen(WEEKEND_TEXT if column >= 5 else self.palette().windowText().color())
            where = QRect(box.left() + 6 + column * cell.width(), header_top, cell.width(), line)
            painter.drawText(where, Qt.AlignmentFlag.AlignCenter, name)
        for number in range(1, gregorian.monthrange(self.year, month)[1] + 1):
            self._paint_day(painter, dt.date(self.year, month, number), changed)

    def _paint_day(self, painter: QPainter, day: dt.date, changed: set[dt.date]) -> None:
        rect = self._day_rect(day).adjusted(1, 1, -1, -1)
        text_colour = self.palette().windowText().color()
        if day in self.holidays:
            painter.fillRect(rect, HOLIDAY_FILL)
            text_colour = HOLIDAY_TEXT
        elif day in self.working:
            painter.fillRect(rect, WORKING_FILL)
            text_colour = WORKING_TEXT
        elif day.weekday() >= 5:
            text_colour = WEEKEND_TEXT
        if day in self.estimated_off and day not in self.holidays:
            painter.fillRect(rect, QBrush(ESTIMATE_HATCH, Qt.BrushStyle.BDiagPattern))
        painter.setPen(GRID_LINE)
        if day in self.estimated_worked and day not in self.working:
            painter.setPen(QPen(WORKING_TEXT, 1, Qt.PenStyle.DashLine))
        painter.drawRect(rect)
        font = QFont(self.font())
        font.setBold(day in self.holidays or day in self.working)
        painter.setFont(font)
        painter.setPen(text_colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(day.day))
        if day in changed:
            size = max(5, rect.height() // 3)
            corner = QPolygon(
                [
                    rect.topRight(),
                    rect.topRight() - QPoint(size, 0),
                    rect.topRight() + QPoint(0, size),
                ]
            )
            painter.setBrush(CHANGED_MARK)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawPolygon(corner)
            painter.setBrush(Qt.BrushStyle.NoBrush)
