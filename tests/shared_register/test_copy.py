"""``wrc db copy --to URL``: a clerk's SQLite register onto the office's server and back."""

from __future__ import annotations

from sqlalchemy import text

from tests.helpers import holder_data, id_number
from wrc_desktop.cli import main
from wrc_desktop.store import holder_records, register_copy, unit_records
from wrc_desktop.store.db import open_url


def _counts(url: str) -> dict[str, int]:
    register = open_url(url)
    try:
        with register.engine.connect() as connection:
            return register_copy.count_rows(connection)
    finally:
        register.close()


def test_sqlite_to_postgresql_and_back(capsys, demo_register, pg_url, tmp_path):
    with demo_register.engine.connect() as connection:
        original = register_copy.count_rows(connection)
    assert original["holder"] == 200

    assert main(["db", "copy", "--to", pg_url]) == 0
    out = capsys.readouterr().out
    assert "两侧一致" in out
    table_lines = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:-1]}
    assert table_lines["holder"] == ["200", "200"]
    assert set(table_lines) == set(original)
    assert _counts(pg_url) == original

    # a new holder on the server gets a fresh id, not one the copied rows already use
    server = open_url(pg_url)
    with server.engine.begin() as connection:
        top = connection.execute(text("SELECT MAX(id) FROM holder")).scalar()
    with server.session() as session:
        unit = unit_records.list_units(session)[0]
        added = holder_records.create_holder(
            session, holder=holder_data(id_number=id_number(sequence="777")), unit_id=unit.id
        )
    assert added.id == top + 1
    server.close()

    back = tmp_path / "back" / "wrc.sqlite3"
    assert main(["--database-url", pg_url, "db", "copy", "--to", f"sqlite:///{back}"]) == 0
    capsys.readouterr()
    expected = dict(original, holder=original["holder"] + 1)
    assert _counts(f"sqlite:///{back}")["holder"] == expected["holder"]


def test_a_target_with_data_is_refused_and_left_alone(capsys, demo_register, pg_url):
    assert main(["db", "copy", "--to", pg_url]) == 0
    capsys.readouterr()
    before = _counts(pg_url)
    assert main(["db", "copy", "--to", pg_url]) == 2
    err = capsys.readouterr().err
    assert "不是空的" in err and err.count("\n") == 1
    assert _counts(pg_url) == before


def test_a_failure_half_way_leaves_the_target_empty(capsys, demo_register, pg_url, monkeypatch):
    real = register_copy._copy_table
    copied = []

    def failing(reading, writing, table):
        if len(copied) == 3:
            raise OSError(28, "No space left on device")
        copied.append(table.name)
        return real(reading, writing, table)

    monkeypatch.setattr(register_copy, "_copy_table", failing)
    assert main(["db", "copy", "--to", pg_url]) == 2
    capsys.readouterr()
    assert len(copied) == 3
    assert not any(_counts(pg_url).values())
