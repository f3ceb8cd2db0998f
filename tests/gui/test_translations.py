"""Qt's own buttons and dialogs speak Chinese once the translations are installed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton

from wrc_desktop.gui.shell.translations import (
    CATALOGUES,
    LANGUAGE,
    install_qt_translations,
    translation_folders,
)


@pytest.fixture
def chinese(qapp):
    qapp.setProperty("wrcQtTranslationsInstalled", False)
    translators = install_qt_translations(qapp)
    yield translators
    for translator in translators:  # the other tests share this QApplication
        qapp.removeTranslator(translator)
    qapp.setProperty("wrcQtTranslationsInstalled", False)


def test_the_catalogue_ships_with_pyside6():
    assert any(
        (folder / f"{catalogue}_{LANGUAGE}.qm").is_file()
        for folder in translation_folders()
        for catalogue in CATALOGUES
    )


def test_message_box_buttons_say_yes_and_no_in_chinese(chinese, qtbot):
    assert len(chinese) == len(CATALOGUES) + 1  # and the supplement
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "恢复备份",
        "用备份替换当前登记册？",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    qtbot.addWidget(box)
    yes = box.button(QMessageBox.StandardButton.Yes).text()
    no = box.button(QMessageBox.StandardButton.No).text()
    assert "是" in yes and "Yes" not in yes
    assert "否" in no and "No" not in no
    ok = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(ok)
    assert [b.text() for b in ok.buttons()] and all(
        "OK" not in b.text() and "Cancel" not in b.text() for b in ok.buttons()
    )


def test_file_dialog_labels_are_chinese(chinese, qtbot, tmp_path):
    dialog = QFileDialog(None, "保存到期报表", str(tmp_path), "Excel 工作簿 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own dialog, the one Linux shows
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    buttons = [button.text() for button in dialog.findChildren(QPushButton) if button.text()]
    english = ("Look in", "File name", "File &name", "Files of type", "Save", "Cancel")
    assert labels and buttons
    assert not [text for text in labels + buttons if any(word in text for word in english)]
    assert any("文件" in text for text in labels)


def test_installing_twice_adds_nothing(chinese, qapp):
    assert install_qt_translations(qapp) == []
