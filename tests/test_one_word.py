"""One word, one meaning, one number: every place that names a holder's permit state shows the
same word, and every place that counts to its deadline shows the same figure, naming what it
counts to (issue 25).

Over the demo register, for every holder: the register model, the holder dialog's data, the 待办
model, the tray's summary and the daily reminder, the Excel report (read back) and the JSON of
``wrc holders`` / ``wrc due``. The words come from :mod:`wrc_desktop.rules.glossary`, the figure
from :mod:`wrc_desktop.rules.countdown`.
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from PySide6.QtCore import Qt

from tests.conftest import TODAY
from tests.helpers import desk_over
from wrc_desktop.cli import main
from wrc_desktop.desk import due as desk_due
from wrc_desktop.desk import holders as desk_holders
from wrc_desktop.desk import reminders as desk_reminders
from wrc_desktop.desk import reports as desk_reports
from wrc_desktop.desk.dialog_data import holder_form
from wrc_desktop.reports.detail_rows import COLUMNS
from wrc_desktop.rules.countdown import countdown, permit_countdown
from wrc_desktop.rules.deadlines import STATUSES, renewal_deadlines
from wrc_desktop.rules.due import summarise
from wrc_desktop.rules.glossary import (
    PERMIT_STATES,
    RECORDED_CHOICES,
    RENEWAL_STAGES,
    SECTIONS,
    STATE_WORDS,
    URGENCY_WORDS,
    current_word,
    glossary_markdown,
    recorded_note,
)
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar

PERMIT_KINDS = ("renewal", "auto_extension", "lapsed")  # the permit's own row in 待办
HEADERS = [name for name, _ in COLUMNS]
CERTIFICATE, DAYS, STATUS = (HEADERS.index(h) for h in ("证书编号", "剩余（距期限）", "状态"))


def test_a_word_means_one_thing():
    states, groups = set(STATE_WORDS), set(URGENCY_WORDS.values())
    recorded = set(RECORDED_CHOICES.values())
    assert not states & groups and not states & recorded and not groups & recorded
    assert len(states) == len(STATE_WORDS)  # no state word twice
    # 紧急 and 已逾期 are 待办 groups; no state reads like one of them.
    assert {"紧急", "已逾期"} <= groups
    for word in states:
        assert not any(clash in word for clash in ("紧急", "逾期", "已过期")), word
    assert tuple(PERMIT_STATES[code].word for code in RENEWAL_STAGES) == STATUSES
    assert STATUSES[3] == "即将到最晚提交日" and STATUSES[5] == "已过有效期（宽限期内）"
    for _title, terms in SECTIONS:  # each with its rule in one Chinese sentence
        assert all(
            term.rule.endswith("。") and term.rule.count("。") == 1 for term in terms.values()
        )
    # A word stored by an earlier version reads as today's.
    assert current_word("紧急") == "即将到最晚提交日"
    assert current_word("已过期（须立即提交）") == "已过有效期（宽限期内）"


def test_the_recorded_status_shows_only_where_it_says_more():
    assert recorded_note("cancelled", "已离职") == "登记的证件状态：注销"
    assert recorded_note("suspended", "已离职") == "登记的证件状态：挂起"
    assert recorded_note("cancelled", "已注销") == ""  # the state says it already
    assert recorded_note("valid", "已失效") == ""  # the dates decide: nothing more to say
    assert recorded_note("lapsed", "已失效") == ""


def test_the_help_window_shows_the_glossary(isolated_data_dir):
    from wrc_desktop import paths
    from wrc_desktop.gui.shell.help_window import guide_text

    text = guide_text(
        data_dir=isolated_data_dir,
        register=None,
        backups=paths.backups_dir(),
        logs=paths.logs_dir(),
    )
    assert glossary_markdown() in text and "$glossary" not in text
    for _title, terms in SECTIONS:
        for term in terms.values():
            assert f"| {term.word} | {term.rule} |" in text


def test_a_figure_names_its_deadline_and_its_unit():
    today = dt.date(2026, 12, 6)  # a Sunday
    assert countdown("最晚提交日", dt.date(2026, 12, 10), today).text == "距最晚提交日还剩 4 日"
    assert countdown("失效日", dt.date(2026, 11, 7), today).text == "已过失效日 29 日"
    assert countdown("最晚提交日", today, today).text == "今天是最晚提交日"
    # 003's appointment is counted in working days: Monday 12-07 to Friday 12-11.
    appointment = countdown("预约截止日", dt.date(2026, 12, 11), today, default_calendar())
    assert (appointment.text, appointment.unit) == ("距预约截止日还剩 5 个工作日", "工作日")


def test_the_permit_counts_to_its_latest_submission_then_to_its_loss():
    """002's worked example (expiry 2022-08-06, latest submission 2022-07-08): the figure counts
    to 07-08 while it is ahead, then to the day the permit is lost (海淀: the expiry itself)."""
    d = renewal_deadlines(get_policy("haidian"), dt.date(2022, 8, 6), calendar=default_calendar())
    assert d.latest_submission == dt.date(2022, 7, 8) and d.lapses_on == dt.date(2022, 8, 6)
    on = {day: permit_countdown(d, dt.date(2022, 7, day)).text for day in (1, 8, 9)}
    assert on == {1: "距最晚提交日还剩 7 日", 8: "今天是最晚提交日", 9: "距失效日还剩 28 日"}
    assert d.status_on(dt.date(2022, 7, 1)) == "即将到最晚提交日"  # 5 working days: 07-04…07-08
    assert permit_countdown(d, dt.date(2022, 8, 10)).text == "已过失效日 4 日"


@pytest.fixture
def expected(demo_register):
    """Each holder's state word and figure, as the rules give them on TODAY."""
    desk = desk_over(demo_register, TODAY)
    snapshot = desk_holders.snapshot(desk)
    found, cells = {}, {}
    for row, state in zip(snapshot.rows, snapshot.states, strict=True):
        figure = state.countdown(TODAY)
        found[row.holder_id] = (row, state.label, figure.text if figure else "")
        cells[row.holder_id] = figure.short if figure else ""
    words = {label for _row, label, _figure in found.values()}
    # The demo has the words that matter here: the renamed ones, a lost permit, a leaver.
    assert {"即将到最晚提交日", "已过有效期（宽限期内）", "已失效", "已离职"} <= words, words
    return desk, found, cells


