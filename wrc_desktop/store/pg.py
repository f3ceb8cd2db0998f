"""What only a PostgreSQL register does: saying why a connection failed, and locks that
serialise work between clerks on different machines (advisory locks)."""

from __future__ import annotations

import zlib

from sqlalchemy import text
from sqlmodel import Session

from ..rules.errors import WrcError
from . import engines


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


def one_snapshot(connection) -> None:
    """Every read of this transaction sees the server as it was at its first read."""
    connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
