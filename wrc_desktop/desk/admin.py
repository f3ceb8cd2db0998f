"""The register's administration (``wrc db …``): which register this copy uses, its schema,
copying it into another database, a demo register, the server password.

Some of these run before there is a register to open (the password, choosing the server,
probing the schema before an upgrade): they are module functions that read the configured
address themselves. The others take the :class:`Desk` over the open register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from .. import paths
from ..rules.errors import WrcError
from ..store import engines, migrations
from ..store.db import Register, open_register, open_url
from ..store.register_copy import TableCount, copy_register, refuse_unless_empty, tables
from .core import Desk

__all__ = [
    "CopyDone",
    "RegisterStatus",
    "SchemaUpgrade",
    "TableCount",
    "TargetReady",
    "check_target",
    "copy_register_to",
    "copy_to",
    "location",
    "open_for_command",
    "register_tables",
    "save_password",
    "server_login",
    "status",
    "upgrade",
    "use_database_url",
]


def use_database_url(url: str | None) -> None:
    """The register given on the command line (``--database-url``) for the rest of the process."""
    engines.set_database_url(url)


def open_for_command(today: dt.date | None = None) -> Desk:
    """The configured register for one command: SQLite's quick check of the file (the full
    check belongs to the window's start and the daily backup), and on a shared register the
    other clerks' windows are told what the command wrote when it closes."""
    desk = Desk.open(today=today, quick_check=True)
    desk.announce_writes_on_close()
    return desk


def location(desk: Desk) -> str:
    """The register as the clerk may read it: its file's path, or the server's address
    without its password."""
    return desk.location


# ------------------------------------------------------------ status and schema


@dataclass(frozen=True)
class RegisterStatus:
    location: str  # a path, or the server's address without its password
    engine: str
    revision: str | None
    newest: str
    clerk: str  # the login every row this copy writes records
    display_name: str  # the clerk's display name when it differs from the login

    def as_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "engine": self.engine,
            "revision": self.revision,
            "newest": self.newest,
            "clerk": self.clerk,
            "display_name": self.display_name,
        }


def status(desk: Desk) -> RegisterStatus:
    """Which register this copy uses, its engine and schema revision, and who writes."""
    register = desk._register
    with register.engine.connect() as connection:
        clerk = connection.info.get("clerk", "")
        display = connection.info.get("display", "")
    return RegisterStatus(
        location=register.location,
        engine="PostgreSQL（共享）" if register.shared else "SQLite（本机文件）",
        revision=migrations.current_revision(register.engine),
        newest=migrations.SCHEMA_HEAD,
        clerk=clerk,
        display_name=display if display != clerk else "",
    )


@dataclass(frozen=True)
class SchemaUpgrade:
    location: str
    before: str | None  # None: not known before opening (a file is backed up and migrated on open)
    after: str | None

    @property
    def already_newest(self) -> bool:
        return self.before is not None and self.before == self.after


def upgrade() -> SchemaUpgrade:
    """Bring the configured register's schema up to this program's (opening it migrates it:
    a file after a backup; a shared register only by its administrator)."""
    url = engines.configured_url()
    before = _revision_at(url) if url else None
    desk = open_for_command()
    try:
        after = migrations.current_revision(desk._register.engine)
        location = desk.location
    finally:
        desk.close()
    return SchemaUpgrade(location, before, after)


def _revision_at(url: str) -> str | None:
    """The schema revision of the server's register before it is opened (None: not readable
    now; opening it will say why in Chinese)."""
    probe = engines.make_engine(url)
    try:
        return migrations.current_revision(probe)
    except Exception:  # noqa: BLE001 - opening the register reports the reason
        return None
    finally:
        probe.dispose()


# ------------------------------------------------------------ copying the register


@dataclass(frozen=True)
class CopyDone:
    source: str
    target: str
    counts: list[TableCount]


