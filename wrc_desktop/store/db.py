"""Opening the register: engine, session factory, safety checks and migrations.

SQLite is the embedded default (WAL, foreign keys on). Everything outside
:mod:`.backup` and the connect hook below is plain SQLAlchemy, so the same
store can later run on a shared PostgreSQL.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from . import (
    backup,
    case_models,  # noqa: F401
    migrations,
)

log = logging.getLogger("wrc.store")

SQLITE_HEADER = b"SQLite format 3\x00"
T = TypeVar("T")


class DatabaseUnavailable(RuntimeError):
    """The register file cannot be used; the message says why and where the backups are."""

    def __init__(self, path: Path, reason: str, backups: Path) -> None:
        self.path = path
        self.reason = reason
        self.backups = backups
        super().__init__(
            f"无法打开登记册数据库 {path}：{reason}。"
            f"该文件不会被覆盖或修改；备份文件位于 {backups}，可在“备份与恢复”中选择恢复，或联系技术人员。"
        )


def check_database_file(path: Path, backups_dir: Path, *, quick: bool = False) -> None:
    """Refuse a file that is not a healthy SQLite database, before anything writes to it.

    ``quick``: SQLite's quick check instead of the full integrity check (see
    :func:`.backup.integrity_problem`).
    """
    if not path.exists() or path.stat().st_size == 0:
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
    problem = backup.integrity_problem(path, quick=quick)
    if problem:
        raise DatabaseUnavailable(path, f"数据库完整性检查未通过（{problem}）", backups_dir)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class _Gate:
    """Any number of sessions at once, or the file to one reopening with no session open.

    Swapping the file under an open connection would let that connection write
    into the wrong file (or, on Windows, make the swap fail), so :meth:`Register.reopen`
    waits for running sessions to end and holds new ones back until it is done.
    A thread that already holds a session is never held back (nested sessions).
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._users = 0
        self._closed = False
        self._owner: int | None = (
            None  # the thread reopening; its own sessions must not wait for itself
        )
        self._local = threading.local()

    @contextmanager
    def shared(self) -> Iterator[None]:
        depth = getattr(self._local, "depth", 0)
        with self._condition:
            if depth == 0 and self._owner != threading.get_ident():
                self._condition.wait_for(lambda: not self._closed)
            self._users += 1
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            with self._condition:
                self._users -= 1
                self._condition.notify_all()

    @contextmanager
    def exclusive(self, timeout: float) -> Iterator[None]:
        with self._condition:
            self._closed = True
            if not self._condition.wait_for(lambda: self._users == 0, timeout):
                self._closed = False
                self._condition.notify_all()
                raise TimeoutError("登记册仍在使用中，请稍后重试")
            self._owner = threading.get_ident()
        try:
            yield
        finally:
            with self._condition:
                self._owner = None
                self._closed = False
                self._condition.notify_all()


@dataclass
class Register:
    """An open register: its engine and where its file and backups are."""

    engine: Engine
    path: Path | None
    backups_dir: Path
    _gate: _Gate = field(default_factory=_Gate, init=False, repr=False, compare=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error."""
        with self._gate.shared(), Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def backup_now(self, reason: str, *, keep: int | None = None) -> Path | None:
        """A consistent copy of the file in the backups folder; None for a register without a file.

        The copy (and, with ``keep``, the pruning down to the newest ``keep``
        backups) runs inside the register's session gate, so :meth:`reopen`
        never swaps the file or deletes a backup while either is under way.
        """
        if self.path is None:
            return None
        with (
            self._gate.shared()
        ):  # a restore (reopen) waits for the copy, and the copy for a restore
            made = backup.make_backup(self.path, self.backups_dir, reason=reason)
            log.info("backup (%s) %s", reason, made)
            if keep is not None:
                pruned = backup.prune_backups(self.backups_dir, keep=keep)
                if pruned:
                    log.info("pruned %d old backups", len(pruned))
        return made

    def reopen(self, replace: Callable[[], T] | None = None, *, timeout: float = 30.0) -> T | None:
        """Close the file, run ``replace`` (e.g. restore a backup over it), and open it again in place.

        Everyone holding this Register keeps using it: only its engine changes.
        Sessions still running are waited for (up to ``timeout`` seconds) and
        new ones wait until the file is open again. The file is checked and
        migrated exactly as at start-up; returns what ``replace`` returned.
        """
        if self.path is None:
            raise ValueError("this register has no file to reopen")
        with self._gate.exclusive(timeout):
            self.engine.dispose()
            try:
                return replace() if replace is not None else None
            finally:
                # Also after a failed replace: the original file is still there and must be reopened.
                # If it is gone, say so instead of quietly creating a new, empty register in its place.
                if not self.path.exists():
                    self.engine = _refusing_engine(self.path, self.backups_dir)
                    log.error("register file missing after replace: %s", self.path)
                    raise DatabaseUnavailable(
                        self.path,
                        "替换数据库文件后原文件已不存在，为避免丢失数据未创建新的空数据库",
                        self.backups_dir,
                    )
                self.engine = _open_engine(self.path, self.backups_dir)
                log.info("reopened %s", self.path)

    def close(self) -> None:
        self.engine.dispose()


def open_register(path: Path, backups_dir: Path, *, quick_check: bool = False) -> Register:
    """Open (creating or upgrading) the SQLite register at ``path``.

    A corrupt or unreadable file raises :class:`DatabaseUnavailable` and is
    left untouched. Before a migration changes an existing file, the file is
    copied into ``backups_dir``. ``quick_check`` (the command line) checks the
    file with SQLite's quick check rather than the full integrity check.
    """
    path = Path(path)
    engine = _open_engine(path, backups_dir, quick_check=quick_check)
    return Register(engine=engine, path=path, backups_dir=backups_dir)


def _open_engine(path: Path, backups_dir: Path, *, quick_check: bool = False) -> Engine:
    check_database_file(path, backups_dir, quick=quick_check)
    had_data = path.exists() and path.stat().st_size > 0
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{path}")
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


def _refusing_engine(path: Path, backups_dir: Path) -> Engine:
    """An engine whose every connection fails: the file is missing and must not be created anew."""

    def refuse():
        raise DatabaseUnavailable(path, "数据库文件不存在", backups_dir)

    return create_engine("sqlite://", creator=refuse)


def open_url(url: str) -> Register:
    """Open a register by SQLAlchemy URL (tests, and the planned shared server)."""
    engine = make_engine(url)
    migrations.upgrade(engine)
    from ..paths import backups_dir  # only for the Register's record; no backup is made here

    return Register(engine=engine, path=None, backups_dir=backups_dir())


def _backup_before_migration(path: Path, backups_dir: Path) -> None:
    target = backup.make_backup(path, backups_dir, reason="pre-migration")
    log.info("backed up %s to %s before migrating", path, target)
