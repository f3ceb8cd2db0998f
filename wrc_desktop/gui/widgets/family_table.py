"""The holder dialog's list of accompanying family members (随往人员), edited in place.

A row loaded from the register remembers the member's id, the version it was
read at and the values it showed, and hands them back with its values: the store
changes that member in place and refuses the save if it changed meanwhile.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QTableWidget, QTableWidgetItem

from ...rules import vocab
from ...rules.errors import FieldError
from ...rules.identity import guess_id_type
from .date_field import DateFieldDelegate
from .shared import (
    cell_text,
    combo_code,
    date_text,
    fill_combo,
    mark_cell,
    prepare_table,
    set_cell,
    set_combo_code,
)

# Where each field of a member is typed; identity errors (type, gender) belong to the number.
COLUMNS = {
    "relation": 0,
    "name": 1,
    "id_number": 2,
    "id_type": 2,
    "gender": 2,
    "birth_date": 3,
    "employer": 4,
    "accompanying": 5,
}
_TEXT_COLUMNS = (1, 2, 3, 4)
_ACCOMPANYING = 5
_COPY_ROLE = Qt.ItemDataRole.UserRole + 1  # on the name cell: the key of a stored member's copy


class FamilyTable:
    """Wraps the Designer table: one row per member, a relation combo, a 随往 check box."""

    def __init__(self, table: QTableWidget, error_label: QLabel) -> None:
        self.table = table
        self.error_label = error_label
        self._rows_sent: list[int] = []  # table row of each member in the last values()
        # Stored members as read: {"id", "version", "seen"}, kept in Python (Qt would turn dates into QDate).
        self._copies: dict[int, dict[str, Any]] = {}
        prepare_table(table, [70, 90, 170, 100, 150, 50])
        self._dates = DateFieldDelegate(table)
        table.setItemDelegateForColumn(COLUMNS["birth_date"], self._dates)

    def add_row(self, member: dict[str, Any]) -> None:
        table = self.table
        row = table.rowCount()
        table.insertRow(row)
        relation = QComboBox()
        fill_combo(relation, vocab.RELATIONS)
        set_combo_code(relation, member.get("relation") or "spouse")
        table.setCellWidget(row, 0, relation)
        for column, key in ((1, "name"), (2, "id_number"), (4, "employer")):
            set_cell(table, row, column, member.get(key) or "")
        set_cell(table, row, 3, date_text(member.get("birth_date")))
        if member.get("id") is not None:
            seen = {
                key: value
                for key, value in member.items()
                if key not in ("id", "version", "holder_id")
            }
            copy_key = len(self._copies) + 1
            self._copies[copy_key] = {
                "id": member["id"],
                "version": member["version"],
                "seen": seen,
            }
            name_cell = table.item(row, 1)
            assert name_cell is not None  # the row's cells were made above
            name_cell.setData(_COPY_ROLE, copy_key)
        check = QTableWidgetItem()
        check.setFlags(
            Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
        )
        check.setCheckState(
            Qt.CheckState.Checked if member.get("accompanying", True) else Qt.CheckState.Unchecked
        )
        table.setItem(row, _ACCOMPANYING, check)
        if not member:
            table.setCurrentCell(row, 1)
            name_cell = table.item(row, 1)
            if name_cell is not None:
                table.editItem(name_cell)

    def clear(self) -> None:
        self.table.setRowCount(0)
        self._copies.clear()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def values(self) -> list[dict[str, Any]]:
        """The members as the store takes them; rows left empty are skipped."""
        table, members, self._rows_sent = self.table, [], []
        for row in range(table.rowCount()):
            name, number, birth, employer = (
                cell_text(table, row, column) for column in _TEXT_COLUMNS
            )
            if not any((name, number, birth, employer)):
                continue
            relation, check, name_cell = (
                table.cellWidget(row, 0),
                table.item(row, _ACCOMPANYING),
                table.item(row, 1),
            )
            assert isinstance(relation, QComboBox) and check is not None and name_cell is not None
            members.append(
                {
                    "relation": combo_code(relation),
                    "name": name,
                    "id_number": number,
                    "id_type": guess_id_type(number) if number else None,
                    "birth_date": birth,
                    "employer": employer,
                    "accompanying": check.checkState() == Qt.CheckState.Checked,
                    **self._copies.get(name_cell.data(_COPY_ROLE), {}),
                }
            )
            self._rows_sent.append(row)
        return members

    def show_errors(self, errors: list[tuple[int, str, FieldError]]) -> None:
        """Errors as (member index from 0, field, error): cells tinted with the message, a list below."""
        for row in range(self.table.rowCount()):
            for column in _TEXT_COLUMNS:
                mark_cell(self.table, row, column, None)
        for index, field, error in errors:
            if index < len(self._rows_sent):
                mark_cell(self.table, self._rows_sent[index], COLUMNS.get(field, 1), error.message)
        self.error_label.setText("\n".join(f"{e.label}：{e.message}" for _, _, e in errors))
        self.error_label.setVisible(bool(errors))
