"""The calendar export parses back with icalendar; UIDs stay put when dates move."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from tests.conftest import TODAY
from tests.helpers import source_on
from tests.reports.builders import add_holder, add_unit
from wrc_desktop.cli import main
from wrc_desktop.reports.ics_export import write_ics
from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.store import repo


def _events(path):
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_ics_parses_back_with_one_all_day_event_per_deadline(register, tmp_path):
    expiry = TODAY + dt.timedelta(days=100)
    with register.session() as session:
        holder = add_holder(session, add_unit(session).id, expiry=expiry)
        add_holder(session, 1, name="李四", sequence="135", expiry=TODAY + dt.timedelta(days=900))
        export = write_ics(
            session, tmp_path / "期限.ics", TODAY, within_days=365, source=source_on(TODAY)
        )
    assert (export.events, export.holders) == (3, 1)
    events = _events(tmp_path / "期限.ics")
    deadlines = renewal_deadlines("haidian", expiry)
    by_kind = {uid.split("-")[2].split("@")[0]: e for uid, e in events.items()}
    assert by_kind["window_opens"].decoded("dtstart") == deadlines.window_opens
    assert by_kind["latest_submission"].decoded("dtstart") == deadlines.latest_submission
    assert by_kind["expiry"].decoded("dtstart") == expiry
    for event in events.values():
        assert isinstance(event.decoded("dtstart"), dt.date) and not isinstance(
            event.decoded("dtstart"), dt.datetime
        )
        assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(days=1)
        assert "张三" in str(event["summary"])
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["action"] == "DISPLAY"
    assert all(str(holder.id) in uid for uid in events)

    # renewed: the same UIDs, later dates, a higher SEQUENCE — a re-import updates the events
    with register.session() as session:
        permit = repo.holder_detail(session, holder.id).current_permit.permit
        repo.add_period(
            session,
            permit.id,
            start=expiry + dt.timedelta(days=1),
            expiry=expiry + dt.timedelta(days=200),
        )
        write_ics(session, tmp_path / "新.ics", TODAY, within_days=365, source=source_on(TODAY))
    renewed = _events(tmp_path / "新.ics")
    assert set(renewed) == set(events)
    for uid, event in renewed.items():
        assert event.decoded("dtstart") > events[uid].decoded("dtstart")
        assert int(event["sequence"]) > int(events[uid]["sequence"])


def test_cli_ics(demo_register, tmp_path, capsys):
    out = tmp_path / "d.ics"
    assert (
        main(["ics", "--out", str(out), "--within-days", "60", "--today", TODAY.isoformat()]) == 0
    )
    assert "已导出日历" in capsys.readouterr().out
    events = _events(out)
    assert events and all(
        TODAY <= e.decoded("dtstart") <= TODAY + dt.timedelta(days=60) for e in events.values()
    )
    assert main(["ics", "--out", str(tmp_path / "d.txt")]) == 2
    assert ".ics" in capsys.readouterr().err


def test_one_holder_with_an_impossible_expiry_never_stops_the_calendar(register, tmp_path, capsys):
    from sqlalchemy import update

    from wrc_desktop.store.models import PermitPeriod

    with register.session() as session:
        add_holder(session, add_unit(session).id, expiry=TODAY + dt.timedelta(days=100))
        broken = add_holder(
            session, 1, name="李四", sequence="135", expiry=TODAY + dt.timedelta(days=200)
        )
        permit_id = repo.holder_detail(session, broken.id).current_permit.permit.id
        # stored before dates were checked for plausibility
        session.connection().execute(
            update(PermitPeriod.__table__)
            .where(PermitPeriod.__table__.c.permit_id == permit_id)
            .values(expiry=dt.date(2207, 3, 1))
        )
    with register.session() as session:
        export = write_ics(
            session, tmp_path / "期限.ics", TODAY, within_days=365, source=source_on(TODAY)
        )
    assert (export.events, export.holders) == (3, 1)
    assert [(f.name, "2207-03-01" in f.reason) for f in export.skipped] == [("李四", True)]
    assert main(["ics", "--out", str(tmp_path / "b.ics"), "--today", TODAY.isoformat()]) == 0
    captured = capsys.readouterr()
    assert "涉及 1 人" in captured.out and "李四" in captured.err and "2207-03-01" in captured.err