def copy_to(target_text: str) -> CopyDone:
    """The configured register copied whole into the empty database at ``target_text``, all or
    nothing (a shared register, in or out: its administrator's work)."""
    engines.normalise(target_text)  # a bad address says so before anything opens
    desk = open_for_command()
    try:
        return copy_register_to(desk, target_text)
    finally:
        desk.close()


def copy_register_to(
    desk: Desk,
    target: str | URL,
    *,
    password: str | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> CopyDone:
    """``desk``'s register copied whole into the empty database at ``target`` (``wrc db copy``
    and the settings' 迁移到办公室服务器 both copy here). ``password`` signs in to the
    target without putting it in the address; ``progress(table, rows)`` after each table."""
    target_url = _with_password(engines.normalise(target), password)
    source = desk._register
    _administrator_only(source, "复制共享登记册")
    opened = _open_target(target_url)
    try:
        _administrator_only(opened, "复制到共享登记册")
        counts = copy_register(
            source.engine, opened.engine, target_label=opened.location, progress=progress
        )
    finally:
        opened.close()
    return CopyDone(source.location, opened.location, list(counts))


@dataclass(frozen=True)
class TargetReady:
    location: str  # the target's address, without its password
    login: str  # whom the server let in: its administrator


def check_target(target: str | URL, *, password: str | None = None) -> TargetReady:
    """Whether the copy can go to ``target``: reachable, signed in as its administrator, and
    empty (its schema brought to this program's first, as the copy does); raises otherwise,
    in one Chinese line without the password."""
    from ..store import unit_access

    opened = _open_target(_with_password(engines.normalise(target), password))
    try:
        _administrator_only(opened, "复制到共享登记册")
        with opened.engine.connect() as connection:
            refuse_unless_empty(connection, opened.location)
            login = unit_access.clerk_of(connection)
        return TargetReady(opened.location, login)
    finally:
        opened.close()


def register_tables() -> list[str]:
    """The tables a copy goes through, in its order (one step of its progress each)."""
    return [table.name for table in tables()]


def _with_password(url: URL, password: str | None) -> URL:
    return url.set(password=password) if password else url


def _administrator_only(register: Register, what: str) -> None:
    # Loaded by the administration that needs it, not by every command that opens a register.
    from ..store import unit_access

    with register.engine.connect() as connection:
        unit_access.require_administrator(connection, what)


def _open_target(url: URL) -> Register:
    if engines.is_shared(url):
        return open_url(url.render_as_string(hide_password=False), paths.backups_dir())
    if not url.database:
        raise WrcError("目标 SQLite 地址缺少文件路径（应为 sqlite:///文件路径）")
    target = Path(url.database).expanduser()
    if target.resolve() == paths.database_path().resolve() and not engines.configured_url():
        raise WrcError("目标文件就是当前登记册本身，不能复制到自己")
    return open_register(target, paths.backups_dir())


# ------------------------------------------------------------ the server password


def server_login() -> str:
    """The login of the configured shared register (whose password is to be kept)."""
    return _shared_url().username or ""


def save_password(secret: str) -> None:
    """Keep the password of :func:`server_login` in the OS credential store (never in a file)."""
    url = _shared_url()
    if not secret:
        raise WrcError("密码为空，未保存")
    try:
        engines.store_password(url, secret)
    except Exception as error:  # noqa: BLE001 - no credential store on this machine
        raise WrcError(
            f"无法保存到系统凭据管理器（{type(error).__name__}）；可改用 PGPASSWORD 环境变量"
        ) from None


def _shared_url() -> URL:
    url = engines.configured_url()
    if not url or not engines.is_shared(url):
        raise WrcError("当前未使用共享登记册；请先用 --database-url 或 WRC_DATABASE_URL 指定服务器")
    parsed = engines.normalise(url)
    if not parsed.username:
        raise WrcError("共享登记册地址中没有用户名（应为 postgresql://用户@服务器/数据库）")
    return parsed
