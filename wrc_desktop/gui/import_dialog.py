"""Roster import dialog: map the columns, preview every row, then confirm (all rows, or only valid ones).

Nothing is written before "确认导入". At that moment the rows are validated
again in the writing transaction; if the register changed since the preview,
the import stops and asks for a new preview rather than write something else.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
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

from ..reports.roster_columns import FIELDS, IGNORE
from ..reports.roster_import import ImportPlan, Roster, commit_import, plan_import, read_roster
from ..rules.errors import WrcError
from ..store import repo
from .background import BackgroundTask, run_in_background
from .operations import RegisterOps

ACTIONS = {"create": "新增", "update": "更新", "unchanged": "无变化", "reject": "有误"}
ACTION_COLOURS = {"create": "#e2efda", "update": "#ddebf7", "unchanged": "#ffffff", "reject": "#f8cbad"}
MAX_PREVIEW_ROWS = 5000  # the counts cover all rows; the table shows errors first, then this many


def _example(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class ImportDialog(QDialog):
    """Open with a file path; ``imported(batch_id)`` after a confirmed import."""

    imported = Signal(int)

    def __init__(self, ops: RegisterOps, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops  # the commit goes through the register's one writer
        self.register = ops.register
        self.path = Path(path)
        self.roster: Roster | None = None
        self.plan: ImportPlan | None = None
        self._task: BackgroundTask | None = None
        self.writing = False
        self.setWindowTitle(f"导入花名册 — {self.path.name}")
        self.resize(980, 620)
        self.status = QLabel("正在读取文件……")
        self.status.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._preview_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)
        self._task = run_in_background(lambda: read_roster(self.path), self._read, self._failed)

    # ------------------------------------------------------------ step 1: mapping

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        self.mapping = QTableWidget(0, 3)
        self.mapping.setHorizontalHeaderLabels(["表中的列", "示例内容", "导入为"])
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping.setColumnWidth(0, 180)
        self.mapping.setColumnWidth(2, 200)
        self.mapping.verticalHeader().setVisible(False)
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
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("核对每一列导入为哪个字段；认不出的列请选择对应字段，或选择“不导入”。"))
        layout.addWidget(self.mapping, 1)
        layout.addLayout(unit_row)
        layout.addLayout(buttons)
        return page

    def _read(self, roster: Roster) -> None:
        self.roster = roster
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
        with self.register.session() as session:
            default_id = repo.get_default_unit_id(session)
            units = [(u.id, u.name) for u in repo.list_units(session)]
        self.unit.clear()
        for unit_id, name in units:
            self.unit.addItem(name + ("（默认单位）" if unit_id == default_id else ""), name)
            if unit_id == default_id:
                self.unit.setCurrentIndex(self.unit.count() - 1)
        self.status.setText(f"工作表“{roster.sheet}”，表头在第 {columns.header_row} 行，共 {len(roster.rows)} 行数据。")
        self.preview_button.setEnabled(bool(units))
        if not units:
            self.status.setText("登记册中还没有单位：请先创建单位，再导入人员。")

    def answers(self) -> dict[str, str]:
        """The mapping as chosen: ``{header: field label or "忽略"}``."""
        result = {}
        for row in range(self.mapping.rowCount()):
            header = self.mapping.item(row, 0).text()
            combo: QComboBox = self.mapping.cellWidget(row, 2)
            field = combo.currentData()
            result[header] = FIELDS[field][0] if field else "忽略"
        return result

    def set_answer(self, header: str, field: str) -> None:
        for row in range(self.mapping.rowCount()):
            if self.mapping.item(row, 0).text() == header:
                combo: QComboBox = self.mapping.cellWidget(row, 2)
                combo.setCurrentIndex(combo.findData(field))

    # ------------------------------------------------------------ step 2: preview

    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.counts = QLabel()
        self.counts.setStyleSheet("font-weight: 600;")
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["行号", "结果", "姓名", "证件号码", "单位", "说明"])
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((50, 60, 80, 160, 200)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.valid_only = QCheckBox("跳过有误的行，只导入无误的行")
        self.valid_only.toggled.connect(self._update_confirm)
        back = self.back_button = QPushButton("← 返回修改映射")
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.confirm_button = QPushButton("确认导入")
        self.confirm_button.clicked.connect(self.confirm)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.valid_only)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        return page

    def make_preview(self) -> None:
        answers, unit = self.answers(), self.unit.currentData()
        self.preview_button.setEnabled(False)
        self.status.setText("正在核对每一行……")

        def work() -> ImportPlan:
            roster = read_roster(self.path, answers)
            with self.register.session() as session:
                return plan_import(session, roster, unit=unit)

        self._task = run_in_background(work, self._previewed, self._failed)

    def _previewed(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.status.setStyleSheet("")
        self.preview_button.setEnabled(True)
        errors_by_row: dict[int, list[str]] = {}
        for error in plan.errors:
            errors_by_row.setdefault(error.row, []).append(f"“{error.column}”：{error.message}")
        rows = sorted(plan.rows, key=lambda r: (r.action != "reject", r.row))[:MAX_PREVIEW_ROWS]
        self.table.setRowCount(len(rows))
        for index, planned in enumerate(rows):
            note = "；".join(errors_by_row.get(planned.row, planned.changes))
            values = [str(planned.row), ACTIONS[planned.action], planned.name, planned.id_masked, planned.unit, note]
            colour = QBrush(QColor(ACTION_COLOURS[planned.action]))
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setBackground(colour)
                if column == 5:
                    cell.setToolTip(text)
                self.table.setItem(index, column, cell)
        data = plan.as_dict()
        self.counts.setText(f"将新增 {data['created']} 人，更新 {data['updated']} 人；无变化 {data['unchanged']} 人；"
                            f"有误 {data['rejected']} 行" + ("（有误的行排在最前）" if data["rejected"] else ""))
        self.status.setText("核对结果如下。确认之前不会写入任何数据；导入后可在“报表”中撤销。")
        self.valid_only.setVisible(bool(plan.errors))
        self.valid_only.setChecked(False)
        self._update_confirm()
        self.pages.setCurrentIndex(1)

    def _update_confirm(self) -> None:
        plan = self.plan
        ok = plan is not None and bool(plan.creates or plan.updates) and (not plan.errors or self.valid_only.isChecked())
        self.confirm_button.setEnabled(ok)
        if plan is not None and plan.errors and not self.valid_only.isChecked():
            self.confirm_button.setToolTip("有误的行须先改正，或勾选“只导入无误的行”")
        else:
            self.confirm_button.setToolTip("")

    # ------------------------------------------------------------ step 3: writing

    def confirm(self) -> None:
        """Back the register up, then write the import on the register's one writer."""
        preview, valid_only, unit = self.plan, self.valid_only.isChecked(), self.unit.currentData()
        roster, register = preview.roster, self.register
        self.status.setText("正在备份并导入……")
        self.status.setStyleSheet("")

        def work() -> int:
            # A copy from just before the import, whatever the clerk does next (undo may be refused later).
            try:
                register.backup_now("pre-import")
            except Exception as error:
                raise WrcError(f"导入前未能备份登记册（{error}），为安全起见未导入任何数据") from error
            with register.session() as session:
                plan = plan_import(session, roster, unit=unit)
                if (len(plan.creates), len(plan.updates), len(plan.errors)) != \
                        (len(preview.creates), len(preview.updates), len(preview.errors)):
                    raise WrcError("预览之后登记册发生了变化，请重新预览后再导入")
                return commit_import(session, plan, valid_only=valid_only).batch_id

        self.writing = True
        self.ops.run(work, parent=self, success=self._committed, failure=self._failed, expected=(Exception,),
                     busy=[self.confirm_button, self.back_button, self.valid_only])

    def reject(self) -> None:
        if self.writing:
            return  # the import is being written: closing now would hide how it ended
        super().reject()

    def _committed(self, batch_id: int) -> None:
        self.writing = False
        data = self.plan.as_dict()
        self.imported.emit(batch_id)
        QMessageBox.information(self, "导入完成", f"已新增 {data['created']} 人，更新 {data['updated']} 人。"
                                "如需撤销，可在“报表”页点击“撤销最近一次导入”。")
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.writing = False
        self.preview_button.setEnabled(self.roster is not None)
        self._update_confirm()
        message = str(error) if isinstance(error, WrcError) else f"发生意外错误：{error}"
        self.status.setText(message)
        self.status.setStyleSheet("color: #b00020;")
