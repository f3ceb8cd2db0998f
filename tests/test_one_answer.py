"""One question, one answer: every screen, command and document shows the same status and date.

On one register with a district policy override, a calendar override and open cases,
each holder's permit status and latest submission date are compared across the register
page, the due list page, the cases page, the Excel report, ``wrc holders --json`` and
``wrc due --json``. Before the application core, the register page ignored the overrides.
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop import paths
from wrc_desktop.cli import main
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.desk import reports as desk_reports
from wrc_desktop.gui.pages.cases_view import HEADERS
from wrc_desktop.reports.expiry_report import COLUMNS
from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.rules.permit_state import days_to
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import (
    CalendarYear,
    calendar_year_toml,
    default_calendar,
    get_calendar,
)

# 海淀 asks for 20 working days of review; the clerk was told 40 (an override in the data folder).
HAIDIAN_OVERRIDE = (
    'slug = "haidian"\nname = "海淀区"\n[renewal]\n'
    'review_working_days = { value = 40, source = "经办人电话确认 2026-11-20" }\n'
)
# Ten working days of January 2027 declared holidays by the clerk.
CLERK_HOLIDAYS = frozenset(dt.date(2027, 1, day) for day in (4, 5, 6, 7, 8, 11, 12, 13, 14, 15))
LATEST = [name for name, _ in COLUMNS].index("最晚提交日")
STATUS = [name for name, _ in COLUMNS].index("状态")
CERTIFICATE = [name for name, _ in COLUMNS].index("证书编号")


@pytest.fixture
def overridden(demo_register):
    """The demo register, its data folder carrying a policy and a calendar override, and two open cases."""
    overrides = paths.overrides_dir()
    (overrides / "policies").mkdir(parents=True, exist_ok=True)
    (overrides / "policies" / "haidian.toml").write_text(HAIDIAN_OVERRIDE, encoding="utf-8")
    (overrides / "calendar").mkdir(parents=True, exist_ok=True)
    (overrides / "calendar" / "2027.toml").write_text(
        calendar_year_toml(CalendarYear(2027, CLERK_HOLIDAYS, frozenset(), "测试录入")),
        encoding="utf-8",
    )
    desk = desk_over(demo_register, TODAY)
    snapshot = desk_holders.snapshot(desk)
    renewing = [
        (row, state)
        for row, state in zip(snapshot.rows, snapshot.states, strict=True)
        if row.district == "haidian"
        and row.status == "active"
        and row.expiry is not None
        # under 海淀's "未达退休年龄": an older holder's renewal is refused at creation
        and row.birth_date is not None
        and row.birth_date >= dt.date(1980, 1, 1)
    ]
    # Two renewals still to be filed, and one past its latest submission (its deadline passed):
    # a renewal of a permit already lost is refused at creation, so none is made here.
    late = [row for row, state in renewing if state.label == "已过最晚提交日"][:1]
    in_time = [
        row for row, state in renewing if state.label in ("正常", "续签期内", "即将到最晚提交日")
    ][:2]
    for row in late + in_time:
        desk_cases.create(desk, holder_id=row.holder_id, kind="renewal")
    return desk


def _expected(row) -> tuple[str, dt.date]:
    """What the rules say for ``row`` under the overrides, computed independently of the app's paths."""
    policy = get_policy(row.district, overrides=paths.overrides_dir())
    deadlines = renewal_deadlines(
        policy,
        row.expiry,
        first_issued=row.first_issued,
        contract_end=row.contract_end,
        calendar=get_calendar(paths.overrides_dir()),
    )
    return deadlines.status_on(TODAY), deadlines.latest_submission


def test_the_override_moves_the_haidian_dates(overridden):
    """The fixture matters: with the override, 海淀's latest submission is earlier than the bundled rule's."""
    snapshot = desk_holders.snapshot(overridden)
    haidian = [
        (row, state)
        for row, state in zip(snapshot.rows, snapshot.states, strict=False)
        if row.district == "haidian" and row.expiry is not None and row.permit_status == "valid"
    ]
    assert haidian
    for row, state in haidian:
        bundled = renewal_deadlines(
            get_policy("haidian"),
            row.expiry,
            first_issued=row.first_issued,
            calendar=default_calendar(),
        )
        assert state.latest_submission < bundled.latest_submission


