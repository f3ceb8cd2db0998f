"""``wrc due --json`` reads the due list through SQLAlchemy Core: without a case being
prepared, the process loads neither SQLModel, nor the ORM, nor pydantic, nor the table
models — and prints the very list the app computes (the window reads it the same way).

Cases being prepared have their checklists computed as the case window computes them, from
the same rows read through Core (tests/store/test_case_sheets.py): the ORM and pydantic stay
unloaded, and the list is still the app's."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from tests.conftest import TODAY
from tests.helpers import desk_over
from tests.preparing_cases import BORROW_DAYS, prepare_cases

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


def test_cases_being_prepared_load_no_orm_and_are_on_the_list_the_app_shows(
    isolated_data_dir, demo_register
):
    made = prepare_cases(demo_register, TODAY)
    due = _due(isolated_data_dir)
    assert due["status"] == 0
    # The cases' checklists are computed from rows read through Core: nothing of SQLModel, the
    # ORM or the table models; and the program's own checklist files are read without pydantic
    # (tests/cases/test_checklist_plain.py).
    assert due["loaded"] == []
    printed = json.loads(due["out"])
    assert printed == _apps_due_list(demo_register)  # item for item, session read included
    by_case = {item["case_id"] for item in printed["items"]}
    # The cases with a material lapsing within the lead time (the renewal's too: its deadline
    # rides on its holder's renewal warning); a submitted or decided case is not warned about.
    assert {made.preparing[0], made.lapsing, made.preparing[-1]} <= by_case
    assert not {made.submitted, made.approved} & by_case
    [lapsing] = [
        item for item in printed["items"]
        if item["case_id"] == made.lapsing and item["kind"] == "material"
        and item["key"].startswith(f"material:{made.lapsing}:loan_declaration:")
    ]  # fmt: skip
    declared = TODAY + dt.timedelta(days=20 - 100)
    last = declared + dt.timedelta(days=BORROW_DAYS)
    assert lapsing["key"] == f"material:{made.lapsing}:loan_declaration:{last.isoformat()}"
    assert lapsing["date"] == last.isoformat()
