"""The date field: typed as clerks write dates, or picked from the calendar; checked as it is left."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.conftest import TODAY
from tests.gui.test_unsaved_edits import Prompt
from wrc_desktop.gui.widgets.date_field import DateField
from wrc_desktop.gui.widgets.field_errors import is_marked_invalid
from wrc_desktop.gui.widgets.unsaved import DISCARD, QUESTION


@pytest.fixture
def field(qtbot):
    widget = DateField()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize(
    "typed", ["2023/3/1", "2023.3.1", "2023-03-01", "2023年3月1日", "20230301"]
)
def test_typed_forms_are_read_and_shown_as_the_rules_read_them(field, typed):
    field.insert(typed)  # as typed through an input method (QTest types Latin-1 only)
    assert field.date() == dt.date(2023, 3, 1)
    field.editingFinished.emit()  # the clerk leaves the field
    assert field.text() == "2023-03-01"
    assert field.problem() == ""


def test_a_text_that_is_no_date_is_marked_until_it_is_one(field, qtbot):
    qtbot.keyClicks(field, "2023/13/1")
    field.editingFinished.emit()
    assert field.date() is None
    assert "月" in field.problem() or "无法识别" in field.problem()
    assert field.toolTip() == field.problem() and is_marked_invalid(field)
    field.clear()
    qtbot.keyClicks(field, "2023/12/1")
    assert field.problem() == "" and not is_marked_invalid(
        field
    )  # at once, before leaving the field


def test_an_empty_field_is_no_problem(field):
    field.editingFinished.emit()
    assert field.date() is None and field.problem() == ""


def test_the_calendar_opens_on_the_typed_date_and_a_click_fills_the_field(field, qtbot):
    field.set_date(dt.date(2026, 3, 1))
    field.calendar_action.trigger()
    popup = field.popup
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2026, 3, 1)
    assert popup.calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    picked = []
    field.date_picked.connect(picked.append)
    popup.calendar.clicked.emit(QDate(2026, 3, 18))
    assert field.text() == "2026-03-18" and picked == [dt.date(2026, 3, 18)]
    qtbot.waitUntil(lambda: not popup.isVisible())


def test_a_read_only_date_opens_no_calendar(field):
    field.setReadOnly(True)
    field.calendar_action.trigger()
    assert field.popup is None


def test_every_date_of_the_holder_dialog_is_a_date_field(window):
    from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog

    dialog = HolderDialog(window.ops, parent=window)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    dates = [
        edit
        for edit in dialog.findChildren(QLineEdit)
        if edit.objectName().endswith(("DateEdit", "OnEdit", "StartEdit", "EndEdit"))
        or edit.objectName() in {"firstIssuedEdit", "expiryEdit", "renewExpiryEdit"}
    ]
    assert len(dates) == 12
    assert all(isinstance(edit, DateField) for edit in dates), [
        e.objectName() for e in dates if not isinstance(e, DateField)
    ]
    dialog.deleteLater()


def test_the_archive_date_is_a_date_field_that_accepts_chinese_dates(window, qtbot):
    from wrc_desktop.gui.dialogs.archive_dialog import ArchiveDialog

    dialog = ArchiveDialog(window.ops, holder_id=1, name="测试", today=TODAY, parent=window)
    qtbot.addWidget(dialog)
    assert isinstance(dialog.left_on, DateField)
    assert dialog.left_on.date() == TODAY
    dialog.left_on.setText("2026年3月1日")
    assert dialog.left_on.date() == dt.date(2026, 3, 1)
    QApplication.processEvents()


def test_a_family_birth_date_is_picked_from_the_calendar_in_the_table(window, qtbot):
    from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog

    dialog = HolderDialog(window.ops, parent=window)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ui.tabs.setCurrentIndex(dialog.ui.tabs.count() - 1)
    table = dialog.ui.familyTable
    dialog.family.add_row({})
    table.setCurrentCell(0, 3)
    table.editItem(table.item(0, 3))
    editor = table.findChild(DateField)
    assert editor is not None
    editor.calendar_action.trigger()
    editor.popup.calendar.clicked.emit(QDate(2015, 6, 1))
    qtbot.waitUntil(lambda: table.item(0, 3).text() == "2015-06-01")
    table.editItem(table.item(0, 3))
    editor = table.findChild(DateField)
    editor.setText("2016年7月2日")
    table.commitData(editor)
    assert table.item(0, 3).text() == "2016-07-02"
    discard = Prompt(DISCARD)  # the family row typed in is asked about before it goes
    dialog.reject()
    assert discard.asked == [QUESTION]
