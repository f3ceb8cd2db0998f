"""Typed edits are asked about before Esc, 取消 or the close button throws them away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from tests.conftest import TODAY
from tests.helpers import desk_over, holder_data, permit_data, unit_data
from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog
from wrc_desktop.gui.dialogs.unit_dialog import UnitDialog
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.gui.widgets.unsaved import DISCARD, KEEP_EDITING, QUESTION, SAVE
from wrc_desktop.store import holder_records, unit_records


@pytest.fixture
def ids(register):
    with register.session() as session:
        unit = unit_records.create_unit(session, data=unit_data())
        holder = holder_records.create_holder(
            session,
            unit_id=unit.id,
            holder=holder_data(name="张伟", department="研发"),
            permit=permit_data(certificate_no="京工居2024000123"),
        )
        return {"unit": unit.id, "holder": holder.id}


@pytest.fixture
def opened(qtbot):
    """The dialogs a test opens, closed at its end without the question (edits left on purpose)."""
    dialogs: list[QDialog] = []
    yield dialogs
    for dialog in dialogs:
        dialog.unsaved.forget()
        dialog.close()
        dialog.deleteLater()


class Prompt:
    """Answers the discard question with ``button`` when it opens; remembers what it asked."""

    def __init__(self, button: str) -> None:
        self.button = button
        self.asked: list[str] = []
        self.buttons: list[str] = []
        QTimer.singleShot(0, self._answer)
        self._tries = 200

    def _answer(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            self._tries -= 1
            if self._tries > 0:
                QTimer.singleShot(10, self._answer)
            return
        self.asked.append(box.text())
        self.buttons = [b.text() for b in box.buttons()]
        chosen = [b for b in box.buttons() if b.text() == self.button]
        # A missing button still closes the question (the test then fails on what it asked).
        (chosen[0] if chosen else box.escapeButton() or box.buttons()[0]).click()


def _holder_dialog(register, qtbot, opened, holder_id: int) -> HolderDialog:
    dialog = HolderDialog(RegisterOps(desk_over(register, TODAY)), holder_id=holder_id)
    opened.append(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.ops.wait()  # filled from the register's answer
    return dialog


def test_a_typed_edit_and_esc_asks_and_keep_editing_keeps_the_text(register, ids, qtbot, opened):
    dialog = _holder_dialog(register, qtbot, opened, ids["holder"])
    dialog.ui.departmentEdit.setFocus()
    dialog.ui.departmentEdit.selectAll()
    QTest.keyClicks(dialog.ui.departmentEdit, "Sales")
    prompt = Prompt(KEEP_EDITING)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert prompt.asked == [QUESTION]
    assert sorted(prompt.buttons) == sorted([SAVE, DISCARD, KEEP_EDITING])  # order: the platform's
    assert dialog.isVisible()
    assert dialog.ui.departmentEdit.text() == "Sales"


def test_discard_closes_and_stores_nothing(register, ids, qtbot, opened):
    dialog = _holder_dialog(register, qtbot, opened, ids["holder"])
    dialog.ui.nameEdit.setText("张伟伟")
    prompt = Prompt(DISCARD)
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert prompt.asked == [QUESTION]
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    with register.session() as session:
        assert holder_records.get_holder(session, ids["holder"]).name == "张伟"


def test_no_edit_closes_at_once(register, ids, qtbot, opened):
    dialog = _holder_dialog(register, qtbot, opened, ids["holder"])
    prompt = Prompt(KEEP_EDITING)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    qtbot.wait(50)  # the answering timer finds no question
    assert prompt.asked == []


def test_an_edit_typed_back_to_the_stored_value_is_no_change(register, ids, qtbot, opened):
    dialog = _holder_dialog(register, qtbot, opened, ids["holder"])
    edit = dialog.ui.departmentEdit
    edit.setFocus()
    edit.end(False)
    QTest.keyClicks(edit, "2")
    QTest.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "研发"
    prompt = Prompt(KEEP_EDITING)
    dialog.close()  # the window's close button
    assert not dialog.isVisible()
    qtbot.wait(50)
    assert prompt.asked == []


def test_the_close_button_asks_too_and_a_family_row_counts(register, ids, qtbot, opened):
    dialog = _holder_dialog(register, qtbot, opened, ids["holder"])
    dialog.family.add_row({})
    dialog.ui.familyTable.item(0, 1).setText("张小明")
    prompt = Prompt(KEEP_EDITING)
    dialog.close()
    assert prompt.asked == [QUESTION]
    assert dialog.isVisible()


def test_save_from_the_question_saves_the_unit_and_closes(register, ids, qtbot, opened):
    dialog = UnitDialog(RegisterOps(desk_over(register, TODAY)), unit_id=ids["unit"])
    opened.append(dialog)
    dialog.show()
    assert dialog.ops.wait()
    dialog.ui.phoneEdit.setText("010-88886666")
    prompt = Prompt(SAVE)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert prompt.asked == [QUESTION]
    assert dialog.ops.wait()  # the save runs on the writer and closes the dialog
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted
    with register.session() as session:
        assert unit_records.get_unit(session, ids["unit"]).phone == "010-88886666"


def test_a_read_only_record_offers_no_save(register, ids, qtbot, opened):
    dialog = _holder_dialog(register, qtbot, opened, ids["holder"])
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
    dialog.ui.phoneEdit.setText("13900000000")
    prompt = Prompt(DISCARD)
    dialog.reject()
    assert sorted(prompt.buttons) == sorted([DISCARD, KEEP_EDITING])
    assert not dialog.isVisible()
