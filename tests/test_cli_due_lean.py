"""``wrc due --json`` reads the due list through SQLAlchemy Core: without a case being
prepared, the process loads neither SQLModel, nor the ORM, nor pydantic, nor the table
models — and prints the very list the app computes (the window reads it the same way).

A case being prepared has its checklist read through the table models, as the case window
reads it: then the ORM is loaded, and the list is still the app's."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import TODAY
from tests.helpers import desk_over

ORM = ("sqlmodel", "sqlalchemy.orm", "pydantic", "wrc_desktop.store.models",
       "wrc_desktop.store.case_models")  # fmt: skip

# Runs the command in a fresh interpreter; prints what it printed and which of ORM it loaded.
_RUN = (
    "import sys, io, json, contextlib\n"
    "from wrc_desktop.cli import main\n"
    "out = io.StringIO()\n"
    "with contextlib.redirect_stdout(out):\n"
    "    status = main(sys.argv[2:])\n"
    "loaded = [name for name in json.loads(sys.argv[1]) if name in sys.modules]\n"
    "print(json.dumps({'status': status, 'out': out.getvalue(), 'loaded': loaded}))\n"
)


def _command(data_dir, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(ORM), "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


def _due(data_dir) -> dict:
    return _command(data_dir, "due", "--json", "--today", TODAY.isoformat())


def _apps_due_list(register) -> dict:
    """The due list as the window's page asks for it, and as a unit of work's session reads
    it: the same list either way."""
    from wrc_desktop.desk import due as desk_due
    from wrc_desktop.reports import due_list as due_report

    desk = desk_over(register, TODAY)
    shown = desk_due.due_list(desk).as_dict()
    with desk._session() as session:
        through_session = due_report.due_list(session, desk.deadlines()).as_dict()
    assert through_session == shown
    return json.loads(json.dumps(shown, ensure_ascii=False, default=str))


def _preparing_renewal(register) -> int:
    """A renewal being prepared for a 海淀 holder whose permit is in its renewal window (so
    that the holder's renewal warning carries the case)."""
    from wrc_desktop.desk import cases as desk_cases
    from wrc_desktop.desk import holders as desk_holders

    desk = desk_over(register, TODAY)
    snapshot = desk_holders.snapshot(desk)
    holder_id = next(
        row.holder_id
        for row, state in zip(snapshot.rows, snapshot.states, strict=True)
        if row.district == "haidian" and row.status == "active" and row.expiry is not None
        and row.birth_date is not None and row.birth_date.year >= 1980
        and state.label in ("续签期内", "即将到最晚提交日")
    )  # fmt: skip
    case_id, _changes = desk_cases.create(desk, holder_id=holder_id, kind="renewal")
    return case_id


def test_the_due_list_and_a_deadline_load_no_orm_and_answer_as_the_app(
    isolated_data_dir, demo_register
):
    due = _due(isolated_data_dir)
    assert due["status"] == 0
    assert due["loaded"] == []  # nothing of the ORM, pydantic or the table models
    printed = json.loads(due["out"])
    assert len(printed["items"]) > 50
    assert printed == _apps_due_list(demo_register)

    deadline = _command(
        isolated_data_dir, "deadlines", "--district", "haidian", "--expiry", "2027-03-01", "--json"
    )
    assert deadline["status"] == 0
    assert deadline["loaded"] == []
    assert json.loads(deadline["out"])["latest_submission"]


def test_a_case_being_prepared_is_on_the_list_the_app_shows(isolated_data_dir, demo_register):
    case_id = _preparing_renewal(demo_register)
    due = _due(isolated_data_dir)
    assert due["status"] == 0
    # The case's checklist is read through the table models: here the ORM is loaded.
    assert "wrc_desktop.store.case_models" in due["loaded"]
    printed = json.loads(due["out"])
    assert any(item["case_id"] == case_id for item in printed["items"])
    assert printed == _apps_due_list(demo_register)
