"""Runs the Alembic migrations kept in ``db/`` against an engine."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from ..paths import migrations_dir


def alembic_config() -> Config:
    folder = migrations_dir()
    config = Config()
    config.set_main_option("path_separator", "os")
    config.set_main_option("script_location", str(folder))
    config.set_main_option("version_locations", str(folder / "migrations" / "versions"))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, before_migrating: Callable[[], None] | None = None) -> bool:
    """Bring the schema to the newest revision; returns True when a migration ran."""
    current = current_revision(engine)
    if current == head_revision():
        return False
    if before_migrating is not None:
        before_migrating()
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return True
