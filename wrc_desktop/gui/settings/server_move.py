"""设置 → 共享登记册 → 迁移到办公室服务器…: this computer's register copied to the office's server.

The steps of ``wrc db copy --to 地址`` without the command line: where the server is, signing
in as the shared register's administrator (the only login the copy is allowed to — README,
共享登记册), a check that the server answers and its register is empty, the copy itself
(:func:`wrc_desktop.desk.admin.copy_register_to`, the command's own function) with its
progress, the rows of each table on both sides, and at the end the offer to use the server
on this computer from the next start (the setting the 共享登记册 form saves).

The password is kept in a password field and handed to the desk beside the address; it is
never shown, logged or put into a message (the desk's messages mask the address).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ...desk import admin as desk_admin
from ...desk import server as desk_server
from ...desk.admin import CopyDone, TableCount, TargetReady
from ...desk.server import ServerSettings
from ...failures import user_message
from ..doors.operations import RegisterOps
from ..doors.progress import Progress
from ..widgets.screen_fit import fit_to_screen
from .common import StatusLine, note, read_only_item

SERVER_PAGE, SIGN_IN_PAGE, CHECK_PAGE, COPY_PAGE, SWITCH_PAGE = range(5)
ADMIN_HINT = "共享登记册的管理员（如 wrc_admin，唯一属于所有者角色的登录）"


class ServerPage(QWizardPage):
    """Where the office's server is: the address, port, database and encrypted connection."""

    def __init__(self, saved: ServerSettings, ssl_labels: dict[str, str]) -> None:
        super().__init__()
        self.setTitle("1. 办公室服务器")
        self.setSubTitle("把本机的登记册完整复制到服务器上一个新建的空数据库（只需一人做一次）。")
        self.host = QLineEdit(saved.host)
        self.host.setPlaceholderText("如 192.168.1.10 或 hr-server")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(saved.port)
        self.database = QLineEdit(saved.database)
        self.sslmode = QComboBox()
        for mode, label in ssl_labels.items():
            self.sslmode.addItem(label, mode)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(saved.sslmode)))
        server = QHBoxLayout()
        server.addWidget(self.host, 1)
        server.addWidget(QLabel("端口"))
        server.addWidget(self.port)
        form = QFormLayout(self)
        form.addRow("服务器", server)
        form.addRow("数据库", self.database)
        form.addRow("加密连接", self.sslmode)
        for edit in (self.host, self.database):
            edit.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.host.text().strip() and self.database.text().strip())


class SignInPage(QWizardPage):
    """The administrator's login and password (the password only in this field)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("2. 以管理员身份登录")
        self.setSubTitle("复制到共享登记册只能由其管理员进行；经办人的登录会被拒绝。")
        self.user = QLineEdit()
        self.user.setPlaceholderText(ADMIN_HINT)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("只用于这次复制，不显示、不写入任何文件或日志")
        form = QFormLayout(self)
        form.addRow("管理员用户", self.user)
        form.addRow("密码", self.password)
        self.user.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.user.text().strip())


class CheckPage(QWizardPage):
    """The server answers, the login is its administrator, and the register there is empty."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("3. 检查服务器")
        self.setSubTitle("连接服务器，确认以管理员登录，并确认目标登记册是空的。")
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.ready: TargetReady | None = None
        # Its 下一步 starts the copy: no way back, as the server is no longer empty after it.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "开始复制")

    def initializePage(self) -> None:
        self.ready = None
        self.status.warn("正在连接服务器并检查……")
        self.completeChanged.emit()
        _mover(self).check_target(self._checked, self._refused)

    def _checked(self, ready: TargetReady) -> None:
        self.ready = ready
        self.status.ok(
            f"可以复制：以管理员 {ready.login} 连接到 {ready.location}，目标登记册是空的。"
        )
        self.completeChanged.emit()

    def _refused(self, message: str) -> None:
        self.status.error(message)

    def isComplete(self) -> bool:
        return self.ready is not None


class CopyPage(QWizardPage):
    """The copy with its progress, then the rows of each table on both sides."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("4. 复制登记册")
        self.setSubTitle("在一个事务中复制：要么全部复制，要么什么都不写。")
        self.status = StatusLine()
        self.counts = QTableWidget(0, 3)
        self.counts.setHorizontalHeaderLabels(["表", "本机行数", "服务器行数"])
        self.counts.verticalHeader().setVisible(False)
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.counts.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.counts.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.counts, 1)
        self.done: CopyDone | None = None

    def initializePage(self) -> None:
        if self.done is None:
            self.status.warn("正在复制……")
            _mover(self).copy(self._copied, self._failed)

    def _copied(self, done: CopyDone) -> None:
        self.done = done
        show_counts(self.counts, done.counts)
        total = sum(count.source for count in done.counts)
        self.status.ok(f"已复制到 {done.target}：合计 {total} 行，两侧一致。")
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.status.error(message)

    def isComplete(self) -> bool:
        return self.done is not None


class SwitchPage(QWizardPage):
    """Offer to use the server on this computer from the next start (the 共享登记册 setting)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("5. 本机改用服务器")
        self.use_server = QCheckBox("下次启动时，本机改用服务器上的共享登记册")
        self.use_server.setChecked(True)
        self.user = QLineEdit()
        self.user.setPlaceholderText("本机以后连接服务器所用的数据库用户名（如您自己的经办人登录）")
        form = QFormLayout()
        form.addRow(self.use_server)
        form.addRow("本机登录用户", self.user)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            note(
                "完成后，在“设置 → 共享登记册”中为该用户保存密码并测试连接；"
                "其他经办人在各自的电脑上填写同一服务器和自己的用户名。"
            )
        )
        layout.addStretch(1)


