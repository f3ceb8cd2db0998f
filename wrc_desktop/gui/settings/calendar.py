"""设置 → 工作日历: which years have an official holiday schedule, and entering a year's schedule.

Each December the State Council publishes next year's holidays and 调休 working weekends.
Until a year is known, deadlines in it count weekends only (and say so). The clerk
enters the notice here: the weekdays off and the weekends worked, written to
``<overrides>/calendar/<year>.toml``; ``get_calendar`` picks the file up on its next call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...rules.calendar_snapshot import bundled_official_years, package_schedule
from ...rules.errors import ValidationErrors, WrcError
from ...rules.workdays import get_calendar
from ...store import overrides as store
from ..field_errors import FieldErrorDisplay
from ..widgets import confirm as confirm_dialog
from .common import WARN_COLOUR, StatusLine, fill_row, list_table, note

OFFICIAL = "官方安排（内置）"
ENTERED = "自行录入"
UNKNOWN = "未收录：仅按周末计算"
FORMAT_HINT = "每行一个日期或区间，如 2027-10-01至2027-10-08"
FORMAT_DETAILS = "也可用逗号、顿号分隔。放假区间中的周六、周日自动略过。"


def compact_holidays(days: Iterable[dt.date]) -> list[str]:
    """Weekday holidays as ranges (a range may span a weekend, which the parser skips again)."""
    runs: list[list[dt.date]] = []
    for day in sorted(d for d in days if d.weekday() < 5):
        if runs:
            gap = [runs[-1][-1] + dt.timedelta(days=n) for n in range(1, (day - runs[-1][-1]).days)]
            if all(d.weekday() >= 5 for d in gap):
                runs[-1].append(day)
                continue
        runs.append([day])
    return [
        run[0].isoformat() if len(run) == 1 else f"{run[0].isoformat()}至{run[-1].isoformat()}"
        for run in runs
    ]


class CalendarTab(QWidget):
    changed = Signal()

    def __init__(
        self, overrides: Path, today: Callable[[], dt.date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.overrides = overrides
        self.today = today
        self.years: list[int] = []
        self.table = list_table(["年份", "节假日安排", "来源"], stretch=2)
        self.table.itemSelectionChanged.connect(self._selected)
        self.status = StatusLine()

        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                "工作日 = 周一至周五，去掉法定节假日，加上调休上班的周六、周日。已收录官方安排的年份按安排计算；"
                "未收录的年份仅按周末计算，涉及该年的日期旁会注明。国务院办公厅公布新一年的安排后，请在此录入。"
            )
        )
        body = QHBoxLayout()
        body.addWidget(self.table, 2)
        body.addWidget(self._editor(), 3)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        self.reload()

    def _editor(self) -> QGroupBox:
        box = QGroupBox("录入或修改一年的安排")
        self.year = QSpinBox()
        self.year.setRange(store.CALENDAR_YEARS[0], store.CALENDAR_YEARS[1])
        self.year.setValue(self.today().year + 1)
        self.year.setMaximumWidth(120)
        self.holidays = QPlainTextEdit()
        self.holidays.setPlaceholderText("放假的周一至周五，如\n2027-01-01\n2027-02-05至2027-02-11")
        self.working = QPlainTextEdit()
        self.working.setPlaceholderText("调休上班的周六、周日，如\n2027-02-13\n2027-09-26")
        for edit in (self.holidays, self.working):
            edit.setTabChangesFocus(True)
            # They take the height there is rather than asking for 192 px each: the tab then
            # fits a 150 % laptop screen without scrolling its buttons away.
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            edit.setMinimumHeight(72)
        self.source = QLineEdit()
        self.source.setPlaceholderText("如 国办发明电〔2026〕×号")
        self.save_button = QPushButton("保存此年")
        self.save_button.clicked.connect(self.save_entry)
        self.remove_button = QPushButton("删除自行录入")
        self.remove_button.clicked.connect(self.remove_entry)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        form = QFormLayout(box)
        form.addRow("年份：", self.year)
        form.addRow("", note(FORMAT_HINT, details=FORMAT_DETAILS))
        form.addRow("放假日期：", self.holidays)
        form.addRow("调休上班日：", self.working)
        form.addRow("来源：", self.source)
        form.addRow("", buttons)
        self.errors = FieldErrorDisplay(
            box, {"year": self.year, "holidays": self.holidays, "working_weekends": self.working}
        )
        self.year.valueChanged.connect(self._year_changed)
        return box

    # ------------------------------------------------------------ the year list

    def reload(self) -> None:
        try:
            clerk = store.clerk_calendar_years(self.overrides)
        except WrcError as error:
            clerk = {}
            self.status.error(f"{error}（请删除或更正该文件）")
        official = bundled_official_years()
        this_year = self.today().year
        self.years = sorted(
            set(range(min(official | {this_year}), this_year + 3)) | official | clerk.keys(),
            reverse=True,
        )
        self.table.setRowCount(len(self.years))
        for row, year in enumerate(self.years):
            if year in clerk:
                state, source = (
                    ENTERED + ("（覆盖内置）" if year in official else ""),
                    clerk[year].source,
                )
            elif year in official:
                state, source = OFFICIAL, "国务院办公厅通知"
            else:
                state, source = UNKNOWN, ""
            fill_row(self.table, row, [str(year), state, source])
            if state == UNKNOWN:
                item = self.table.item(row, 1)
                item.setForeground(QColor(WARN_COLOUR))
                item.setToolTip("该年的法定节假日与调休安排未收录，仅按周六、周日休息计算")
        self.remove_button.setEnabled(self.year.value() in clerk)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.load_year(self.years[rows[0].row()])

    def _year_changed(self, year: int) -> None:
        self.remove_button.setEnabled(store.calendar_path(self.overrides, year).is_file())

    def load_year(self, year: int) -> None:
        """Put a year's schedule in the editor: the clerk's, the package's, or nothing yet."""
        self.errors.clear()
        clerk = store.clerk_calendar_years(self.overrides)
        if year in clerk:
            holidays, working, source = (
                clerk[year].holidays,
                clerk[year].working_weekends,
                clerk[year].source,
            )
        elif year in bundled_official_years():
            closed, working_set = package_schedule([year])
            holidays, working, source = closed, working_set, ""
        else:
            holidays, working, source = frozenset(), frozenset(), ""
        self.year.setValue(year)
        self.holidays.setPlainText("\n".join(compact_holidays(holidays)))
        self.working.setPlainText("\n".join(d.isoformat() for d in sorted(working)))
        self.source.setText(source)

    # ------------------------------------------------------------ changes

    def save_entry(self) -> bool:
        self.errors.clear()
        year = self.year.value()
        try:
            entry = store.clean_calendar_year(
                year, self.holidays.toPlainText(), self.working.toPlainText(), self.source.text()
            )
        except ValidationErrors as error:
            self.errors.show(error.errors)
            self.status.error("未保存：请按红字提示修改。")
            return False
        try:
            store.save_calendar_year(self.overrides, entry)
            calendar = get_calendar(
                self.overrides
            )  # read back at once: a bad file must not wait for later
        except (OSError, WrcError) as error:
            self.status.error(f"保存失败：{error}")
            return False
        working_days = calendar.working_days_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
        self.status.ok(
            f"已保存 {year} 年：放假 {len(entry.holidays)} 天（周一至周五），调休上班 "
            f"{len(entry.working_weekends)} 天，全年工作日 {working_days} 天。涉及该年的日期已按此安排计算。"
        )
        self.reload()
        self.changed.emit()
        return True

    def remove_entry(self, *, confirm: bool = True) -> None:
        year = self.year.value()
        if not store.calendar_path(self.overrides, year).is_file():
            return
        if confirm and not confirm_dialog(
            self, "删除安排", f"删除自行录入的 {year} 年节假日安排？"
        ):
            return
        store.remove_calendar_year(self.overrides, year)
        self.status.ok(f"已删除自行录入的 {year} 年安排。")
        self.reload()
        self.load_year(year)
        self.changed.emit()
