"""备份与恢复: the register's backups, a backup now, the folder, and restoring a chosen one in place.

Restoring never loses the current data: the current file is backed up
first (reason "pre-restore"), then the chosen backup replaces it and the
register is reopened under the running window, which reloads. Both the
backup and the restore run on the register's one writer, after any save
still under way.

A shared register's backups are the server's (``pg_dump``, or the app's own export); one
is restored into a new database on the server, never over the live one, and then this
copy switches to it (:mod:`wrc_desktop.desk.backups`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...desk import BackupInfo, Changes
from ...desk import backups as desk_backups
from ...desk import restore as desk_restore
from ..doors.operations import RegisterOps
from ..models.status_colours import ERROR_RED
from ..widgets.open_folder import show_folder
from ..widgets.screen_fit import fit_to_screen
from ..widgets.shared import confirm

COLUMNS = ["备份时间", "原因", "大小", "文件名"]
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def size_text(size: int) -> str:
    """Sizes as a clerk reads them: KB below a megabyte, MB with one decimal above."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class BackupDialog(QDialog):
    """Lists the backups of ``ops.desk``'s register; ``ops.changed`` fires after a restore."""

    def __init__(self, ops: RegisterOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # 打开文件夹: the system's opener unless a test gives its own; what it said when it failed.
        self.folder_message: QMessageBox | None = None
        self.ops = ops
        self.setWindowTitle("备份与恢复")
        fit_to_screen(self, QSize(720, 440), centre=False)
        self.shared = ops.desk.shared
        folder = desk_backups.folder(ops.desk)
        intro = QLabel(
            "程序在每次启动时、每天以及导入花名册之前自动备份登记册。"
            + (
                "共享登记册的备份保存在本机（服务器的 pg_dump 备份，或程序自带的完整导出）；"
                "恢复时不会覆盖服务器上正在使用的数据库：备份恢复到一个新的数据库，然后本机改用它。"
                if self.shared
                else "恢复时会先把当前数据另存为一份“恢复前”备份，恢复后如有需要仍可再换回来。"
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((150, 110, 80)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.message = QLabel(f"备份文件夹：{folder}")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_button = QPushButton("立即备份")
        self.folder_button = QPushButton("打开备份文件夹")
        self.restore_button = QPushButton("恢复所选备份…")
        self.close_button = QPushButton("关闭")
        self.backup_button.clicked.connect(self.backup_now)
        self.folder_button.clicked.connect(self.open_folder)
        self.restore_button.clicked.connect(self.restore_selected)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.folder_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.working = False
        self.ask = self._ask  # replaced in tests
        self.ask_name = self._ask_name
        self.reload()

    # ------------------------------------------------------------ the list

    def reload(self, select: Path | None = None) -> None:
        infos = desk_backups.infos(self.ops.desk)
        self.table.setRowCount(len(infos))
        for row, info in enumerate(infos):
            for column, text in enumerate(_row_texts(info)):
                cell = QTableWidgetItem(text)
                cell.setData(PATH_ROLE, str(info.path))
                if column == 2:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, cell)
            if select is not None and info.path == select:
                self.table.selectRow(row)
        if not infos:
            self.message.setText("还没有备份。点击“立即备份”创建第一份。")
        self._update_buttons()

    def selected_backup(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        cell = self.table.item(rows[0].row(), 0) if rows else None
        return Path(cell.data(PATH_ROLE)) if cell is not None else None

    def select(self, path: Path) -> None:
        self.reload(select=path)

    def _update_buttons(self) -> None:
        idle = not self.working
        self.backup_button.setEnabled(idle)
        self.restore_button.setEnabled(idle and self.selected_backup() is not None)
        self.close_button.setEnabled(idle)

    def _set_working(self, working: bool, text: str = "") -> None:
        self.working = working
        if text:
            self._say(text)
        self._update_buttons()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_RED};" if error else "")
        self.message.setText(text)

    # ------------------------------------------------------------ actions

    def backup_now(self) -> None:
        self._set_working(True, "正在备份……")
        self.ops.write(  # on the writer: after every save queued before it; changes nothing
            lambda desk: (desk.backup_now("manual"), Changes()),
            parent=self,
            success=self._backed_up,
            failure=self._failed,
            expected=(Exception,),
        )

    def _backed_up(self, path: Path | None) -> None:
        if path is None:  # a register held in memory only (tests, a demo): no file to copy
            self._set_working(False, "这个登记册没有文件，无需备份。")
            return
        self._set_working(False, f"已备份：{path.name}")
        self.reload(select=path)

    def open_folder(self) -> None:
        self.folder_message = show_folder(desk_backups.folder(self.ops.desk), self, create=True)

    def restore_selected(self) -> None:
        chosen = self.selected_backup()
        if chosen is None:
            return
        info = next((i for i in desk_backups.infos(self.ops.desk) if i.path == chosen), None)
        when = _row_texts(info)[0] if info else chosen.name
        if self.shared:
            self._restore_into_new_database(chosen, when)
            return
        if not self.ask(
            "恢复备份",
            f"用 {when} 的备份替换当前登记册？\n\n"
            "当前数据会先另存为一份“恢复前”备份；恢复完成后，窗口会显示备份中的数据。",
        ):
            return
        self._set_working(True, "正在恢复……")
        self.ops.write(
            lambda desk: desk_restore.restore_file(desk, chosen),
            parent=self,
            success=self._restored,
            failure=self._failed,
            expected=(Exception,),
            replaces_register=True,
        )

    def _restore_into_new_database(self, chosen: Path, when: str) -> None:
        name = self.ask_name(desk_backups.suggested_database(self.ops.desk))
        if not name:
            return
        if not self.ask(
            "恢复备份",
            f"把 {when} 的备份恢复到服务器上的新数据库 {name}，然后本机改用它？\n\n"
            "正在使用的数据库不会被改动，其他经办人需要在设置中改用新数据库。",
        ):
            return
        self._set_working(True, "正在恢复到新数据库……")
        self.ops.write(
            lambda desk: desk_restore.restore_to_new_database(desk, chosen, name),
            parent=self,
            success=lambda done: self._set_working(False, done.describe()),
            failure=self._failed,
            expected=(Exception,),
            replaces_register=True,
        )

    def _restored(self, safety: Path | None) -> None:
        kept = f"恢复前的数据已另存为：{safety.name}" if safety else "恢复前没有可保存的数据"
        self._set_working(False, f"已恢复所选备份。{kept}")
        self.reload(select=safety)

    def _failed(self, error: Exception) -> None:
        self._set_working(False)
        self._say(f"操作未完成，登记册未作修改：{error}", error=True)
        self.reload()

    def reject(self) -> None:
        if not self.working:  # a backup or restore is running: its outcome must be seen
            super().reject()

    def _ask(self, title: str, text: str) -> bool:
        return confirm(self, title, text)  # 否 is the default answer

    def _ask_name(self, suggested: str) -> str | None:
        name, ok = QInputDialog.getText(
            self,
            "恢复到新数据库",
            "新数据库的名称（小写字母、数字和下划线）：",
            text=suggested,
        )
        return name.strip() if ok and name.strip() else None


def _row_texts(info: BackupInfo) -> list[str]:
    made = info.made_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return [made, info.reason_label, size_text(info.size), info.path.name]


def open_backup_dialog(window) -> BackupDialog:
    """文件 → 备份与恢复…: the dialog over the main window's register; pages reload after a restore."""
    dialog = BackupDialog(window.ops, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    reports = window.built_page("报表")
    if reports is not None:
        # the last-import line belongs to the restored file
        def reload_reports(changes: Changes, _initiator: object = None) -> None:
            reports.reload()

        window.ops.changed.connect(reload_reports)
        dialog.finished.connect(lambda _result: window.ops.changed.disconnect(reload_reports))
    dialog.open()  # window-modal; the menu returns at once
    return dialog
