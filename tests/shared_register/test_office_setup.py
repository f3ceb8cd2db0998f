"""The README's office setup, run as written: an owner role that cannot log in, an administrator
(its only member) whose first start creates the tables, and clerks who then use the register at
once; a clerk's copy finding no tables asks for the administrator. (pg_hba.conf is the server's
file: not tried here.)"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from tests.helpers import holder_data, id_number, unit_data
from tests.shared_register.conftest import _cluster
from tests.shared_register.office import psycopg_url, readme_sql
from wrc_desktop.store import migrations, repo
from wrc_desktop.store.db import ServerUnavailable, open_url

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
        unit = repo.create_unit(session, data=unit_data())
    zhang.close()
    li = open_url(office["lisi"])
    with li.session() as session:
        repo.create_holder(session, unit_id=unit.id, holder=holder_data())
        repo.create_holder(
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
