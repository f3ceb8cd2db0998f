"""The due list as a work queue: the next step in words, the date it must be done by, the order."""

from __future__ import annotations

import datetime as dt

from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.rules.due import (
    HolderFacts,
    leaver_items,
    reminder_items,
    renewal_item,
    sort_items,
    sort_key,
)
from wrc_desktop.rules.leavers import leaver_deadlines
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar

CALENDAR = default_calendar()
TODAY = dt.date(2026, 11, 30)


def _facts(district: str = "haidian", holder_id: int = 7, **kw) -> HolderFacts:
    return HolderFacts(
        holder_id=holder_id,
        name=kw.pop("name", "张三"),
        unit_name="示例公司",
        department="研发部",
        district=district,
        status=kw.pop("status", "active"),
        **kw,
    )


def _renewal(district: str, expiry: dt.date, today: dt.date = TODAY, first=None, **kw):
    policy = get_policy(district)
    deadlines = renewal_deadlines(policy, expiry, first_issued=first, calendar=CALENDAR, **kw)
    return renewal_item(_facts(district), deadlines, today, CALENDAR, policy=policy), deadlines


def test_in_the_window_the_step_names_the_latest_day_and_on_it_says_today():
    item, deadlines = _renewal("haidian", TODAY + dt.timedelta(days=45))
    latest = deadlines.latest_submission
    assert item.step == f"最晚 {latest.isoformat()} 提交续签申请"
    assert item.date == latest and item.kind_label == "续签"
    assert (item.apply_kind, item.apply_label) == ("renewal", "续签")
    assert item.apply_on <= latest
    on_the_day, _ = _renewal("haidian", deadlines.expiry, today=latest)
    assert on_the_day.step == "今天提交续签申请" and on_the_day.urgency == "urgent"


def test_a_large_dongcheng_unit_books_the_counter_first():
    """003 五: "每周三至周五接待办理总量大于五份（含）申请的单位，申请单位请提前三个工作日在受理窗口预约"."""
    item, deadlines = _renewal(
        "dongcheng", dt.date(2027, 1, 1), today=dt.date(2026, 12, 10), applications=6
    )
    assert item.step.startswith("最晚 ") and "预约东城窗口（周三至周五）" in item.step
    assert item.date == deadlines.appointment_by < deadlines.latest_submission


def test_the_grace_period_says_what_it_is_never_days_left():
    """东城: 30 days after expiry the permit is lost; until then the renewal is late, not lost."""
    expiry = TODAY - dt.timedelta(days=4)
    item, deadlines = _renewal("dongcheng", expiry, first=dt.date(2018, 1, 1))
    lost = deadlines.lapses_on
    # Late, and counting to the day the permit is lost, as the register does: one figure.
    assert item.urgency == "overdue" and item.date == lost and item.days_left == 26
    assert item.countdown.text == "距失效日还剩 26 日"
    assert item.step == f"宽限期内：今天提交续签申请，{lost.isoformat()} 起失效"
    assert "宽限期至" in item.title and item.apply_kind == "renewal"
    assert TODAY <= item.apply_on < lost


def test_a_lost_permit_is_one_item_to_settle_by_a_new_application():
    item, deadlines = _renewal("haidian", TODAY - dt.timedelta(days=117))
    assert item.step == "已失效：只能按新办重新申请"
    assert (item.kind, item.urgency, item.resolvable) == ("lapsed", "settle", True)
    assert (item.apply_kind, item.apply_label) == ("new", "新办")
    assert item.date == deadlines.lapses_on and "失效" in item.apply_reason


def test_dongcheng_from_2019_05_is_an_automatic_extension_to_confirm():
    item, deadlines = _renewal(
        "dongcheng", TODAY + dt.timedelta(days=20), first=dt.date(2020, 3, 1)
    )
    assert (item.kind, item.kind_label) == ("auto_extension", "自动延续确认")
    assert item.step == f"最晚 {deadlines.latest_submission.isoformat()} 完成自动延续确认"
    assert item.apply_kind == "auto-extension" and item.apply_label == "自动延续确认"
    assert "续签申请" not in item.step


