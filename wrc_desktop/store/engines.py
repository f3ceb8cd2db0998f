"""Which database holds the register, and the engine for it: SQLite (embedded) or PostgreSQL.

This module and :mod:`.backup` are the only parts of the store that know SQLite;
this module and :mod:`.pg` the only ones that know PostgreSQL. Everything else is
plain SQLAlchemy and runs unchanged on both (tests/store/test_engine_neutral.py).

The register is a PostgreSQL database when a URL is given, in this order: the
``--database-url`` option (:func:`set_database_url`), the ``WRC_DATABASE_URL``
environment variable, the shared-register settings saved in the app
(:mod:`.server_settings`). Otherwise it is the SQLite file in the data folder.

A password is never written anywhere by the app: a URL without one takes it
from the OS credential store (``keyring``) or the ``PGPASSWORD`` variable, and
every URL the app shows or logs goes through :func:`masked`.
"""

from __future__ import annotations

import getpass
import logging
import os
from collections.abc import Callable

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError

from ..logging_setup import mask_urls
from ..rules.errors import WrcError

log = logging.getLogger("wrc.store")

ENV_DATABASE_URL = "WRC_DATABASE_URL"
ENV_CLERK = "WRC_CLERK"
KEYRING_SERVICE = "WRC Desk 共享登记册"
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
APPLICATION_NAME = "wrc-desk"

_url_override: str | None = None


class DatabaseUrlError(WrcError):
    """A database URL the app cannot use; the message says what is wrong with it (masked)."""


def set_database_url(url: str | None) -> None:
    """The URL given on the command line (``--database-url``); None falls back to the rest."""
    global _url_override
    _url_override = url or None


def configured_url() -> str | None:
    """The PostgreSQL register's URL, or None for the SQLite file in the data folder."""
    if _url_override:
        return _url_override
    from_env = os.environ.get(ENV_DATABASE_URL, "").strip()
    if from_env:
        return from_env
    from .server_settings import saved_url

    return saved_url()


def is_shared(url: str | URL | None) -> bool:
    """A URL of a PostgreSQL server (the shared register), not of an SQLite file."""
    return url is not None and _parse(url).get_backend_name() == "postgresql"


