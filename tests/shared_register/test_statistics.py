"""After a large load, the server plans the register's reads with statistics of the new rows."""

from __future__ import annotations

from sqlalchemy import text

from tests.conftest import TODAY
from wrc_desktop.store.db import open_url
from wrc_desktop.store.demo import load_demo


def _planned_rows(session, table: str) -> float:
    return (
        session.connection()
        .execute(text("SELECT reltuples FROM pg_class WHERE relname = :table"), {"table": table})
        .scalar()
    )


def test_a_large_load_refreshes_the_planners_statistics(pg_url):
    register = open_url(pg_url)
    try:
        with register.session() as session:
            assert _planned_rows(session, "holder") <= 0  # never analyzed: the planner guesses
            load_demo(session, today=TODAY, holders=1200)
            assert _planned_rows(session, "holder") == 1200
            assert _planned_rows(session, "permit") > 0
    finally:
        register.close()