def _mover(page: QWizardPage) -> MoveToServerWizard:
    """The page's wizard (asked of Qt, not kept: a page keeping its wizard would be a cycle)."""
    wizard = page.wizard()
    assert isinstance(wizard, MoveToServerWizard)
    return wizard


def show_counts(table: QTableWidget, counts: list[TableCount]) -> None:
    table.setRowCount(len(counts))
    for row, count in enumerate(counts):
        for column, text in enumerate((count.table, str(count.source), str(count.target))):
            table.setItem(row, column, read_only_item(text))
    table.show()


class MoveToServerWizard(QWizard):
    """Moving this computer's register to the office's server, step by step.

    ``switched`` carries the settings saved when the clerk chose to use the server here."""

    switched = Signal(object)

    def __init__(
        self, ops: RegisterOps, ssl_labels: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle("迁移到办公室服务器")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        for button, text in (
            (QWizard.WizardButton.NextButton, "下一步"),
            (QWizard.WizardButton.BackButton, "上一步"),
            (QWizard.WizardButton.FinishButton, "完成"),
            (QWizard.WizardButton.CancelButton, "取消"),
        ):
            self.setButtonText(button, text)
        saved = desk_server.load_settings()
        self.server = ServerPage(saved, ssl_labels)
        self.sign_in = SignInPage()
        self.checking = CheckPage()
        self.copying = CopyPage()
        self.switch = SwitchPage()
        for page_id, page in enumerate(
            (self.server, self.sign_in, self.checking, self.copying, self.switch)
        ):
            self.setPage(page_id, page)
        self.currentIdChanged.connect(self._entered)
        fit_to_screen(self, QSize(680, 560), centre=True)

    # ------------------------------------------------------------ the target

    def target(self) -> ServerSettings:
        """The server as the clerk typed it, signed in as its administrator (no password)."""
        return ServerSettings(
            host=self.server.host.text().strip(),
            port=self.server.port.value(),
            database=self.server.database.text().strip(),
            user=self.sign_in.user.text().strip(),
            sslmode=self.server.sslmode.currentData(),
            enabled=True,
        )

    def _entered(self, page_id: int) -> None:
        if page_id == SWITCH_PAGE and not self.switch.user.text():
            self.switch.user.setText(self.sign_in.user.text().strip())

    def check_target(
        self, checked: Callable[[TargetReady], object], refused: Callable[[str], object]
    ) -> None:
        url, password = self.target().url(), self.sign_in.password.text() or None
        self.ops.query(
            lambda _desk: desk_admin.check_target(url, password=password),
            success=checked,
            failure=lambda error: refused(user_message(error)),
            owner=self,
            long=True,
        )

    def copy(self, copied: Callable[[CopyDone], object], failed: Callable[[str], object]) -> None:
        url, password = self.target().url(), self.sign_in.password.text() or None
        tables = len(desk_admin.register_tables())
        progress = Progress("正在复制登记册……", tables)
        step = iter(range(1, tables + 1))

        def report(table: str, rows: int) -> None:
            progress.report(next(step, tables), label=f"已复制 {table}（{rows} 行）")
            progress.check()  # 取消: the copy's transaction rolls back, the server stays empty

        self.ops.query(
            lambda desk: desk_admin.copy_register_to(desk, url, password=password, progress=report),
            success=copied,
            failure=lambda error: failed(user_message(error)),
            owner=self,
            long=True,
            progress=progress,
            parent=self,
        )

    # ------------------------------------------------------------ the end

    def accept(self) -> None:
        """完成: this computer uses the server from the next start, when the clerk chose so."""
        if self.copying.done is not None and self.switch.use_server.isChecked():
            chosen = self.target()
            settings = ServerSettings(
                host=chosen.host,
                port=chosen.port,
                database=chosen.database,
                user=self.switch.user.text().strip() or chosen.user,
                sslmode=chosen.sslmode,
                enabled=True,
                clerk=desk_server.load_settings().clerk,
            )
            desk_server.save_settings(settings)
            self.switched.emit(settings)
        super().accept()
