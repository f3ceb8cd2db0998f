"""The register as an SQLite file in the data folder: checked before anything writes to it,
backed up before a migration changes it, and never created anew where one went missing."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from . import backup, engines, migrations

log = logging.getLogger("wrc.store")

SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseUnavailable(RuntimeError):
    """The register file cannot be used; the message says why and which backup to restore.

    ``newest``: the newest backup that passes SQLite's quick check, looked up when not
    given (pass the one an earlier refusal found, so a refusal repeated for every session
    does not check the backups again).
    """

    def __init__(
        self, path: Path, reason: str, backups: Path, *, newest: Path | None | bool = False
    ) -> None:
        self.path = path
        self.reason = reason
        self.backups = backups
        self.newest = _newest_good_backup(backups) if newest is False else newest
        where = (
            f"最新的完好备份是 {self.newest}，可在“文件 → 备份与恢复”中恢复"
            if isinstance(self.newest, Path)
            else f"备份文件夹 {backups} 中没有可用的备份"
        )
        super().__init__(
            f"无法打开登记册数据库 {path}：{reason}。该文件不会被覆盖或修改；{where}，或联系技术人员。"
        )


def _newest_good_backup(backups_dir: Path) -> Path | None:
    try:
        return next(
            (p for p in backup.list_backups(backups_dir) if not _quick_problem(p)),
            None,
        )
    except OSError:
        return None


def _quick_problem(path: Path) -> str | None:
    try:
        return backup.integrity_problem(path, quick=True)
    except backup.DatabaseAccessError as error:
        return str(error)


def check_database_file(path: Path, backups_dir: Path, *, quick: bool = False) -> None:
    """Refuse a file that is not a healthy SQLite database, before anything writes to it.

    An empty file is a new register only where there is nothing to lose: with backups
    beside it, it is a register that was emptied (a failed copy or sync), and it is refused
    naming the newest good backup instead of being silently started anew.
    """
    if not path.exists():
        return
    if not path.is_file():
        raise DatabaseUnavailable(path, "这不是一个普通文件（是文件夹或设备）", backups_dir)
    if path.stat().st_size == 0:
        if backup.list_backups(backups_dir):
            raise DatabaseUnavailable(
                path, "文件是空的（0 字节），可能在复制、同步或磁盘故障时被清空", backups_dir
            )
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseUnavailable(
            path, f"文件无法读取（{error.strerror or error}）", backups_dir
        ) from error
    if header != SQLITE_HEADER:
        raise DatabaseUnavailable(
            path, "文件不是 SQLite 数据库（可能已损坏或被其他程序改写）", backups_dir
        )
    problem = backup.integrity_problem(path, quick=quick)  # quick: SQLite's quick check
    if problem:
        raise DatabaseUnavailable(path, f"数据库完整性检查未通过（{problem}）", backups_dir)
    # A newer program's register: not damaged, so no backup is offered (restoring an
    # older one would lose the newer program's work); the clerk needs that program.
    migrations.refuse_newer(schema_revision(path), f"登记册 {path} ")


def schema_revision(path: Path) -> str | None:
    """The file's schema revision, read through a read-only connection (nothing is written);
    None for a missing, empty or unreadable file, or one with no revision yet."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def open_file_engine(path: Path, backups_dir: Path, *, quick_check: bool = False) -> Engine:
    check_database_file(path, backups_dir, quick=quick_check)
    had_data = path.exists() and path.stat().st_size > 0
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = engines.make_engine(f"sqlite:///{path}")
    try:
        migrations.upgrade(
            engine,
            before_migrating=(lambda: _backup_before_migration(path, backups_dir))
            if had_data
            else None,
        )
    except Exception:
        engine.dispose()
        raise
    return engine


def refusing_engine(path: Path, backups_dir: Path) -> Engine:
    """An engine whose every connection fails: the file is missing and must not be created anew."""

    def refuse():
        raise DatabaseUnavailable(path, "数据库文件不存在", backups_dir)

    return create_engine("sqlite://", creator=refuse)


def _backup_before_migration(path: Path, backups_dir: Path) -> None:
    target = backup.make_backup(path, backups_dir, reason="pre-migration")
    log.info("backed up %s to %s before migrating", path, target)
