"""Reading the register with SQLAlchemy Core, in batches of rows.

The reads that every screen shares (the due list, the register's rows, the deadlines'
settings) take a *reader*: the Core connection of :meth:`.db.Register.reading`, which
loads nothing of the ORM, or the session of a unit of work that also writes (they read its
connection, so they see what it wrote). Rows are fetched a batch at a time
(:data:`BATCH_ROWS`): one fetch per row cost a sixth of the due list's computation, and one
fetch of every row would hold 200,000 holders' rows at once — and, being one long call into
the database driver, keep the interpreter's lock from the window's thread meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeAlias

from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql import Executable

if TYPE_CHECKING:
    from sqlmodel import Session

    Reader: TypeAlias = Connection | Session

# Rows fetched at once: a few milliseconds of the driver's work, and little memory.
BATCH_ROWS = 1000


def connection_of(reader: Reader) -> Connection:
    """The Core connection ``reader`` reads through (a session's: within its transaction)."""
    return reader if isinstance(reader, Connection) else reader.connection()


def batches(reader: Reader, statement: Executable) -> Iterator[Sequence[Row]]:
    """The rows of ``statement``, :data:`BATCH_ROWS` at a time, as they are fetched (iterate
    them while the reader is open, once). A server that keeps a cursor (PostgreSQL) sends them
    from it (``yield_per``), so the client never holds them all either. A driver without one
    (SQLite's) already steps through the rows as each batch is fetched: there they go straight
    from its fetch to the caller, without ``yield_per``'s buffer in between (a twelfth of the
    read at 50,000 holders)."""
    connection = connection_of(reader)
    if not connection.dialect.supports_server_side_cursors:
        yield from connection.execute(statement).partitions(BATCH_ROWS)
        return
    options = statement.execution_options(yield_per=BATCH_ROWS)
    yield from connection.execute(options).partitions()


def each_row(reader: Reader, statement: Executable) -> Iterator[Row]:
    """The rows of ``statement`` one at a time, fetched in batches (see :func:`batches`)."""
    for batch in batches(reader, statement):
        yield from batch


@contextmanager
def session_over(reader: Reader) -> Iterator[Session]:
    """A session for reads that need the table models (an open case's checklist), over the
    reader's own connection and transaction. Loads the ORM: only the few reads that need it
    come here."""
    if not isinstance(reader, Connection):
        yield reader
        return
    from .unit_access import CheckedSession

    with CheckedSession(bind=reader, expire_on_commit=False) as session:
        yield session
