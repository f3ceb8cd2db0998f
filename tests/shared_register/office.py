"""The office of the README's shared-register section, set up by its own SQL: an owner role, an
administrator login (its only member), a clerk role and two clerk logins, zhangsan and lisi.

The README's statements are read from the README itself (a change there is tested here), with
the names swapped for the test's. One migrated template database per test run; each test gets
a copy of it with the database-level grants a copy does not carry over.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
OWNER, ADMIN, CLERK = "office_owner", "office_admin", "office_clerk"
TEMPLATE = "office_template"
OFFICE_NAMES = {"wrc_owner": OWNER, "wrc_admin": ADMIN, "wrc_clerk": CLERK}


def readme_sql(names: dict[str, str], database: str) -> tuple[list[str], list[str]]:
    """The statements of the README's setup block: before ``\\c wrc`` and inside the database."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```sql\n(.*?)```", text, re.DOTALL).group(1)
    for old, new in names.items():
        block = re.sub(rf"\b{old}\b", new, block)
    block = re.sub(r"\bwrc\b", database, block)
    outside, inside = block.split(f"\\c {database}\n")

    def statements(part: str) -> list[str]:
        lines = [line.split("--")[0].strip() for line in part.splitlines()]
        return [s.strip() for s in " ".join(lines).split(";") if s.strip()]

    return statements(outside), statements(inside)


@dataclass(frozen=True)
class Office:
    """One test's register: how the administrator and each clerk reach it."""

    database: str
    admin: str
    zhangsan: str
    lisi: str


def psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg", "postgresql")


def prepare_template(cluster) -> None:
    """The roles (once per server) and the migrated template every office database copies."""
    import psycopg

    from wrc_desktop.store.db import open_url

    outside, inside = readme_sql(OFFICE_NAMES, TEMPLATE)
    cluster.drop_database(TEMPLATE)
    with cluster.admin() as connection:
        for statement in outside:
            with contextlib.suppress(psycopg.errors.DuplicateObject):  # a server kept running
                connection.execute(statement)
        for clerk in ("zhangsan", "lisi"):  # never a superuser, whatever made the role before
            connection.execute(f"ALTER ROLE {clerk} NOSUPERUSER NOCREATEDB NOCREATEROLE")
            connection.execute(f"GRANT {CLERK} TO {clerk}")
    with psycopg.connect(psycopg_url(cluster.url(TEMPLATE)), autocommit=True) as connection:
        for statement in inside:
            connection.execute(statement)
    open_url(cluster.url(TEMPLATE, user=ADMIN)).close()  # the administrator's first start


def new_office(cluster) -> Office:
    import psycopg

    name = cluster.create_database(template=TEMPLATE)
    with cluster.admin() as connection:
        connection.execute(f'ALTER DATABASE "{name}" OWNER TO {OWNER}')
    with psycopg.connect(psycopg_url(cluster.url(name)), autocommit=True) as connection:
        connection.execute(f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC')
        connection.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{name}" TO {CLERK}')
    return Office(
        database=name,
        admin=cluster.url(name, user=ADMIN),
        zhangsan=cluster.url(name, user="zhangsan"),
        lisi=cluster.url(name, user="lisi"),
    )
