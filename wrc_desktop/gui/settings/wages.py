"""设置 → 平均工资: the yearly 全口径城镇单位就业人员平均工资, bundled and entered by the clerk.

The bureau publishes a new year's figure each summer; until the clerk enters it the
income test uses the year before (002), and says so. A year entered here is written to
``<overrides>/wages.toml`` and used by the next threshold computed — the summary line
under the table shows which figure applies now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...desk import wages as desk_wages
from ...rules.errors import ValidationErrors, WrcError
from ...rules.income import load_wages, monthly_thresholds
from ..widgets.field_errors import FieldErrorDisplay
from ..widgets.shared import confirm as confirm_dialog
from ..widgets.unsaved import UnsavedGuard
from .common import StatusLine, fill_row, list_table, note

COLUMNS = ["年度", "年平均工资（元）", "月平均工资（元）", "类别", "来源"]
BUNDLED = "内置"
ENTERED = "自行录入"


class WagesTab(QWidget):
    changed = Signal()

    def __init__(
        self, overrides: Path, today: Callable[[], dt.date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.overrides = overrides
        self.today = today
        self.years: list[int] = []
        self.table = list_table(COLUMNS, stretch=len(COLUMNS) - 1)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.remove_button = QPushButton("删除所选的自行录入年度")
        self.remove_button.clicked.connect(self.remove_selected)
        self.summary = StatusLine()
        self.status = StatusLine()

        # The years on the left, the entry form beside them: the tab fits a laptop at 150 %.
        years = QVBoxLayout()
        years.setContentsMargins(0, 0, 0, 0)
        years.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        years.addLayout(row)
        body = QHBoxLayout()
        body.addLayout(years, 3)
        body.addWidget(self._entry_box(), 2)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                "本市全口径城镇单位就业人员平均工资，用于核验应税收入（第 4、5 条）。",
                details="某年度的数值用于核验该年度的应税收入（第 4、5 条），"
                "并作为次年申报时的月平均工资基数；新年度数值公布前，按上一年度执行。",
            )
        )
        layout.addLayout(body, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        self.unsaved = UnsavedGuard(self, self._entered, save=self.save_entry)
        self.reload()
        self.unsaved.loaded()

    def _entered(self) -> tuple[int, str, str, str]:
        return (self.year.value(), self.annual.text(), self.monthly.text(), self.source.text())

    def discard_edits(self) -> None:
        """放弃: the form as it was last filled (empty, or the year chosen on the left)."""
        self._selection_changed()
        if self.selected_year() is None:
            for edit in (self.annual, self.monthly, self.source):
                edit.clear()
        self.unsaved.loaded()

    def _entry_box(self) -> QGroupBox:
        box = QGroupBox("录入新公布的年度（或更正某一年度）")
        box.setToolTip("在左侧选中一个年度，可在此更正它的数值")
        self.year = QSpinBox()
        self.year.setRange(desk_wages.WAGE_YEARS[0], desk_wages.WAGE_YEARS[1])
        self.year.setValue(self.today().year - 1)
        self.annual = QLineEdit()
        self.annual.setPlaceholderText("如 141132")
        self.monthly = QLineEdit()
        self.monthly.setPlaceholderText("可不填：按年平均工资 ÷ 12 取整")
        self.source = QLineEdit()
        self.source.setPlaceholderText("如 北京市人力资源和社会保障局 2025 年 7 月公布")
        self.save_button = QPushButton("保存此年度")
        self.save_button.clicked.connect(self.save_entry)
        self.year.setMaximumWidth(120)
        for edit in (self.annual, self.monthly):
            edit.setMaximumWidth(260)
        # The examples are longer than the narrow form: the whole of each shows on the mouse.
        for edit in (self.monthly, self.source):
            edit.setToolTip(edit.placeholderText())
        button_row = QHBoxLayout()
        button_row.addWidget(self.save_button)
        button_row.addStretch(1)
        form = QFormLayout(box)
        form.addRow("年度：", self.year)
        form.addRow("年平均工资（元）：", self.annual)
        form.addRow("月平均工资（元）：", self.monthly)
        form.addRow("来源：", self.source)
        form.addRow("", button_row)
        # Not reserved: four empty lines would make the tab scroll at 150 % on a laptop.
        self.errors = FieldErrorDisplay(
            box,
            {
                "year": self.year,
                "annual": self.annual,
                "monthly": self.monthly,
                "source": self.source,
            },
        )
        return box

    # ------------------------------------------------------------ the table

    def reload(self) -> None:
        try:
            wages = load_wages(self.overrides)
            clerk = desk_wages.clerk_years(self.overrides)
        except WrcError as error:
            self.status.error(f"{error}（请删除或更正该文件）")
            return
        bundled = load_wages(None)
        self.years = sorted(wages, reverse=True)
        self.table.setRowCount(len(self.years))
        for row, year in enumerate(self.years):
            wage = wages[year]
            kind = ENTERED if year in clerk else BUNDLED
            if year in clerk and year in bundled:
                kind = f"{ENTERED}（覆盖内置）"
            fill_row(
                self.table,
                row,
                [str(year), f"{wage.annual:,}", f"{wage.monthly:,}", kind, wage.source],
                [""] * 4 + [wage.source],
            )
        self._selection_changed()
        self._show_summary(wages)

    def _show_summary(self, wages) -> None:
        year = self.today().year
        try:
            current = monthly_thresholds(year, wages)
        except WrcError as error:
            self.summary.warn(str(error))
            return
        m = current.monthly
        text = (
            f"{year} 年申报适用 {current.base_year} 年度月平均工资 {current.monthly_base:,} 元："
            f"1.2 倍 {m['1.2']:,} 元，1.5 倍 {m['1.5']:,} 元，4 倍 {m['4']:,} 元，8 倍 {m['8']:,} 元。"
        )
        if current.notes:
            self.summary.warn(text + "注意：" + "；".join(current.notes) + "。")
        else:
            self.summary.ok(text)

    def selected_year(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.years[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        """A chosen year goes into the form below, ready to be corrected."""
        year = self.selected_year()
        clerk = desk_wages.clerk_years(self.overrides) if year is not None else {}
        self.remove_button.setEnabled(year in clerk)
        if year is None:
            return
        wage = load_wages(self.overrides)[year]
        self.year.setValue(year)
        self.annual.setText(str(wage.annual))
        self.monthly.setText(str(wage.monthly))
        self.source.setText(wage.source if year in clerk else "")
        self.unsaved.loaded()

    # ------------------------------------------------------------ changes

    def save_entry(self) -> bool:
        self.errors.clear()
        try:
            entry = desk_wages.clean_year(
                self.year.value(), self.annual.text(), self.monthly.text(), self.source.text()
            )
        except ValidationErrors as error:
            self.errors.show(error.errors)
            self.status.error("未保存：请按红字提示修改。")
            return False
        try:
            desk_wages.save_year(self.overrides, entry)
        except (OSError, WrcError) as error:
            self.status.error(f"保存失败：{error}")
            return False
        self.annual.clear()
        self.monthly.clear()
        self.source.clear()
        self.status.ok(
            f"已保存 {entry.year} 年度：年平均工资 {entry.annual:,} 元，月平均工资 {entry.monthly:,} 元。"
        )
        self.reload()
        self.unsaved.loaded()
        self.changed.emit()
        return True

    def remove_selected(self, *, confirm: bool = True) -> None:
        year = self.selected_year()
        if year is None or year not in desk_wages.clerk_years(self.overrides):
            return
        if confirm and not confirm_dialog(
            self, "删除年度", f"删除自行录入的 {year} 年度平均工资？"
        ):
            return
        desk_wages.remove_year(self.overrides, year)
        self.status.ok(f"已删除自行录入的 {year} 年度。")
        self.reload()
        self.changed.emit()