def is_server(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


def not_a_server(url: str) -> DatabaseUrlError:
    return DatabaseUrlError(
        f"数据库地址 {masked(url)} 不是 PostgreSQL 服务器；"
        "单机使用时不必指定地址（登记册保存在数据文件夹中）"
    )


def normalise(url: str | URL) -> URL:
    """``postgres://`` / ``postgresql://`` → the psycopg (v3) dialect; SQLite URLs unchanged."""
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed
    raise DatabaseUrlError(
        f"数据库地址 {masked(parsed)} 不受支持：只能使用 PostgreSQL（postgresql://…）或 SQLite"
    )


def masked(url: str | URL) -> str:
    """The URL as it may be shown or logged: the password (in its user part or its query
    string) replaced by ***."""
    try:
        return _parse(url).render_as_string(hide_password=True)
    except DatabaseUrlError:
        return mask_urls(str(url))


def _parse(url: str | URL) -> URL:
    """``url`` parsed, with a password given in the query string (``?password=``) moved to
    where SQLAlchemy and libpq keep it, so that it is masked and passed on as one."""
    if isinstance(url, URL):
        return _password_out_of_query(url)
    text = url.strip()
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://") :]
    try:
        parsed = _password_out_of_query(make_url(_encode_at_signs(text)))
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise DatabaseUrlError(
            f"数据库地址“{mask_urls(text)}”格式不正确（应为 postgresql://用户@服务器:端口/数据库，"
            "端口是 1–65535 的数字）"
        ) from None
    if parsed.port is not None and not 1 <= parsed.port <= 65535:
        raise DatabaseUrlError(
            f"数据库地址“{mask_urls(text)}”中的端口 {parsed.port} 不存在（应为 1–65535，"
            "PostgreSQL 通常为 5432）"
        )
    return parsed


def _encode_at_signs(text: str) -> str:
    """An ``@`` typed unencoded in the password (``u:p@ss@host``): the last ``@`` of the
    address's authority ends the user part, as a browser reads it; the others are encoded."""
    scheme, separator, rest = text.partition("://")
    if not separator:
        return text
    ends = [found for found in (rest.find(mark) for mark in "/?#") if found != -1]
    authority_end = min(ends, default=len(rest))
    authority, tail = rest[:authority_end], rest[authority_end:]
    if authority.count("@") < 2:
        return text
    user_part, host = authority.rsplit("@", 1)
    return f"{scheme}://{user_part.replace('@', '%40')}@{host}{tail}"


def _password_out_of_query(url: URL) -> URL:
    if "password" not in url.query:
        return url
    given = url.query["password"]
    password = given[-1] if isinstance(given, tuple) else given
    return url.difference_update_query(["password"]).set(password=url.password or password)


def clerk_login(url: str | URL | None) -> str:
    """The name the register knows this clerk by before they choose one: the database role on
    PostgreSQL, the operating-system user on SQLite."""
    if url is not None and is_shared(url):
        parsed = _parse(url)
        if parsed.username:
            return parsed.username
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment (a service account)
        return "本机用户"


def chosen_clerk() -> str | None:
    """The name this clerk chose to be known by (``WRC_CLERK``, else the settings), if any."""
    from .server_settings import saved_clerk

    return os.environ.get(ENV_CLERK, "").strip() or saved_clerk()


def name_clerks(engine: Engine, chosen: Callable[[], str | None]) -> None:
    """Every connection of ``engine`` carries who writes the rows it writes.

    On PostgreSQL that is the login, ``session_user``, asked of the server once per
    connection: the database's row-level security decides by it, so the audit, the
    due-list marks and the cases record it too. The name a clerk chose (``chosen()``,
    e.g. ``WRC_CLERK``) is only shown beside it and changes nothing about who acts.
    On SQLite (one clerk) the row carries the chosen name, else the OS user.
    :func:`.models.current_clerk` reads ``info["clerk"]`` as the column default.
    """

    def login(dbapi_connection) -> str:
        if not is_server(engine):
            return clerk_login(None)
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT session_user")
        role = cursor.fetchone()[0]
        cursor.close()
        dbapi_connection.commit()  # the driver opened a transaction for the query
        return role

    def on_checkout(dbapi_connection, record, _proxy) -> None:
        # Connections opened before this engine was named (the migrations' check) too.
        if "login" not in record.info:
            record.info["login"] = login(dbapi_connection)
        record.info["display"] = chosen() or ""
        if is_server(engine):
            record.info["clerk"] = record.info["login"]
        else:
            record.info["clerk"] = chosen() or record.info["login"] or ""

    event.listen(engine, "checkout", on_checkout)


# ------------------------------------------------------------------ engines


def make_engine(url: str | URL) -> Engine:
    """An engine for ``url``: SQLite with its pragmas, or PostgreSQL through psycopg (v3)."""
    parsed = normalise(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        _with_password(parsed),
        pool_pre_ping=True,  # a server restarted overnight: reconnect instead of failing once
        pool_size=4,
        connect_args={"application_name": APPLICATION_NAME, "connect_timeout": 10},
    )


def connect_url(url: URL) -> str:
    """libpq's connection string for ``url`` (the password from the credential store added)."""
    plain = _with_password(normalise(url)).set(drivername="postgresql")
    return plain.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _with_password(url: URL) -> URL:
    """The URL with the clerk's password from the credential store when the URL has none.

    libpq's own sources (``PGPASSWORD``, ``~/.pgpass``) still apply when neither has one.
    """
    if url.password or not url.username:
        return url
    password = stored_password(url)
    return url.set(password=password) if password else url


def credential_key(url: URL) -> str:
    return f"{url.username}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def stored_password(url: URL) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, credential_key(url))
        except KeyringError:
            return None
    except Exception:  # noqa: BLE001 - no usable credential store on this machine
        log.info("no credential store available; the password comes from libpq")
        return None


def store_password(url: str | URL, password: str) -> None:
    """Keep the clerk's password in the OS credential store (never in a file of the app)."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, credential_key(normalise(url)), password)


def with_sslmode(url: str | URL, sslmode: str | None) -> URL:
    """The URL with libpq's TLS mode set (``require`` on an office LAN, ``verify-full`` with a CA)."""
    parsed = normalise(url)
    if not sslmode:
        return parsed
    if sslmode not in SSL_MODES:
        raise DatabaseUrlError(f"sslmode “{sslmode}”无效（可选：{'、'.join(SSL_MODES)}）")
    return parsed.update_query_dict({"sslmode": sslmode})


def server_url(
    *, host: str, port: int | None, database: str, user: str, sslmode: str | None = None
) -> URL:
    """The URL of a shared register from the settings' fields (no password in it)."""
    url = URL.create(
        "postgresql+psycopg", username=user or None, host=host or None, port=port, database=database
    )
    return with_sslmode(url, sslmode)