def test_a_passed_age_limit_is_settled_once_not_overdue_for_years():
    policy = get_policy("shijingshan")
    facts = _facts("shijingshan", birth_date=dt.date(1968, 2, 11), gender="F")
    (item,) = [
        i for i in reminder_items(facts, policy, TODAY, CALENDAR, {}) if i.kind == "age_limit"
    ]
    assert item.urgency == "settle" and item.resolvable
    assert item.step == "已达年龄上限：不能再新办或续签；知悉后标记已处理"


def test_a_leavers_cancellation_is_the_old_units_step_with_its_application():
    left = TODAY - dt.timedelta(days=2)
    facts = _facts("dongcheng", status="left", left_on=left)
    deadlines = leaver_deadlines(get_policy("dongcheng"), left, calendar=CALENDAR)
    cancel, change = leaver_items(facts, deadlines, TODAY, CALENDAR, apply=("leave", TODAY, "离职"))
    assert cancel.step == f"最晚 {deadlines.cancel_by.isoformat()} 在系统中办理离职注销/解除关联"
    assert cancel.apply_kind == "leave" and cancel.apply_label == "聘用单位变更（离职）"
    assert change.apply_kind is None  # the new unit's application, not ours


def test_a_haidian_leavers_new_unit_acts_immediately_not_in_60_days():
    """002: "新单位（指申请人首次劳动关系变更单位）应立即与持证人进行关联" — the due row says 立即."""
    facts = _facts("haidian", status="left", left_on=TODAY)
    deadlines = leaver_deadlines(get_policy("haidian"), TODAY, calendar=CALENDAR)
    _, change = leaver_items(facts, deadlines, TODAY, CALENDAR)
    assert change.date == TODAY and "当日立即关联并办理聘用单位变更" in change.title
    assert "应立即与持证人进行关联" in change.quote and not change.unverified
    later = leaver_items(facts, deadlines, TODAY + dt.timedelta(days=3), CALENDAR)[1]
    assert "应立即办理聘用单位变更，请确认" in later.title and "已失效" not in later.title


def test_the_queue_is_ordered_by_the_day_it_must_be_done_oldest_first_settled_last():
    lost, _ = _renewal("haidian", TODAY - dt.timedelta(days=117))
    late_a, _ = _renewal("haidian", TODAY + dt.timedelta(days=10))  # past its latest submission
    late_b, _ = _renewal("dongcheng", TODAY - dt.timedelta(days=20), first=dt.date(2018, 1, 1))
    soon, _ = _renewal("haidian", TODAY + dt.timedelta(days=80))
    near, _ = _renewal("haidian", TODAY + dt.timedelta(days=40))
    ordered = sort_items([soon, lost, near, late_a, late_b])
    assert [i.urgency for i in ordered] == ["overdue", "overdue", "urgent", "soon", "settle"]
    assert ordered[0].date <= ordered[1].date  # the nearest loss first (both lapse the same day)
    assert ordered[0] is late_b and ordered[-1] is lost
    assert ordered[2] is near and ordered[3] is soon


def test_an_item_as_json_carries_every_field_and_its_labels():
    import dataclasses

    item, _ = _renewal("haidian", dt.date(2027, 1, 20))
    data = item.as_dict()
    expected = dataclasses.asdict(item) | {"notes": list(item.notes)}
    assert {key: data[key] for key in expected} == expected
    assert data["kind_label"] == "续签" and data["urgency_label"] == item.urgency_label


