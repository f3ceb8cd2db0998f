"""The unit profile (单位信息): name, USCC, district, kind and flags, contacts, and its agents.

The form comes from ``ui/unit_dialog.ui``. The unit and its agents are saved
in one unit of work, and every mistake — in the unit's fields and in any
agent's row — is shown at once. The dialog saves against the versions and
values it was opened with: a unit or agent changed elsewhere meanwhile is
refused with what changed, and the dialog offers to reload.

It opens at once and fills itself when the register's answer arrives
(:func:`~wrc_desktop.desk.dialog_data.unit_form`, through the query door).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from ...desk import StaleRecord
from ...desk import units as desk_units
from ...desk.dialog_data import UnitForm, unit_form
from ...rules import vocab
from ...rules.errors import FieldError, ValidationErrors
from ...rules.validation import clean_agent
from ..designer.ui_unit_dialog import Ui_UnitDialog
from ..doors.operations import RegisterOps
from ..models.status_colours import ERROR_RED
from ..widgets.field_errors import FieldErrorDisplay, split_indexed
from ..widgets.loading import READING, read_then_fill
from ..widgets.screen_fit import fit_to_screen, scroll_body, share_form_row, shrinkable_table
from ..widgets.serving_clerks import NAMED_BY_ADMINISTRATOR, ServingClerksField
from ..widgets.shared import (
    cell_text,
    combo_code,
    fill_combo,
    mark_cell,
    prepare_table,
    set_cell,
    set_combo_code,
)
from ..widgets.unsaved import UnsavedGuard
from .stale_copy import offer_reload

AGENT_FIELDS = ["name", "gender", "id_number", "department", "title", "phone"]
# On an agent's name cell: the key of its copy in UnitDialog.agent_copies
_COPY_ROLE = Qt.ItemDataRole.UserRole + 1


class UnitDialog(QDialog):
    """``unit_id=None`` creates a unit (the first one becomes the register's default)."""

    def __init__(
        self, ops: RegisterOps, *, unit_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.unit_id = unit_id
        self.version: int | None = None  # the unit as the dialog read it: checked when saving
        self.seen: dict[str, Any] = {}
        self.agent_copies: dict[
            int, dict[str, Any]
        ] = {}  # {"id", "version", "seen"} of each stored agent
        self.stale_box: QMessageBox | None = None
        self.ui = Ui_UnitDialog()
        self.ui.setupUi(self)
        ui = self.ui
        fill_combo(ui.districtCombo, vocab.DISTRICTS, blank="（请选择）")
        fill_combo(ui.kindCombo, vocab.UNIT_KINDS)
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.save)
        ui.buttonBox.rejected.connect(self.reject)
        ui.addAgentButton.clicked.connect(lambda: self.add_agent_row({}, edit=True))
        ui.removeAgentButton.clicked.connect(self._remove_agent_row)
        prepare_table(ui.agentsTable, [80, 50, 170, 100, 90, 120])
        for label in (ui.summaryLabel, ui.agentsErrorLabel):
            label.setStyleSheet(f"color: {ERROR_RED};")
        # 东城's counter days follow the unit's volume: a clerk who knows it better says so.
        self.counter_edit = QLineEdit(self)
        self.counter_edit.setObjectName("counterApplicationsEdit")
        self.counter_edit.setPlaceholderText("不填：按同一周计划的事项数")
        self.counter_edit.setToolTip(
            "东城区窗口：每周一、二办理少于 5 份申请的单位，每周三至周五办理 5 份（含）以上的单位"
        )
        ui.unitForm.addRow("窗口一次提交份数", self.counter_edit)
        self._compact_form()  # before the error rows go in under each line
        self.errors = FieldErrorDisplay(
            self,
            {
                "name": ui.nameEdit,
                "uscc": ui.usccEdit,
                "district": ui.districtCombo,
                "kind": ui.kindCombo,
                "legal_rep": ui.legalRepEdit,
                "address": ui.addressEdit,
                "phone": ui.phoneEdit,
                "counter_applications": self.counter_edit,
            },
        )
        self.serving: ServingClerksField | None = None
        self.setWindowTitle("单位信息" if unit_id else "新增单位")
        scroll_body(ui.dialogLayout, keep_last=2)  # the summary line and the buttons stay in view
        fit_to_screen(self, QSize(720, 640), centre=False)
        save_button = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        self.unsaved = UnsavedGuard(
            self, self._entered, save=self.save, can_save=save_button.isEnabled
        )
        self._load()

    def _load(self) -> None:
        """Ask for the unit (or a new unit's choices); the fields wait, disabled, for the answer.

        The title says it is reading, not the summary line: a line that comes and goes would
        resize the scrolling body under the clerk's pointer (at 150 % on a laptop).
        """
        unit_id = self.unit_id
        title = self.windowTitle()
        self.setWindowTitle(f"{title}（{READING}）")

        def fill(form: UnitForm) -> None:
            self.setWindowTitle(title)
            self._fill(form)

        read_then_fill(
            self.ops,
            self,
            lambda desk: unit_form(desk, unit_id),
            fill,
            hold=self._fields(),
            key=f"unit-dialog-{id(self)}",
        )

    def _fields(self) -> list[QWidget]:
        """What waits for the unit: every field, the agents and 保存 (取消 works all along)."""
        ui = self.ui
        return [
            ui.nameEdit,
            ui.usccEdit,
            ui.districtCombo,
            ui.kindCombo,
            ui.techInnovationCheck,
            ui.techServiceCheck,
            ui.aiKeyCheck,
            ui.legalRepEdit,
            ui.addressEdit,
            ui.phoneEdit,
            self.counter_edit,
            ui.agentsGroup,
            ui.buttonBox.button(QDialogButtonBox.StandardButton.Save),
        ]

    def _fill(self, form: UnitForm) -> None:
        self._show_serving(form)
        if form.unit is not None:
            self._show_unit(form)
        elif self.ui.agentsTable.rowCount() == 0:
            self.add_agent_row({}, edit=False)
        self._refuse_if_not_served(form.read_only)
        self.unsaved.loaded()  # what the clerk changes from here on is asked about before 取消

    def _show_serving(self, form: UnitForm) -> None:
        """On a shared register, who serves the unit (others then see its rows read-only); only
        the administrator names them, as the database allows."""
        choice = form.serving
        if choice is None:
            return
        if self.serving is None:
            self.serving = ServingClerksField(choice.known, self)
            self.ui.unitForm.addRow("负责经办人", self.serving)
        self.serving.set_names(choice.named)
        if not choice.administrator:
            self.serving.setEnabled(False)
            self.serving.setToolTip(NAMED_BY_ADMINISTRATOR)

    def _refuse_if_not_served(self, reason: str | None) -> None:
        """A unit another clerk serves opens read-only: 保存 off, saying who serves it (the
        database would refuse the save anyway)."""
        if reason is None:
            return
        save = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(False)
        save.setToolTip(reason)
        self.setWindowTitle("单位信息（只读）")

    def _compact_form(self) -> None:
        """Short fields share a line in pairs, and the flags take two lines instead of three.

        With the agents' table and its buttons below, the dialog then fits a 1366×768
        laptop at 150 % without scrolling.
        """
        ui = self.ui
        form = ui.unitForm
        ui.flagsLayout.removeWidget(ui.techInnovationCheck)
        ui.flagsLayout.removeWidget(ui.aiKeyCheck)
        first = QHBoxLayout()
        first.addWidget(ui.techInnovationCheck)
        first.addWidget(ui.aiKeyCheck)
        first.addStretch(1)
        ui.flagsLayout.insertLayout(0, first)

        share_form_row(form, ui.districtCombo, ui.kindCombo)
        share_form_row(form, ui.legalRepEdit, ui.phoneEdit)
        share_form_row(form, ui.addressEdit, self.counter_edit)
        shrinkable_table(ui.agentsTable)  # the form does not scroll for its default height

    def _show_unit(self, form: UnitForm) -> None:
        unit, agents, self.seen = form.unit, form.agents, dict(form.seen)
        assert unit is not None  # an existing unit's form
        self.version = unit.version
        self.agent_copies.clear()
        ui = self.ui
        ui.agentsTable.setRowCount(0)
        ui.nameEdit.setText(unit.name)
        ui.usccEdit.setText(unit.uscc)
        set_combo_code(ui.districtCombo, unit.district)
        set_combo_code(ui.kindCombo, unit.kind)
        ui.techInnovationCheck.setChecked(unit.tech_innovation)
        ui.techServiceCheck.setChecked(unit.tech_service)
        ui.aiKeyCheck.setChecked(unit.ai_key)
        ui.legalRepEdit.setText(unit.legal_rep)
        ui.addressEdit.setText(unit.address)
        ui.phoneEdit.setText(unit.phone)
        self.counter_edit.setText(
            "" if unit.counter_applications is None else str(unit.counter_applications)
        )
        for agent, copy in zip(agents, form.agent_copies, strict=True):
            values = agent.model_dump()
            values["gender"] = vocab.label(vocab.GENDERS, agent.gender)
            self.add_agent_row(values, edit=False)
            key = len(self.agent_copies) + 1
            self.agent_copies[key] = copy
            name_cell = ui.agentsTable.item(ui.agentsTable.rowCount() - 1, 0)
            assert name_cell is not None  # add_agent_row filled every cell
            name_cell.setData(_COPY_ROLE, key)

    def add_agent_row(self, values: dict[str, Any], *, edit: bool) -> None:
        table = self.ui.agentsTable
        row = table.rowCount()
        table.insertRow(row)
        for column, field in enumerate(AGENT_FIELDS):
            set_cell(table, row, column, str(values.get(field) or ""))
        if edit:
            table.setCurrentCell(row, 0)
            name_cell = table.item(row, 0)
            if name_cell is not None:
                table.editItem(name_cell)

    def _remove_agent_row(self) -> None:
        row = self.ui.agentsTable.currentRow()
        if row >= 0:
            self.ui.agentsTable.removeRow(row)

    def unit_values(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "name": ui.nameEdit.text(),
            "uscc": ui.usccEdit.text(),
            "district": combo_code(ui.districtCombo) or "",
            "kind": combo_code(ui.kindCombo),
            "tech_innovation": ui.techInnovationCheck.isChecked(),
            "tech_service": ui.techServiceCheck.isChecked(),
            "ai_key": ui.aiKeyCheck.isChecked(),
            "legal_rep": ui.legalRepEdit.text(),
            "address": ui.addressEdit.text(),
            "phone": ui.phoneEdit.text(),
            "counter_applications": self.counter_edit.text(),
        }

    def agent_values(self) -> list[tuple[int, dict[str, str]]]:
        """(table row, values) of each agent row that is not left empty."""
        table, agents = self.ui.agentsTable, []
        for row in range(table.rowCount()):
            values = {
                field: cell_text(table, row, column) for column, field in enumerate(AGENT_FIELDS)
            }
            if any(values.values()):
                name_cell = table.item(row, 0)
                copy = self.agent_copies.get(name_cell.data(_COPY_ROLE)) if name_cell else None
                agents.append((row, {**values, **(copy or {})}))
        return agents

    def save(self) -> None:
        # Captured now as plain values: the write runs on the writer thread later.
        unit, agents = self.unit_values(), self.agent_values()
        rows = [row for row, _ in agents]
        own_id, version, seen = self.unit_id, self.version, dict(self.seen)
        serving = (
            self.serving.names() if self.serving is not None and self.serving.isEnabled() else None
        )

        # Check the agents first so that one answer lists every mistake in the dialog.
        agent_errors = _agent_errors([values for _, values in agents], rows)
        agent_values = [values for _, values in agents]
        self.ops.write(
            lambda desk: desk_units.save_unit(
                desk,
                own_id,
                unit=unit,
                agents=agent_values,
                agent_errors=agent_errors,
                expected_version=version,
                seen=seen,
                serving=serving,
            ),
            parent=self,
            success=self._saved,
            failure=self._failed,
            busy=self.ui.buttonBox,
        )

    def reject(self) -> None:
        """Esc, 取消 and the close button: typed edits are asked about first. Not while
        saving (the buttons are off): the clerk must see how it ended."""
        if self.ui.buttonBox.isEnabled() and self.unsaved.may_discard():
            super().reject()

    def _entered(self) -> tuple[object, ...]:
        """Everything the clerk can change, as plain values (compared with the loaded ones)."""
        serving = self.serving.names() if self.serving is not None else None
        return (self.unit_values(), self.agent_values(), serving)

    def _saved(self, unit_id: int) -> None:
        self.unit_id = unit_id
        self.accept()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, StaleRecord):
            self._offer_reload(error)
            return
        errors = (
            error.errors
            if isinstance(error, ValidationErrors)
            else [FieldError("", str(error), label="")]
        )
        indexed, rest = split_indexed(errors, "agents")
        table = self.ui.agentsTable
        for row in range(table.rowCount()):
            for column in range(len(AGENT_FIELDS)):
                mark_cell(table, row, column, None)
        for row, field, err in indexed:
            mark_cell(
                table, row, AGENT_FIELDS.index(field) if field in AGENT_FIELDS else 0, err.message
            )
        self.ui.agentsErrorLabel.setText(
            "\n".join(f"{e.label}：{e.message}" for _, _, e in indexed)
        )
        self.ui.agentsErrorLabel.setVisible(bool(indexed))
        unplaced = self.errors.show(rest)
        placed = len(errors) - len(unplaced)
        lines = [f"有 {placed} 处需要修改，已在对应位置标红。"] if placed else []
        self.ui.summaryLabel.setText("\n".join(lines + [e.message for e in unplaced]))
        self.ui.summaryLabel.setVisible(bool(lines or unplaced))

    def _offer_reload(self, error: StaleRecord) -> None:
        self.stale_box = offer_reload(self, error, self.ui.summaryLabel, self._reload)

    def _reload(self) -> None:
        self.errors.clear()
        self.ui.agentsErrorLabel.hide()
        self.ui.summaryLabel.hide()
        self.unsaved.forget()  # the stored values replace the clerk's: compared anew when shown
        self._load()


def _agent_errors(agents: Sequence[dict[str, str]], rows: Sequence[int]) -> list[FieldError]:
    """Errors of each agent, named ``agents[N].field`` with N the table row counted from 1."""
    errors = []
    for index, (values, row) in enumerate(zip(agents, rows, strict=False), start=1):
        try:
            clean_agent(values)
        except ValidationErrors as error:
            errors += [
                FieldError(
                    f"agents[{row + 1}].{e.field}",
                    e.message,
                    label=f"第 {index} 位经办人的{e.label}",
                )
                for e in error.errors
            ]
    return errors
