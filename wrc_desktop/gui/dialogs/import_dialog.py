"""Roster import dialog: pick the sheet, map the columns, preview every row, then confirm.

Nothing is written before "确认导入". The preview lists every change field by
field, old → new; a rename or a move to another unit waits for its own tick,
and an ID that Excel probably cut short for a tick on its row. At the moment of
writing the rows are validated again in the writing transaction; if the
register changed since the preview, the import stops and asks for a new
preview rather than write something else. Long reads and previews show their
progress and can be cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...desk import Desk
from ...desk import imports as desk_imports
from ...desk import units as desk_units
from ...desk.roster import (
    FIELDS,
    IGNORE,
    Cancelled,
    ImportPlan,
    Roster,
    SeveralSheets,
    read_roster,
    roster_sheets,
)
from ...failures import user_message
from ...logging_setup import mask_text
from ...rules.errors import WrcError
from ..doors.operations import RegisterOps
from ..doors.progress import Progress
from ..models.status_colours import ERROR_RED
from ..widgets.screen_fit import fit_to_screen

T = TypeVar("T")
ACTIONS = {"create": "新增", "update": "更新", "unchanged": "无变化", "reject": "有误"}
ACTION_COLOURS = {
    "create": "#e2efda",
    "update": "#ddebf7",
    "unchanged": "#ffffff",
    "reject": "#f8cbad",
}
MAX_PREVIEW_ROWS = 5000  # the counts cover all rows; the table shows errors first, then this many


def _example(value: object) -> str:
    """A cell as the mapping step shows it (an ID number masked, like everywhere else)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class ImportDialog(QDialog):
    """Open with a file path; ``imported(batch_id)`` after a confirmed import."""

    imported = Signal(int)

    def __init__(self, ops: RegisterOps, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops  # the commit goes through the register's one writer
        self.path = Path(path)
        self.roster: Roster | None = None
        self.plan: ImportPlan | None = None
        self.writing = False
        self.setWindowTitle(f"导入花名册 — {self.path.name}")
        fit_to_screen(self, QSize(980, 620), centre=False)
        self.status = QLabel("正在读取文件……")
        self.status.setWordWrap(True)
        self.confirmed_rows: set[int] = set()  # rows whose ID ending in 000 the clerk ticked
        self.progress: Progress | None = None  # the read or preview under way
        self.pages = QStackedWidget()
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._preview_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)
        self._start(lambda _desk: self._first_read(), self._read)

    # ------------------------------------------------------------ long work: the doors' progress and cancel

    def _report(self, stage: str, done: int, total: int | None) -> None:
        """Called on the worker thread; raises :class:`Cancelled` once the clerk pressed 取消."""
        progress = self.progress
        if progress is None:
            return
        if progress.cancelled():
            raise Cancelled()
        progress.report(done, total, f"正在{stage}……（已{stage} {done} 行）")

    def _start(self, work: Callable[[Desk], T], done: Callable[[T], object]) -> None:
        progress = self.progress = Progress("正在读取文件……")

        def finished(value: T) -> None:
            if self.progress is progress:
                self.progress = None
            done(value)

        def failed(error: Exception) -> None:
            if self.progress is progress:
                self.progress = None
            self._failed(error)

        # ``work(desk)`` runs on the register's bulk reader: reading the file and planning only read.
        self.ops.query(
            work,
            success=finished,
            failure=failed,
            owner=self,
            parent=self,
            bulk=True,
            progress=progress,
        )

    # ------------------------------------------------------------ step 0: the sheet

    def _first_read(self) -> tuple[list[str], Roster | None]:
        sheets = [s.name for s in roster_sheets(self.path) if not s.hidden]
        try:
            return sheets, read_roster(self.path, progress=self._report)
        except SeveralSheets:
            return sheets, None  # the clerk picks one

    def sheet_name(self) -> str | None:
        return self.sheet.currentText() or None

    def _sheet_chosen(self) -> None:
        name = self.sheet_name()
        if name and (self.roster is None or self.roster.sheet != name):
            self.preview_button.setEnabled(False)
            self._start(
                lambda _desk: ([], read_roster(self.path, sheet=name, progress=self._report)),
                self._read,
            )

    # ------------------------------------------------------------ step 1: mapping

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        self.mapping = QTableWidget(0, 3)
        self.mapping.setHorizontalHeaderLabels(["表中的列", "示例内容", "导入为"])
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping.setColumnWidth(0, 180)
        self.mapping.setColumnWidth(2, 200)
        self.mapping.verticalHeader().setVisible(False)
        self.sheet = QComboBox()
        self.sheet.activated.connect(lambda _index: self._sheet_chosen())
        self.unit = QComboBox()
        self.preview_button = QPushButton("预览 →")
        self.preview_button.setEnabled(False)
        self.preview_button.clicked.connect(self.make_preview)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        unit_row = QHBoxLayout()
        unit_row.addWidget(QLabel("没有“单位”列或该列为空的行导入到："))
        unit_row.addWidget(self.unit, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.preview_button)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(QLabel("工作表："))
        sheet_row.addWidget(self.sheet, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(sheet_row)
        layout.addWidget(
            QLabel("核对每一列导入为哪个字段；认不出的列请选择对应字段，或选择“不导入”。")
        )
        layout.addWidget(self.mapping, 1)
        layout.addLayout(unit_row)
        layout.addLayout(buttons)
        return page

    def _read(self, result: tuple[list[str], Roster | None]) -> None:
        sheets, roster = result
        if sheets:
            self.sheet.clear()
            self.sheet.addItems(sheets)
            self.sheet.setEnabled(len(sheets) > 1)
        if roster is None:
            self.sheet.setCurrentIndex(-1)
            self.status.setText("文件中有多个工作表都像花名册：请先在上方选择要导入的工作表。")
            self.status.setStyleSheet(f"color: {ERROR_RED};")
            return
        self.status.setStyleSheet("")
        self.sheet.setCurrentText(roster.sheet)
        self.roster = roster
        self.confirmed_rows.clear()
        columns = roster.columns
        self.mapping.setRowCount(0)
        sample = roster.rows[0][1] if roster.rows else ()
        for index, header in enumerate(columns.headers):
            if not header:
                continue
            row = self.mapping.rowCount()
            self.mapping.insertRow(row)
            name = QTableWidgetItem(header)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            example = QTableWidgetItem(_example(sample[index] if index < len(sample) else None))
            example.setFlags(Qt.ItemFlag.ItemIsEnabled)
            combo = QComboBox()
            combo.addItem("不导入", IGNORE)
            for field, (label, _) in FIELDS.items():
                combo.addItem(label, field)
            target = columns.fields.get(index, IGNORE)
            combo.setCurrentIndex(max(0, combo.findData(target)))
            if index in columns.unmapped:
                name.setBackground(QBrush(QColor("#fff2cc")))
                name.setToolTip("未能自动识别，请选择对应字段")
            self.mapping.setItem(row, 0, name)
            self.mapping.setItem(row, 1, example)
            self.mapping.setCellWidget(row, 2, combo)
        said = f"工作表“{roster.sheet}”，表头在第 {columns.header_row} 行，共 {len(roster.rows)} 行数据。"
        self.status.setText(said)
        self.ops.query(
            desk_units.choices,
            success=lambda choices: self._units_arrived(*choices, said=said),
            failure=self._failed,
            owner=self,
        )

    def _units_arrived(
        self, units: list[tuple[int, str]], default_id: int | None, *, said: str
    ) -> None:
        """The units a row without one goes to; 预览 once there is one."""
        self.unit.clear()
        for unit_id, name in units:
            self.unit.addItem(name + ("（默认单位）" if unit_id == default_id else ""), name)
            if unit_id == default_id:
                self.unit.setCurrentIndex(self.unit.count() - 1)
        self.status.setText(said)
        self.preview_button.setEnabled(bool(units))
        if not units:
            self.status.setText("登记册中还没有单位：请先创建单位，再导入人员。")

    def answers(self) -> dict[str, str]:
        """The mapping as chosen: ``{header: field label or "忽略"}``."""
        result = {}
        for header, combo in self._mapping_rows():
            field = combo.currentData()
            result[header] = FIELDS[field][0] if field else "忽略"
        return result

    def set_answer(self, header: str, field: str) -> None:
        for shown, combo in self._mapping_rows():
            if shown == header:
                combo.setCurrentIndex(combo.findData(field))

    def _mapping_rows(self) -> list[tuple[str, QComboBox]]:
        """Each column of the file and the field chosen for it (the cells the mapping step made)."""
        rows = []
        for row in range(self.mapping.rowCount()):
            header, combo = self.mapping.item(row, 0), self.mapping.cellWidget(row, 2)
            assert header is not None and isinstance(combo, QComboBox)
            rows.append((header.text(), combo))
        return rows

    # ------------------------------------------------------------ step 2: preview

    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.counts = QLabel()
        self.counts.setStyleSheet("font-weight: 600;")
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["行号", "结果", "姓名", "证件号码", "单位", "说明"])
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((50, 100, 80, 150, 180)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(self._row_ticked)
        self.valid_only = QCheckBox("跳过有误的行，只导入无误的行")
        self.valid_only.toggled.connect(self._update_confirm)
        self.accept_renames = QCheckBox("确认改名或调动（标有“需确认”的行）")
        self.accept_renames.toggled.connect(self._update_confirm)
        back = self.back_button = QPushButton("← 返回修改映射")
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.confirm_button = QPushButton("确认导入")
        self.confirm_button.clicked.connect(self.confirm)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_renames)
        buttons.addWidget(self.valid_only)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        return page

    def make_preview(self) -> None:
        answers, unit, sheet = self.answers(), self.unit.currentData(), self.sheet_name()
        confirmed = set(self.confirmed_rows)
        self.preview_button.setEnabled(False)
        self.status.setText("正在核对每一行……")

        path, report = self.path, self._report

        def work(desk) -> ImportPlan:
            roster = read_roster(path, answers, sheet=sheet, progress=report)
            return desk_imports.plan(
                desk, roster, unit=unit, confirmed_rows=confirmed, progress=report
            )

        self._start(work, self._previewed)

    def _row_ticked(self, item: QTableWidgetItem) -> None:
        """A tick on a row whose ID ends in 000: the clerk confirms that number; preview again."""
        row = item.data(Qt.ItemDataRole.UserRole)
        if row is None or self.plan is None:
            return
        if item.checkState() == Qt.CheckState.Checked:
            self.confirmed_rows.add(row)
        else:
            self.confirmed_rows.discard(row)
        self.make_preview()

    def _previewed(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.status.setStyleSheet("")
        self.preview_button.setEnabled(True)
        errors_by_row: dict[int, list[str]] = {}
        for error in plan.errors:
            errors_by_row.setdefault(error.row, []).append(f"“{error.column}”：{error.message}")
        rows = sorted(
            plan.rows, key=lambda r: (r.action != "reject", not r.needs_confirmation, r.row)
        )
        rows = rows[:MAX_PREVIEW_ROWS]
        self.table.blockSignals(True)  # the ticks below are not the clerk's
        self.table.setRowCount(len(rows))
        for index, planned in enumerate(rows):
            said = [str(c) for c in planned.changes + planned.ignored]  # ignored: "（未采用：…）"
            note = "；".join(errors_by_row.get(planned.row, said))
            action = ACTIONS[planned.action] + ("（需确认）" if planned.needs_confirmation else "")
            if planned.ignored and planned.row not in errors_by_row:
                action += "（有未采用的值）"
            values = [str(planned.row), action, planned.name, planned.id_masked, planned.unit, note]
            colour = QBrush(QColor(ACTION_COLOURS[planned.action]))
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setBackground(colour)
                if column == 5:
                    cell.setToolTip(text.replace("；", "\n"))
                self.table.setItem(index, column, cell)
            confirmable = planned.excel_suspect or planned.row in self.confirmed_rows
            tick = self.table.item(index, 0)
            if confirmable and tick is not None:
                tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                tick.setCheckState(
                    Qt.CheckState.Checked
                    if planned.row in self.confirmed_rows
                    else Qt.CheckState.Unchecked
                )
                tick.setData(Qt.ItemDataRole.UserRole, planned.row)
                tick.setToolTip("核对原始证件后勾选：确认号码确实以 000 结尾")
        self.table.blockSignals(False)
        data = plan.as_dict()
        self.counts.setText(
            f"工作表“{data['sheet']}”：将新增 {data['created']} 人，更新 {data['updated']} 人；"
            f"无变化 {data['unchanged']} 人；有误 {data['rejected']} 行"
            + (f"；{data['to_confirm']} 行改名或调动需确认" if data["to_confirm"] else "")
            + ("（有误的行排在最前）" if data["rejected"] else "")
        )
        self.status.setText(
            "核对结果如下，“说明”列列出每项变更（原值 → 新值）。确认之前不会写入任何数据；"
            "导入后可在“报表”中撤销。"
        )
        self.valid_only.setVisible(bool(plan.errors))
        self.valid_only.setChecked(False)
        self.accept_renames.setVisible(bool(plan.to_confirm))
        self.accept_renames.setChecked(False)
        self._update_confirm()
        self.pages.setCurrentIndex(1)
        if (
            len(rows) <= 500
        ):  # once the columns have their widths; thousands of rows would take long
            QTimer.singleShot(0, self.table, self.table.resizeRowsToContents)

    def _update_confirm(self) -> None:
        plan = self.plan
        ok = (
            plan is not None
            and bool(plan.creates or plan.updates)
            and (not plan.errors or self.valid_only.isChecked())
            and (not plan.to_confirm or self.accept_renames.isChecked())
        )
        self.confirm_button.setEnabled(ok)
        if plan is not None and plan.errors and not self.valid_only.isChecked():
            self.confirm_button.setToolTip("有误的行须先改正，或勾选“只导入无误的行”")
        elif plan is not None and plan.to_confirm and not self.accept_renames.isChecked():
            self.confirm_button.setToolTip("有改名或调动的行：核对后勾选“确认改名或调动”")
        else:
            self.confirm_button.setToolTip("")

    # ------------------------------------------------------------ step 3: writing

    def confirm(self) -> None:
        """Back the register up, then write the import on the register's one writer."""
        preview, valid_only, unit = self.plan, self.valid_only.isChecked(), self.unit.currentData()
        if preview is None:  # 确认导入 is on only with a preview
            return
        accept_renames, confirmed = self.accept_renames.isChecked(), set(self.confirmed_rows)
        roster, seen = preview.roster, desk_imports.plan_shape(preview)
        self.status.setText("正在备份并导入……")
        self.status.setStyleSheet("")
        self.writing = True
        self.ops.write(
            lambda desk: desk_imports.commit(
                desk,
                roster,
                unit=unit,
                confirmed_rows=confirmed,
                seen=seen,
                valid_only=valid_only,
                accept_renames=accept_renames,
            ),
            parent=self,
            success=self._committed,
            failure=self._failed,
            expected=(Exception,),
            busy=[self.confirm_button, self.back_button, self.valid_only, self.accept_renames],
        )

    def reject(self) -> None:
        if self.writing:
            return  # the import is being written: closing now would hide how it ended
        super().reject()

    def _committed(self, batch_id: int) -> None:
        self.writing = False
        assert self.plan is not None  # the import written is the one previewed
        data = self.plan.as_dict()
        self.imported.emit(batch_id)
        QMessageBox.information(
            self,
            "导入完成",
            f"已从工作表“{data['sheet']}”新增 {data['created']} 人，"
            f"更新 {data['updated']} 人。"
            "如需撤销，可在“报表”页点击“撤销最近一次导入”。",
        )
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.writing = False
        self.preview_button.setEnabled(self.roster is not None)
        self._update_confirm()
        message = str(error) if isinstance(error, WrcError) else user_message(error)
        self.status.setText(message)
        self.status.setStyleSheet(f"color: {ERROR_RED};")
