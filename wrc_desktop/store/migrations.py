"""Runs the Alembic migrations kept in ``db/`` against an engine.

Opening an up-to-date register is the common case and happens on every start,
so it is answered with one query and without importing Alembic (about 0.2 s):
:data:`SCHEMA_HEAD` names the newest revision, and a test fails when a new
migration is added without updating it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from ..paths import migrations_dir
from ..rules.errors import WrcError
from . import engines, pg

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in db/migrations/versions (tests/store/test_database_file.py checks it).
SCHEMA_HEAD = "0010"


def alembic_config() -> Config:
    from alembic.config import Config

    folder = migrations_dir()
    config = Config()
    config.set_main_option("path_separator", "os")
    config.set_main_option("script_location", str(folder))
    config.set_main_option("version_locations", str(folder / "migrations" / "versions"))
    return config


def head_revision() -> str | None:
    """The newest revision as Alembic sees the migration scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The register's revision (None for a new, empty database)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


class NewerSchema(WrcError):
    """The register was written by a newer version of the program: this one must not touch it."""

    def __init__(self, revision: str, what: str = "登记册") -> None:
        self.revision = revision
        super().__init__(
            f"{what}由较新版本的程序写入（数据库结构版本 {revision}，本程序只认识到 {SCHEMA_HEAD}），"
            "本程序没有改动它；请安装并使用最新版本的程序"
        )


def known_revisions() -> frozenset[str]:
    """Every revision the migration scripts of this version know."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return frozenset(script.revision for script in scripts.walk_revisions())


def refuse_newer(revision: str | None, what: str = "登记册") -> None:
    """Raise :class:`NewerSchema` when ``revision`` is not one this version's migrations know.

    A newer program's tables may hold what this one would misread or overwrite; and
    Alembic cannot upgrade from a revision it has never seen.
    """
    if revision is None or revision == SCHEMA_HEAD:
        return
    if revision not in known_revisions():
        raise NewerSchema(revision, what)


class NeedsAdministrator(WrcError):
    """A clerk's copy found a shared register whose schema must be created or upgraded."""

    def __init__(self, revision: str | None) -> None:
        found = f"结构版本为 {revision}" if revision else "还没有建立登记册的表"
        super().__init__(
            f"共享登记册{found}，本程序需要 {SCHEMA_HEAD}：建立或升级登记册只能由管理员进行"
            "（管理员以自己的数据库用户运行 wrc db upgrade，或启动一次程序）。请联系管理员，"
            "升级后再打开；未做任何修改。"
        )


def upgrade(engine: Engine, before_migrating: Callable[[], None] | None = None) -> bool:
    """Bring the schema to the newest revision; returns True when a migration ran.

    A register at a revision this version does not know (a newer program's) is refused
    with :class:`NewerSchema` before anything is backed up or written. On a shared
    register only the administrator migrates: a clerk's copy is told, in Chinese, to ask
    the administrator (:class:`NeedsAdministrator`) instead of failing half-way on a
    privilege the clerk does not have.
    """
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD:
        return False
    refuse_newer(revision)
    if engines.is_server(engine):
        with engine.connect() as connection:
            if not pg.is_administrator(connection):
                raise NeedsAdministrator(revision)
    from alembic import command

    if before_migrating is not None:
        before_migrating()
    config = alembic_config()
    with engine.begin() as connection:
        if engines.is_server(engine):  # the tables belong to the office's owner role
            pg.as_database_owner(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return True
