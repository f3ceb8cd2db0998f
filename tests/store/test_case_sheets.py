"""The due list reads a case's rows through SQLAlchemy Core (store/case_core_reads.py); the
case window, the cases page and the cover sheet read them through the table models
(store/case_reads.py). Both feed one computation (store/case_sheets.py): on varied cases —
each district, several kinds and statuses, dated items, scans with open and dismissed
differences, a file on an item the checklist no longer lists — the two reads must give the
very same checklist, rows and checks (on both engines)."""

from __future__ import annotations

from tests.conftest import TODAY
from tests.helpers import desk_over
from tests.preparing_cases import MISMATCH, prepare_cases
from wrc_desktop.reports import due_cases
from wrc_desktop.store import case_views
from wrc_desktop.store import cases as cases_store


def _both_reads(register, case_ids):
    rules = desk_over(register, TODAY).rules()
    with register.session() as session:
        cases = cases_store.get_cases(session, case_ids)
        views = {v.case.id: v for v in case_views.case_views(session, cases, rules=rules)}
    with register.reading() as connection:
        sheets = due_cases.case_sheets(connection, rules, case_ids)
    return views, sheets


def _rows(rows):
    return [(r.number, r.item, r.key, r.title, r.state, r.valid_through) for r in rows]


def test_the_due_lists_read_of_a_case_gives_the_case_windows_checklist_and_checks(
    demo_register,
):
    made = prepare_cases(demo_register, TODAY)
    views, sheets = _both_reads(demo_register, made.all())
    assert set(views) == set(sheets) == set(made.all())
    for case_id, view in views.items():
        case, sheet = sheets[case_id]
        assert (case.id, case.district, case.kind, case.status, case.submit_on) == (
            view.case.id, view.case.district, view.case.kind, view.case.status,
            view.case.submit_on,
        )  # fmt: skip
        assert sheet.checklist == view.checklist
        assert _rows(sheet.rows) == _rows(view.rows), case_id
        assert sheet.check == view.check, case_id

    # The cases are as varied as the test says.
    preparing = [views[i] for i in made.preparing]
    assert {v.case.district for v in preparing} == {
        "haidian",
        "dongcheng",
        "xicheng",
        "shijingshan",
    }
    assert {v.case.kind for v in preparing} >= {"renewal", "new", "general-change"}
    assert {v.case.status for v in views.values()} == {
        "preparing",
        "returned",
        "submitted",
        "approved",
    }
    rows = [row for v in views.values() for row in v.rows]
    assert any(row.valid_through is not None for row in rows)
    assert any(row.item is None for row in rows)  # a file on an item no longer listed
    mismatches = [m for row in rows for m in row.state.scan_mismatches]
    assert [(m.file, m.message) for m in mismatches] == [("扫描1.png", MISMATCH)]  # one dismissed
    assert any(p.rule == "scan.mismatch" for v in preparing for p in v.check.blocking)
    assert any(v.check.deadlines for v in preparing)
    assert views[made.approved].check.deadlines == ()  # a decided case is not checked


def test_the_core_read_of_no_case_or_a_missing_one_is_empty(demo_register):
    rules = desk_over(demo_register, TODAY).rules()
    with demo_register.reading() as connection:
        assert due_cases.case_sheets(connection, rules, []) == {}
        assert due_cases.case_sheets(connection, rules, [987654]) == {}
