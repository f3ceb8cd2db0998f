"""Migration 0008 brings a register's free-text serving clerks over to unitclerk: on a server the
names that are login roles (exactly or but for case), the rest reported in the unit's audit trail;
on a clerk's file (no roles, nothing limited) every name."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import MetaData, Table, insert, inspect, select, text

from tests.helpers import uscc_code
from wrc_desktop.store import engines, migrations


def _upgrade(engine, revision: str) -> None:
    from alembic import command

    config = migrations.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _unit_of_0007(engine, serving: str) -> None:
    """单位甲 with ``serving`` as its clerks, an agent and a holder (which must survive)."""
    with engine.begin() as connection:
        unit = Table("unit", MetaData(), autoload_with=connection)
        connection.execute(
            insert(unit).values(
                name="单位甲", uscc=uscc_code(), district="haidian", kind="enterprise",
                tech_innovation=False, tech_service=False, ai_key=False, legal_rep="",
                address="", phone="", serving_clerks=serving,
                created_at=dt.datetime.now(dt.UTC), version=1,
            )
        )  # fmt: skip
        agent = Table("agent", MetaData(), autoload_with=connection)
        connection.execute(insert(agent).values(unit_id=1, name="王经办", id_number="", department="",
                                                title="", phone="", version=1))  # fmt: skip
        holder = Table("holder", MetaData(), autoload_with=connection)
        connection.execute(insert(holder).values(
            unit_id=1, name="张伟", id_type="resident", id_number="110105199001010021", phone="",
            department="", job_title="", degree="", degree_foreign=False, professional_title="",
            address="", status="active", notes="", created_at=dt.datetime.now(dt.UTC),
            updated_at=dt.datetime.now(dt.UTC), version=1,
        ))  # fmt: skip


def _brought_over(engine) -> tuple[list[str], list[tuple[str, str, str]]]:
    with engine.connect() as connection:
        logins = list(connection.execute(text("SELECT login FROM unitclerk ORDER BY id")).scalars())
        audit = Table("auditentry", MetaData(), autoload_with=connection)
        notes = connection.execute(
            select(audit.c.old_value, audit.c.new_value, audit.c.note).where(
                audit.c.field == "serving_clerks"
            )
        ).all()
        columns = [c["name"] for c in inspect(connection).get_columns("unit")]
        kept = [
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("unit", "agent", "holder")
        ]
    assert "serving_clerks" not in columns
    assert kept == [1, 1, 1]
    return logins, [tuple(row) for row in notes]


def test_on_a_server_login_names_come_over_and_the_rest_are_reported(request):
    from tests.shared_register.conftest import _cluster

    cluster = _cluster(request)
    request.getfixturevalue("office_template")  # the roles zhangsan and lisi exist
    name = cluster.create_database(template=None)
    engine = engines.make_engine(cluster.url(name))
    try:
        _upgrade(engine, "0007")
        _unit_of_0007(engine, "zhangsan、张三\nLISI")
        _upgrade(engine, "head")
        logins, notes = _brought_over(engine)
    finally:
        engine.dispose()
        cluster.drop_database(name)
    assert logins == ["zhangsan", "lisi"]
    assert notes == [
        (
            "zhangsan、张三、LISI",
            "zhangsan、lisi",
            "不是数据库登录名，未带入负责经办人：张三（请管理员重新设置）",
        )
    ]


@pytest.mark.parametrize("database_engine", ["sqlite"], indirect=True)
def test_on_a_clerks_file_every_name_comes_over(tmp_path, database_engine):
    engine = engines.make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        _upgrade(engine, "0007")
        _unit_of_0007(engine, "zhangsan、张三")
        _upgrade(engine, "head")
        logins, notes = _brought_over(engine)
    finally:
        engine.dispose()
    assert (logins, notes) == (["zhangsan", "张三"], [])
