"""The shared register's server as the settings page sets it up: where it is, the clerk's
password, and whether it answers.

The settings live in this machine's ``server.toml`` (the password in the system's
credential store, never in a file); the next start opens the register there. Nothing here
touches the open register.
"""

from __future__ import annotations

from sqlalchemy.engine import URL

from ..store import engines, pg
from ..store.server_settings import ServerSettings
from ..store.server_settings import load as load_settings
from ..store.server_settings import save as save_settings

__all__ = [
    "ServerSettings",
    "check_connection",
    "connection_problem",
    "load_settings",
    "masked",
    "normalise",
    "save_settings",
    "store_password",
]


def normalise(url: str) -> URL:
    """The URL for the server's driver (``postgres://`` as the clerk may type it)."""
    return engines.normalise(url)


def masked(url: str | URL) -> str:
    """The URL as the clerk may read it: no password."""
    return engines.masked(url)


def store_password(url: str, password: str) -> None:
    """The clerk's password for ``url``, kept in the system's credential store."""
    engines.store_password(url, password)


def check_connection(url: str | URL) -> str:
    """The login the server knows this clerk as (raises when it cannot be reached)."""
    return pg.check_connection(url)


def connection_problem(error: BaseException) -> str:
    """Why the server refused, in one Chinese line (never the server's English text, which may
    hold the URL)."""
    return pg.connection_problem(error)
