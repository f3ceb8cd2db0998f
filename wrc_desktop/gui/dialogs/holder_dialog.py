"""Adding or editing a holder: personal data, work and degree, the permit with its history, family.

The form comes from ``ui/holder_dialog.ui``. Values go to the store as the
clerk typed them (dates as text): :mod:`wrc_desktop.rules.validation` parses and
checks them and its errors are shown under the fields. A renewal is entered
as a new validity period, never by overwriting the current one.

The dialog keeps the versions and values it was opened with (:class:`HolderCopy`)
and saves against them: when an import or another window changed the holder
meanwhile, the store refuses the save and names what changed, and the dialog
offers to reload the current values — it never overwrites them silently.

It opens at once and fills itself when the register's answer arrives
(:func:`~wrc_desktop.desk.dialog_data.holder_form`, through the query door).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QWidget,
)

from ...desk import Changes, Desk, StaleRecord
from ...desk import holders as desk_holders
from ...desk.dialog_data import (
    HolderCopy,
    HolderDetail,
    HolderForm,
    holder_form,
    permit_or_none,
)
from ...rules import vocab
from ...rules.errors import FieldError, ValidationErrors
from ...rules.glossary import RECORDED_CHOICES, rule_of
from ...rules.identity import birth_date_of, gender_of, guess_id_type, validate_id_number
from ...rules.permit_state import PermitState
from ..designer.ui_holder_dialog import Ui_HolderDialog
from ..doors.operations import RegisterOps
from ..models.status_colours import COLOURS, ERROR_RED
from ..widgets.family_table import FamilyTable
from ..widgets.field_errors import FieldErrorDisplay, split_indexed
from ..widgets.loading import READING, read_then_fill
from ..widgets.read_only import look_read_only
from ..widgets.screen_fit import (
    fit_to_screen,
    scroll_tabs,
    share_form_row,
    show_tab_of,
    shrinkable_table,
)
from ..widgets.shared import (
    combo_code,
    date_text,
    fill_combo,
    prepare_table,
    set_cell,
    set_combo_code,
)
from ..widgets.unsaved import UnsavedGuard
from .stale_copy import offer_reload


class HolderDialog(QDialog):
    """``holder_id=None`` adds a holder to ``unit_id`` (or the default unit)."""

    def __init__(
        self,
        ops: RegisterOps,
        *,
        holder_id: int | None = None,
        unit_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.holder_id = holder_id
        self.ui = Ui_HolderDialog()
        self.ui.setupUi(self)
        self._prepare_widgets()
        self.detail: HolderDetail | None = None
        self.copy: HolderCopy | None = None
        self.unit_id = unit_id
        self.state: PermitState | None = None
        # The permit's state today: its row is there from the start, so the dialog is sized
        # for it before the holder arrives.
        # One current state (the register's, with its day figure) above what the clerk recorded.
        self.state_label = QLabel("—")
        self.state_text = "—"
        position = self.ui.permitForm.getWidgetPosition(self.ui.permitStatusCombo)
        recorded_row = position[0] if isinstance(position, tuple) else self.ui.permitForm.rowCount()
        self.ui.permitForm.insertRow(recorded_row, "当前状态", self.state_label)
        recorded_label = self.ui.permitForm.labelForField(self.ui.permitStatusCombo)
        if isinstance(recorded_label, QLabel):
            recorded_label.setText("登记的证件状态")
        self.stale_box: QMessageBox | None = None
        self.setWindowTitle("编辑持证人" if holder_id else "新增持证人")
        self.errors = FieldErrorDisplay(self, self._field_widgets(), tabs=self.ui.tabs)
        # As the clerk types (not when a stored record is shown), at the 18th character; after
        # the error display, which clears the field's old message on the same keystroke.
        self.ui.idNumberEdit.textEdited.connect(self._derive_from_id)
        save = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        self.unsaved = UnsavedGuard(self, self._entered, save=self.save, can_save=save.isEnabled)
        self._load(holder_id)

    def _load(self, holder_id: int | None) -> None:
        """Ask for the holder (or a new holder's units); the tabs and 保存 wait for the answer.

        The title says it is reading (the summary line below the tabs stays hidden: showing it
        for a moment would leave the tabs sized for a line that is gone)."""
        self._title = self.windowTitle()
        self.setWindowTitle(f"{self._title}（{READING}）")
        read_then_fill(
            self.ops,
            self,
            lambda desk: holder_form(desk, holder_id),
            self._fill,
            hold=[self.ui.tabs, self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)],
            label=self.ui.summaryLabel,
            key=f"holder-dialog-{id(self)}",
        )

    def _fill(self, form: HolderForm) -> None:
        self.setWindowTitle(self._title)
        self.ui.summaryLabel.setVisible(bool(self.ui.summaryLabel.text()))
        self.detail, self.copy, self.state = form.detail, form.copy, form.state
        self.state_text = form.state_line
        if self.ui.unitCombo.count() == 0:
            for unit_id_, name in form.units:
                self.ui.unitCombo.addItem(name, unit_id_)
        if self.detail is not None:
            self._show_detail(self.detail)
        else:
            set_combo_code(self.ui.unitCombo, self.unit_id or form.default_unit)
            self.ui.permitForm.setRowVisible(self.state_label, False)  # a state once saved
            self.ui.renewGroup.hide()
            self.ui.historyLabel.hide()
            self.ui.historyTable.hide()
            self.ui.permitLayout.addStretch(1)  # keep the fields at the top without the table
        self.ui.unitCombo.setEnabled(len(form.units) > 1)
        self._show_read_only(form.read_only)
        self._sync_left_on()
        self.unsaved.loaded()  # what the clerk changes from here on is asked about before 取消

    def _show_read_only(self, reason: str | None) -> None:
        """A holder of a unit another clerk serves is shown, and cannot be saved (says why)."""
        if reason:
            save = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
            save.setEnabled(False)
            save.setToolTip(reason)
            self.ui.summaryLabel.setText(reason)
            self.ui.summaryLabel.setStyleSheet("color: #555;")  # a fact, not a mistake
            self.ui.summaryLabel.show()
            self.setWindowTitle("查看持证人（只读）")

    # ------------------------------------------------------------ setup

    def _prepare_widgets(self) -> None:
        ui = self.ui
        fill_combo(ui.idTypeCombo, vocab.ID_TYPES)
        fill_combo(ui.genderCombo, vocab.GENDERS, blank="（由证件号码识别）")
        fill_combo(ui.statusCombo, vocab.HOLDER_STATUS)
        fill_combo(ui.degreeCombo, vocab.DEGREES, blank="（未填写）")
        fill_combo(ui.housingKindCombo, vocab.HOUSING_KINDS, blank="（未填写）")
        fill_combo(ui.permitStatusCombo, RECORDED_CHOICES)
        # A woman's retirement-age track decides 海淀's "未达退休年龄"; not recorded = unknown.
        self.retirement_track_combo = QComboBox(ui.basicTab)
        self.retirement_track_combo.setObjectName("retirementTrackCombo")
        fill_combo(self.retirement_track_combo, vocab.RETIREMENT_TRACKS, blank="（未登记：不清楚）")
        self.retirement_track_combo.setToolTip(
            "仅女职工填写：原法定退休年龄 55 周岁（干部、管理岗位）或 50 周岁（工人岗位）。"
            "未登记时，年龄提醒按较早的日期并注明档位未登记。"
        )
        ui.basicForm.insertRow(6, "退休年龄档位", self.retirement_track_combo)
        # On the gender's line: the form keeps its height (it fits a laptop at 150 %).
        share_form_row(ui.basicForm, ui.genderCombo, self.retirement_track_combo)
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.save)
        ui.buttonBox.rejected.connect(self.reject)
        ui.statusCombo.currentIndexChanged.connect(self._sync_left_on)
        self.family = FamilyTable(ui.familyTable, ui.familyErrorLabel)
        ui.addFamilyButton.clicked.connect(lambda: self.family.add_row({}))
        ui.removeFamilyButton.clicked.connect(self.family.remove_current)
        prepare_table(ui.historyTable, [150, 100, 100, 90, 100])
        # Start and end dates share a line: every tab fits a 1366×768 laptop at 150 %.
        for form, first, second in (
            (ui.workForm, ui.contractStartEdit, ui.contractEndEdit),
            (ui.workForm, ui.degreeCombo, ui.degreeDateEdit),
            (ui.permitForm, ui.permitStartEdit, ui.expiryEdit),
            (ui.renewForm, ui.renewStartEdit, ui.renewExpiryEdit),
        ):
            share_form_row(form, first, second)
        shrinkable_table(ui.historyTable)
        scroll_tabs(ui.tabs)  # a page taller than a small screen scrolls; the buttons stay
        ui.summaryLabel.setStyleSheet(f"color: {ERROR_RED};")
        ui.familyErrorLabel.setStyleSheet(f"color: {ERROR_RED};")
        fit_to_screen(self, QSize(680, 660), centre=False)

    def _field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        fields = {
            "name": ui.nameEdit,
            "id_type": ui.idTypeCombo,
            "id_number": ui.idNumberEdit,
            "gender": ui.genderCombo,
            "birth_date": ui.birthDateEdit,
            "phone": ui.phoneEdit,
            "department": ui.departmentEdit,
            "job_title": ui.jobTitleEdit,
            "status": ui.statusCombo,
            "left_on": ui.leftOnEdit,
            "hire_date": ui.hireDateEdit,
            "contract_start": ui.contractStartEdit,
            "contract_end": ui.contractEndEdit,
            "social_insurance_start": ui.socialInsuranceStartEdit,
            "degree": ui.degreeCombo,
            "degree_date": ui.degreeDateEdit,
            "professional_title": ui.professionalTitleEdit,
            "address": ui.addressEdit,
            "housing_kind": ui.housingKindCombo,
            "retirement_track": self.retirement_track_combo,
            "notes": ui.notesEdit,
            "permit.certificate_no": ui.certificateNoEdit,
            "permit.first_issued": ui.firstIssuedEdit,
            "permit.status": ui.permitStatusCombo,
        }
        if self._renewing():
            fields |= {"permit.start": ui.renewStartEdit, "permit.expiry": ui.renewExpiryEdit}
        else:
            fields |= {"permit.start": ui.permitStartEdit, "permit.expiry": ui.expiryEdit}
        return fields

    def _renewing(self) -> bool:
        """An existing permit's validity changes only by adding a period."""
        return self.detail is not None and self.detail.current_permit is not None

    def _show_detail(self, detail: HolderDetail) -> None:
        ui, holder = self.ui, detail.holder
        set_combo_code(ui.unitCombo, holder.unit_id)
        ui.nameEdit.setText(holder.name)
        set_combo_code(ui.idTypeCombo, holder.id_type)
        ui.idNumberEdit.setText(holder.id_number)
        set_combo_code(ui.genderCombo, holder.gender)
        ui.birthDateEdit.setText(date_text(holder.birth_date))
        for widget, value in (
            (ui.phoneEdit, holder.phone),
            (ui.departmentEdit, holder.department),
            (ui.jobTitleEdit, holder.job_title),
            (ui.professionalTitleEdit, holder.professional_title),
            (ui.addressEdit, holder.address),
        ):
            widget.setText(value or "")
        set_combo_code(ui.statusCombo, holder.status)
        ui.leftOnEdit.setText(date_text(holder.left_on))
        for widget, day in (
            (ui.hireDateEdit, holder.hire_date),
            (ui.contractStartEdit, holder.contract_start),
            (ui.contractEndEdit, holder.contract_end),
            (ui.degreeDateEdit, holder.degree_date),
            (ui.socialInsuranceStartEdit, holder.social_insurance_start),
        ):
            widget.setText(date_text(day))
        set_combo_code(ui.degreeCombo, holder.degree or None)
        ui.degreeForeignCheck.setChecked(holder.degree_foreign)
        set_combo_code(ui.housingKindCombo, holder.housing_kind)
        set_combo_code(self.retirement_track_combo, holder.retirement_track)
        ui.notesEdit.setPlainText(holder.notes or "")
        self.family.clear()
        for member in detail.family:
            self.family.add_row(member.model_dump())
        self._show_permit(detail)

    def _show_state(self) -> None:
        """The permit's one current state on today with its day figure, as the register, the due
        list and the cases page show it (登记的证件状态 below is what the clerk recorded)."""
        if self.state is None:
            self.state_label.setText("—")
            self.state_label.setStyleSheet("")
            return
        self.state_label.setText(self.state_text)
        self.state_label.setToolTip(rule_of(self.state.label))
        colour = COLOURS.get(self.state.label, "")
        self.state_label.setStyleSheet(f"color: {colour}; font-weight: 600;" if colour else "")

    def _show_permit(self, detail: HolderDetail) -> None:
        ui, current = self.ui, detail.current_permit
        if current is None:
            ui.renewGroup.hide()
            ui.historyLabel.setText("有效期历史：尚无记录")
            ui.historyTable.hide()
            ui.permitLayout.addStretch(1)
            return
        ui.certificateNoEdit.setText(current.permit.certificate_no)
        ui.firstIssuedEdit.setText(date_text(current.permit.first_issued))
        set_combo_code(ui.permitStatusCombo, current.permit.status)
        self._show_state()
        period = current.current
        ui.permitStartEdit.setText(date_text(period.start if period else None))
        ui.expiryEdit.setText(date_text(period.expiry if period else None))
        for edit in (ui.permitStartEdit, ui.expiryEdit):
            look_read_only(edit)
            edit.setToolTip("当前有效期不可改写；续签请在下方新增一段有效期，原记录保留在历史中。")
        ui.renewStartEdit.clear()
        ui.renewExpiryEdit.clear()
        rows = [(history.permit, p) for history in detail.permits for p in history.periods]
        ui.historyTable.setRowCount(len(rows))
        for row, (permit, p) in enumerate(reversed(rows)):  # newest first
            values = [
                permit.certificate_no,
                date_text(p.start),
                date_text(p.expiry),
                vocab.label(vocab.PERIOD_SOURCES, p.source),
                p.recorded_at.astimezone().strftime("%Y-%m-%d"),
            ]
            for column, text in enumerate(values):
                set_cell(ui.historyTable, row, column, text, editable=False)

    # ------------------------------------------------------------ reading the form

    def holder_values(self) -> dict[str, Any]:
        ui = self.ui
        values = {name: widget.text() for name, widget in self._line_edits().items()}
        values |= {
            "id_type": combo_code(ui.idTypeCombo),
            "gender": combo_code(ui.genderCombo),
            "status": combo_code(ui.statusCombo),
            "degree": combo_code(ui.degreeCombo) or "",
            "housing_kind": combo_code(ui.housingKindCombo),
            "retirement_track": combo_code(self.retirement_track_combo),
            "degree_foreign": ui.degreeForeignCheck.isChecked(),
            "notes": ui.notesEdit.toPlainText(),
        }
        if values["status"] == "active":
            values["left_on"] = ""
        return values

    def _line_edits(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "name": ui.nameEdit,
            "id_number": ui.idNumberEdit,
            "birth_date": ui.birthDateEdit,
            "phone": ui.phoneEdit,
            "department": ui.departmentEdit,
            "job_title": ui.jobTitleEdit,
            "left_on": ui.leftOnEdit,
            "hire_date": ui.hireDateEdit,
            "contract_start": ui.contractStartEdit,
            "contract_end": ui.contractEndEdit,
            "social_insurance_start": ui.socialInsuranceStartEdit,
            "degree_date": ui.degreeDateEdit,
            "professional_title": ui.professionalTitleEdit,
            "address": ui.addressEdit,
        }

    def permit_values(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "certificate_no": ui.certificateNoEdit.text(),
            "first_issued": ui.firstIssuedEdit.text(),
            "start": ui.permitStartEdit.text(),
            "expiry": ui.expiryEdit.text(),
            "status": combo_code(ui.permitStatusCombo),
        }

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        unit_id: int | None = self.ui.unitCombo.currentData()
        if unit_id is None:
            self.ui.summaryLabel.setText("请先在“单位信息”中创建单位，再添加持证人。")
            self.ui.summaryLabel.show()
            return
        # Everything the write needs is captured now, as plain values: it runs on the writer thread later.
        holder = self.holder_values()
        family: list[Mapping[str, Any]] = list(self.family.values())
        permit = self.permit_values()
        renewal = (self.ui.renewStartEdit.text().strip(), self.ui.renewExpiryEdit.text().strip())
        copy = self.copy

        if copy is None:

            def op(desk: Desk) -> tuple[int, Changes]:
                return desk_holders.create_holder(
                    desk,
                    unit_id=unit_id,
                    holder=holder,
                    permit=permit_or_none(permit),
                    family=family,
                )
        else:

            def op(desk: Desk) -> tuple[int, Changes]:
                return desk_holders.save_holder(
                    desk,
                    copy,
                    unit_id=unit_id,
                    holder=holder,
                    family=family,
                    permit=permit,
                    renewal=renewal,
                )

        self.ops.write(
            op, parent=self, success=self._saved, failure=self._failed, busy=self.ui.buttonBox
        )

    def reject(self) -> None:
        """Esc, 取消 and the close button: typed edits are asked about first. Not while
        saving (the buttons are off): the clerk must see how it ended."""
        if self.ui.buttonBox.isEnabled() and self.unsaved.may_discard():
            super().reject()

    def _entered(self) -> tuple[object, ...]:
        """Everything the clerk can change, as plain values (compared with the loaded ones)."""
        renewal = (self.ui.renewStartEdit.text(), self.ui.renewExpiryEdit.text())
        family = [dict(member) for member in self.family.values()]
        unit = self.ui.unitCombo.currentData()
        return (unit, self.holder_values(), self.permit_values(), renewal, family)

    def _saved(self, holder_id: int) -> None:
        self.holder_id = holder_id
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
        errors = [_permit_field(e) for e in errors]
        family, rest = split_indexed(errors, "family")
        self.family.show_errors(family)
        unplaced = self.errors.show(rest)
        placed = len(errors) - len(unplaced)
        lines = [f"有 {placed} 处需要修改，已在对应位置标红。"] if placed else []
        lines += [str(e) if e.label else e.message for e in unplaced]
        self.ui.summaryLabel.setText("\n".join(lines))
        self.ui.summaryLabel.show()
        if family and not rest:
            show_tab_of(self.ui.tabs, self.ui.familyTab)

    def _offer_reload(self, error: StaleRecord) -> None:
        self.stale_box = offer_reload(self, error, self.ui.summaryLabel, self._reload)

    def _reload(self) -> None:
        """Show the holder as it is stored now and save against this newer copy from here on."""
        if self.copy is None:
            return
        self.errors.clear()
        self.family.show_errors([])
        self.ui.summaryLabel.clear()
        self.unsaved.forget()  # the stored values replace the clerk's: compared anew when shown
        self._load(self.copy.holder_id)

    # ------------------------------------------------------------ small behaviours

    def _sync_left_on(self) -> None:
        left = combo_code(self.ui.statusCombo) == "left"
        self.ui.leftOnEdit.setEnabled(left)

    def _derive_from_id(self) -> None:
        """Fill gender and birth date as soon as a valid resident ID number is typed."""
        number = self.ui.idNumberEdit.text()
        kind = guess_id_type(number)
        if kind == "other":
            return
        try:
            normalized = validate_id_number(number, kind)
        except FieldError as error:
            self.errors.mark("id_number", error.message)  # a typo is named before the save
            return
        set_combo_code(self.ui.idTypeCombo, kind)
        set_combo_code(self.ui.genderCombo, gender_of(normalized))
        self.ui.birthDateEdit.setText(birth_date_of(normalized).isoformat())
        self.errors.clear_field("birth_date")


_PERMIT_LABELS = {"证书编号", "首次发证日期", "有效期起", "有效期至", "证件状态"}


def _permit_field(error: FieldError) -> FieldError:
    """Permit errors share field names with the holder's (``status``); the label tells them apart."""
    if not error.field.startswith(("permit.", "family[")) and error.label in _PERMIT_LABELS:
        return FieldError(f"permit.{error.field}", error.message, label=error.label)
    return error
