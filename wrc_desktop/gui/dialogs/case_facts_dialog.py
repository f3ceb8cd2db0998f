"""The "表格信息" dialog of a case: the facts its forms state that the register does not hold.

The owners of a borrowed home (every co-owner), since when, the relationship and the door
number (房屋借住声明), and a 落款 date the clerk chooses for any of the case's forms; each
form's date shows what the app would print when none is chosen. Saving shows every change,
old → new, first, and is refused when the case changed since the dialog read it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...desk import case_facts as desk_facts
from ...desk.dialog_data import CaseFactsForm, PlannedForm, case_facts_form
from ...rules.errors import WrcError
from ...rules.form_facts import LOAN, CaseFormFacts, describe_changes
from ..doors.operations import RegisterOps
from ..models.status_colours import ERROR_RED
from ..widgets.loading import read_then_fill
from ..widgets.shared import qdate
from ..widgets.unsaved import UnsavedGuard


def _date_edit(day: dt.date | None) -> QDateEdit:
    edit = QDateEdit(qdate(day) if day else QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class CaseFactsDialog(QDialog):
    """Edit ``Case.facts`` of ``case_id`` (owners, loan start, relation, room; form dates)."""

    def __init__(
        self, parent: QWidget | None, ops: RegisterOps, case_id: int, *, holder_address: str = ""
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.case_id = case_id
        self.facts = CaseFormFacts()
        self.version: int | None = None  # the case's version the facts were read at
        self.setWindowTitle("表格信息")

        # Co-owners may be related differently (父子、母子): each row takes its own relation.
        self.owners = QTableWidget(0, 3)
        self.owners.setHorizontalHeaderLabels(["房主姓名", "身份证号码", "关系（各不相同时填）"])
        self.owners.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.owners.setMinimumHeight(110)
        add = QPushButton("添加房主")
        add.clicked.connect(lambda: self._add_owner("", "", ""))
        remove = QPushButton("删除所选")
        remove.clicked.connect(self._remove_owner)
        self.since_known = QCheckBox("已知")
        self.since = _date_edit(None)
        self.relation = QLineEdit()
        self.relation.setPlaceholderText("如 父子、母女、朋友")
        self.room = QLineEdit()
        self.room.setPlaceholderText("楼号、单元、房间号，如 3号楼2单元502室")
        self.address = QLineEdit()
        self.address.setPlaceholderText("留空：登记册地址 + 门牌")

        self.loan_box = loan_box = QGroupBox("房屋借住声明（共有房屋写全部产权人，每人签字）")
        loan_layout = QFormLayout(loan_box)
        owner_buttons = QHBoxLayout()
        owner_buttons.addWidget(add)
        owner_buttons.addWidget(remove)
        owner_buttons.addStretch(1)
        loan_layout.addRow(self.owners)
        loan_layout.addRow(owner_buttons)
        since_row = QHBoxLayout()
        since_row.addWidget(self.since_known)
        since_row.addWidget(self.since, 1)
        loan_layout.addRow("开始借住日期", since_row)
        loan_layout.addRow("与房主的关系（各房主相同时）", self.relation)
        registered = QLabel(holder_address or "（登记册中没有居住地址）")
        registered.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        loan_layout.addRow("登记册地址", registered)
        loan_layout.addRow("门牌", self.room)
        loan_layout.addRow("完整地址", self.address)

        self.date_box = QGroupBox("落款日期（不指定时按本区要求自动排定：诚信声明在其他材料之后）")
        self.date_layout = QFormLayout(self.date_box)
        self.date_rows: dict[str, tuple[QCheckBox, QDateEdit]] = {}
        self.titles: dict[str, str] = {}  # form slug → title, for the list of changes

        # Said instead of the loan's fields when the case's forms do not state a loan.
        self.no_loan = QLabel(
            "本事项的表格中没有《房屋借住声明》（住所不是借住亲友住房），无需填写房主信息。"
        )
        self.no_loan.setWordWrap(True)
        self.no_loan.setStyleSheet("color: #555;")
        self.no_loan.hide()

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {ERROR_RED};")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.no_loan)
        layout.addWidget(loan_box)
        layout.addWidget(self.date_box)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(620, 640)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.unsaved = UnsavedGuard(
            self, self.entered, save=self.save, can_save=self.save_button.isEnabled
        )
        on = ops.desk.today()
        read_then_fill(
            ops,
            self,
            lambda desk: case_facts_form(desk, case_id, on=on),
            self._fill,
            hold=[loan_box, self.date_box, buttons.button(QDialogButtonBox.StandardButton.Save)],
            label=self.status,
        )

    def _fill(self, form: CaseFactsForm) -> None:
        self.facts, self.version = form.facts, form.version
        loan = form.facts.loan
        for owner in loan.owners:
            self._add_owner(owner.name, owner.id_number, owner.relation)
        self.since_known.setChecked(loan.since is not None)
        if loan.since is not None:
            self.since.setDate(qdate(loan.since))
        self.relation.setText(loan.relation)
        self.room.setText(loan.room)
        self.address.setText(loan.address)
        if form.planned_error:
            self.date_layout.addRow(QLabel(form.planned_error))
        self._fill_dates(form.planned)
        self._ask_only_what_is_needed(form.needed)
        self.unsaved.loaded()  # what the clerk changes from here on is asked about before 取消

    def _ask_only_what_is_needed(self, needed: frozenset[str]) -> None:
        """The loan's fields only where a form states the loan (rules.form_facts.facts_needed).

        Hidden, they still hold what was stored, so a save keeps it as it was."""
        self.loan_box.setVisible(LOAN in needed)
        self.no_loan.setVisible(LOAN not in needed)
        if LOAN not in needed:
            self.resize(self.width(), self.minimumSizeHint().height())  # no empty space left

    # ------------------------------------------------------------ fields

    def _add_owner(self, name: str, number: str, relation: str = "") -> None:
        row = self.owners.rowCount()
        self.owners.insertRow(row)
        self.owners.setItem(row, 0, QTableWidgetItem(name))
        self.owners.setItem(row, 1, QTableWidgetItem(number))
        self.owners.setItem(row, 2, QTableWidgetItem(relation))

    def _remove_owner(self) -> None:
        for row in sorted({index.row() for index in self.owners.selectedIndexes()}, reverse=True):
            self.owners.removeRow(row)

    def _fill_dates(self, planned: list[PlannedForm]) -> None:
        """One row per form of the case: the date the app would print, or the clerk's own."""
        for form in planned:
            slug = form.form.slug
            chosen = self.facts.form_dates.get(slug)
            check = QCheckBox(f"指定（自动：{form.dated.isoformat()}）")
            check.setChecked(chosen is not None)
            edit = _date_edit(chosen or form.dated)
            edit.setEnabled(chosen is not None)
            check.toggled.connect(edit.setEnabled)
            row = QHBoxLayout()
            row.addWidget(check)
            row.addWidget(edit, 1)
            self.date_layout.addRow(f"《{form.form.title}》", row)
            self.date_rows[slug] = (check, edit)
            self.titles[slug] = form.form.title

    def entered(self) -> dict:
        """What the clerk typed, as plain values (validated by the desk)."""
        owners = []
        for row in range(self.owners.rowCount()):
            cells = [self.owners.item(row, col) for col in (0, 1, 2)]
            name, number, relation = ((cell.text().strip() if cell else "") for cell in cells)
            if name or number:
                owners.append({"name": name, "id_number": number, "relation": relation})
        dates = {
            slug: edit.date().toString("yyyy-MM-dd")
            for slug, (check, edit) in self.date_rows.items()
            if check.isChecked()
        }
        # Dates chosen earlier for forms this case no longer has are kept as they were.
        for slug, day in self.facts.form_dates.items():
            if slug not in self.date_rows:
                dates.setdefault(slug, day.isoformat())
        return {
            "loan": {
                "owners": owners,
                "since": self.since.date().toString("yyyy-MM-dd")
                if self.since_known.isChecked()
                else None,
                "relation": self.relation.text(),
                "room": self.room.text(),
                "address": self.address.text(),
            },
            "form_dates": dates,
        }

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        from ...rules.form_facts import clean_facts

        self.status.clear()
        try:
            facts = clean_facts(self.entered())
        except WrcError as error:
            self.status.setText(str(error))
            return
        lines = describe_changes(self.facts, facts, self.titles)
        if not lines:
            self.accept()
            return
        if not self.confirm("保存以下修改？\n" + "\n".join(lines)):
            return
        case_id, version, seen = self.case_id, self.version, self.facts
        self.ops.write(
            lambda desk: desk_facts.save(desk, case_id, facts, expected_version=version, seen=seen),
            parent=self,
            success=lambda _changes: self.accept(),
            failure=lambda error: self.status.setText(str(error)),
            initiator=self,
        )

    def reject(self) -> None:
        """Esc, 取消 and the close button: typed edits are asked about first."""
        if self.unsaved.may_discard():
            super().reject()

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "表格信息", text)
        return answer == QMessageBox.StandardButton.Yes
