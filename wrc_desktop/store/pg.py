"""What only a PostgreSQL register does: saying why a connection failed, and locks that
serialise work between clerks on different machines (advisory locks)."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from sqlalchemy import text

from ..rules.errors import WrcError
from . import engines

if TYPE_CHECKING:
    import psycopg
    from sqlmodel import Session


class ServerUnavailable(WrcError):
    """The shared register's server cannot be reached or refuses the clerk; the URL is masked."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = engines.masked(url)
        super().__init__(
            f"无法连接共享登记册 {self.url}：{reason}。"
            "请检查服务器地址、端口、数据库名、用户名和密码，以及服务器是否允许本机连接（pg_hba.conf）"
        )


_CONNECTION_PROBLEMS = (
    ("password authentication failed", "密码错误或该用户不存在"),
    ("no password supplied", "未提供密码（请在设置中保存密码）"),
    ("does not exist", "数据库或用户不存在"),
    ("pg_hba.conf", "服务器不允许本机以该用户连接"),
    ("connection refused", "服务器拒绝连接（服务未启动或端口不对）"),
    ("timeout", "连接服务器超时"),
    ("could not translate host name", "找不到该服务器名"),
    ("permission denied", "该用户没有此数据库的权限"),
    ("ssl", "加密连接（sslmode）设置与服务器不符"),
)


def connection_problem(error: BaseException) -> str:
    """Why the server refused, in Chinese (never the server's English text, which may hold the URL)."""
    text_ = str(getattr(error, "orig", None) or error).lower()
    for needle, sentence in _CONNECTION_PROBLEMS:
        if needle in text_:
            return sentence
    return "连接失败"


class Busy(WrcError):
    """Another clerk holds the lock this work needs; the message says who is doing what."""


def lock_key(name: str) -> int:
    """A stable 32-bit key for a named lock (the same on every clerk's machine)."""
    return zlib.crc32(name.encode("utf-8"))


def try_transaction_lock(session: Session, name: str) -> bool:
    """Take the named advisory lock until this unit of work ends; False when another clerk holds
    it. Nothing to take on SQLite, where one writer at a time is the file's own rule."""
    if not engines.is_server(session.get_bind()):
        return True
    taken = session.execute(
        text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": lock_key(name)}
    ).scalar()
    return bool(taken)


def reset_sequences(connection, tables) -> None:
    """After rows were copied in with their ids, the next id each table hands out follows them."""
    for table in tables:
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
            ),
            {"table": f'"{table.name}"'},
        )


BULK_ROWS = 1000  # from this many new rows on, a bulk write refreshes the planner's statistics


def refresh_statistics(connection, tables) -> None:
    """``ANALYZE`` the tables a bulk write just filled (a copy, a restore, a large import).

    Until the server's autovacuum gets to them (up to a minute later), the planner takes
    freshly filled tables for nearly empty and joins the register's rows by nested loops:
    measured, the window's first read of a 50,000-holder register then ran for minutes
    instead of a fraction of a second. Nothing to do on SQLite, which plans without them.
    A role that may not analyze a table gets a warning from the server, not an error.
    """
    if not engines.is_server(connection.engine):
        return
    for table in tables:
        connection.execute(text(f'ANALYZE "{table.name}"'))


def one_snapshot(connection) -> None:
    """Every read of this transaction sees the server as it was at its first read."""
    connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


IMPORT_LOCK = "wrc.roster-import"
IMPORT_BUSY = "另一位经办人正在导入花名册（或撤销导入），请稍后再试；本次未写入任何数据"


def hold_import_lock(session: Session) -> None:
    """One import (or undo of one) at a time on a shared register: a second one is told so at
    once, instead of colliding with the first on the same new holders (a unique-key error).
    Held until the unit of work ends (committed or rolled back)."""
    if not try_transaction_lock(session, IMPORT_LOCK):
        raise Busy(IMPORT_BUSY)


# ------------------------------------------------------------------ others' changes

CHANGES_CHANNEL = "wrc_changes"
_PAYLOAD_LIMIT = 7900  # the server refuses a NOTIFY payload of 8000 bytes or more


def notify(session_or_connection, payload: str) -> bool:
    """Send ``payload`` to every clerk listening on this register; it is delivered when the unit of
    work commits (and not at all when it rolls back). False when it is too long to send."""
    if len(payload.encode("utf-8")) > _PAYLOAD_LIMIT:
        return False
    session_or_connection.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": CHANGES_CHANNEL, "payload": payload},
    )
    return True


