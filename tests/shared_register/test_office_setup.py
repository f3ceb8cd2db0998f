"""The README's office setup, run as written: an owner role that cannot log in, an administrator
(its only member) whose first start creates the tables, and clerks who then use the register at
once; a clerk's copy finding no tables asks for the administrator. (pg_hba.conf is the server's
file: not tried here.)"""

from __future__ import annotations

import datetime as dt
import re

import psycopg
import pytest
from sqlalchemy import text

from tests.helpers import holder_data, id_number, unit_data
from tests.shared_register.conftest import _cluster
from tests.shared_register.office import psycopg_url, readme_sql
from wrc_desktop.store import holder_records, migrations, unit_records
from wrc_desktop.store.db import ServerUnavailable, open_url
from wrc_desktop.store.unit_access import NotServing

NAMES = {
    "wrc_owner": "readme_owner",
    "wrc_admin": "readme_admin",
    "wrc_clerk": "readme_clerk",
    "zhangsan": "readme_zs",
    "lisi": "readme_ls",
}
ROLES = ("readme_zs", "readme_ls", "readme_admin", "readme_clerk", "readme_owner")


@pytest.fixture
def office(request):
    cluster = _cluster(request)  # fails, never skips, when WRC_REQUIRE_POSTGRESQL=1
    outside, inside = readme_sql(NAMES, "readme_wrc")
    with cluster.admin() as connection:
        for statement in outside:
            connection.execute(statement)
    with psycopg.connect(psycopg_url(cluster.url("readme_wrc")), autocommit=True) as connection:
        for statement in inside:
            connection.execute(statement)
    yield {name: cluster.url("readme_wrc", user=role) for name, role in NAMES.items()}
    cluster.drop_database("readme_wrc")
    with cluster.admin() as connection:
        for role in ROLES:
            connection.execute(f"DROP ROLE IF EXISTS {role}")


def test_the_administrator_creates_the_register_and_both_clerks_use_it(office):
    with pytest.raises(migrations.NeedsAdministrator, match="建立或升级登记册只能由管理员进行"):
        open_url(office["zhangsan"])  # a clerk's copy first: told to ask, nothing created
    admin = open_url(office["wrc_admin"])  # the administrator's first start creates the tables
    admin.close()

    zhang = open_url(office["zhangsan"])
    with zhang.session() as session:
        unit = unit_records.create_unit(session, data=unit_data())
    zhang.close()
    li = open_url(office["lisi"])
    with li.session() as session:
        holder_records.create_holder(session, unit_id=unit.id, holder=holder_data())
        holder_records.create_holder(
            session, unit_id=unit.id, holder=holder_data(id_number=id_number(sequence="777"))
        )
        owners = set(
            session.execute(
                text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
        )
        clerks = set(session.execute(text("SELECT DISTINCT clerk FROM auditentry")).scalars())
        member = session.execute(text("SELECT pg_has_role('readme_owner', 'MEMBER')")).scalar()
    li.close()
    assert owners == {"readme_owner"}
    assert clerks == {"readme_zs", "readme_ls"}
    assert member is False  # a clerk is no member of the owner role


def test_a_clerks_window_on_a_register_not_yet_set_up_asks_for_the_administrator(
    office, monkeypatch, qapp
):
    from wrc_desktop import app
    from wrc_desktop.store import engines

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "_message", lambda title, text, detail="": shown.append((title, text)))
    monkeypatch.setenv(engines.ENV_DATABASE_URL, office["lisi"])
    assert app.launch() is None
    assert [title for title, _text in shown] == ["共享登记册需要管理员升级"]
    assert "请联系管理员" in shown[0][1]


def test_a_role_outside_the_office_cannot_connect(office, pg_cluster):
    open_url(office["wrc_admin"]).close()
    with pg_cluster.admin() as connection:
        connection.execute("CREATE ROLE readme_stranger LOGIN")
    try:
        with pytest.raises(ServerUnavailable, match="没有此数据库的权限"):
            open_url(pg_cluster.url("readme_wrc", user="readme_stranger"))
    finally:
        with pg_cluster.admin() as connection:
            connection.execute("DROP ROLE readme_stranger")


