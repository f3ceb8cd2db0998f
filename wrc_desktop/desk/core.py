"""The :class:`Desk`: one open register with the one rules context every answer is computed in.

Modelled on Anki's ``Collection``: built once from the data folder, it holds the
register and hands out a frozen :class:`~wrc_desktop.rules.context.RulesContext` —
district policies with the clerk's overrides, the working-day calendar with the clerk's
years, wages, lead times and "today" — plus the machine's preferences (case-folder root,
fonts, backups kept). The use cases (:mod:`.holders`, :mod:`.due`, :mod:`.cases`) are
functions of a desk; the GUI and the CLI call them and nothing below them.

The context is rebuilt when the day changes, when a file under ``overrides/`` changes,
or when a rules setting is written through the desk (:meth:`Desk.rules_changed`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .. import paths
from ..reports.rows import DeadlineSource
from ..rules.context import RulesContext
from ..rules.policy import get_policy
from ..store import pg, warnings_state
from ..store.counter_volume import unit_volumes
from ..store.db import Register, open_configured
from . import preferences as prefs_file
from .changes import Changes
from .preferences import Preferences

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

log = logging.getLogger("wrc.desk")
T = TypeVar("T")
Clock = Callable[[], dt.date]


class Desk:
    """The application core over one register; safe to use from the writer and reader threads."""

    def __init__(self, register: Register, *, data_dir: Path, clock: Clock | None = None) -> None:
        self._register = register
        self.data_dir = Path(data_dir)
        self.clock: Clock = clock or dt.date.today
        self._lock = threading.Lock()
        self._generation = 0
        self._sources: dict[tuple, DeadlineSource] = {}
        self._preferences: tuple[tuple, Preferences] | None = None

    @classmethod
    def open(
        cls,
        *,
        today: dt.date | None = None,
        database_url: str | None = None,
        quick_check: bool = False,
    ) -> Desk:
        """The configured register: ``database_url``, else the shared server the app is set to
        use, else the data folder's file (created and migrated on first use).

        ``quick_check``: SQLite's quick check of the file instead of the full one (the CLI).
        """
        register = open_configured(database_url, quick_check=quick_check)
        return cls(register, data_dir=paths.data_dir(), clock=(lambda: today) if today else None)

    def close(self) -> None:
        self._register.close()

    # ------------------------------------------------------------ the register, as the GUI may see it

    @property
    def location(self) -> str:
        """Where the register is, as the clerk may read it (a path, or the server's URL without
        its password)."""
        return self._register.location

    @property
    def shared(self) -> bool:
        """A register on a PostgreSQL server, which several clerks use at once."""
        return self._register.shared

    @property
    def file(self) -> Path | None:
        """The register's file on this machine; None for a shared register (on a server)."""
        return self._register.path

    @property
    def backups_dir(self) -> Path:
        """The folder this register's backups go to (this machine's, for a shared register)."""
        return self._register.backups_dir

    @property
    def instance_id(self) -> str:
        """This open copy's id, which its announcements to the other clerks carry."""
        return self._register.instance_id

    @property
    def lifetime(self) -> object:
        """An opaque token that lives exactly as long as the open register: the GUI's doors
        key their worker threads on it (one writer per register, however many desks are
        open on it) and drop them when it goes."""
        return self._register

    def announce_writes_on_close(self) -> None:
        """A command-line run: at close, the other clerks' windows hear that it wrote
        (it cannot say what, so they reload everything)."""
        self._register.announce_on_close = True

    def check_integrity(self) -> None:
        """The full integrity check the start may have left for later (once; before a write)."""
        self._register.check_integrity()

    # ------------------------------------------------------------ the one context

    def today(self) -> dt.date:
        return self.clock()

    @property
    def overrides_dir(self) -> Path:
        folder = self.data_dir / "overrides"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def rules(self, today: dt.date | None = None) -> RulesContext:
        """The rules context for ``today`` (the clock's day by default)."""
        return self.deadlines(today).rules

    def deadlines(self, today: dt.date | None = None) -> DeadlineSource:
        """Deadlines and permit states under the current rules context, memoised for the day."""
        day = today or self.today()
        overrides = self.overrides_dir
        with self._reading() as connection:
            # The units' counter volumes change with their cases: read with each ask (two
            # small queries) and part of the key, so a new planned case moves the dates.
            volumes = unit_volumes(
                connection,
                lambda district: get_policy(district, overrides=overrides).counter.enabled,
            )
        key = (day, self._generation, _folder_signature(overrides), volumes.signature())
        with self._lock:
            found = self._sources.get(key)
        if found is not None:
            return found
        with self._reading() as connection:
            leads = warnings_state.get_lead_times(connection)
        source = DeadlineSource(
            RulesContext.load(today=day, overrides=overrides, leads=leads, volumes=volumes)
        )
        with self._lock:
            if len(self._sources) > 8:  # old days and superseded settings
                self._sources.clear()
            return self._sources.setdefault(key, source)

    def rules_changed(self) -> None:
        """A rules setting stored in the register changed (lead times): rebuild the context."""
        with self._lock:
            self._generation += 1
            self._sources.clear()

    # ------------------------------------------------------------ the machine's preferences

    def preferences(self) -> Preferences:
        key = _file_signature(self.data_dir / prefs_file.FILENAME)
        with self._lock:
            if self._preferences is not None and self._preferences[0] == key:
                return self._preferences[1]
        loaded = prefs_file.load(self.data_dir)
        _apply_fonts(loaded)
        with self._lock:
            self._preferences = (key, loaded)
        return loaded

    def save_preferences(self, preferences: Preferences) -> Preferences:
        prefs_file.save(self.data_dir, preferences)
        return self.preferences()

    @property
    def case_root(self) -> Path:
        chosen = self.preferences().case_root
        if chosen is not None:
            return chosen
        folder = self.data_dir / "cases"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    # ------------------------------------------------------------ units of work

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """One unit of work on the register (commits on success). Only the desk's own modules
        open one: the GUI and the CLI ask the desk's use cases, never the register."""
        with self._register.session() as session:
            yield session

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A read of the register through SQLAlchemy Core, without the ORM
        (:meth:`~wrc_desktop.store.db.Register.reading`): the due list and the deadlines' own
        settings read here, so a command that only reads them never loads the table models.
        Private, as :meth:`_session` is."""
        with self._register.reading() as connection:
            yield connection

    def _run(self, work: Callable[[Session], T]) -> T:
        with self._session() as session:
            return work(session)

    # ------------------------------------------------------------ other clerks (shared register)

    def announce(self, changes: Changes) -> None:
        """Tell the other clerks on a shared register what a committed write changed.

        Sent as ``NOTIFY wrc_changes`` with the typed changes and this desk's id (so it
        does not hear itself); too many ids for one message become "all of them".
        Nothing to do on a clerk's own SQLite file.
        """
        if not self._register.shared or not changes.any:
            return
        try:  # too many ids for one message: the other clerks reload everything
            pg.announce(self._register.engine, self._register.instance_id, changes.to_json())
        except Exception:  # the write is committed; the others will see it on their next reload
            log.warning("could not announce a change to the other clerks", exc_info=True)

    def listener(self) -> ChangeFeed | None:
        """Other clerks' changes as they commit; None on a clerk's own SQLite file."""
        return ChangeFeed(self) if self._register.shared else None

    def backup_now(self, reason: str, *, keep: int | None = None) -> Path | None:
        """A backup now (under the register's session gate), keeping the newest ``keep`` — the
        clerk's preference by default."""
        kept = self.preferences().backups_kept if keep is None else keep
        return self._register.backup_now(reason, keep=kept)


def _apply_fonts(preferences: Preferences) -> None:
    """The clerk's fonts, for every form made from now on.

    The forms' module (and the PDF and image libraries behind it) is loaded only when there
    is something to change: it starts with the default choices, so a clerk who kept them
    does not wait for those libraries when the window opens.
    """
    if (
        "wrc_desktop.documents.fonts" not in sys.modules
        and not preferences.extra_fonts
        and preferences.use_system_fonts
    ):
        return
    from ..documents.fonts import FontSettings, set_font_settings

    set_font_settings(
        FontSettings(
            extra_fonts=list(preferences.extra_fonts),
            use_system_fonts=preferences.use_system_fonts,
        )
    )


class ChangeFeed:
    """Other clerks' committed changes on a shared register, as the same typed :class:`Changes`
    the desk's own writes return (so one refresh path serves both)."""

    def __init__(self, desk: Desk) -> None:
        self._desk = desk
        self._listener = pg.Listener(desk._register.engine)
        self._listener.start()

    def wait(self, timeout: float = 1.0) -> Changes | None:
        """What others changed, gathered into one :class:`Changes`; None when nothing arrived."""
        found: Changes | None = None
        engine = self._desk._register.engine
        if self._listener.url != engine.url:  # the copy switched to a restored database
            self._listener.close()
            self._listener = pg.Listener(engine)
            self._listener.start()
            found = Changes.everything()
        for payload in self._listener.wait(timeout):
            try:
                message = json.loads(payload)
                if message.get("from") == self._desk._register.instance_id:
                    continue
                sent = message["changes"]
                changes = Changes.everything() if sent == pg.EVERYTHING else Changes.from_json(sent)
            except (ValueError, KeyError, TypeError, AttributeError):
                changes = Changes.everything()
            if changes.settings:
                self._desk.rules_changed()  # another clerk's lead times: a new rules context
            found = changes if found is None else found | changes
        return found

    def close(self) -> None:
        self._listener.close()


def _file_signature(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return ()
    return (stat.st_mtime_ns, stat.st_size)


def _folder_signature(folder: Path) -> tuple:
    """Every file under the clerk's overrides with its modification time: a change means new rules."""
    if not folder.is_dir():
        return ()
    return tuple(
        sorted((str(p.relative_to(folder)), *_file_signature(p)) for p in folder.rglob("*.toml"))
    )
