"""设置 → 单位: the register's units, editing them in the unit dialog, and the default unit.

The default unit is the one a roster import and a new holder start with; it is kept in
the register (not in the INI file), so it travels with the register file.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...desk import units as desk_units
from ...desk.changes import stored_id
from ...desk.dialog_data import Unit
from ...rules import vocab
from ..doors.operations import RegisterOps
from .common import StatusLine, fill_row, list_table, note

COLUMNS = ["单位名称", "统一社会信用代码", "所属区", "单位类型", "经办人", "默认"]


class UnitsTab(QWidget):
    changed = Signal()

    def __init__(self, ops: RegisterOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.unit_ids: list[int] = []
        self.table = list_table(COLUMNS, stretch=0)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton("新增单位…")
        self.edit_button = QPushButton("编辑所选单位…")
        self.add_button.clicked.connect(self.add_unit)
        self.edit_button.clicked.connect(self.edit_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)

        self.default_combo = QComboBox()
        self.default_combo.setMinimumWidth(320)
        self.default_combo.activated.connect(self._default_chosen)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("默认单位：", self.default_combo)
        self.status = StatusLine()

        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                "登记册可包含多个单位（如集团下属的几家公司），每个单位按其所属区的规则办理。"
                "双击一行可修改单位信息和经办人。"
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(note("导入花名册和新增持证人时，默认选中这个单位。"))
        layout.addWidget(self.status)
        self.reload()

    def reload(self) -> None:
        """Ask for the units; the table fills when they arrive."""
        self.ops.query(
            desk_units.overview, success=self._show, key=f"units-tab-{id(self)}", owner=self
        )

    def _show(self, overview: tuple[list[Unit], dict[int, list[str]], int | None]) -> None:
        units, agents, default_id = overview
        selected = self.selected_unit_id()
        self.unit_ids = [stored_id(unit) for unit in units]
        self.table.setRowCount(len(units))
        self.default_combo.clear()
        for row, unit in enumerate(units):
            fill_row(
                self.table,
                row,
                [
                    unit.name,
                    unit.uscc,
                    vocab.DISTRICTS.get(unit.district, unit.district),
                    vocab.UNIT_KINDS.get(unit.kind, unit.kind),
                    "、".join(agents[stored_id(unit)]) or "（未填写）",
                    "✓" if unit.id == default_id else "",
                ],
            )
            self.default_combo.addItem(unit.name, unit.id)
        self.default_combo.setEnabled(bool(units))
        if default_id is not None:
            self.default_combo.setCurrentIndex(self.default_combo.findData(default_id))
        if selected in self.unit_ids:
            self.table.selectRow(self.unit_ids.index(selected))
        self._update_buttons()

    def selected_unit_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.unit_ids):
            return None
        return self.unit_ids[rows[0].row()]

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected_unit_id() is not None)

    def add_unit(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is not None:
            self._open_dialog(unit_id)

    def _open_dialog(self, unit_id: int | None) -> None:
        from ..dialogs.unit_dialog import UnitDialog

        dialog = UnitDialog(self.ops, unit_id=unit_id, parent=self)
        if dialog.exec():
            self.reload()
            self.changed.emit()

    def _default_chosen(self, index: int) -> None:
        unit_id = self.default_combo.itemData(index)
        if unit_id is None:
            return
        name = self.default_combo.itemText(index)

        def saved(_result: object) -> None:
            self.status.ok(f"默认单位已改为“{name}”。")
            self.reload()
            self.changed.emit()

        def failed(error: Exception) -> None:
            self.status.error(str(error))
            self.reload()

        # Writes run on the register's writer thread; the outcome comes back to these callbacks.
        self.ops.write(
            lambda desk: desk_units.set_default_unit(desk, unit_id),
            initiator=self,
            parent=self,
            success=saved,
            failure=failed,
            busy=self.default_combo,
        )
