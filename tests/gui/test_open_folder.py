"""打开文件夹 opens the folder, or says why not with the path and 复制路径 (never silently)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.gui.widgets.open_folder import COPY_PATH, MISSING, NOT_OPENED, show_folder


def _button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if b.text() == text)


def test_a_missing_folder_is_named_and_its_path_can_be_copied(tmp_path, qtbot):
    gone = tmp_path / "办理事项" / "已删除"
    asked = []
    box = show_folder(gone, None, opener=lambda url: asked.append(url) or True)
    qtbot.addWidget(box)
    assert asked == []  # nothing handed to the system
    assert MISSING in box.text() and str(gone) in box.informativeText()
    _button(box, COPY_PATH).click()
    assert QGuiApplication.clipboard().text() == str(gone)


def test_a_folder_the_system_does_not_open_says_so(tmp_path, qtbot):
    box = show_folder(tmp_path, None, opener=lambda url: False)
    qtbot.addWidget(box)
    assert NOT_OPENED in box.text() and str(tmp_path) in box.informativeText()
    assert box.isVisible()


def test_an_opened_folder_says_nothing(tmp_path):
    asked = []
    assert show_folder(tmp_path, None, opener=lambda url: asked.append(url) or True) is None
    assert [url.toLocalFile() for url in asked] == [str(tmp_path)]


def test_the_settings_folder_button_names_a_folder_it_cannot_make(register, tmp_path, qtbot):
    from wrc_desktop.gui.settings.folders import FoldersTab

    tab = FoldersTab(RegisterOps(desk_over(register, TODAY)))
    qtbot.addWidget(tab)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    box = tab.open_folder(blocker / "cases")
    assert isinstance(box, QMessageBox)
    qtbot.addWidget(box)
    assert "无法创建该文件夹" in box.text() and str(blocker / "cases") in box.informativeText()
