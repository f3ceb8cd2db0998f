"""Two clerks on one PostgreSQL register: each with their own database role and their own core."""

from __future__ import annotations

import pytest

from tests.conftest import TODAY
from tests.helpers import desk_over


@pytest.fixture
def clerk_urls(pg_url, pg_cluster):
    """The test database as clerk 张三 (role zhangsan) and clerk 李四 (role lisi) reach it."""
    database = pg_url.rsplit("/", 1)[1]
    for role in ("zhangsan", "lisi"):
        pg_cluster.create_role(role)
    return pg_cluster.url(database, user="zhangsan"), pg_cluster.url(database, user="lisi")


@pytest.fixture
def two_desks(clerk_urls):
    from wrc_desktop.store.db import open_url

    registers = [open_url(url) for url in clerk_urls]
    yield tuple(desk_over(register, TODAY) for register in registers)
    for register in registers:
        register.close()
