"""The due list: warnings are states computed from dates, and the clerk's marks hide them only so far."""

from __future__ import annotations

import datetime as dt
import json

from tests.conftest import TODAY
from tests.helpers import source_on
from tests.reports.builders import add_holder, add_unit
from wrc_desktop.cli import main
from wrc_desktop.reports.due_list import collect_items, due_list, mark, set_lead_times
from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar
from wrc_desktop.store import audit, holder_records, permit_records

HAIDIAN_WINDOW = 61  # 002: the window opens 61 days before expiry


def _renewal(session, today):
    """The permit's own task (renewal, or the lost permit's item to settle, under the same key)."""
    items = [
        i
        for i in due_list(session, source_on(today, session=session)).shown
        if i.key.startswith("renewal:")
    ]
    return items[0] if items else None


def test_a_warning_that_became_due_while_the_app_was_closed_still_shows(register):
    expiry = (
        TODAY - dt.timedelta(days=3) + dt.timedelta(days=HAIDIAN_WINDOW)
    )  # window opened 3 days ago
    with register.session() as session:
        unit = add_unit(session)
        add_holder(session, unit.id, expiry=expiry)
        add_holder(
            session,
            unit.id,
            name="李四",
            sequence="135",
            expiry=TODAY + dt.timedelta(days=400),
            status="left",
            left_on=TODAY - dt.timedelta(days=10),
        )
    with register.session() as session:
        item = _renewal(session, TODAY)
        assert item is not None and item.stage == "续签期内"
        assert renewal_deadlines(
            get_policy("haidian"), expiry, calendar=default_calendar()
        ).window_opens == TODAY - dt.timedelta(days=3)
        assert (
            item.date
            == renewal_deadlines(
                get_policy("haidian"), expiry, calendar=default_calendar()
            ).latest_submission
        )
        assert item.days_left == (item.date - TODAY).days and item.working_days_left > 0
        assert "002" in item.source and not item.unverified
        # the leaver's cancellation deadline (5 working days) passed while nobody looked: still there, overdue
        cancel = [
            i
            for i in due_list(session, source_on(TODAY, session=session)).shown
            if i.kind == "cancellation"
        ]
        assert (
            len(cancel) == 1 and cancel[0].urgency == "overdue" and cancel[0].holder_name == "李四"
        )
        assert cancel[0].date < TODAY


def test_snooze_hides_until_its_date_and_a_more_urgent_stage_shows_again(register):
    expiry = TODAY + dt.timedelta(days=50)
    deadlines = renewal_deadlines(get_policy("haidian"), expiry, calendar=default_calendar())
    with register.session() as session:
        add_holder(session, add_unit(session).id, expiry=expiry)
    with register.session() as session:
        item = _renewal(session, TODAY)
        assert item.stage == "续签期内"
        until = TODAY + dt.timedelta(days=5)
        mark(session, item, action="snoozed", until=until, note="等材料", today=TODAY)
    with register.session() as session:
        assert _renewal(session, TODAY) is None
        assert _renewal(session, until - dt.timedelta(days=1)) is None
        assert _renewal(session, until).stage == "续签期内"  # the snooze ran out
        # snoozed far ahead: the urgent stage still breaks through before the date
        mark(session, _renewal(session, until), action="snoozed", until=expiry, today=until)
        urgent_day = next(
            TODAY + dt.timedelta(days=n)
            for n in range(60)
            if deadlines.status_on(TODAY + dt.timedelta(days=n)) == "即将到最晚提交日"
        )
        assert _renewal(session, urgent_day - dt.timedelta(days=1)) is None
        assert _renewal(session, urgent_day).stage == "即将到最晚提交日"
        assert _renewal(session, urgent_day).urgency == "urgent"


def test_handled_is_kept_in_the_audit_trail_and_lasts_for_that_stage(register):
    expiry = TODAY + dt.timedelta(days=50)
    with register.session() as session:
        holder = add_holder(session, add_unit(session).id, expiry=expiry)
    with register.session() as session:
        mark(session, _renewal(session, TODAY), action="handled", note="已提交续签", today=TODAY)
    with register.session() as session:
        assert _renewal(session, TODAY + dt.timedelta(days=3)) is None
        hidden = due_list(session, source_on(TODAY, session=session)).hidden
        assert [i.kind for i in hidden] == ["renewal"]
        entries = [e for e in audit.trail(session, "warning", holder.id)]
        assert entries[-1].action == "handled" and entries[-1].note == "已提交续签"
        assert entries[-1].field.startswith("renewal:")
        assert (
            _renewal(session, expiry + dt.timedelta(days=1)).stage == "已失效"
        )  # haidian: lapses at once


