"""``wrc-desktop --self-check``: proves an installed or bundled app has everything it needs.

Opens (creating or upgrading) the register this copy is set to use — the shared
server when one is configured, else the data folder's file — and reads its schema
revision, loads every district policy and
the wage table, parses the fonts and renders one form, then reports. Used by
CI on the PyInstaller bundle and by a clerk's IT person after installing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from . import paths


def run_self_check(report: Callable[[str], None] = print) -> int:
    """0 when every check passed; each check reports one line."""
    failures = 0
    for label, check in _CHECKS:
        started = time.perf_counter()
        try:
            detail = check()
        except Exception as error:  # noqa: BLE001 - a self-check reports every failure and goes on
            failures += 1
            report(f"失败  {label}：{type(error).__name__}: {error}")
        else:
            report(f"通过  {label}：{detail}（{(time.perf_counter() - started) * 1000:.0f} ms）")
    report("自检通过" if failures == 0 else f"自检失败：{failures} 项")
    return 0 if failures == 0 else 1


def _database() -> str:
    """The register this copy is set to use: the shared server when one is configured (reached,
    its schema revision read), else the data folder's file."""
    from sqlmodel import func, select

    from .store import migrations
    from .store.db import open_configured
    from .store.models import Holder

    register = open_configured()
    try:
        with register.session() as session:
            holders = session.exec(select(func.count()).select_from(Holder)).one()
            clerk = str(session.connection().info.get("login") or "")
        revision = migrations.current_revision(register.engine)
    finally:
        register.close()
    if revision != migrations.SCHEMA_HEAD:
        raise RuntimeError(
            f"{register.location} 的结构版本为 {revision}，本程序需要 {migrations.SCHEMA_HEAD}"
        )
    where = (
        f"共享登记册 {register.location}（以用户 {clerk} 连接）"
        if register.shared
        else str(register.location)
    )
    return f"{where}，结构版本 {revision}，{holders} 名持证人"


def _policies() -> str:
    from .rules.income import load_wages
    from .rules.policy import all_policies

    policies = all_policies(overrides=paths.overrides_dir())
    wages = load_wages(paths.overrides_dir())
    return f"{len(policies)} 个区的政策，{len(wages)} 个年度的平均工资"


def _fonts_and_form() -> str:
    from .documents import blank_context, load_form, preload, render_pdf

    preload()
    pdf = render_pdf(load_form("declaration"), [blank_context()])
    if not pdf.startswith(b"%PDF"):
        raise RuntimeError("生成的文件不是 PDF")
    return f"字体已加载，空白《诚信声明》{len(pdf) // 1024} KB"


_CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("登记册数据库", _database),
    ("政策与工资数据", _policies),
    ("字体与表格", _fonts_and_form),
]
