"""The shared register's server as the clerk set it in the app: server, port, database, user, TLS.

Kept in ``shared-register.json`` in the data folder, beside the clerk's other
preferences. The password is never in it: it goes to the OS credential store
(:func:`.engines.store_password`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from .. import paths
from ..atomic import write_text

FILENAME = "shared-register.json"


@dataclass(frozen=True)
class ServerSettings:
    host: str = ""
    port: int = 5432
    database: str = "wrc"
    user: str = ""
    sslmode: str = "prefer"
    enabled: bool = False  # off: the SQLite file in the data folder
    clerk: str = ""  # the name the clerk is known by in the register ("": the database user)

    def url(self) -> str:
        from .engines import server_url

        return server_url(
            host=self.host,
            port=self.port,
            database=self.database,
            user=self.user,
            sslmode=self.sslmode,
        ).render_as_string(hide_password=False)


def _path(folder: Path | None = None) -> Path:
    return (folder or paths.data_dir()) / FILENAME


def load(folder: Path | None = None) -> ServerSettings:
    try:
        data = json.loads(_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ServerSettings()
    known = {k: v for k, v in data.items() if k in ServerSettings.__dataclass_fields__}
    known.pop("password", None)  # never read one, should a hand-edited file hold it
    try:
        return ServerSettings(**known)
    except TypeError:
        return ServerSettings()


def save(settings: ServerSettings, folder: Path | None = None) -> None:
    write_text(_path(folder), json.dumps(asdict(settings), ensure_ascii=False, indent=2))


def saved_url(folder: Path | None = None) -> str | None:
    """The saved server's URL when the clerk switched the shared register on; else None."""
    if not _path(folder).exists():
        return None
    settings = load(folder)
    if not settings.enabled or not settings.host or not settings.user:
        return None
    return settings.url()


def saved_clerk(folder: Path | None = None) -> str | None:
    """The name the clerk chose (in the settings, or when first asked on a shared register).

    Also when the register's address comes from ``--database-url`` or ``WRC_DATABASE_URL``
    rather than these settings: the clerk is the same person whichever way the copy is pointed.
    """
    if not _path(folder).exists():
        return None
    return load(folder).clerk.strip() or None


def save_clerk(name: str, folder: Path | None = None) -> None:
    """Keep the clerk's chosen name with the other settings (the settings tab shows it)."""
    save(replace(load(folder), clerk=name.strip()[:60]), folder)


def follow_restore(live_url: str, new_url: str, folder: Path | None = None) -> bool:
    """After a restore into a new database, point this copy at it for the next starts too.

    True when the saved settings named the restored database and now name the new one;
    False when the address came from elsewhere (``--database-url``, ``WRC_DATABASE_URL``),
    which the clerk changes themselves.
    """
    from .engines import normalise, set_database_url

    saved = load(folder)
    new_database = normalise(new_url).database or ""
    live_database = normalise(live_url).database
    if saved.enabled and normalise(saved.url()).database == live_database:
        save(replace(saved, database=new_database), folder)
        return True
    set_database_url(new_url)  # this run at least: commands run later in it use the new one
    return False