def test_lead_times_are_settings_with_policy_defaults(register):
    expiry = TODAY + dt.timedelta(days=HAIDIAN_WINDOW + 45)  # window opens in 45 days
    with register.session() as session:
        add_holder(
            session,
            add_unit(session).id,
            expiry=expiry,
            contract_start="2024-03-01",
            contract_end=TODAY + dt.timedelta(days=200),
        )
    with register.session() as session:
        kinds = {i.kind for i in collect_items(session, source_on(TODAY, session=session))}
        assert "renewal" not in kinds  # default: 30 days before the window opens
        assert "contract_end" not in kinds  # default: 6 months (policy) before the contract ends
        set_lead_times(session, {"renewal": 60, "contract_end": 210})
    with register.session() as session:
        items = {i.kind: i for i in collect_items(session, source_on(TODAY, session=session))}
        assert items["renewal"].stage == "即将进入续签期"
        assert items["contract_end"].urgency == "soon"
        set_lead_times(session, {"renewal": None})
    with register.session() as session:
        assert "renewal" not in {
            i.kind for i in collect_items(session, source_on(TODAY, session=session))
        }


def test_cli_due_json_prints_the_same_list(demo_register, capsys):
    with demo_register.session() as session:
        expected = due_list(session, source_on(TODAY, session=session)).as_dict()
    assert main(["due", "--json", "--today", TODAY.isoformat()]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["counts"] == expected["counts"]
    assert [i["key"] for i in printed["items"]] == [i["key"] for i in expected["items"]]
    assert printed["counts"]["overdue"] > 0 and printed["counts"]["soon"] > 0
    first = printed["items"][0]
    assert {
        "date",
        "days_left",
        "working_days_left",
        "rule",
        "source",
        "holder_id",
        "title",
    } <= set(first)


def test_cli_due_mark_and_bad_key(demo_register, capsys):
    with demo_register.session() as session:
        item = due_list(session, source_on(TODAY, session=session)).shown[0]
    assert (
        main(
            [
                "due-mark",
                item.key,
                "--snooze-until",
                "2026-12-01",
                "--note",
                "下周处理",
                "--today",
                TODAY.isoformat(),
            ]
        )
        == 0
    )
    with demo_register.session() as session:
        assert item.key not in {
            i.key for i in due_list(session, source_on(TODAY, session=session)).shown
        }
        assert item.key in {
            i.key for i in due_list(session, source_on(dt.date(2026, 12, 1), session=session)).shown
        }
    capsys.readouterr()
    assert main(["due-mark", "renewal:999:2026-01-01", "--handled"]) == 2
    assert "没有编号" in capsys.readouterr().err
    assert (
        main(["due-mark", item.key, "--snooze-until", "2026-11-01", "--today", TODAY.isoformat()])
        == 2
    )
    assert "应晚于今天" in capsys.readouterr().err


def test_summary_text_for_the_tray(demo_register):
    with demo_register.session() as session:
        summary = due_list(session, source_on(TODAY, session=session)).summary()
    assert summary.needs_attention
    assert summary.title.startswith("工作居住证待办：") and "已逾期" in summary.title
    lines = summary.body.splitlines()
    assert lines[0].startswith("【已逾期】") and "另有" in lines[-1]


def test_archived_holder_with_a_cancelled_permit_raises_nothing(register):
    with register.session() as session:
        holder = add_holder(
            session,
            add_unit(session).id,
            expiry=TODAY + dt.timedelta(days=20),
            status="left",
            left_on=TODAY - dt.timedelta(days=2),
        )
        permit = holder_records.holder_detail(session, holder.id).current_permit.permit
        assert {i.kind for i in collect_items(session, source_on(TODAY, session=session))} == {
            "cancellation",
            "employer_change",
        }
        permit_records.update_permit(session, permit.id, data={"status": "cancelled"})
    with register.session() as session:
        assert collect_items(session, source_on(TODAY, session=session)) == []