def test_the_register_and_the_holder_dialog_show_the_same_word_and_figure(expected):
    from wrc_desktop.gui.models.register_model import Column, RegisterFilter, RegisterModel

    desk, found, cells = expected
    model = RegisterModel()
    model.load(desk_holders.snapshot(desk))
    model.set_filter(RegisterFilter(show_left=True))
    assert model.rowCount() == len(found)
    for row in range(model.rowCount()):
        holder_id = model.holder_id_at(row)
        shown = (model.index(row, Column.STATUS).data(), model.index(row, Column.DAYS_LEFT).data())
        assert shown == (found[holder_id][1], cells[holder_id]), found[holder_id][0].name
        tooltip = model.index(row, Column.DAYS_LEFT).data(Qt.ItemDataRole.ToolTipRole) or ""
        assert tooltip.startswith(found[holder_id][2])  # the words in full
    with_permit = 0
    for holder_id, (row, label, figure) in found.items():
        form = holder_form(desk, holder_id)
        if form.state is None:  # no permit recorded: the dialog has no state line
            assert label == "未登记证件"
            continue
        with_permit += 1
        assert (form.state.label, form.figure.text if form.figure else "") == (label, figure)
        assert form.state_line.startswith(label) and figure in form.state_line, row.name
        assert "有效" not in form.state_line.replace("有效期", "")  # never 有效 beside 已失效
    assert with_permit > 150


