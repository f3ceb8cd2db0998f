"""Qt's own texts in Simplified Chinese: message-box buttons (是/否, 确定, 取消), file dialogs, context menus.

Qt ships its translations as ``qtbase_zh_CN.qm`` in PySide6's ``Qt/translations``
folder (also in the PySide6-Essentials wheel); the PyInstaller build copies
them to the same relative place (see build.spec). The app's own texts are
written in Chinese and need no catalogue.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

log = logging.getLogger(__name__)

LANGUAGE = "zh_CN"
# QMessageBox, QFileDialog, QDialogButtonBox, QLineEdit menus, QColorDialog …
CATALOGUES = ("qtbase",)
BUNDLE_FOLDER = ("PySide6", "Qt", "translations")  # relative to the package's or the bundle's root
_INSTALLED = "wrcQtTranslationsInstalled"


# Texts of Qt 6 that its own zh_CN catalogue has not caught up with (its source texts changed).
SUPPLEMENT = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
}


class SupplementTranslator(QTranslator):
    """The few Qt texts missing from ``qtbase_zh_CN.qm``; installed last, so asked first."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None reaches Qt as a null string: "not mine", and Qt asks the next translator.
        return SUPPLEMENT.get((context, source))

    def isEmpty(self) -> bool:
        return False


def translation_folders() -> list[Path]:
    """Where Qt's catalogues may be: Qt's own answer first, then beside PySide6 and in the bundle."""
    import PySide6

    folders = [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        Path(PySide6.__file__).parent.joinpath(*BUNDLE_FOLDER[1:]),
    ]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(Path(bundle).joinpath(*BUNDLE_FOLDER))
    return folders


def install_qt_translations(application: QCoreApplication) -> list[QTranslator]:
    """Load Qt's Simplified Chinese catalogues into ``application``; returns the installed translators.

    A missing catalogue is logged, not fatal: the window still works, in English buttons.
    Installing twice into the same application does nothing the second time.
    """
    if application.property(_INSTALLED):
        return []
    application.setProperty(_INSTALLED, True)
    installed = []
    for catalogue in CATALOGUES:
        translator = QTranslator(application)
        name = f"{catalogue}_{LANGUAGE}"
        if any(
            translator.load(name, str(folder))
            for folder in translation_folders()
            if folder.is_dir()
        ):
            application.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("Qt translation %s.qm not found in %s", name, translation_folders())
    supplement = SupplementTranslator(application)
    application.installTranslator(supplement)
    installed.append(supplement)
    return installed
