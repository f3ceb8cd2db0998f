"""A throwaway PostgreSQL cluster for the tests that run on both engines.

One cluster per test session (initdb into a temporary folder, started with pg_ctl on
a free port on 127.0.0.1), one migrated template database, and a fresh database per
test copied from the template (``CREATE DATABASE … TEMPLATE``: a few milliseconds).
PostgreSQL refuses to run as root, so as root the cluster runs as the ``postgres``
OS user (Debian's package creates it).

``WRC_TEST_DATABASE_URL`` (a superuser URL of a server that is already running)
skips starting a cluster. Without either, the PostgreSQL variants of the tests skip
with the reason: never silently.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "wrc_test"
TEMPLATE = "wrc_template"


class Unavailable(RuntimeError):
    """PostgreSQL cannot be started here; the message says why."""


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    # Debian keeps the server's programs out of PATH
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise Unavailable(f"{name} not found (install the postgresql package)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    """A running server and how to reach it as the superuser."""

    base_url: str  # postgresql+psycopg://user@host:port  (no database)
    stop: list = field(default_factory=list)
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str, user: str | None = None) -> str:
        head = self.base_url
        if user is not None:
            head = head.replace(f"//{SUPERUSER}@", f"//{user}@", 1)
        return f"{head}/{database}"

    def admin(self):
        import psycopg

        return psycopg.connect(
            self.url("postgres").replace("postgresql+psycopg", "postgresql"), autocommit=True
        )

    def create_database(self, *, template: str | None = TEMPLATE) -> str:
        name = f"wrc_t{os.getpid()}_{next(self._counter)}"
        with self.admin() as connection:
            # FILE_COPY: a few tens of milliseconds for a small template (WAL_LOG: ~4× that)
            suffix = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
            connection.execute(f'CREATE DATABASE "{name}"{suffix}')
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser") or shutil.which("setpriv")
    if runuser is None:
        raise Unavailable("running as root and neither runuser nor setpriv is available")
    if runuser.endswith("runuser"):
        return [runuser, "-u", "postgres", "--", *command]
    user = pwd.getpwnam("postgres")
    return [runuser, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups", *command]


def start_cluster() -> Cluster:
    existing = os.environ.get("WRC_TEST_DATABASE_URL", "").strip()
    if existing:
        try:
            return _prepared(Cluster(base_url=existing.rsplit("/", 1)[0]))
        except Exception as error:  # noqa: BLE001 - said in every skipped test's reason
            raise Unavailable(
                f"WRC_TEST_DATABASE_URL unreachable ({type(error).__name__})"
            ) from None
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no postgres OS user") from None
    folder = Path(tempfile.mkdtemp(prefix="wrc-pg-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        for path in (folder, sockets):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    port = _free_port()

    def run(command: list[str]) -> None:
        done = subprocess.run(
            _as_server_user(command), check=False, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise Unavailable(f"{Path(command[0]).name} failed: {done.stderr.strip()[-300:]}")

    run([initdb, "-D", str(data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
         "--locale=C", "--no-sync"])  # fmt: skip
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    run([pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "server.log"),
         "-w", "-t", "60", "start"])  # fmt: skip

    def stop() -> None:
        with contextlib.suppress(Exception):
            subprocess.run(
                _as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
                check=False,
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(folder, ignore_errors=True)

    cluster = Cluster(base_url=f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}")
    cluster.stop.append(stop)
    try:
        return _prepared(cluster)
    except BaseException:
        stop()
        raise


def _prepared(cluster: Cluster) -> Cluster:
    """The migrated template every test database is copied from."""
    from wrc_desktop.store.db import open_url

    cluster.drop_database(TEMPLATE)
    with cluster.admin() as connection:
        connection.execute(f'CREATE DATABASE "{TEMPLATE}"')
    register = open_url(cluster.url(TEMPLATE))
    register.close()
    return cluster
