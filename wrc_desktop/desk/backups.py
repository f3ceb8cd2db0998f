"""The register's backups as the backup dialog and ``wrc db backup/restore`` see them: the data
folder's file, or the shared register's server (``pg_dump`` or the app's own export), made and
pruned to the number the clerk keeps, and restoring a server's backup.

A server's backup is never restored over the live database: it goes into a new database on
the same server, and then this copy switches to it (the other clerks are told to, too).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..rules.errors import WrcError
from ..store import backup, engines, pg_backup, server_settings
from ..store.backup import BackupInfo
from .core import Desk

__all__ = [
    "BackupInfo",
    "BackupMade",
    "ServerRestore",
    "back_up",
    "folder",
    "infos",
    "restore_server_backup",
    "restore_to_new_database",
    "suggested_database",
]


@dataclass(frozen=True)
class BackupMade:
    location: str  # the register backed up, as the clerk may read it (no password)
    path: Path


def back_up(desk: Desk, reason: str = "manual") -> BackupMade:
    """A backup now, then the oldest pruned to the number the clerk keeps (``backups_kept`` of
    the preferences) — the window's and a scheduled ``wrc db backup`` alike, so neither fills
    the disk. Refused when the register has no file to copy (an in-memory one)."""
    made = desk.backup_now(reason)
    if made is None:
        raise WrcError("此登记册没有可备份的文件")
    return BackupMade(desk.location, made)


def infos(desk: Desk) -> list[BackupInfo]:
    """The backups of this copy's register, newest first."""
    register = desk._register
    if register.shared and register.url:
        return pg_backup.backup_infos(register.backups_dir, register.url)
    return backup.backup_infos(register.backups_dir)


def folder(desk: Desk) -> Path:
    register = desk._register
    if register.shared and register.url:
        return pg_backup.folder(register.backups_dir, register.url)
    return register.backups_dir


def suggested_database(desk: Desk) -> str:
    return pg_backup.suggested_name(desk._register.url or "")


@dataclass(frozen=True)
class ServerRestore:
    location: str  # the new database, as the clerk may read it (no password)
    kept: bool  # this copy's settings now name it (else only until the copy is closed)

    def describe(self) -> str:
        then = (
            "本机今后也使用它。"
            if self.kept
            else "本机在本次运行中使用它；下次启动前请把登记册地址改为它。"
        )
        return (
            f"已把备份恢复到新数据库 {self.location}，原数据库未改动；{then}"
            "请其他经办人也在“设置 → 共享登记册”中改用这个数据库。"
        )


def restore_to_new_database(desk: Desk, chosen: Path, new_database: str) -> ServerRestore:
    """Restore a server backup into ``new_database`` on the same server, then switch to it."""
    register = desk._register
    live = register.url or ""
    new_url = pg_backup.restore_as_new_database(chosen, live, new_database.strip())
    register.switch_to(new_url)
    desk.rules_changed()  # the lead times are the restored register's
    kept = server_settings.follow_restore(live, new_url)
    return ServerRestore(engines.masked(new_url), kept)


def restore_server_backup(chosen: Path, new_database: str) -> ServerRestore:
    """``wrc db restore``: a server backup into ``new_database`` on the configured shared
    register's server, without opening the live register (it may be the one that is broken);
    this copy's settings follow it when they named the live one."""
    live = engines.configured_url()
    if not live or not engines.is_shared(live):
        raise WrcError(
            "当前未使用共享登记册；本机登记册请在窗口的“备份与恢复”中恢复（恢复前会自动备份）"
        )
    if not chosen.is_file():
        raise WrcError(f"备份文件不存在：{chosen}")
    new_url = pg_backup.restore_as_new_database(chosen, live, new_database.strip())
    kept = server_settings.follow_restore(live, new_url)
    return ServerRestore(engines.masked(new_url), kept)
