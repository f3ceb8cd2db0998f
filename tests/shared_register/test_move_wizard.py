"""设置 → 共享登记册 → 迁移到办公室服务器: the copy of ``wrc db copy`` with a clerk's steps."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.conftest import TODAY
from tests.helpers import desk_over
from tests.shared_register.office import ADMIN, OWNER
from wrc_desktop.desk import admin
from wrc_desktop.gui.doors.operations import RegisterOps
from wrc_desktop.gui.settings.server_move import CHECK_PAGE, COPY_PAGE, MoveToServerWizard
from wrc_desktop.gui.settings.shared_register import SSL_LABELS
from wrc_desktop.store import engines, register_copy
from wrc_desktop.store.db import open_url

MOVER, RIGHT = "office_mover", "Right-Pw-7731"


def _wizard(register, qtbot, url: str, *, user: str, password: str = "") -> MoveToServerWizard:
    parsed = engines.normalise(url)
    wizard = MoveToServerWizard(RegisterOps(desk_over(register, TODAY)), SSL_LABELS)
    qtbot.addWidget(wizard)
    wizard.server.host.setText(parsed.host)
    wizard.server.port.setValue(parsed.port)
    wizard.server.database.setText(parsed.database)
    wizard.server.sslmode.setCurrentIndex(wizard.server.sslmode.findData("disable"))
    wizard.sign_in.user.setText(user)
    wizard.sign_in.password.setText(password)
    wizard.show()
    wizard.next()
    wizard.next()  # the check starts as its page opens
    assert wizard.currentId() == CHECK_PAGE
    return wizard


def _settled(qtbot, status) -> str:
    qtbot.waitUntil(lambda: status.text() and not status.text().startswith("正在"), timeout=30_000)
    return status.text()


def _counts(url: str) -> dict[str, int]:
    register = open_url(url)
    try:
        with register.engine.connect() as connection:
            return register_copy.count_rows(connection)
    finally:
        register.close()


def test_the_assistant_copies_the_register_shows_the_counts_and_switches(
    demo_register, office, qtbot
):
    with demo_register.engine.connect() as connection:
        original = register_copy.count_rows(connection)
    wizard = _wizard(demo_register, qtbot, office.admin, user=ADMIN)
    assert "可以复制" in _settled(qtbot, wizard.checking.status)
    assert wizard.checking.ready.login == ADMIN

    wizard.next()
    assert wizard.currentId() == COPY_PAGE
    assert "两侧一致" in _settled(qtbot, wizard.copying.status)
    table = wizard.copying.counts
    shown = {
        table.item(row, 0).text(): (table.item(row, 1).text(), table.item(row, 2).text())
        for row in range(table.rowCount())
    }
    assert shown["holder"] == ("200", "200")
    assert {name: int(source) for name, (source, _) in shown.items()} == original
    assert _counts(office.admin) == original  # the same rows on the server

    wizard.next()
    wizard.switch.user.setText("zhangsan")
    wizard.accept()
    assert engines.configured_url() == engines.normalise(office.zhangsan).set(
        query={"sslmode": "disable"}
    ).render_as_string(hide_password=False)


def test_a_target_with_rows_is_refused_before_anything_is_copied(demo_register, office, qtbot):
    desk = desk_over(demo_register, TODAY)
    admin.copy_register_to(desk, office.admin)  # someone copied there already
    before = _counts(office.admin)
    wizard = _wizard(demo_register, qtbot, office.admin, user=ADMIN)
    message = _settled(qtbot, wizard.checking.status)
    assert "不是空的" in message and "\n" not in message
    assert not wizard.checking.isComplete()  # 下一步 stays off: no copy can start
    assert _counts(office.admin) == before


def test_a_clerk_login_is_told_only_the_administrator_copies(demo_register, office, qtbot):
    wizard = _wizard(demo_register, qtbot, office.zhangsan, user="zhangsan")
    message = _settled(qtbot, wizard.checking.status)
    assert "管理员" in message and not wizard.checking.isComplete()


@pytest.fixture
def password_only_login(office, pg_cluster):
    """An administrator login the server lets in only with its password (scram), as an office's
    pg_hba.conf does; the test cluster trusts everyone else."""
    with pg_cluster.admin() as connection:
        exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (MOVER,))
        if exists.fetchone() is None:
            connection.execute(f"CREATE ROLE {MOVER} LOGIN PASSWORD '{RIGHT}' IN ROLE {OWNER}")
        hba = Path(connection.execute("SHOW hba_file").fetchone()[0])
        if not hba.exists() or not hba.is_file():
            pytest.skip("the server's pg_hba.conf is not on this machine")
        original = hba.read_text(encoding="utf-8")
        hba.write_text(f"host all {MOVER} 127.0.0.1/32 scram-sha-256\n{original}", "utf-8")
        connection.execute("SELECT pg_reload_conf()")
    try:
        yield office.admin.replace(f"//{ADMIN}@", f"//{MOVER}@", 1)
    finally:
        hba.write_text(original, encoding="utf-8")
        with pg_cluster.admin() as connection:
            connection.execute("SELECT pg_reload_conf()")


def test_a_wrong_password_is_one_line_without_the_password(
    demo_register, password_only_login, qtbot, caplog
):
    wrong = "Wrong-Pw-5519"
    wizard = _wizard(demo_register, qtbot, password_only_login, user=MOVER, password=wrong)
    message = _settled(qtbot, wizard.checking.status)
    assert "密码错误" in message and "\n" not in message
    assert wrong not in message and wrong not in caplog.text
    assert not wizard.checking.isComplete()

    right = _wizard(demo_register, qtbot, password_only_login, user=MOVER, password=RIGHT)
    assert "可以复制" in _settled(qtbot, right.checking.status)
    QApplication.processEvents()
