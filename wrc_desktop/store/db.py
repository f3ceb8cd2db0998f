"""Opening the register: engine, session factory, safety checks and migrations.

SQLite in the data folder is the embedded default; a PostgreSQL server is the
shared register of an office (:mod:`.engines` chooses). The file checks (header,
integrity check, backup before a migration, reopening after a restore) are the
SQLite branch; a server gets a connection check and the same migrations.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine

from . import backup, engines, migrations, pg
from .pg import ServerUnavailable  # noqa: F401 - callers catch it with DatabaseUnavailable
from .sqlite_file import (  # DatabaseUnavailable and the check are used by callers too
    DatabaseUnavailable,
    check_database_file,
    open_file_engine,
    refusing_engine,
    schema_revision,
)

if TYPE_CHECKING:
    from sqlmodel import Session

log = logging.getLogger("wrc.store")

T = TypeVar("T")


def make_engine(url: str) -> Engine:
    return engines.make_engine(url)


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
    """An open register: its engine and where its file (SQLite) or server (PostgreSQL) and
    backups are. ``url`` is None for the SQLite file in the data folder."""

    engine: Engine
    path: Path | None
    backups_dir: Path
    url: str | None = None
    clerk: str | None = None  # the name the clerk chose; None: their login (role / OS user)
    _gate: _Gate = field(default_factory=_Gate, init=False, repr=False, compare=False)
    # tells this copy's own announcements of changes from other clerks' (a shared register)
    instance_id: str = field(default_factory=lambda: uuid.uuid4().hex, init=False, compare=False)

    # a command-line run sets this: its writes are announced (as "everything") when it closes
    announce_on_close: bool = field(default=False, init=False, compare=False)
    wrote: bool = field(default=False, init=False, compare=False)
    # The window's start opens the file after the quick check and owes the full integrity
    # check (:func:`open_register`); a failed one makes the file unusable until a restore.
    full_check_pending: bool = field(default=False, init=False, compare=False)
    unusable: DatabaseUnavailable | None = field(default=None, init=False, compare=False)
    _check_lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.clerk is None:
            self.clerk = engines.chosen_clerk()
        engines.name_clerks(self.engine, lambda: self.clerk)
        if self.shared:
            pg.note_writes(self.engine, self._written)

    def _written(self) -> None:
        self.wrote = True

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error."""
        # The table models and the ORM are loaded by the first unit of work, not by opening
        # the register: a command that only reads (:meth:`reading`) never needs them.
        from . import unit_access

        self._refuse_if_unusable()
        with (
            self._gate.shared(),
            unit_access.CheckedSession(self.engine, expire_on_commit=False) as session,
        ):
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read of the register through SQLAlchemy Core (:mod:`.reading`), without the ORM.

        Under the same gate as :meth:`session` (a restore waits for it) and on the same
        engine, so its connection is set up as a session's is: the clerk's login named
        (:func:`.engines.name_clerks`), writes noted (:func:`.pg.note_writes`), and on a
        shared register the database's row security showing a restricted clerk only what
        it shows their sessions. Nothing is written: the transaction ends rolled back.
        """
        self._refuse_if_unusable()
        with self._gate.shared(), self.engine.connect() as connection:
            yield connection

    def backup_now(self, reason: str, *, keep: int | None = None) -> Path | None:
        """A consistent copy of the register in the backups folder; None for an in-memory one.

        The copy (and, with ``keep``, the pruning down to the newest ``keep``
        backups) runs inside the register's session gate, so :meth:`reopen`
        never swaps the file or deletes a backup while either is under way.
        A register on a server is dumped (:mod:`.pg_backup`) into its own subfolder.
        """
        if self.shared and self.url:
            from . import pg_backup  # the server's dump tools: loaded by a server's backup only

            made = pg_backup.make_backup(self.url, self.backups_dir, reason=reason)
            log.info("server backup (%s) %s", reason, made.name)
            if keep is not None:
                pg_backup.prune(self.backups_dir, self.url, keep=keep)
            return made
        if self.path is None:
            return None
        self.check_integrity()  # never a copy of a damaged file, nor pruning good ones for it
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

    def check_integrity(self) -> None:
        """The full integrity check the start left for later, if it is still owed.

        Raises :class:`DatabaseUnavailable` when the file is damaged; from then on every
        session and backup is refused (nothing is written to the file) until
        :meth:`reopen` puts a good file in its place.
        """
        with self._check_lock:
            if not self.full_check_pending or self.path is None:
                self._refuse_if_unusable()
                return
            with self._gate.shared():
                try:
                    check_database_file(self.path, self.backups_dir)
                except DatabaseUnavailable as error:
                    self.unusable = error
                    log.error("integrity check failed after start: %s", error.reason)
                    raise
            self.full_check_pending = False

    def _refuse_if_unusable(self) -> None:
        if self.unusable is not None:
            raise DatabaseUnavailable(
                self.unusable.path,
                self.unusable.reason,
                self.backups_dir,
                newest=self.unusable.newest,
            )

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
                    self.engine = refusing_engine(self.path, self.backups_dir)
                    log.error("register file missing after replace: %s", self.path)
                    raise DatabaseUnavailable(
                        self.path,
                        "替换数据库文件后原文件已不存在，为避免丢失数据未创建新的空数据库",
                        self.backups_dir,
                    )
                self.engine = open_file_engine(self.path, self.backups_dir)  # fully checked
                self.full_check_pending = False
                self.unusable = None
                engines.name_clerks(self.engine, lambda: self.clerk)
                log.info("reopened %s", self.path)

    def switch_to(self, url: str, *, timeout: float = 30.0) -> None:
        """Use the shared register at ``url`` from now on (a database a backup was restored into).

        As :meth:`reopen` does for a file: running sessions are waited for, new ones wait
        until the new database is open (and migrated); everyone holding this Register keeps it.
        """
        if not self.shared or not engines.is_shared(url):
            raise ValueError("only a shared register switches to another database")
        engine = make_engine(url)
        try:
            migrations.upgrade(engine)
        except Exception:
            engine.dispose()
            raise
        with self._gate.exclusive(timeout):
            old, self.engine, self.url = self.engine, engine, url
            engines.name_clerks(self.engine, lambda: self.clerk)
            pg.note_writes(self.engine, self._written)
            old.dispose()
        log.info("switched the shared register to %s", engines.masked(url))

    @property
    def shared(self) -> bool:
        """A register on a PostgreSQL server, which several clerks use at once."""
        return engines.is_server(self.engine)

    @property
    def location(self) -> str:
        """Where the register is, as the clerk may read it (a path, or the URL with no password)."""
        if self.path is not None:
            return str(self.path)
        return engines.masked(self.url or self.engine.url)

    def close(self) -> None:
        if self.announce_on_close and self.wrote and self.shared:
            self.wrote = False
            try:  # the other clerks' windows reload what this run wrote
                pg.announce(self.engine, self.instance_id, pg.EVERYTHING)
            except Exception:
                log.warning("could not announce this run's changes", exc_info=True)
        self.engine.dispose()


def open_register(
    path: Path, backups_dir: Path, *, quick_check: bool = False, full_check_later: bool = False
) -> Register:
    """Open (creating or upgrading) the SQLite register at ``path``.

    A corrupt or unreadable file raises :class:`DatabaseUnavailable` and is
    left untouched. Before a migration changes an existing file, the file is
    copied into ``backups_dir``. ``quick_check`` (the command line) checks the
    file with SQLite's quick check rather than the full integrity check.

    ``full_check_later`` (the window's start, where the full check of a large register
    takes most of a second): when the file's schema is current, so that opening it writes
    nothing, it is opened after the quick check and the full check is owed
    (:meth:`Register.check_integrity`). Whoever opens it so runs that check before its
    first write; every backup runs it first. A file a migration will change is fully
    checked now, as before.
    """
    path = Path(path)
    # Only a file at the newest revision: a migration writes, and a damaged file is never written.
    later = full_check_later and schema_revision(path) == migrations.SCHEMA_HEAD
    engine = open_file_engine(path, backups_dir, quick_check=quick_check or later)
    register = Register(engine=engine, path=path, backups_dir=backups_dir)
    register.full_check_pending = later
    return register


def open_url(url: str, backups_dir: Path | None = None) -> Register:
    """Open (creating or upgrading) the register at a database URL: a PostgreSQL server, or an
    SQLite URL (an in-memory register in tests). The server is reached once before migrating,
    so a wrong address or password says so in Chinese (URL masked)."""
    engine = make_engine(url)
    try:
        migrations.upgrade(engine)
    except sa_exc.OperationalError as error:
        engine.dispose()
        if not engines.is_server(engine):
            raise
        raise pg.ServerUnavailable(url, pg.connection_problem(error)) from None
    except Exception:
        engine.dispose()
        raise
    if backups_dir is None:
        from ..paths import backups_dir as default_backups

        backups_dir = default_backups()
    return Register(engine=engine, path=None, backups_dir=backups_dir, url=url)


def open_configured(
    url: str | None = None, *, quick_check: bool = False, full_check_later: bool = False
) -> Register:
    """The register this copy of the app is set to use: ``url`` or the configured PostgreSQL
    server (:func:`.engines.configured_url`), else the SQLite file in the data folder
    (``quick_check``: checked with SQLite's quick check, as the command line does;
    ``full_check_later``: see :func:`open_register`)."""
    from .. import paths

    url = url or engines.configured_url()
    if url and engines.is_shared(url):
        return open_url(url, paths.backups_dir())
    if url:
        raise engines.not_a_server(url)
    return open_register(
        paths.database_path(),
        paths.backups_dir(),
        quick_check=quick_check,
        full_check_later=full_check_later,
    )