def test_every_screen_command_and_document_agrees(overridden, qtbot, tmp_path, capsys):
    from wrc_desktop.gui.shell.main_window import MainWindow

    desk = overridden
    snapshot = desk_holders.snapshot(desk)
    active = {
        row.holder_id: (row, state)
        for row, state in zip(snapshot.rows, snapshot.states, strict=False)
        if row.status == "active" and row.expiry is not None and row.permit_status == "valid"
    }
    assert len(active) > 100

    # The rules, asked directly with the overrides, are the reference.
    for row, state in active.values():
        assert (state.label, state.latest_submission) == _expected(row), row.name

    # The register page and the due list page of the window.
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    assert window.ops.wait()
    model = window.page.model
    for holder_id, (_row, state) in active.items():
        shown = model.state_of(holder_id)
        assert (shown.label, shown.latest_submission) == (state.label, state.latest_submission)
    qtbot.waitUntil(
        lambda: window.due_view.due is not None, timeout=20_000
    )  # computed after the first paint
    due = window.due_view.due
    renewals = [
        item
        for item in due.shown + due.hidden
        if item.kind == "renewal" and item.holder_id in active
    ]
    assert renewals
    for item in renewals:
        _row, state = active[item.holder_id]
        assert item.stage == state.label
        if item.level in (2, 3):  # 续签期内, 即将到最晚提交日: due by the latest submission
            assert item.date == state.latest_submission
        elif item.level >= 4:  # past it: due by the day the permit is lost, as the register counts
            assert item.date == state.lapses_on

    # The cases page: a renewal case's deadline is the holder's latest submission.
    cases_page = window.cases_view
    qtbot.waitUntil(lambda: cases_page.model.rows != [] and not cases_page.checking, timeout=20_000)
    summaries = cases_page.model.rows
    assert summaries
    deadline_column = HEADERS.index("下一期限")
    late = 0
    for number, summary in enumerate(summaries):
        _row, state = active[summary.holder_id]
        assert summary.next_deadline is not None
        assert summary.next_deadline <= state.latest_submission
        shown = cases_page.model.index(number, deadline_column).data()
        assert shown.endswith(f"（{days_to(summary.next_deadline, TODAY)}）")
        if summary.next_deadline < TODAY:  # a passed deadline says so, from the one wording
            assert "已过 " in shown
            late += 1
    assert late == 1

    # The holder dialog shows the same state as the register, a lost permit included.
    from wrc_desktop.gui.dialogs.holder_dialog import HolderDialog

    lost = next(
        row.holder_id
        for row, state in zip(snapshot.rows, snapshot.states, strict=True)
        if state.label == "已失效" and row.permit_status == "valid"
    )
    for holder_id in [lost, *list(active)[:3]]:
        dialog = HolderDialog(window.ops, holder_id=holder_id, parent=window)
        assert dialog.ops.wait()  # the dialog fills when the register's answer arrives
        shown_state = model.state_of(holder_id)
        figure = shown_state.countdown(TODAY)
        assert dialog.state_label.text() == "　".join(
            [shown_state.label, *([figure.text] if figure else [])]
        )
        dialog.close()
    window.close()

    # The Excel report: the values it computed for the day it was made.
    report = desk_reports.expiry_report(desk, tmp_path / "到期.xlsx")
    sheet = openpyxl.load_workbook(report.path, data_only=True)["到期明细"]
    by_certificate = {
        row[CERTIFICATE].value: row for row in sheet.iter_rows(min_row=4) if row[CERTIFICATE].value
    }
    for row, state in active.values():
        cells = by_certificate[row.certificate_no]
        latest = cells[LATEST].value
        latest = latest.date() if isinstance(latest, dt.datetime) else latest
        assert (cells[STATUS].value, latest) == (state.label, state.latest_submission), row.name

    # The command line, run on the same data folder.
    capsys.readouterr()
    assert main(["holders", "--json", "--today", TODAY.isoformat()]) == 0
    document = {h["id"]: h for h in json.loads(capsys.readouterr().out)}
    for holder_id, (_row, state) in active.items():
        assert document[holder_id]["permit_state"] == state.label
        assert document[holder_id]["latest_submission"] == state.latest_submission.isoformat()
    assert main(["due", "--json", "--today", TODAY.isoformat()]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    cli_renewals = {item["holder_id"]: item for item in items if item["kind"] == "renewal"}
    for item in renewals:
        if item in due.shown:
            assert cli_renewals[item.holder_id]["stage"] == item.stage
            assert cli_renewals[item.holder_id]["date"] == item.date.isoformat()


def test_one_impossible_date_never_stops_the_others(demo_register, tmp_path):
    """A record stored before dates were checked (an expiry far beyond the working-day calendar)
    shows as 无法计算 with the reason; every other holder keeps its state, in the register and the report."""
    from sqlalchemy import update

    from wrc_desktop.rules.permit_state import UNCOMPUTABLE
    from wrc_desktop.store.models import PermitPeriod

    desk = desk_over(demo_register, TODAY)
    before = desk_holders.snapshot(desk)
    broken = next(r for r in before.rows if r.expiry is not None and r.permit_id is not None)
    with demo_register.session() as session:
        session.execute(
            update(PermitPeriod)
            .where(PermitPeriod.permit_id == broken.permit_id)
            .values(expiry=dt.date(2207, 3, 1))
        )
    after = desk_holders.snapshot(desk_over(demo_register, TODAY))
    states = {row.holder_id: state for row, state in zip(after.rows, after.states, strict=True)}
    assert (
        states[broken.holder_id].label == UNCOMPUTABLE and "2207" in states[broken.holder_id].reason
    )
    for row, state in zip(before.rows, before.states, strict=True):
        if row.holder_id != broken.holder_id:
            assert states[row.holder_id].label == state.label
    report = desk_reports.expiry_report(desk_over(demo_register, TODAY), tmp_path / "r.xlsx")
    assert report.rows == len([r for r in after.rows if r.status == "active"])


def test_the_due_list_names_the_holder_whose_date_is_impossible_and_goes_on(demo_register):
    from sqlalchemy import update

    from wrc_desktop.desk import due as desk_due
    from wrc_desktop.store.models import PermitPeriod

    before = desk_due.due_list(desk_over(demo_register, TODAY))
    row = next(
        r for r in desk_holders.snapshot(desk_over(demo_register, TODAY)).rows if r.permit_id
    )
    with demo_register.session() as session:
        session.execute(
            update(PermitPeriod)
            .where(PermitPeriod.permit_id == row.permit_id)
            .values(expiry=dt.date(2207, 3, 1))
        )
    after = desk_due.due_list(desk_over(demo_register, TODAY))
    (record,) = [item for item in after.shown if item.kind == "record"]
    assert record.holder_id == row.holder_id and "2207" in record.title
    others = {i.key for i in before.shown if i.holder_id != row.holder_id}
    assert others == {i.key for i in after.shown if i.holder_id != row.holder_id}
