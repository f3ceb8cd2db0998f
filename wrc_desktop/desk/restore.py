"""Putting a backup in place of the open register, as the GUI's write door runs it.

Both are writes that change everything the window shows, and say so. A clerk's own file
is swapped under the register's session gate (every unit of work queued before it is
finished first; the current file is kept as a "恢复前" backup); a shared register's backup
goes into a new database on the server (:func:`.backups.restore_to_new_database`).
"""

from __future__ import annotations

from pathlib import Path

from ..rules.errors import WrcError
from ..store import backup
from . import backups
from .changes import Changes
from .core import Desk


def restore_file(desk: Desk, chosen: Path) -> tuple[Path | None, Changes]:
    """Replace this clerk's register file with the backup ``chosen``; the safety copy's path
    (None when there was nothing to keep)."""
    register = desk._register
    target = register.path
    if target is None:
        raise WrcError("共享登记册的备份须恢复到服务器上的新数据库")
    made = register.reopen(lambda: backup.restore_backup(chosen, target, register.backups_dir))
    desk.rules_changed()  # the lead times are the restored register's
    return made, Changes.everything()


def restore_to_new_database(
    desk: Desk, chosen: Path, new_database: str
) -> tuple[backups.ServerRestore, Changes]:
    """A shared register's backup into a new database on the same server, then this copy uses it."""
    return backups.restore_to_new_database(desk, chosen, new_database), Changes.everything()