EVERYTHING = "*"  # a write that cannot say what it changed (a command-line run): reload it all


def announce(engine, sender: str, changes_json: str) -> None:
    """Tell the other clerks what a committed write changed (``changes_json``, or :data:`EVERYTHING`).

    ``sender`` is the announcing register's id, so that it does not hear itself.
    """
    import json

    with engine.begin() as connection:
        if not notify(connection, json.dumps({"from": sender, "changes": changes_json})):
            notify(connection, json.dumps({"from": sender, "changes": EVERYTHING}))


def note_writes(engine, written) -> None:
    """Call ``written()`` whenever ``engine`` runs an INSERT, UPDATE or DELETE."""
    from sqlalchemy import event

    def before(_conn, _cursor, statement, _parameters, _context, _many) -> None:
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            written()

    event.listen(engine, "before_cursor_execute", before)


class Listener:
    """Its own connection to the server, listening for other clerks' changes.

    :meth:`wait` blocks up to ``timeout`` seconds and returns the payloads that arrived
    (possibly none); it reconnects on the next call after the server went away.
    """

    def __init__(self, engine) -> None:
        self._url = engine.url
        self._connection: psycopg.Connection | None = None

    @property
    def url(self):
        """The database this listener hears (the engine's URL it was made for)."""
        return self._url

    def _connect(self) -> psycopg.Connection:
        import psycopg

        url = engines.connect_url(self._url)
        connection = psycopg.connect(url, autocommit=True, application_name="wrc-desk-listen")
        connection.execute(f"LISTEN {CHANGES_CHANNEL}")
        return connection

    def start(self) -> None:
        """Listen from now on (what was sent before is not heard)."""
        self._listening()

    def _listening(self) -> psycopg.Connection:
        """The listening connection, opened again when it was closed or lost."""
        if self._connection is None or self._connection.closed:
            self._connection = self._connect()
        return self._connection

    def wait(self, timeout: float) -> list[str]:
        import psycopg

        try:
            connection = self._listening()
            payloads = [n.payload for n in connection.notifies(timeout=timeout, stop_after=1)]
            if payloads:  # whatever else came at the same moment, without waiting for more
                payloads += [n.payload for n in connection.notifies(timeout=0.01)]
            return payloads
        except psycopg.OperationalError:
            self.close()
            raise

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


_OWNER_MEMBER = text(
    "SELECT pg_has_role(session_user, d.datdba, 'MEMBER') "
    "FROM pg_database d WHERE d.datname = current_database()"
)


def is_administrator(connection) -> bool:
    """Whether the login of ``connection`` is the register's administrator: a member of the
    database's owner role (or a superuser). Asked once per connection."""
    info = connection.info
    if "administrator" not in info:
        info["administrator"] = bool(connection.execute(_OWNER_MEMBER).scalar())
    return bool(info["administrator"])


def writing_logins(connection, among=None) -> list[str]:
    """The login roles that may change the register's holders (clerks and the administrator),
    sorted; only those of ``among`` when given."""
    statement = (
        "SELECT rolname FROM pg_roles WHERE rolcanlogin "
        "AND has_table_privilege(oid, 'public.holder', 'UPDATE')"
    )
    parameters: dict = {}
    if among is not None:
        statement += " AND rolname = ANY(:among)"
        parameters["among"] = list(among)
    return sorted(connection.execute(text(statement + " ORDER BY rolname"), parameters).scalars())


def as_database_owner(connection) -> None:
    """Create and alter tables as the database's owner role when this login is a member of it.

    In an office the tables belong to a role that cannot log in (README, 共享登记册), and
    the administrator's login is its only member: the administrator's migrations create
    and alter them as that role. Until the transaction ends.
    """
    owner = connection.execute(
        text("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")
    ).scalar()
    if owner is None:
        return
    member = connection.execute(
        text("SELECT current_user <> :owner AND pg_has_role(current_user, :owner, 'MEMBER')"),
        {"owner": owner},
    ).scalar()
    if member:
        quoted = connection.dialect.identifier_preparer.quote(owner)
        connection.execute(text(f"SET LOCAL ROLE {quoted}"))


def check_connection(url) -> str:
    """Reach the server at ``url`` once; the database role it let this clerk in as."""
    engine = engines.make_engine(url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SELECT current_user")).scalar())
    finally:
        engine.dispose()