def test_the_due_list_the_tray_and_the_reminder_show_the_registers_word_and_figure(expected, qtbot):
    from wrc_desktop.gui.models.due_model import DueModel

    desk, found, cells = expected
    due = desk_due.due_list(desk)
    model = DueModel()
    model.load(due, show_hidden=True)
    compared = 0
    for row in range(model.rowCount()):
        item = model.item_at(row)
        if item is None or item.kind not in PERMIT_KINDS:
            continue
        holder, label, figure = found[item.holder_id]
        assert item.stage == label, holder.name
        assert model.index(row, 1).data() == cells[item.holder_id], holder.name
        assert model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole).startswith(figure)
        compared += 1
    assert compared > 50
    # The tray's lines and the reminder's 最紧急 carry the same figure, for the same deadline.
    summary = summarise(due.shown, limit=len(due.shown))
    pressing = [i for i in due.shown if i.urgency in ("overdue", "urgent")]
    lines = summary.body.splitlines()
    assert len(lines) == len(pressing)
    for line, item in zip(lines, pressing, strict=True):
        if item.kind in PERMIT_KINDS:
            holder, _label, figure = found[item.holder_id]
            assert line.startswith(f"【{item.urgency_label}】{holder.name}（{item.kind_label}）：")
            assert f"：{figure}；" in line
    reminder = desk_reminders.digest(desk)
    assert reminder is not None
    first = pressing[0]  # one order: 待办's first pressing row is the tray's and the reminder's
    assert reminder.items[0] == first
    assert lines[0].split("】", 1)[1] == reminder.body.splitlines()[0].removeprefix("最紧急：")
    assert reminder.body.startswith(f"最紧急：{first.holder_name}（{first.kind_label}）：")
    assert f"：{first.countdown.text}；" in reminder.body.splitlines()[0]
    if first.kind in PERMIT_KINDS:
        assert first.countdown.text == found[first.holder_id][2]


def test_excel_and_the_command_line_show_the_registers_word_and_figure(expected, tmp_path, capsys):
    desk, found, _cells = expected
    report = desk_reports.expiry_report(desk, tmp_path / "到期.xlsx")
    sheet = openpyxl.load_workbook(report.path, data_only=True)["到期明细"]
    by_certificate = {
        cells[CERTIFICATE].value: cells for cells in sheet.iter_rows(min_row=4) if cells[2].value
    }
    active = [entry for entry in found.values() if entry[0].status == "active"]
    assert report.rows == len(active)
    for row, label, figure in active:
        if row.certificate_no:
            cells = by_certificate[row.certificate_no]
            assert (cells[STATUS].value, cells[DAYS].value or "") == (label, figure), row.name

    capsys.readouterr()
    assert main(["holders", "--json", "--today", TODAY.isoformat()]) == 0
    document = {h["id"]: h for h in json.loads(capsys.readouterr().out)}
    for holder_id, (row, label, figure) in found.items():
        shown = document[holder_id]
        assert (shown["permit_state"], shown["days_text"] or "") == (label, figure), row.name
        if figure:
            days = shown["days_left"]
            assert shown["counts_to"] in figure and (days == 0 or f" {abs(days)} " in figure)

    assert main(["due", "--json", "--today", TODAY.isoformat()]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    compared = 0
    for item in items:
        if item["kind"] in PERMIT_KINDS:
            _row, label, figure = found[item["holder_id"]]
            assert (item["stage"], item["countdown"]["text"]) == (label, figure)
            compared += 1
    assert compared > 50


SATURDAY = TODAY + dt.timedelta(days=6)  # 2026-11-28


def test_on_a_saturday_no_row_says_submit_today(demo_register):
    """Every "submit on" date is a counter day: on a Saturday a late renewal names the next one."""
    from wrc_desktop.rules.counter import counter_rule

    assert SATURDAY.isoweekday() == 6
    desk = desk_over(demo_register, SATURDAY)
    due = desk_due.due_list(desk)
    items = due.shown + due.hidden
    late = [i for i in items if i.kind == "renewal" and i.level in (4, 5) and i.apply_kind]
    assert late  # the demo has renewals past their latest submission
    for item in items:
        assert not any(f"今天{act}" in item.step for act in ("提交", "完成自动延续确认")), item.step
    calendar = default_calendar()
    for item in late:
        assert "（最近的受理日）" in item.step and item.apply_on is not None
        assert f"{item.apply_on.isoformat()}（最近的受理日）" in item.step
    for item in items:
        if item.apply_on is not None:
            assert calendar.is_working_day(item.apply_on) and item.apply_on > SATURDAY
    # 东城's counter receives a small unit on Mondays and Tuesdays only.
    dongcheng = counter_rule(get_policy("dongcheng"))
    assert dongcheng.is_counter_day(SATURDAY + dt.timedelta(days=2), calendar)


def test_a_narrow_cell_shows_the_same_figure_number_first():
    today = dt.date(2026, 12, 6)
    ahead = countdown("最晚提交日", dt.date(2026, 12, 10), today)
    assert ahead.short == "还剩 4 日（最晚提交日）"
    assert countdown("失效日", dt.date(2026, 11, 7), today).short == "已过 29 日（失效日）"
    assert countdown("失效日", today, today).short == "今天（失效日）"
