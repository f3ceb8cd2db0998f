"""The README's office setup, run as written: an owner role, a login role per clerk; whichever
clerk's copy starts first, both clerks can then use the register, and the tables belong to
the owner. (pg_hba.conf is the server's file: not tried here.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.helpers import holder_data, unit_data
from wrc_desktop.store import repo
from wrc_desktop.store.db import ServerUnavailable, open_url

README = Path(__file__).resolve().parents[2] / "README.md"
NAMES = {"wrc_owner": "readme_owner", "zhangsan": "readme_zs", "lisi": "readme_ls"}


def readme_sql() -> tuple[list[str], list[str]]:
    """The statements of the README's setup block: before ``\\c wrc`` and inside the database."""
    block = re.search(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL).group(1)
    for old, new in NAMES.items():
        block = block.replace(old, new)
    block = re.sub(r"\bwrc\b", "readme_wrc", block)
    outside, inside = block.split("\\c readme_wrc\n")

    def statements(part: str) -> list[str]:
        lines = [line.split("--")[0].strip() for line in part.splitlines()]
        return [s.strip() for s in " ".join(lines).split(";") if s.strip()]

    return statements(outside), statements(inside)


@pytest.fixture
def office(pg_cluster):
    from tests.pg_fixture import Unavailable

    if isinstance(pg_cluster, Unavailable):
        pytest.skip(f"PostgreSQL not available: {pg_cluster}")
    outside, inside = readme_sql()
    with pg_cluster.admin() as connection:
        for statement in outside:
            connection.execute(statement)
    import psycopg

    inside_url = pg_cluster.url("readme_wrc").replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(inside_url, autocommit=True) as connection:
        for statement in inside:
            connection.execute(statement)
    yield {clerk: pg_cluster.url("readme_wrc", user=NAMES[clerk]) for clerk in ("zhangsan", "lisi")}
    pg_cluster.drop_database("readme_wrc")
    with pg_cluster.admin() as connection:
        for role in ("readme_zs", "readme_ls", "readme_owner"):
            connection.execute(f"DROP ROLE IF EXISTS {role}")


def test_two_clerks_on_the_readme_setup(office, pg_cluster):
    zhang = open_url(office["zhangsan"])  # the first start creates the tables
    with zhang.session() as session:
        unit = repo.create_unit(session, data=unit_data())
    zhang.close()

    li = open_url(office["lisi"])
    with li.session() as session:
        repo.create_holder(session, unit_id=unit.id, holder=holder_data())
        owners = set(
            session.execute(
                text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
        )
        clerks = set(session.execute(text("SELECT DISTINCT clerk FROM auditentry")).scalars())
    li.close()
    assert owners == {"readme_owner"}
    assert clerks == {"readme_zs", "readme_ls"}


def test_a_role_outside_the_office_cannot_connect(office, pg_cluster):
    with pg_cluster.admin() as connection:
        connection.execute("CREATE ROLE readme_stranger LOGIN")
    try:
        with pytest.raises(ServerUnavailable, match="没有此数据库的权限"):
            open_url(pg_cluster.url("readme_wrc", user="readme_stranger"))
    finally:
        with pg_cluster.admin() as connection:
            connection.execute("DROP ROLE readme_stranger")
