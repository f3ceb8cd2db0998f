"""A password is never printed, logged or put on a command line, in whichever form the address
carries it; every identity-document number is masked in the log."""

from __future__ import annotations

import logging
import stat
import sys
import textwrap

import pytest

from wrc_desktop import paths
from wrc_desktop.cli import main
from wrc_desktop.logging_setup import mask_text, setup_logging, stop_logging
from wrc_desktop.store import engines, pg_backup

SECRET = "Zz9@secret"  # with an @ that the clerk did not encode
ADDRESSES = {
    "in the user part, encoded": "postgresql://zhangsan:Zz9%40secret@db.office/wrc",
    "in the user part, unencoded @": f"postgresql://zhangsan:{SECRET}@db.office/wrc",
    "in the query string": "postgresql://zhangsan@db.office/wrc?password=Zz9%40secret&sslmode=require",
}


@pytest.mark.parametrize("address", list(ADDRESSES.values()), ids=list(ADDRESSES))
def test_every_form_of_address_is_read_masked_and_passed_by_environment_only(address):
    parsed = engines.normalise(address)
    assert (parsed.username, parsed.host, parsed.database) == ("zhangsan", "db.office", "wrc")
    assert parsed.password == SECRET
    shown = engines.masked(address)
    assert "secret" not in shown and "zhangsan:***@db.office/wrc" in shown
    assert "secret" not in mask_text(f"连接 {address} 失败")

    arguments, environment = pg_backup.client_command(["pg_dump", "-Fc"], address)
    assert environment["PGPASSWORD"] == SECRET  # the child gets the password …
    line = " ".join(arguments)
    assert "secret" not in line and "***" not in line  # … never on its command line
    assert arguments[1].startswith("--dbname=postgresql://zhangsan@db.office/wrc")


def test_a_keyword_style_address_and_its_password_are_never_echoed():
    with pytest.raises(engines.DatabaseUrlError) as refused:
        engines.normalise("host=db.office user=zhangsan password=Zz9secret dbname=wrc")
    assert "Zz9secret" not in str(refused.value)
    assert "password=***" in str(refused.value)
    assert (
        mask_text("dsn host=a password='two words' dbname=b") == "dsn host=a password=*** dbname=b"
    )


def test_the_pg_dump_childs_own_argument_list_carries_no_password(tmp_path, monkeypatch):
    """A stand-in pg_dump on the PATH writes down what the process list would show of it."""
    seen = tmp_path / "seen.txt"
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text(
        textwrap.dedent(f"""\
            #!{sys.executable}
            import os, pathlib, sys
            cmdline = pathlib.Path("/proc/self/cmdline").read_bytes().replace(b"\\0", b" ")
            pathlib.Path({str(seen)!r}).write_bytes(
                cmdline + b"\\nPGPASSWORD=" + os.environ.get("PGPASSWORD", "").encode()
            )
            target = next(a for a in sys.argv if a.startswith("-f")) and sys.argv[sys.argv.index("-f") + 1]
            pathlib.Path(target).write_bytes(b"PGDMP")
        """),
        encoding="utf-8",
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(fake.parent))
    for address in ADDRESSES.values():
        made = pg_backup.make_backup(address, tmp_path / "backups", reason="manual")
        cmdline, _, given = seen.read_text(encoding="utf-8").partition("\nPGPASSWORD=")
        assert "secret" not in cmdline and "--enable-row-security" in cmdline
        assert given == SECRET
        assert made.stat().st_mode & 0o077 == 0  # the backup is the user's alone


def test_the_logs_mask_every_kind_of_identity_document(tmp_path):
    log_file = setup_logging(tmp_path / "logs", faults=False)
    try:
        logger = logging.getLogger("wrc.test")
        logger.error(
            'duplicate key value violates unique constraint "holder_id_number_key"\n'
            "DETAIL:  Key (id_number)=(PZ0007894) already exists."
        )
        logger.error("Key (id_number)=(12345678) already exists.")  # a Taiwan permit's 8 digits
        logger.error("passport E12345678, 回乡证 H1234567890, 永居证 ABC123456789012")
        logger.error("居民身份证 11010519491231002X")
    finally:
        stop_logging()
    text = log_file.read_text(encoding="utf-8")
    for number in ("PZ0007894", "12345678", "E12345678", "H1234567890", "ABC123456789012",
                   "11010519491231002X"):  # fmt: skip
        assert number not in text, number
    assert "Key (id_number)=(PZ*****94)" in text


def test_status_and_backup_with_a_password_in_the_address_show_none(office, capsys):
    """On the office's server (which trusts the test's connections, so any password passes)."""
    plain = office.zhangsan.replace("postgresql+psycopg", "postgresql")
    with_password = plain.replace("//zhangsan@", "//zhangsan:Zz9@secret@")
    in_query = f"{plain}?password=Zz9secret"
    for address in (with_password, in_query):
        assert main(["--database-url", address, "db", "status"]) == 0
        assert main(["--database-url", address, "db", "backup"]) == 0
        out = capsys.readouterr()
        assert "secret" not in out.out + out.err
        assert "zhangsan:***@" in out.out
    logs = list(paths.logs_dir().glob("*.log*"))
    assert logs  # the commands logged (the backups' names, at least)
    for path in logs:
        assert "secret" not in path.read_text(encoding="utf-8")
