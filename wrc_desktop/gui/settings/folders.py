"""设置 → 文件夹与备份: where case folders go, how many backups to keep, where everything lives.

These are preferences of this computer (the desk's ``settings.toml``, changed through the
write door, :mod:`.preferences`), not of the register: another clerk opening a copy of
the register keeps their own folders.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ... import paths
from ...desk import Preferences
from ...desk.preferences import DEFAULT_UPLOAD_MAX_MB, UPLOAD_MAX_MB_RANGE
from ..doors.operations import RegisterOps
from ..widgets.open_folder import show_folder
from ..widgets.read_only import look_read_only
from .common import StatusLine, note
from .preferences import change_preferences

MAX_BACKUPS = 365


class FoldersTab(QWidget):
    case_root_changed = Signal(Path)
    backups_keep_changed = Signal(int)

    def __init__(self, ops: RegisterOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        # Replaced in tests, so that no file manager opens and no native dialog blocks.
        # Created first, so the button never fails on a new install; a folder the system
        # will not open is named with its path (tests put their own opener here).
        self.open_folder: Callable[[Path], object] = lambda folder: show_folder(
            folder, self, create=True
        )
        self.ask_folder: Callable[[Path], Path | None] = self._ask_folder

        # The case folder and the backups side by side: the tab fits a laptop at 150 %.
        top = QHBoxLayout()
        top.addWidget(self._cases_box(), 2)
        top.addWidget(self._backups_box(), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._locations_box())
        layout.addStretch(1)

    # ------------------------------------------------------------ case folders

    def _cases_box(self) -> QGroupBox:
        box = QGroupBox("办理事项文件夹")
        self.case_root = QLineEdit(str(self.ops.desk.case_root))
        look_read_only(self.case_root)  # chosen with 选择…, not typed
        choose = QPushButton("选择…")
        choose.clicked.connect(self.choose_case_root)
        show = QPushButton("打开文件夹")
        show.clicked.connect(lambda: self.open_folder(self.ops.desk.case_root))
        row = QHBoxLayout()
        row.addWidget(self.case_root, 1)
        row.addWidget(choose)
        row.addWidget(show)
        self.case_status = StatusLine()
        layout = QVBoxLayout(box)
        layout.addWidget(
            note(
                "每个办理事项在此文件夹下有一个子文件夹，存放生成的表格和扫描件。",
                details="可选网盘同步文件夹或共享盘，便于备份；更换文件夹后，已有的子文件夹不会被移动。",
            )
        )
        layout.addLayout(row)
        layout.addWidget(self.case_status)
        layout.addStretch(1)
        return box

    def _ask_folder(self, start: Path) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, "选择办理事项文件夹", str(start))
        return Path(chosen) if chosen else None

    def choose_case_root(self) -> None:
        folder = self.ask_folder(self.ops.desk.case_root)
        if folder is None:
            return
        self.set_case_root(folder)

    def set_case_root(self, folder: Path) -> bool:
        """Make the folder and save it as the case root; False when it cannot be made."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.case_status.error(f"无法使用文件夹 {folder}：{error.strerror or error}")
            return False

        def saved(_preferences: Preferences) -> None:
            self.case_root.setText(str(folder))
            self.case_status.ok("已保存。新建的办理事项和生成的表格将放在此文件夹中。")
            self.case_root_changed.emit(folder)

        change_preferences(
            self.ops,
            self,
            lambda preferences: preferences.with_changes(case_root=folder),
            saved=saved,
            failed=lambda error: self.case_status.error(f"未保存：{error}"),
        )
        return True

    # ------------------------------------------------------------ backups

    def _backups_box(self) -> QGroupBox:
        box = QGroupBox("备份")
        self.keep = QSpinBox()
        self.keep.setRange(1, MAX_BACKUPS)
        self.keep.setValue(min(self.ops.desk.preferences().backups_kept, MAX_BACKUPS))
        self.keep.setSuffix(" 份")
        self.keep.setKeyboardTracking(False)  # save the finished number, not every keystroke
        self.keep.valueChanged.connect(self._keep_changed)
        row = QHBoxLayout()
        row.addWidget(QLabel("保留最近的备份："))
        row.addWidget(self.keep)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(
            note(
                "每天自动备份登记册，更早的自动删除。",
                details="程序每次启动时和此后每天自动备份登记册一次，只保留最近的若干份，"
                "更早的自动删除。",
            )
        )
        layout.addLayout(row)
        layout.addLayout(self._upload_limit_row())
        layout.addStretch(1)
        return box

    def _upload_limit_row(self) -> QHBoxLayout:
        """The online system's per-file limit: the guides do not give it (a default, unverified)."""
        low, high = UPLOAD_MAX_MB_RANGE
        self.upload_limit = QDoubleSpinBox()
        self.upload_limit.setRange(low, high)
        self.upload_limit.setDecimals(1)
        self.upload_limit.setSuffix(" MB")
        self.upload_limit.setValue(self.ops.desk.preferences().upload_max_mb)
        self.upload_limit.setKeyboardTracking(False)
        self.upload_limit.setToolTip(
            f"整理上传材料和“应用建议的修正”按此压缩；指南未写明上限，默认 {DEFAULT_UPLOAD_MAX_MB:g} MB 未核实"
        )
        self.upload_limit.valueChanged.connect(self._upload_limit_changed)
        row = QHBoxLayout()
        row.addWidget(QLabel("上传附件上限（未核实）："))
        row.addWidget(self.upload_limit)
        row.addStretch(1)
        return row

    def _upload_limit_changed(self, value: float) -> None:
        change_preferences(
            self.ops,
            self,
            lambda preferences: preferences.with_changes(upload_max_mb=round(value, 1)),
            saved=lambda _preferences: None,
            failed=lambda error: self.case_status.error(f"未保存：{error}"),
        )

    def _keep_changed(self, count: int) -> None:
        change_preferences(
            self.ops,
            self,
            lambda preferences: preferences.with_changes(backups_kept=max(1, count)),
            saved=lambda _preferences: self.backups_keep_changed.emit(count),
            failed=lambda error: self.case_status.error(f"未保存：{error}"),
        )

    # ------------------------------------------------------------ where things are

    def _locations_box(self) -> QGroupBox:
        box = QGroupBox("数据位置")
        grid = QGridLayout(box)
        grid.setVerticalSpacing(2)
        desk = self.ops.desk
        database = desk.file or paths.database_path()
        rows = [
            ("数据文件夹", paths.data_dir(), paths.data_dir()),
            ("登记册文件", database, database.parent),
            ("备份", desk.backups_dir, desk.backups_dir),
            ("运行日志", paths.logs_dir(), paths.logs_dir()),
            ("自行录入的规则数据", paths.overrides_dir(), paths.overrides_dir()),
        ]
        self.location_labels: dict[str, QLabel] = {}
        for row, (name, shown, folder) in enumerate(rows):
            value = QLabel(str(shown))
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            button = QPushButton("打开文件夹")
            button.clicked.connect(
                lambda _checked=False, folder=folder: self.open_folder(Path(folder))
            )
            grid.addWidget(QLabel(f"{name}："), row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(button, row, 2)
            self.location_labels[name] = value
        grid.setColumnStretch(1, 1)
        return box
