"""``wrc due --json`` as a whole process: everything it prints arrives, even though the
interpreter's last collection is skipped at exit, and it is the list the app computes."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import TODAY
from wrc_desktop import cli


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wrc_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_the_whole_due_list_arrives_and_is_the_apps(isolated_data_dir):
    made = _run("--data-dir", str(isolated_data_dir), "demo", "--holders", "300")
    assert made.returncode == 0, made.stderr
    today = ["--today", TODAY.isoformat()]
    result = _run("--data-dir", str(isolated_data_dir), "due", "--json", *today)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)  # complete: one JSON document, to its last byte
    assert len(printed["items"]) > 50

    from wrc_desktop.desk import Desk
    from wrc_desktop.desk import due as desk_due

    desk = Desk.open(today=TODAY)
    try:
        expected = desk_due.due_list(desk).as_dict()
    finally:
        desk.close()
    assert printed == json.loads(json.dumps(expected, ensure_ascii=False, default=str))


def test_the_exit_hook_is_set_once_however_often_main_runs(monkeypatch):
    registered = []
    monkeypatch.setattr(cli, "_exit_hook_set", False)
    monkeypatch.setattr(cli.atexit, "register", registered.append)
    cli._skip_the_last_collection()
    cli._skip_the_last_collection()
    assert registered == [cli.gc.freeze]


_LOADED = (
    "import sys, contextlib, io\n"
    "from wrc_desktop.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
    "    main(sys.argv[1:])\n"
    "heavy = ('sqlalchemy', 'sqlmodel', 'pydantic', 'PySide6',\n"
    "         'wrc_desktop.store.holder_records', 'wrc_desktop.store.permit_records')\n"
    "print(' '.join(sorted(name for name in heavy if name in sys.modules)))\n"
)


def _loaded_by(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", _LOADED, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    return set(result.stdout.split())


def test_help_and_a_deadline_load_no_register_library(isolated_data_dir):
    assert _loaded_by("--help") == set()
    assert _loaded_by("due", "--help") == set()
    deadline = ["deadlines", "--district", "haidian", "--expiry", "2027-03-01", "--json"]
    assert _loaded_by("--data-dir", str(isolated_data_dir), *deadline) == set()


def test_the_due_list_loads_the_register_but_not_its_writes(isolated_data_dir):
    made = _run("--data-dir", str(isolated_data_dir), "demo", "--holders", "20")
    assert made.returncode == 0, made.stderr
    loaded = _loaded_by("--data-dir", str(isolated_data_dir), "due", "--json")
    # Reading needs SQLAlchemy's Core only: no ORM, no table models, no Qt, no writes.
    assert loaded == {"sqlalchemy"}
