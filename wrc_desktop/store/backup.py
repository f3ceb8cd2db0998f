"""Backups of the SQLite register through sqlite3's online backup API.

This is the one module that speaks SQLite directly: copying a live database
file safely needs its backup API and its integrity check.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

BACKUP_SUFFIX = ".sqlite3"
_NAME = re.compile(r"^wrc-(\d{8}-\d{6})-\d+-(.+)\.sqlite3$")

# Why a backup was made, as the 备份与恢复 dialog shows it.
REASONS = {
    "start": "启动时",
    "daily": "每日",
    "manual": "手动",
    "pre-migration": "数据库升级前",
    "pre-import": "导入前",
    "pre-undo": "撤销导入前",
    "pre-restore": "恢复前",
}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: dt.datetime  # UTC
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)


def make_backup(source: Path, backups_dir: Path, *, reason: str = "manual") -> Path:
    """Copy ``source`` to ``backups_dir/wrc-<UTC time>-<reason>.sqlite3`` and return the copy's path.

    The online backup API copies a consistent snapshot even while the app is
    writing. The copy is written under a temporary name and renamed when
    complete, so a half-written backup never looks like a good one.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"wrc-{stamp}-{reason}{BACKUP_SUFFIX}"
    partial = target.with_suffix(".partial")
    try:
        _copy_database(source, partial)
        _private(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)  # a failed copy leaves nothing behind
    return target


def _private(path: Path) -> None:
    """A backup holds everybody's data: readable by the user only (POSIX)."""
    if os.name == "posix":
        path.chmod(0o600)


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` at ``target`` through the online backup API."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def list_backups(backups_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backups_dir.exists():
        return []
    return sorted(backups_dir.glob(f"wrc-*{BACKUP_SUFFIX}"), key=lambda p: p.name, reverse=True)


def backup_infos(backups_dir: Path) -> list[BackupInfo]:
    """Backups with their time, reason and size, newest first."""
    infos = []
    for path in list_backups(backups_dir):
        match = _NAME.match(path.name)
        if match:
            made = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
            reason = match.group(2)
        else:
            made = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
            reason = "manual"
        infos.append(BackupInfo(path, made, reason, path.stat().st_size))
    return infos


def prune_backups(backups_dir: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns what was deleted.

    Backups made before a migration are kept apart from the count: they are the
    only way back to an older schema.
    """
    routine = [
        p
        for p in list_backups(backups_dir)
        if not p.name.endswith(f"-pre-migration{BACKUP_SUFFIX}")
    ]
    doomed = routine[max(keep, 1) :]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def newest_good_backup(backups_dir: Path) -> Path | None:
    """The newest backup that passes the integrity check."""
    for path in list_backups(backups_dir):
        if integrity_problem(path) is None:
            return path
    return None


def restore_backup(backup: Path, target: Path, backups_dir: Path) -> Path | None:
    """Replace ``target`` with a copy of ``backup``; returns the safety backup of the replaced file.

    The register must be closed. The current file is backed up first when it
    is a readable database (a corrupt one is moved aside instead, never
    deleted), the copy is checked, and only then renamed into place.
    """
    problem = integrity_problem(backup)
    if problem is not None:
        raise ValueError(f"备份文件 {backup.name} 已损坏，不能用于恢复（{problem}）")
    # Before the live file is touched: a newer program's backup would be put in place and
    # then refused at reopening, leaving the clerk with no usable register.
    from . import migrations, sqlite_file

    migrations.refuse_newer(sqlite_file.schema_revision(backup), f"备份文件 {backup.name} ")
    safety: Path | None = None
    moved_aside: Path | None = None
    if target.exists() and target.stat().st_size > 0:
        if integrity_problem(target) is None:
            safety = make_backup(target, backups_dir, reason="pre-restore")
        else:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
            safety = target.with_name(f"{target.stem}-damaged-{stamp}{target.suffix}")
            # The -wal may hold the latest committed changes: it goes with the file, never deleted.
            _move_with_sidecars(target, safety)
            moved_aside = safety
    partial = target.with_suffix(".restoring")
    try:
        _copy_database(backup, partial)
        for leftover in _sidecars(target):
            # The journal files belong to the replaced (backed-up) file; SQLite would replay them
            leftover.unlink(missing_ok=True)
        os.replace(partial, target)
    except BaseException:
        # E.g. a full disk: never leave the register replaced by nothing (or by a new empty file).
        partial.unlink(missing_ok=True)
        if moved_aside is not None:
            _move_with_sidecars(moved_aside, target)
        raise
    return safety


def _sidecars(path: Path) -> tuple[Path, Path]:
    """SQLite's write-ahead log and shared-memory index that belong to ``path``."""
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def _move_with_sidecars(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target`` together with its -wal and -shm files (where present)."""
    source.replace(target)
    for old, new in zip(_sidecars(source), _sidecars(target), strict=True):
        if old.exists():
            old.replace(new)


class DatabaseAccessError(RuntimeError):
    """The register file could not be reached (permissions, a lock, the disk), which says nothing
    about its integrity; the message says what it is and what to do."""


_ACCESS_PROBLEMS = (
    ("readonly", "登记册文件或其所在文件夹是只读的"),
    ("unable to open", "无法打开登记册文件（文件夹不存在、无权访问或只读）"),
    ("locked", "登记册正被另一个程序占用"),
    (
        "disk i/o",
        "读写登记册时磁盘出错（磁盘已满、文件被移动，或配套的 -wal/-shm 文件被删除或无法访问）",
    ),
)


def access_problem(error: BaseException) -> str | None:
    """A Chinese sentence when ``error`` is SQLite failing to reach the file, not a damaged file."""
    text = str(error).lower()
    for needle, sentence in _ACCESS_PROBLEMS:
        if needle in text:
            return sentence
    return None


def integrity_problem(path: Path, *, quick: bool = False) -> str | None:
    """None for a healthy database file, otherwise SQLite's first complaint.

    ``quick`` runs ``PRAGMA quick_check`` (the pages and records, not whether every
    index agrees with its table): a fraction of the full check's time on a large
    register, for a command-line call; the window's start and the daily backup run the full one.

    A file that cannot be reached (read-only folder, a lock, a disk error) raises
    :class:`DatabaseAccessError` instead: that is not a failed integrity check.
    """
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        _raise_if_access(error, path)
        return str(error)
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as error:
        _raise_if_access(error, path)
        return str(error)
    finally:
        connection.close()
    messages = [row[0] for row in rows]
    return None if messages == ["ok"] else "; ".join(messages[:3])


def _raise_if_access(error: sqlite3.Error, path: Path) -> None:
    sentence = access_problem(error)
    if sentence is not None and isinstance(error, sqlite3.OperationalError):
        raise DatabaseAccessError(
            f"{sentence}：{path}。数据本身没有被改动；请检查该文件夹的权限和磁盘空间，"
            "关闭其他正在使用登记册的程序后重试"
        ) from error
