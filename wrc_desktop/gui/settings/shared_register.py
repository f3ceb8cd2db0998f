"""设置 → 共享登记册: use one register on the office's PostgreSQL server instead of this computer's file.

The server, port, database, user and TLS mode are saved in the data folder
(:mod:`wrc_desktop.desk.server`); the password goes to the system's credential
store (keyring) and never into a file. "测试连接" reaches the server on a background
worker; the switch takes effect at the next start (the open register stays as it is).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...desk import server as desk_server
from ...desk.server import ServerSettings
from ...failures import user_message
from ..doors.operations import RegisterOps
from ..doors.writer import tasks
from ..widgets.unsaved import UnsavedGuard
from .common import StatusLine, note

SSL_LABELS = {
    "disable": "不加密（disable）",
    "prefer": "可加密则加密（prefer，默认）",
    "require": "必须加密（require）",
    "verify-ca": "加密并验证服务器证书（verify-ca）",
    "verify-full": "加密并验证证书与服务器名（verify-full）",
}


class SharedRegisterTab(QWidget):
    def __init__(self, ops: RegisterOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        box = QGroupBox("共享登记册（PostgreSQL 服务器）")
        self.enabled = QCheckBox("使用办公室服务器上的共享登记册（多位经办人同时使用）")
        self.host = QLineEdit()
        self.host.setPlaceholderText("如 192.168.1.10 或 hr-server")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.user.setPlaceholderText("您在服务器上的数据库用户名")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("只保存在系统的凭据管理器中，不写入任何文件")
        self.clerk = QLineEdit()
        self.clerk.setPlaceholderText(
            "只作显示，写在数据库用户名旁边；记录中的经办人始终是数据库用户名"
        )
        self.sslmode = QComboBox()
        for mode, label in SSL_LABELS.items():
            self.sslmode.addItem(label, mode)
        form = QFormLayout()
        form.addRow(self.enabled)
        # Server and port on one line, as in an address: the tab fits a laptop at 150 %.
        server = QHBoxLayout()
        server.addWidget(self.host, 1)
        server.addWidget(QLabel("端口"))
        server.addWidget(self.port)
        form.addRow("服务器", server)
        form.addRow("数据库", self.database)
        form.addRow("用户", self.user)
        form.addRow("密码", self.password)
        form.addRow("加密连接", self.sslmode)
        form.addRow("您的姓名", self.clerk)
        self.test_button = QPushButton("测试连接")
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton("保存")
        self.save_button.clicked.connect(self.save)
        self.move_button = QPushButton("迁移到办公室服务器…")
        self.move_button.setToolTip(
            "把本机的登记册完整复制到服务器上的空数据库（与 wrc db copy 相同）"
        )
        self.move_button.clicked.connect(self.move_to_server)
        buttons = QHBoxLayout()
        buttons.addWidget(self.move_button)
        buttons.addStretch(1)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        self.status = StatusLine()
        inner = QVBoxLayout(box)
        inner.addWidget(
            note(
                f"当前登记册：{ops.desk.location}。"
                "保存后下次启动时生效；把本机的登记册搬到服务器上，请用“迁移到办公室服务器…”。"
            )
        )
        inner.addLayout(form)
        inner.addLayout(buttons)
        inner.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        self.unsaved = UnsavedGuard(self, self._entered, save=self.save)
        self.show_saved()

    def show_saved(self) -> None:
        """The settings as saved on this computer (and nothing typed left over)."""
        saved = desk_server.load_settings()
        self.enabled.setChecked(saved.enabled)
        self.host.setText(saved.host)
        self.port.setValue(saved.port)
        self.database.setText(saved.database)
        self.user.setText(saved.user)
        self.password.clear()
        self.clerk.setText(saved.clerk)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(saved.sslmode)))
        self.unsaved.loaded()

    def discard_edits(self) -> None:
        self.show_saved()

    def _entered(self) -> tuple[ServerSettings, str]:
        return self.values(), self.password.text()

    def move_to_server(self) -> None:
        """The assistant; when the clerk chose to use the server here, this form shows it."""
        from .server_move import MoveToServerWizard

        self.mover = MoveToServerWizard(self.ops, SSL_LABELS, self)
        self.mover.switched.connect(lambda _settings: self.show_saved())
        self.mover.open()

    def values(self) -> ServerSettings:
        return ServerSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            sslmode=self.sslmode.currentData(),
            enabled=self.enabled.isChecked(),
            clerk=self.clerk.text().strip()[:60],
        )

    def _problem(self, chosen: ServerSettings) -> str | None:
        missing = [
            label
            for label, value in (
                ("服务器", chosen.host),
                ("数据库", chosen.database),
                ("用户", chosen.user),
            )
            if not value
        ]
        return f"请填写{'、'.join(missing)}" if missing else None

    def save(self) -> bool:
        chosen = self.values()
        problem = self._problem(chosen) if chosen.enabled else None
        if problem:
            self.status.error(problem)
            return False
        if self.password.text():
            try:
                desk_server.store_password(chosen.url(), self.password.text())
            except Exception as error:  # noqa: BLE001 - no credential store on this computer
                self.status.error(
                    f"密码未能保存到系统凭据管理器（{type(error).__name__}），其他设置未保存"
                )
                return False
            self.password.clear()
        desk_server.save_settings(chosen)
        self.unsaved.loaded()
        self.status.ok(
            "已保存；下次启动时生效" if chosen.enabled else "已保存：下次启动时使用本机登记册"
        )
        return True

    def test_connection(self) -> None:
        chosen = self.values()
        problem = self._problem(chosen)
        if problem:
            self.status.error(problem)
            return
        url = desk_server.normalise(chosen.url())
        password = self.password.text() or None
        if password:
            url = url.set(password=password)
        self.test_button.setEnabled(False)
        self.status.warn("正在连接…")

        def reach() -> str:
            return desk_server.check_connection(url)

        def reached(role: str) -> None:
            self.test_button.setEnabled(True)
            self.status.ok(f"连接成功：以用户 {role} 连接到 {desk_server.masked(url)}")

        def failed(error: Exception) -> None:
            self.test_button.setEnabled(True)
            reason = desk_server.connection_problem(error)
            self.status.error(
                f"无法连接 {desk_server.masked(url)}：{reason}" if reason else user_message(error)
            )

        tasks().submit(reach, reached, failed)
