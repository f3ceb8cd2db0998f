"""设置 → 表格字体: which fonts print the forms.

For each character the first font that has it is used: the clerk's extra font files,
then Windows' 仿宋/宋体 (when chosen and installed), then the bundled fonts. The choice is
the desk's preference (:mod:`.preferences`): saved through the write door, it applies to
the next form made, no restart needed.
"""

from __future__ import annotations

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

from ...desk import Preferences
from ...desk.fonts import bundled_labels, font_file_problem, system_fonts
from ..doors.operations import RegisterOps
from .common import StatusLine, note
from .preferences import change_preferences


class FontsTab(QWidget):
    def __init__(self, ops: RegisterOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        shown = ops.desk.preferences()  # this machine's file, not the register
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
        self.use_system.setChecked(shown.use_system_fonts)
        self.use_system.toggled.connect(self._use_system_toggled)
        found = [
            f"{label}：{path}" if path else f"{label}：本机未找到" for label, path in system_fonts()
        ]
        system_layout = QVBoxLayout(system_box)
        system_layout.addWidget(self.use_system)
        system_layout.addWidget(note("（公文正文为仿宋、标题为宋体）\n" + "\n".join(found)))
        system_layout.addStretch(1)

        bundled_box = QGroupBox("③ 内置字体（总是最后使用）")
        bundled = "、".join(bundled_labels())
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
        self._fill_list(shown)

    def _fill_list(self, preferences: Preferences) -> None:
        self.extra.clear()
        for path in preferences.extra_fonts:
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
        refused = []
        accepted = []
        for path in files:
            problem = font_file_problem(path)
            if problem:
                refused.append(f"{path.name}：{problem}")
            else:
                accepted.append(path)

        def add(preferences: Preferences) -> Preferences:
            fonts = list(preferences.extra_fonts)
            fonts += [path for path in accepted if path not in fonts]
            return preferences.with_changes(extra_fonts=tuple(fonts))

        self._save(add, refused="未添加 " + "；".join(refused) if refused else "")

    def remove_selected(self) -> None:
        rows = {self.extra.row(item) for item in self.extra.selectedItems()}

        def remove(preferences: Preferences) -> Preferences:
            kept = [path for row, path in enumerate(preferences.extra_fonts) if row not in rows]
            return preferences.with_changes(extra_fonts=tuple(kept))

        self._save(remove)

    def _use_system_toggled(self, checked: bool) -> None:
        self._save(lambda preferences: preferences.with_changes(use_system_fonts=checked))

    def _save(self, change: Callable[[Preferences], Preferences], *, refused: str = "") -> None:
        def saved(preferences: Preferences) -> None:
            self._fill_list(preferences)
            if refused:
                self.status.error(refused)
            else:
                self.status.ok("已保存，之后生成的表格使用新的字体设置。")

        change_preferences(
            self.ops,
            self,
            change,
            saved=saved,
            failed=lambda error: self.status.error(f"未保存：{error}"),
        )
