"""Backups of the SQLite register through sqlite3's online backup API.

This is the one module that speaks SQLite directly: copying a live database
file safely needs its backup API and its integrity check.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

BACKUP_SUFFIX = ".sqlite3"


def make_backup(source: Path, backups_dir: Path, *, reason: str = "manual") -> Path:
    """Copy ``source`` to ``backups_dir/wrc-<UTC time>-<reason>.sqlite3`` and return the copy's path.

    The copy is written under a temporary name and renamed when complete, so a
    half-written backup never looks like a good one.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"wrc-{stamp}-{reason}{BACKUP_SUFFIX}"
    partial = target.with_suffix(".partial")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    return target


def list_backups(backups_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backups_dir.exists():
        return []
    return sorted(backups_dir.glob(f"wrc-*{BACKUP_SUFFIX}"), key=lambda p: p.name, reverse=True)


def integrity_problem(path: Path) -> str | None:
    """None for a healthy database file, otherwise SQLite's first complaint."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return str(error)
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        connection.close()
    messages = [row[0] for row in rows]
    return None if messages == ["ok"] else "; ".join(messages[:3])