OLD = {"wrc_owner": "old_owner", "wrc_admin": "old_admin", "wrc_clerk": "old_clerk",
       "zhangsan": "old_zs", "lisi": "old_ls"}  # fmt: skip


def _upgrade_block() -> tuple[list[str], list[str]]:
    """The README's statements that bring an office of the earlier setup over."""
    from tests.shared_register.office import README

    text = README.read_text(encoding="utf-8")
    block = re.search(r"从旧的设置升级.*?```\n(.*?)```", text, re.DOTALL).group(1)
    for old, new in OLD.items():
        block = re.sub(rf"\b{old}\b", new, block)
    block = re.sub(r"\bwrc\b", "old_wrc", block)
    outside, inside = block.split("\\c old_wrc\n")

    def statements(part: str) -> list[str]:
        return [s.strip() for s in " ".join(part.splitlines()).split(";") if s.strip()]

    return statements(outside), statements(inside)


@pytest.fixture
def old_office(request):
    """An office as the earlier README set it up: every clerk a member of the owner role, the
    register at revision 0007 with a unit whose serving clerks were typed as text."""
    from sqlalchemy import MetaData, Table, insert

    from tests.helpers import uscc_code
    from wrc_desktop.store import engines, pg

    cluster = _cluster(request)
    with cluster.admin() as connection:
        connection.execute("CREATE ROLE old_owner NOLOGIN")
        connection.execute("CREATE DATABASE old_wrc OWNER old_owner")
        for clerk in ("old_zs", "old_ls"):
            connection.execute(f"CREATE ROLE {clerk} LOGIN IN ROLE old_owner")
    engine = engines.make_engine(cluster.url("old_wrc", user="old_zs"))
    try:
        from alembic import command

        config = migrations.alembic_config()
        with engine.begin() as connection:
            pg.as_database_owner(connection)
            config.attributes["connection"] = connection
            command.upgrade(config, "0007")
            unit = Table("unit", MetaData(), autoload_with=connection)
            connection.execute(
                insert(unit).values(
                    name="单位甲", uscc=uscc_code(), district="haidian", kind="enterprise",
                    tech_innovation=False, tech_service=False, ai_key=False, legal_rep="",
                    address="", phone="", serving_clerks="old_zs、张三",
                    created_at=dt.datetime.now(dt.UTC), version=1,
                )
            )  # fmt: skip
    finally:
        engine.dispose()
    yield cluster
    cluster.drop_database("old_wrc")
    with cluster.admin() as connection:
        for role in ("old_zs", "old_ls", "old_admin", "old_clerk", "old_owner"):
            connection.execute(f"DROP ROLE IF EXISTS {role}")


def test_an_office_of_the_earlier_setup_is_brought_over_by_the_readmes_statements(old_office):
    cluster = old_office
    outside, inside = _upgrade_block()
    with cluster.admin() as connection:
        for statement in outside:
            connection.execute(statement)
    with psycopg.connect(psycopg_url(cluster.url("old_wrc")), autocommit=True) as connection:
        for statement in inside:
            connection.execute(statement)
    with pytest.raises(migrations.NeedsAdministrator):  # a clerk now: the upgrade is not his
        open_url(cluster.url("old_wrc", user="old_zs"))
    open_url(cluster.url("old_wrc", user="old_admin")).close()  # the administrator upgrades

    zhang = open_url(cluster.url("old_wrc", user="old_zs"))
    li = open_url(cluster.url("old_wrc", user="old_ls"))
    try:
        with zhang.session() as session:
            unit_id = unit_records.list_units(session)[0].id
            holder_records.create_holder(session, unit_id=unit_id, holder=holder_data())
        with pytest.raises(NotServing), li.session() as session:
            holder_records.create_holder(
                session, unit_id=unit_id, holder=holder_data(id_number=id_number(sequence="778"))
            )
    finally:
        zhang.close()
        li.close()
