"""Fields shown but not editable look read-only: no edit frame, grey, no Tab stop, no calendar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from tests.conftest import TODAY
from tests.helpers import desk_over, holder_data, permit_data, unit_data
from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.gui.widgets.read_only import looks_read_only
from wrc_desktop.store import holder_records, unit_records


def _base(widget) -> str:
    return widget.palette().color(QPalette.ColorRole.Base).name()


def test_the_current_period_of_a_permit_looks_read_only(register, qtbot):
    with register.session() as session:
        unit = unit_records.create_unit(session, data=unit_data())
        holder_id = holder_records.create_holder(
            session, unit_id=unit.id, holder=holder_data(), permit=permit_data()
        ).id
    dialog = HolderDialog(RegisterOps(desk_over(register, TODAY)), holder_id=holder_id)
    qtbot.addWidget(dialog)
    assert dialog.ops.wait()
    ui = dialog.ui
    for field in (ui.permitStartEdit, ui.expiryEdit):
        assert field.isReadOnly() and looks_read_only(field)
        assert not field.hasFrame()
        assert not field.calendar_action.isVisible()  # no calendar to pick a date it won't take
        assert not field.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert _base(field) != _base(ui.renewStartEdit)  # the renewal's fields are editable
    assert not looks_read_only(ui.renewStartEdit) and ui.renewStartEdit.hasFrame()


def test_a_new_holder_types_the_period(register, qtbot):
    with register.session() as session:
        unit_records.create_unit(session, data=unit_data())
    dialog = HolderDialog(RegisterOps(desk_over(register, TODAY)))
    qtbot.addWidget(dialog)
    assert dialog.ops.wait()
    assert not looks_read_only(dialog.ui.permitStartEdit)
    assert dialog.ui.permitStartEdit.calendar_action.isVisible()


def test_the_case_folder_is_chosen_not_typed(register, qtbot):
    from wrc_desktop.gui.settings.folders import FoldersTab

    tab = FoldersTab(RegisterOps(desk_over(register, TODAY)))
    qtbot.addWidget(tab)
    assert looks_read_only(tab.case_root) and not tab.case_root.hasFrame()
