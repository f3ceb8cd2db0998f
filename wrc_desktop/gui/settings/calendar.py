"""设置 → 工作日历: a year's holidays and 调休 working days on a month grid, from the pasted notice.

Each winter the State Council publishes next year's notice. Until a year is known its dates are
estimated ("按预估假期计算，已留出余量", early by construction). The clerk picks the year, pastes
the notice and presses 解析: the days show on the grid, changed days marked, to check (a click
toggles a day) before 保存此年 writes ``<overrides>/calendar/<year>.toml`` through the desk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...desk import calendar as desk_calendar
from ...rules.errors import WrcError
from ...rules.notice_parser import ParsedNotice
from ..widgets.read_only import look_read_only
from ..widgets.shared import confirm as confirm_dialog
from ..widgets.unsaved import UnsavedGuard
from .common import WARN_STYLE, StatusLine, note
from .month_grid import HOLIDAY_FILL, WORKING_FILL, MonthGrid

INTRO = (
    "工作日 = 周一至周五，去掉放假日，加上调休上班的周六、周日。选年份，粘贴国务院办公厅的通知并解析，"
    "在日历上核对（单击某天可切换放假/上班）后保存。"
)
INTRO_DETAILS = (
    "已收录官方安排的年份按安排计算；未收录的年份按预估假期计算并注明“按预估假期计算，已留出余量”："
    "往前倒推的日期（最晚提交日等）按各节日可能最长的假期、不计调休上班日，往后顺推的日期（离职后 N 个"
    "工作日内）只按必然放假的日子休息，因此日期只会偏早。录入该年通知后即按通知计算。"
)
NOTICE_HINT = (
    "把通知中“一、元旦：……”到最后一个节日的文字粘贴到这里，例如：\n"
    "二、春节：2月5日（农历除夕、周五）至……放假调休，共8天。……上班。"
)


def legend() -> QLabel:
    label = QLabel(
        f'<span style="background:{HOLIDAY_FILL.name()}">&nbsp;放假&nbsp;</span>&nbsp; '
        f'<span style="background:{WORKING_FILL.name()}">&nbsp;调休上班&nbsp;</span>&nbsp; '
        '<span style="color:#8a8a8a">灰字：周末</span>&nbsp; '
        '<span style="color:#e65100">◥</span> 已改动未保存&nbsp; '
        '<span style="color:#c62828">斜线</span>/<span style="color:#0d47a1">虚框</span>：未收录年份预估可能放假/上班'
    )
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class CalendarTab(QWidget):
    changed = Signal()

    def __init__(
        self, overrides: Path, today: Callable[[], dt.date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.overrides = overrides
        self.today = today
        self.view: desk_calendar.YearView | None = None
        self.notice_read: ParsedNotice | None = None  # the parsed notice the grid's marks came from
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(note(INTRO, details=INTRO_DETAILS))
        layout.addLayout(self._year_row())
        body = QHBoxLayout()
        body.addLayout(self._grid_column(), 3)
        body.addWidget(self._notice_box(), 2)
        layout.addLayout(body, 1)
        layout.addLayout(self._buttons())
        layout.addWidget(self.status)
        self.unsaved = UnsavedGuard(self, self._entered, save=self.save_entry)
        self.reload(select=self.today().year + 1)

    def discard_edits(self) -> None:
        self.revert()

    def _entered(self) -> tuple[int, frozenset, str]:
        return self.year, frozenset(self.grid.changed_days()), self.source.text()

    # ------------------------------------------------------------ building

    def _year_row(self) -> QHBoxLayout:
        self.year_box = QComboBox()
        self.year_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year_box.currentIndexChanged.connect(self._year_chosen)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.source = QLineEdit()
        self.source.setPlaceholderText("如 国办发明电〔2026〕×号")
        row = QHBoxLayout()
        row.addWidget(QLabel("年份："))
        row.addWidget(self.year_box)
        row.addWidget(self.state_label, 2)
        row.addSpacing(12)
        row.addWidget(QLabel("来源："))
        row.addWidget(self.source, 2)
        return row

    def _grid_column(self) -> QVBoxLayout:
        self.grid = MonthGrid()
        self.grid.day_toggled.connect(self._day_toggled)
        self.grid_area = QScrollArea()
        self.grid_area.setWidget(self.grid)
        self.grid_area.setWidgetResizable(True)
        self.grid_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # It takes the height the page has; the months scroll inside it on a small screen.
        self.grid_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.grid_area.setMinimumHeight(150)
        column = QVBoxLayout()
        column.addWidget(self.grid_area, 1)
        column.addWidget(legend())
        return column

    def _notice_box(self) -> QGroupBox:
        box = QGroupBox("粘贴国务院办公厅通知")
        self.notice = QPlainTextEdit()
        self.notice.setPlaceholderText(NOTICE_HINT)
        self.notice.setTabChangesFocus(True)
        self.parse_button = QPushButton("解析到日历")
        self.parse_button.clicked.connect(self.parse_notice)
        self.parsed = QPlainTextEdit()
        look_read_only(self.parsed)
        self.parsed.setPlaceholderText("解析结果：每个节日的放假与上班日")
        for edit in (self.notice, self.parsed):
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            edit.setMinimumHeight(48)
        row = QHBoxLayout()
        row.addWidget(self.parse_button)
        row.addStretch(1)
        column = QVBoxLayout(box)
        column.addWidget(self.notice, 3)
        column.addLayout(row)
        column.addWidget(self.parsed, 2)
        return box

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton("保存此年")
        self.save_button.clicked.connect(self.save_entry)
        self.revert_button = QPushButton("撤销改动")
        self.revert_button.clicked.connect(self.revert)
        self.remove_button = QPushButton("删除自行录入")
        self.remove_button.clicked.connect(self.remove_entry)
        row = QHBoxLayout()
        for button in (self.save_button, self.revert_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    # ------------------------------------------------------------ the year

    @property
    def year(self) -> int:
        return int(self.year_box.currentData())

    def reload(self, select: int | None = None) -> None:
        """Refill the year selector (each year with its state) and show ``select`` or the current year."""
        wanted = select if select is not None else (self.year if self.year_box.count() else None)
        self.year_box.blockSignals(True)
        self.year_box.clear()
        try:
            choices = desk_calendar.year_choices(self.overrides, self.today())
        except WrcError as error:
            choices = [(self.today().year + 1, desk_calendar.UNKNOWN)]
            self.status.error(f"{error}（请删除或更正该文件）")
        for year, state in choices:
            self.year_box.addItem(f"{year} 年 — {state}", year)
        index = self.year_box.findData(wanted) if wanted is not None else 0
        self.year_box.setCurrentIndex(max(index, 0))
        self.year_box.blockSignals(False)
        self.load_year(self.year)

    def select_year(self, year: int) -> None:
        index = self.year_box.findData(year)
        if index < 0:
            raise WrcError(f"{year} 年不在可选年份中")
        self.year_box.setCurrentIndex(index)

    def _year_chosen(self, _index: int) -> None:
        if self.year_box.count():
            self.load_year(self.year)

    def load_year(self, year: int) -> None:
        """Show ``year`` as saved: the clerk's entry, the bundled schedule, or nothing yet (未收录)."""
        try:
            self.view = desk_calendar.year_view(self.overrides, year)
        except WrcError as error:
            self.status.error(f"{error}（请删除或更正该文件）")
            return
        view = self.view
        estimated = (view.estimated_off, view.estimated_worked)
        self.grid.load(year, set(view.holidays), set(view.working_weekends), estimated)
        self.source.setText(view.source if view.entered else "")
        self.parsed.clear()
        if view.known:
            self.state_label.setStyleSheet("")
            self.state_label.setText(
                f"{view.state}：放假 {len(view.holidays)} 个工作日，调休上班 {len(view.working_weekends)} 天"
            )
        else:
            self.state_label.setStyleSheet(WARN_STYLE + " font-weight: 600;")
            self.state_label.setText(f"{year} 年{view.state}：请粘贴该年通知并解析、保存")
        self.remove_button.setEnabled(view.entered)
        self.unsaved.loaded()

    # ------------------------------------------------------------ changes

    def _day_toggled(self, day: dt.date) -> None:
        self.status.warn(
            f"{day.isoformat()} 改为{self.grid.state_of(day)}；共 {len(self.grid.changed_days())} 天已改动，保存后生效。"
        )

    def parse_notice(self) -> bool:
        """Read the pasted notice into the grid (nothing is saved yet)."""
        year = self.year
        try:
            parsed = desk_calendar.read_notice(year, self.notice.toPlainText())
        except WrcError as error:
            self.status.error(f"未能解析：{error}")
            return False
        self.grid.mark(set(parsed.weekday_holidays(year)), set(parsed.working_weekends(year)))
        self.notice_read = parsed
        self.parsed.setPlainText(summary(parsed))
        others = sorted(parsed.other_years())
        elsewhere = (
            f"另有日期属于 {'、'.join(map(str, others))} 年，请切换到该年录入。" if others else ""
        )
        self.status.warn(
            f"已按通知标出 {year} 年：放假 {len(self.grid.holidays)} 个工作日，调休上班 {len(self.grid.working)} 天"
            f"（{len(self.grid.changed_days())} 天与原来不同）。请核对日历，确认无误后填写来源并保存。{elsewhere}"
        )
        return True

    def revert(self) -> None:
        self.load_year(self.year)
        self.status.ok("已撤销未保存的改动。")

    def save_entry(self) -> bool:
        year = self.year
        try:
            saved = desk_calendar.save_year(
                self.overrides,
                year,
                self.grid.holidays,
                self.grid.working,
                self.source.text(),
                self.notice_read,
            )
        except (OSError, WrcError) as error:
            self.status.error(f"未保存：{error}")
            return False
        entry = saved.entry
        self.reload(select=year)
        self.status.ok(
            f"已保存 {year} 年：放假 {len(entry.holidays)} 个工作日，调休上班 {len(entry.working_weekends)} 天，"
            f"全年工作日 {saved.working_days} 天。涉及该年的日期已按此安排计算。"
            + "".join(f"通知中属于 {other} 年的日期已补入该年。" for other in saved.also_saved)
            + "".join(
                f"通知中属于 {other} 年的日期未录入：该年尚无官方安排，请先录入该年通知。"
                for other in saved.left_out
            )
        )
        self.changed.emit()
        return True

    def remove_entry(self, *, confirm: bool = True) -> None:
        year = self.year
        if self.view is None or not self.view.entered:
            return
        if confirm and not confirm_dialog(
            self, "删除安排", f"删除自行录入的 {year} 年节假日安排？"
        ):
            return
        desk_calendar.remove_year(self.overrides, year)
        self.reload(select=year)
        self.status.ok(f"已删除自行录入的 {year} 年安排。")
        self.changed.emit()


def summary(parsed: ParsedNotice) -> str:
    """One line per festival: its days off and 调休 working days, as the grid shows them."""
    lines = []
    for item in parsed.items:
        first, last = min(item.holidays), max(item.holidays)
        span = first.strftime("%m-%d") if first == last else f"{first:%m-%d} 至 {last:%m-%d}"
        worked = "、".join(d.strftime("%m-%d") for d in sorted(item.working_days))
        lines.append(
            f"{item.name}：{span} 放假 {len(item.holidays)} 天"
            + (f"；{worked} 上班" if worked else "")
        )
    return "\n".join(lines)
