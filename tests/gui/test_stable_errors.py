"""Fields stay where they are as their messages come and go: a click lands where it was aimed."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import TODAY
from tests.helpers import desk_over, holder_data, permit_data, unit_data
from wrc_desktop.gui.dialogs.archive_dialog import ArchiveDialog
from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.rules.errors import FieldError
from wrc_desktop.store import holder_records, unit_records


def _where(widget: QWidget) -> tuple[int, int, int, int]:
    top = widget.mapTo(widget.window(), QPoint(0, 0))
    return (top.x(), top.y(), widget.width(), widget.height())


def _holder(register) -> int:
    with register.session() as session:
        unit = unit_records.create_unit(session, data=unit_data())
        return holder_records.create_holder(
            session, unit_id=unit.id, holder=holder_data(), permit=permit_data()
        ).id


def test_a_kept_line_shows_its_message_without_moving_the_field(register, qtbot):
    holder_id = _holder(register)
    ops = RegisterOps(desk_over(register, TODAY))
    dialog = ArchiveDialog(ops, holder_id=holder_id, name="张三", today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    before = _where(dialog.left_on), dialog.size()
    dialog.errors.show([FieldError("left_on", "不能为空")])
    QApplication.processEvents()
    assert dialog.errors.message_of("left_on") == "不能为空"
    assert (_where(dialog.left_on), dialog.size()) == before
    dialog.errors.clear_field("left_on")
    QApplication.processEvents()
    assert (_where(dialog.left_on), dialog.size()) == before


def test_a_message_going_while_the_clerk_corrects_moves_nothing(register, qtbot):
    holder_id = _holder(register)
    dialog = HolderDialog(RegisterOps(desk_over(register, TODAY)), holder_id=holder_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ops.wait()
    dialog.errors.show([FieldError("name", "不能为空"), FieldError("phone", "格式不对")])
    QApplication.processEvents()
    shown = {w: _where(w) for w in (dialog.ui.idTypeCombo, dialog.ui.phoneEdit)}
    dialog.ui.nameEdit.setFocus()
    qtbot.keyClicks(dialog.ui.nameEdit, "Zhang")  # the name's message goes on the first key
    QApplication.processEvents()
    assert dialog.errors.message_of("name") == ""
    assert {w: _where(w) for w in shown} == shown  # the field below stays under the pointer
    dialog.unsaved.forget()
