"""Backups of a shared register on a PostgreSQL server, and restoring one beside the live one.

A backup is ``pg_dump`` in its custom format when the program is on the PATH (the
server's own, complete and fast); otherwise the app's own full export: every table
copied into a new SQLite file (:mod:`.register_copy`), which any copy of the app can
open or copy back. Backups go to ``<backups>/server/<database>/`` with the same
``wrc-<UTC time>-<reason>`` names as the file backups, written under a temporary name.

A restore never goes over the live database: it creates a new database on the same
server, fills it from the backup, brings its schema up to date and returns its URL;
the clerks then switch to it (``wrc db restore`` or the settings do that for this copy).
A restore is the administrator's work (:mod:`.pg_office`): the new database gets the live
one's owner, database and table grants and ``REVOKE ALL … FROM PUBLIC``; the policies come
with the backup (or with the migrations, for an export).

Any clerk may back up: reads are open to every clerk, so ``pg_dump --enable-row-security``
run under the register's row-level security still dumps every row. A password never goes
on a child's command line: it is handed over in the child's environment (``PGPASSWORD``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL

from ..rules.errors import WrcError
from . import engines, pg_office
from .backup import BackupInfo

DUMP_SUFFIX = ".dump"
EXPORT_SUFFIX = ".sqlite3"
_NAME = re.compile(r"^wrc-(\d{8}-\d{6})-\d+-(.+)\.(dump|sqlite3)$")
_DATABASE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RestoreRefused(WrcError):
    """The restore was not made; the live register is untouched."""


def folder(backups_dir: Path, url: str | URL) -> Path:
    parsed = engines.normalise(url)
    return backups_dir / "server" / f"{parsed.host or 'localhost'}-{parsed.database}"


def make_backup(url: str | URL, backups_dir: Path, *, reason: str) -> Path:
    """A full backup of the server's register; ``pg_dump -Fc`` when available, else an export."""
    target_dir = folder(backups_dir, url)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    pg_dump = shutil.which("pg_dump")
    suffix = DUMP_SUFFIX if pg_dump else EXPORT_SUFFIX
    target = target_dir / f"wrc-{stamp}-{reason}{suffix}"
    partial = target.with_name(target.name + ".partial")
    try:
        if pg_dump:
            _run(
                [pg_dump, "-Fc", "--no-owner", "--enable-row-security", "-f", str(partial)],
                url,
                "pg_dump",
            )
        else:
            _export(url, partial)
        if os.name == "posix":
            partial.chmod(0o600)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)  # a failed backup leaves nothing that looks good
    return target


