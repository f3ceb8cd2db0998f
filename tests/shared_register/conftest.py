"""Clerks on one PostgreSQL register, set up as the README says: the administrator and two
clerks (roles zhangsan and lisi, members of the clerk role only), each with their own core."""

from __future__ import annotations

import os

import pytest

from tests.conftest import TODAY
from tests.helpers import desk_over


def _cluster(request):
    from tests.pg_fixture import Unavailable

    cluster = request.getfixturevalue("pg_cluster")
    if isinstance(cluster, Unavailable):
        if os.environ.get("WRC_REQUIRE_POSTGRESQL") == "1":  # CI: never lose these tests quietly
            pytest.fail(f"PostgreSQL not available: {cluster}")
        pytest.skip(f"PostgreSQL not available: {cluster}")
    return cluster


@pytest.fixture(scope="session")
def office_template(request):
    from tests.shared_register.office import prepare_template

    cluster = _cluster(request)
    prepare_template(cluster)
    return cluster


@pytest.fixture
def office(request):
    """A fresh office register: its administrator's and clerks' URLs."""
    from tests.shared_register.office import new_office

    cluster = _cluster(request)
    request.getfixturevalue("office_template")
    made = new_office(cluster)
    yield made
    cluster.drop_database(made.database)


@pytest.fixture
def clerk_urls(office):
    """The test database as clerk 张三 (login zhangsan) and clerk 李四 (login lisi) reach it."""
    return office.zhangsan, office.lisi


def _desks(urls):
    from wrc_desktop.store.db import open_url

    registers = [open_url(url) for url in urls]
    return registers, tuple(desk_over(register, TODAY) for register in registers)


@pytest.fixture
def two_desks(clerk_urls):
    registers, desks = _desks(clerk_urls)
    yield desks
    for register in registers:
        register.close()


@pytest.fixture
def office_desks(office):
    """The administrator's, zhangsan's and lisi's cores over one office register."""
    registers, desks = _desks((office.admin, office.zhangsan, office.lisi))
    yield desks
    for register in registers:
        register.close()