def test_most_urgent_is_the_late_renewal_lost_first_wherever_it_is_asked():
    """Past the latest submission a renewal is due by the day the permit is lost: of two late
    renewals the one lost first is 最紧急, in 待办's order, the tray's and the reminder's."""
    from wrc_desktop.rules.due import item_line, most_urgent, summarise

    later, later_dates = _renewal("haidian", TODAY + dt.timedelta(days=12))  # lost in 12 days
    grace, grace_dates = _renewal(
        "dongcheng", TODAY - dt.timedelta(days=26), first=dt.date(2018, 1, 1)
    )
    assert grace_dates.lapses_on < later_dates.lapses_on
    assert (later.date, grace.date) == (later_dates.lapses_on, grace_dates.lapses_on)
    assert most_urgent([later, grace]) is grace and sort_items([later, grace])[0] is grace
    summary = summarise([later, grace])
    assert summary.body.splitlines()[0] == f"【已逾期】{item_line(grace)}"
    assert item_line(grace).startswith(f"{grace.holder_name}（续签）：距失效日还剩 4 日；")


def test_on_a_saturday_a_late_renewal_never_says_today():
    """Issue 25: on a Saturday one row said "今天提交续签申请". The step names the next counter day,
    and when the permit is lost before any, says that none is left."""
    saturday = dt.date(2026, 11, 28)
    late, _ = _renewal("haidian", dt.date(2026, 12, 8), today=saturday)  # lost Tuesday 12-08
    assert late.stage == "已过最晚提交日" and "今天" not in late.step
    assert late.step.startswith("2026-11-30（最近的受理日）提交续签申请")
    lost_monday, _ = _renewal("haidian", dt.date(2026, 11, 30), today=saturday)
    assert "今天" not in lost_monday.step
    assert lost_monday.step.startswith("失效前已无受理日（最近的受理日 2026-11-30）")


def test_what_can_still_be_saved_comes_before_what_is_already_late():
    """A renewal past its latest submission, still before the loss, is 最紧急 before a leaver's
    cancellation overdue for weeks: the one can still be saved, the other is late either way."""
    from dataclasses import replace

    from wrc_desktop.rules.due import most_urgent

    grace, _ = _renewal("dongcheng", TODAY - dt.timedelta(days=26), first=dt.date(2018, 1, 1))
    overdue_cancellation = replace(
        grace,
        key="cancellation:8:2026-10-01",
        kind="cancellation",
        date=TODAY - dt.timedelta(days=20),
        days_left=-20,
        counts_to="注销期限",
    )
    assert most_urgent([overdue_cancellation, grace]) is grace
    assert sort_items([overdue_cancellation, grace]) == [grace, overdue_cancellation]
    assert sort_key(grace) < sort_key(overdue_cancellation)  # the order splice keeps, too


def test_marks_hide_exactly_the_items_they_cover_and_no_marks_hide_nothing():
    """:func:`apply_marks` splits the items as :func:`is_covered` says item by item: handled at
    the item's level or above, snoozed until a later day; a mark of a lower level, a passed
    snooze or another item's key hides nothing. Without any mark every item is shown, in order."""
    from dataclasses import dataclass, replace

    from wrc_desktop.rules.due import apply_marks, is_covered

    @dataclass(frozen=True)
    class Mark:
        level: int
        action: str
        until: dt.date | None = None

    items = [
        _renewal("haidian", TODAY + dt.timedelta(days=days))[0] for days in (5, 20, 40, -3, -40)
    ]
    items = [replace(item, key=f"renewal:{n}") for n, item in enumerate(items) if item]
    marks = {
        "renewal:0": Mark(items[0].level, "handled"),
        "renewal:1": Mark(items[1].level - 1, "handled"),  # an earlier stage: shows again
        "renewal:2": Mark(items[2].level, "snoozed", TODAY + dt.timedelta(days=1)),
        "renewal:3": Mark(items[3].level, "snoozed", TODAY),  # the snooze is over
        "elsewhere": Mark(9, "handled"),
    }
    shown, hidden = apply_marks(items, marks, TODAY)
    assert [i.key for i in hidden] == ["renewal:0", "renewal:2"]
    assert shown == [i for i in items if not is_covered(i, marks.get(i.key), TODAY)]
    assert apply_marks(iter(items), {}, TODAY) == (items, [])
