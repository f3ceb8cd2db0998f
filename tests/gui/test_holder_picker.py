"""The holder picker of the new-case dialog: found as in the register's search, in pinyin order."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import shown_window
from wrc_desktop.gui.dialogs.holder_picker import HolderPicker, pinyin_order
from wrc_desktop.gui.models.register_model import RegisterFilter

CHOICES = [
    (1, "张三 · 甲公司 · 海淀区 · …1234"),
    (2, "曾小明 · 乙公司 · 朝阳区 · …5678"),
    (3, "安琪 · 甲公司 · 海淀区 · …0001"),
    (4, "周星 · 甲公司 · 海淀区 · …9999"),
    (5, "Anna Smith · 乙公司 · 朝阳区 · …4321"),
]


def test_choices_are_listed_in_pinyin_order_with_surname_readings(qtbot):
    picker = HolderPicker(CHOICES)
    qtbot.addWidget(picker)
    names = [picker.itemText(row).split(" · ")[0] for row in range(picker.count())]
    assert names == ["Anna Smith", "安琪", "曾小明", "张三", "周星"]  # 曾 as a surname: zeng
    assert pinyin_order("曾小明") < pinyin_order("张三")


def test_pinyin_initials_full_pinyin_unit_and_id_digits_find_the_holder(qtbot):
    picker = HolderPicker(CHOICES)
    qtbot.addWidget(picker)
    assert picker.matches("zs") == ["张三 · 甲公司 · 海淀区 · …1234"]
    assert picker.matches("ZXM") == ["曾小明 · 乙公司 · 朝阳区 · …5678"]
    assert picker.matches("zhang san") == ["张三 · 甲公司 · 海淀区 · …1234"]
    assert picker.matches("5678") == ["曾小明 · 乙公司 · 朝阳区 · …5678"]
    assert len(picker.matches("甲公司")) == 3
    assert picker.matches("xyz") == []


def test_typing_initials_and_choosing_selects_the_holder(qtbot):
    picker = HolderPicker(CHOICES)
    qtbot.addWidget(picker)
    picker.show()
    picker.lineEdit().selectAll()
    qtbot.keyClicks(picker.lineEdit(), "zxm")
    completer = picker.completer()
    assert completer.completionCount() == 1
    completer.activated[type(completer.completionModel().index(0, 0))].emit(
        completer.completionModel().index(0, 0)
    )
    assert picker.currentData() == 2
    assert picker.currentText().startswith("曾小明")


def test_the_picker_finds_whom_the_register_search_finds(demo_register, qtbot):
    """One typed text, the same people: the register's search and the new-case picker agree."""
    from wrc_desktop.gui.dialogs.new_case_dialog import NewCaseDialog
    from wrc_desktop.gui.models.search import pinyin_forms

    window = shown_window(demo_register, qtbot)
    dialog = NewCaseDialog(window.ops, parent=window)
    assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
    qtbot.addWidget(dialog)
    picker = dialog.holder
    assert isinstance(picker, HolderPicker)
    model = window.page.model
    names = [model.row_at(position).name for position in (0, 7, 42)]
    for name in names:
        for typed in pinyin_forms(name)[:2] + [name[:1]]:  # initials, full pinyin, the surname
            model.set_filter(RegisterFilter(text=typed))
            in_register = {model.row_at(row).holder_id for row in range(model.rowCount())}
            in_picker = {
                picker.itemData(row)
                for row in range(picker.count())
                if picker.itemText(row) in picker.matches(typed)
            }
            assert in_register and in_picker == in_register, typed
    dialog.reject()


def test_enter_in_the_picker_does_not_close_the_dialog_on_no_match(qtbot):
    picker = HolderPicker(CHOICES)
    qtbot.addWidget(picker)
    picker.show()
    picker.lineEdit().selectAll()
    qtbot.keyClicks(picker.lineEdit(), "qqq")
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    assert picker.currentData() in {row for row, _ in CHOICES}  # still one of the holders
