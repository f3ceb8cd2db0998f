"""The calendar export is the due list on a calendar: one all-day event per dated task, of every
kind, titled by its kind with the next step in it; the permits' tasks still ahead follow as the
list will first show them; UIDs stay put when dates move."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from tests.conftest import TODAY
from tests.reports.builders import add_holder, add_unit
from wrc_desktop import paths
from wrc_desktop.cli import main
from wrc_desktop.desk import Desk, due
from wrc_desktop.desk import reports as desk_reports
from wrc_desktop.reports import due_list as due_list_report
from wrc_desktop.reports.ics_export import description, event_day, event_uid
from wrc_desktop.rules.countdown import LAPSE
from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.rules.due import KINDS
from wrc_desktop.rules.permit_state import days_to
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar
from wrc_desktop.store import holder_records, permit_records


def _events(path):
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def _export(register, out, within_days=365, today=TODAY):
    desk = Desk(register, data_dir=paths.data_dir(), clock=lambda: today)
    return desk_reports.calendar_file(desk, out, within_days=within_days), desk


def test_every_dated_task_of_the_due_list_is_one_event(demo_register, tmp_path):
    export, desk = _export(demo_register, tmp_path / "期限.ics", within_days=3660)
    listed = due.due_list(desk)
    events = _events(export.path)
    assert len(events) == export.events  # no UID twice in the file
    for item in listed.shown:
        event = events[event_uid(item)]  # exactly one per task: its UID
        assert event.decoded("dtstart") == event_day(item, TODAY)
        assert str(event["summary"]) == f"{item.kind_label}：{item.holder_name}（{item.unit_name}）"
        text = str(event["description"])
        assert text.startswith(f"期限：{item.date.isoformat()}（{days_to(item.date, TODAY)}）")
        assert f"下一步：{item.step}" in text and item.title in text
        if item.detail:
            assert item.detail in text  # the deadline's explanation
    # no event without a task: the rest are the permits' tasks the list will show later, each
    # of a holder whose permit has no task on the list today
    on_list = {event_uid(item) for item in listed.shown}
    listed_permits = {
        i.holder_id for i in [*listed.shown, *listed.hidden] if i.key.startswith("renewal:")
    }
    with desk._session() as session:
        source = desk.deadlines()
        ahead = due_list_report.upcoming_renewals(
            session, source, TODAY + dt.timedelta(days=3660), listed_permits
        )
    assert set(events) - on_list == {event_uid(item) for item in ahead}
    for item in ahead:
        assert events[event_uid(item)].decoded("dtstart") == item.date > TODAY
    kinds = {item.kind for item in listed.shown}
    # every kind the demo register's list has reaches the calendar, not only renewals
    assert {"cancellation", "employer_change", "auto_extension", "contract_end"} <= kinds
    titled = {str(e["summary"]).split("：")[0] for e in events.values()}
    assert {KINDS[kind] for kind in kinds} <= titled
    assert "自动延续确认" in titled and "离职注销" in titled and "聘用单位变更" in titled


def test_a_late_task_stands_where_the_clerk_looks(demo_register, tmp_path):
    """朱明秀's automatic extension was due 11-06; in 东城's grace period she lapses later: the
    event stands on the counter day the step names, not in the past, and says both dates."""
    export, desk = _export(demo_register, tmp_path / "期限.ics")
    events = _events(export.path)
    late = [i for i in due.due_list(desk).shown if i.date < TODAY and i.urgency != "settle"]
    assert late
    for item in late:
        day = events[event_uid(item)].decoded("dtstart")
        assert day == (item.apply_on if item.apply_on and item.apply_on >= TODAY else TODAY)
    # past its latest submission a renewal counts to the day the permit is lost (rules.countdown)
    shown = due.due_list(desk).shown
    grace = [i for i in shown if "宽限期" in i.step and i.counts_to == LAPSE]
    assert grace, "the demo register has a permit in its grace period"
    for item in grace:
        event = events[event_uid(item)]
        lapse = item.step.split(" 起失效")[0].rsplit("，", 1)[-1]
        assert TODAY <= event.decoded("dtstart") < dt.date.fromisoformat(lapse)
        assert f"{lapse} 起失效" in str(event["description"])
    # a task that is over and only to be closed keeps its own date
    settle = [i for i in due.due_list(desk).shown if i.urgency == "settle"]
    for item in settle:
        assert events[event_uid(item)].decoded("dtstart") == item.date


def test_a_task_put_off_stays_on_the_calendar_and_one_handled_leaves_it(demo_register, tmp_path):
    desk = Desk(demo_register, data_dir=paths.data_dir(), clock=lambda: TODAY)
    first, second = [i for i in due.due_list(desk).shown if i.date >= TODAY][:2]
    later = TODAY + dt.timedelta(days=10)
    due.mark(desk, first, action="snoozed", until=later)
    due.mark(desk, second, action="handled")
    listed = due.due_list(desk)
    assert first.key not in {i.key for i in listed.shown}
    export, _desk = _export(demo_register, tmp_path / "期限.ics")
    events = _events(export.path)
    put_off = events[event_uid(first)]
    assert put_off.decoded("dtstart") == event_day(first, TODAY)
    assert f"已暂缓至 {later.isoformat()}" in str(put_off["description"])
    assert event_uid(second) not in events


def test_a_permit_ahead_is_one_event_as_the_due_list_will_show_it(register, tmp_path):
    expiry = TODAY + dt.timedelta(days=200)
    with register.session() as session:
        holder = add_holder(session, add_unit(session).id, expiry=expiry)
        add_holder(session, 1, name="李四", sequence="135", expiry=TODAY + dt.timedelta(days=900))
    export, _desk = _export(register, tmp_path / "期限.ics")
    assert (export.events, export.holders) == (1, 1)
    (event,) = _events(export.path).values()
    deadlines = renewal_deadlines(get_policy("haidian"), expiry, calendar=default_calendar())
    assert event.decoded("dtstart") == deadlines.latest_submission
    assert str(event["summary"]).startswith("续签：张三")
    assert isinstance(event.decoded("dtstart"), dt.date) and not isinstance(
        event.decoded("dtstart"), dt.datetime
    )
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(days=1)
    (alarm,) = event.walk("VALARM")
    assert alarm["action"] == "DISPLAY"
    assert str(event["uid"]) == f"wrc-renewal-{holder.id}@wrc-desk"

    # the day the list shows it, the calendar's event is the list's (same UID, same date)
    shown_on = deadlines.window_opens - dt.timedelta(days=30)
    later, desk = _export(register, tmp_path / "later.ics", today=shown_on)
    (item,) = [i for i in due.due_list(desk).shown if i.key.startswith(f"renewal:{holder.id}:")]
    assert _events(later.path)[event_uid(item)].decoded("dtstart") == item.date


def test_a_renewed_permit_moves_its_event(register, tmp_path):
    expiry = TODAY + dt.timedelta(days=40)
    with register.session() as session:
        holder = add_holder(session, add_unit(session).id, expiry=expiry)
    first, _desk = _export(register, tmp_path / "a.ics")
    with register.session() as session:
        permit = holder_records.holder_detail(session, holder.id).current_permit.permit
        permit_records.add_period(
            session,
            permit.id,
            start=expiry + dt.timedelta(days=1),
            expiry=expiry + dt.timedelta(days=300),
        )
    renewed, _desk = _export(register, tmp_path / "b.ics")
    before, after = _events(first.path), _events(renewed.path)
    assert set(before) == set(after)  # the same UID: a re-import moves the event
    (uid,) = before
    assert after[uid].decoded("dtstart") > before[uid].decoded("dtstart")
    assert int(after[uid]["sequence"]) >= int(before[uid]["sequence"])


def test_cli_ics(demo_register, tmp_path, capsys):
    out = tmp_path / "d.ics"
    assert (
        main(["ics", "--out", str(out), "--within-days", "60", "--today", TODAY.isoformat()]) == 0
    )
    assert "已导出日历" in capsys.readouterr().out
    events = _events(out)
    assert events and all(
        e.decoded("dtstart") <= TODAY + dt.timedelta(days=60) for e in events.values()
    )
    assert main(["ics", "--out", str(tmp_path / "d.txt")]) == 2
    assert ".ics" in capsys.readouterr().err


def test_one_holder_with_an_impossible_expiry_is_a_task_to_correct(register, tmp_path, capsys):
    from sqlalchemy import update

    from wrc_desktop.store.models import PermitPeriod

    with register.session() as session:
        add_holder(session, add_unit(session).id, expiry=TODAY + dt.timedelta(days=100))
        broken = add_holder(
            session, 1, name="李四", sequence="135", expiry=TODAY + dt.timedelta(days=200)
        )
        permit_id = holder_records.holder_detail(session, broken.id).current_permit.permit.id
        # stored before dates were checked for plausibility
        session.connection().execute(
            update(PermitPeriod.__table__)
            .where(PermitPeriod.__table__.c.permit_id == permit_id)
            .values(expiry=dt.date(2207, 3, 1))
        )
    export, _desk = _export(register, tmp_path / "期限.ics")
    assert (export.events, export.holders) == (2, 2)
    assert [(f.name, "2207-03-01" in f.reason) for f in export.skipped] == [("李四", True)]
    record = _events(export.path)[f"wrc-record-{broken.id}@wrc-desk"]
    assert str(record["summary"]).startswith("登记信息有误：李四")
    assert main(["ics", "--out", str(tmp_path / "b.ics"), "--today", TODAY.isoformat()]) == 0
    captured = capsys.readouterr()
    assert "涉及 2 人" in captured.out and "李四" in captured.err and "2207-03-01" in captured.err


def test_the_file_is_folded_and_escaped_as_rfc_5545_says(demo_register, tmp_path):
    export, desk = _export(demo_register, tmp_path / "期限.ics")
    data = export.path.read_bytes()
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in b"".join(lines)  # CRLF line ends only
    assert max(len(line) for line in lines) <= 75  # folded at 75 octets (UTF-8 kept whole)
    for line in lines:
        line.decode("utf-8")  # no character split across a fold
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    # the events' descriptions (their alarms' are one line): several lines, each newline escaped
    descriptions = [line for line in unfolded.split("\r\n") if line.startswith("DESCRIPTION:期限")]
    assert len(descriptions) == export.events
    assert all("\\n" in line for line in descriptions)
    # what a calendar reads back is the text written, whatever the escaping did to it
    events = _events(export.path)
    for item in due.due_list(desk).shown:
        event = events[event_uid(item)]
        assert str(event["description"]) == description(item, TODAY)
        assert str(event["summary"]) == f"{item.kind_label}：{item.holder_name}（{item.unit_name}）"


def test_the_cli_and_the_reports_page_export_the_same_period():
    from wrc_desktop.cli import build_parser
    from wrc_desktop.desk.report_files import DEFAULT_WITHIN_DAYS

    args = build_parser("ics").parse_args(["ics", "--out", "x.ics"])
    assert args.within_days == DEFAULT_WITHIN_DAYS
