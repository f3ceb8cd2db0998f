"""The register as the daily reminder opens it: read only, never migrated, backed up or written.

The reminder runs while the app may be closed (or open, or another clerk's copy writing
to a shared register), so it opens the file with SQLite's read-only mode — no migration,
no backup, no journal written — or a server register in read-only transactions. A register
made by a newer or older version of the app than this one fails its queries and is
reported, not upgraded. The desk over it answers as the app's would (:mod:`wrc_desktop.desk`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from .. import paths
from ..desk import Desk
from ..rules.errors import WrcError
from ..store.db import Register
from ..store.engines import configured_url, is_shared, make_engine, masked


def _read_only_file_engine(database: Path) -> Engine:
    uri = database.resolve().as_uri() + "?mode=ro"

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        connection.execute("PRAGMA busy_timeout=5000")
        return connection

    return create_engine("sqlite://", creator=connect)


@contextmanager
def read_only_desk(today: dt.date) -> Iterator[Desk | None]:
    """A desk over the configured register, read only, its clock at ``today``; None when the
    data folder has no register yet. Errors reading it are one Chinese line (WrcError)."""
    url = configured_url()  # a shared register on a server, when the clerk's copy uses one
    engine: Engine
    if is_shared(url):
        engine = make_engine(str(url)).execution_options(postgresql_readonly=True)
        name, path, url_text = masked(str(url)), None, str(url)
    else:
        database = paths.database_path()
        if not database.exists() or database.stat().st_size == 0:
            yield None
            return
        engine, name, path, url_text = (
            _read_only_file_engine(database),
            database.name,
            database,
            None,
        )
    register = Register(engine=engine, path=path, backups_dir=paths.backups_dir(), url=url_text)
    desk = Desk(register, data_dir=paths.data_dir(), clock=lambda: today)
    try:
        yield desk
    except (OperationalError, DatabaseError) as error:
        raise WrcError(
            f"无法读取登记册 {name}（请先打开一次工作居住证办理助手）：{error.orig}"
        ) from None
    finally:
        desk.close()
