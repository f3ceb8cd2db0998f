"""设置 → 表格字体: which fonts print the forms.

For each character the first font that has it is used: the clerk's extra font files,
then Windows' 仿宋/宋体 (when chosen and installed), then the bundled fonts. A change
applies to the next form made (``documents.set_font_settings``), no restart needed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...documents import FontSettings, set_font_settings
from ...documents.fonts import system_font_dirs
from ...paths import resource_path
from .common import StatusLine, note
from .values import Settings

# The first four bytes of the font files reportlab can read (TrueType outlines, or a collection).
TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true", b"ttcf")


def font_config() -> dict:
    return tomllib.loads(resource_path("fonts", "fonts.toml").read_text(encoding="utf-8"))


def system_fonts() -> list[tuple[str, Path | None]]:
    """(label, where found or None) of each Windows font the forms would use."""
    seen: dict[str, tuple[str, Path | None]] = {}
    for entries in font_config().get("system", {}).values():
        for entry in entries:
            found = next(
                (
                    folder / entry["file"]
                    for folder in system_font_dirs()
                    if (folder / entry["file"]).is_file()
                ),
                None,
            )
            seen.setdefault(entry["file"], (entry.get("label", entry["file"]), found))
    return list(seen.values())


def font_file_problem(path: Path) -> str | None:
    """Why a file cannot print forms, or None when it looks like a TrueType font."""
    try:
        with path.open("rb") as file:
            head = file.read(4)
    except OSError as error:
        return f"无法读取：{error.strerror or error}"
    if head == b"OTTO":
        return "是 CFF 轮廓的 OpenType 字体（如思源/Noto），表格程序无法嵌入，请选用 TrueType 字体（.ttf/.ttc）"
    if head not in TRUETYPE_MAGIC:
        return "不是 TrueType 字体文件（.ttf/.ttc）"
    return None


class FontsTab(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.ask_files: Callable[[], list[Path]] = self._ask_files  # replaced in tests

        # The three kinds of font side by side, in the order they are searched (left to
        # right): the tab fits a laptop at 150 % without scrolling.
        extra_box = QGroupBox("① 另加的字体文件（最先使用）")
        self.extra = QListWidget()
        self.extra.setMinimumHeight(60)
        self.extra.setMaximumHeight(130)
        self.extra.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton("添加字体文件…")
        self.remove_button = QPushButton("移除所选")
        self.add_button.clicked.connect(self.add_fonts)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        extra_layout = QVBoxLayout(extra_box)
        extra_layout.addWidget(
            note(
                "姓名中有生僻字（如 堃 喆 赟 䶮）而表格提示“没有字形”时，可添加含有该字的字体。",
                details="须为 TrueType 字体（.ttf 或 .ttc），文件请放在不会被移动或删除的位置。",
            )
        )
        extra_layout.addWidget(self.extra)
        extra_layout.addLayout(buttons)

        system_box = QGroupBox("② Windows 系统字体")
        self.use_system = QCheckBox("本机装有仿宋、宋体时优先使用")
        self.use_system.setChecked(settings.use_system_fonts)
        self.use_system.toggled.connect(self._use_system_toggled)
        found = [
            f"{label}：{path}" if path else f"{label}：本机未找到" for label, path in system_fonts()
        ]
        system_layout = QVBoxLayout(system_box)
        system_layout.addWidget(self.use_system)
        system_layout.addWidget(note("（公文正文为仿宋、标题为宋体）\n" + "\n".join(found)))
        system_layout.addStretch(1)

        bundled_box = QGroupBox("③ 内置字体（总是最后使用）")
        bundled = "、".join(entry["label"] for entry in font_config()["bundled"])
        bundled_layout = QVBoxLayout(bundled_box)
        bundled_layout.addWidget(note(bundled))
        bundled_layout.addStretch(1)

        later = QVBoxLayout()
        later.addWidget(system_box, 1)
        later.addWidget(bundled_box)
        row = QHBoxLayout()
        row.addWidget(extra_box, 3)
        row.addLayout(later, 2)
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                "生成表格时，每个字依次在以下字体中查找，用第一个含有该字的字体。修改立即生效。",
                details="所有字体都没有的字会报错，不会打印成空白。",
            )
        )
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._fill_list()

    def _fill_list(self) -> None:
        self.extra.clear()
        for path in self.settings.extra_fonts:
            self.extra.addItem(str(path) + ("" if path.is_file() else "（文件不存在，已跳过）"))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.extra.selectedItems()))

    def _ask_files(self) -> list[Path]:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "选择字体文件", "", "TrueType 字体 (*.ttf *.ttc)"
        )
        return [Path(name) for name in names]

    def add_fonts(self) -> None:
        self.add_font_files(self.ask_files())

    def add_font_files(self, files: list[Path]) -> None:
        current = self.settings.extra_fonts
        refused = []
        for path in files:
            problem = font_file_problem(path)
            if problem:
                refused.append(f"{path.name}：{problem}")
            elif path not in current:
                current.append(path)
        self.settings.extra_fonts = current
        self._apply()
        self._fill_list()
        if refused:
            self.status.error("未添加 " + "；".join(refused))

    def remove_selected(self) -> None:
        rows = sorted((self.extra.row(item) for item in self.extra.selectedItems()), reverse=True)
        current = self.settings.extra_fonts
        for row in rows:
            if row < len(current):
                del current[row]
        self.settings.extra_fonts = current
        self._apply()
        self._fill_list()

    def _use_system_toggled(self, checked: bool) -> None:
        self.settings.use_system_fonts = checked
        self._apply()

    def _apply(self) -> None:
        self.settings.sync()
        set_font_settings(
            FontSettings(
                extra_fonts=self.settings.extra_fonts,
                use_system_fonts=self.settings.use_system_fonts,
            )
        )
        self.status.ok("已保存，之后生成的表格使用新的字体设置。")