def list_backups(backups_dir: Path, url: str | URL) -> list[Path]:
    """This server's backups, newest first."""
    found = [p for p in folder(backups_dir, url).glob("wrc-*") if _NAME.match(p.name)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def backup_infos(backups_dir: Path, url: str | URL) -> list[BackupInfo]:
    """This server's backups with their time, reason and size, newest first (as the file's)."""
    infos = []
    for path in list_backups(backups_dir, url):
        match = _NAME.match(path.name)
        assert match is not None  # list_backups keeps only the names it matches
        made = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
        infos.append(BackupInfo(path, made, match.group(2), path.stat().st_size))
    return infos


def suggested_name(url: str | URL, now: dt.datetime | None = None) -> str:
    """A new database's name for a restore: the live one's with the day and time appended."""
    base = (engines.normalise(url).database or "wrc").lower()
    base = re.sub(r"[^a-z0-9_]", "_", base)[:40] or "wrc"
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d_%H%M")
    return f"{base}_restored_{stamp}"


def prune(backups_dir: Path, url: str | URL, *, keep: int) -> list[Path]:
    old = list_backups(backups_dir, url)[max(keep, 1) :]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def restore_as_new_database(backup: Path, url: str | URL, new_database: str) -> str:
    """Fill the new database ``new_database`` on ``url``'s server from ``backup``; its URL.

    Refused when the name is not a plain name or the database already exists. On any
    failure the new database is dropped again; the live one is never touched.
    """
    from .db import open_url
    from .register_copy import copy_register
    from .sqlite_file import open_file_engine

    office = pg_office.read_office(engines.normalise(url))
    if not office.administrator:
        raise RestoreRefused(
            f"恢复共享登记册只能由管理员进行，您的数据库用户 {office.login} 不是管理员；"
            "未做任何修改。请联系管理员。"
        )
    if not _DATABASE_NAME.match(new_database):
        raise RestoreRefused(
            f"新数据库名“{new_database}”无效（只能用小写字母、数字和下划线，且不以数字开头）"
        )
    live = engines.normalise(url)
    if new_database == live.database:
        raise RestoreRefused("不能恢复到正在使用的数据库上，请指定一个新的数据库名")
    target = live.set(database=new_database)
    created = _create_database(live, target, office.owner)
    try:
        pg_office.grant_database(target, office)
        if backup.suffix == DUMP_SUFFIX:
            pg_restore = shutil.which("pg_restore")
            if pg_restore is None:
                raise RestoreRefused(
                    "未找到 pg_restore，无法恢复 pg_dump 备份；请安装 PostgreSQL 客户端"
                )
            # as the owner role: every table, function and policy belongs to it, as in the live one
            command = [pg_restore, "--no-owner", f"--role={office.owner}", "--exit-on-error"]
            _run([*command, str(backup)], target, "pg_restore", database_option=True)
            _analyze(target)  # pg_restore leaves the planner without statistics
        with tempfile.TemporaryDirectory() as scratch:
            restored = open_url(target.render_as_string(hide_password=False))
            try:
                if backup.suffix == EXPORT_SUFFIX:
                    copy = Path(scratch) / "backup.sqlite3"  # migrating must not change the backup
                    shutil.copy2(backup, copy)
                    source = open_file_engine(copy, Path(scratch))
                    try:
                        copy_register(source, restored.engine, target_label=engines.masked(target))
                    finally:
                        source.dispose()
            finally:
                restored.close()
        pg_office.grant_tables(target, office)
    except BaseException:
        if created:
            _drop_database(live, new_database)
        raise
    return target.render_as_string(hide_password=False)


# ------------------------------------------------------------------ helpers


def _export(url: str | URL, target: Path) -> None:
    from .register_copy import copy_register
    from .sqlite_file import open_file_engine

    source = engines.make_engine(url)
    with tempfile.TemporaryDirectory() as scratch:
        exported = open_file_engine(target, Path(scratch))
        try:
            copy_register(source, exported, target_label=str(target))
        finally:
            exported.dispose()
            source.dispose()


def client_command(command: list[str], url: str | URL) -> tuple[list[str], dict[str, str]]:
    """The argument list and environment to run a PostgreSQL client program against ``url``.

    The address goes on the command line without its password (neither in the user part
    nor in the query string, where any local user could read it in the process list); the
    password goes in the child's environment only.
    """
    parsed = engines.normalise(url)
    password = engines.normalise(engines.connect_url(parsed)).password
    # URL.set(password=None) keeps the password: the address is built again without it
    plain = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query={k: v for k, v in parsed.query.items() if k != "password"},
    )
    environment = dict(os.environ)
    environment.pop("PGPASSWORD", None)
    if password:
        environment["PGPASSWORD"] = str(password)
    address = plain.render_as_string(hide_password=False)  # nothing left to hide
    return [*command[:1], f"--dbname={address}", *command[1:]], environment


def _run(
    command: list[str], url: str | URL, program: str, *, database_option: bool = False
) -> None:
    """Run a PostgreSQL client program against ``url``; the password goes by environment only."""
    arguments, environment = client_command(command, url)
    done = subprocess.run(
        arguments, env=environment, capture_output=True, text=True, check=False, timeout=3600
    )
    if done.returncode != 0:
        reason = engines.mask_urls(done.stderr.strip().splitlines()[-1] if done.stderr else "")
        raise WrcError(f"{program} 未成功（{reason or done.returncode}），本次备份或恢复未完成")


def _analyze(target: URL) -> None:
    with _admin(target) as connection:
        connection.execute("ANALYZE")


def _admin(live: URL):
    import psycopg

    return psycopg.connect(engines.connect_url(live), autocommit=True)


def _create_database(live: URL, target: URL, owner: str) -> bool:
    """Create the new database, owned by the live one's owner role; False when an
    administrator already created it empty."""
    import psycopg

    name = target.database
    with _admin(live) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists:
            with _admin(target) as inside:
                tables = inside.execute(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                ).fetchone()[0]
            if tables:
                raise RestoreRefused(
                    f"数据库 {name} 已存在且不是空的；恢复只写入新的空数据库，请换一个名字"
                )
            return False
        try:
            connection.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        except psycopg.errors.InsufficientPrivilege:
            raise RestoreRefused(
                f"您的数据库用户 {live.username} 没有新建数据库的权限；请由管理员创建空数据库 {name} 后再恢复"
            ) from None
    return True


def _drop_database(live: URL, name: str) -> None:
    with _admin(live) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
