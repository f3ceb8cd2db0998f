"""The due list carries what the revised rules add: the counter appointment, 先续签劳动合同, 立即 leavers."""

from __future__ import annotations

import datetime as dt

from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.rules.due import HolderFacts, leaver_items, renewal_item
from wrc_desktop.rules.leavers import leaver_deadlines
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar

FACTS = HolderFacts(
    holder_id=7,
    name="张三",
    unit_name="示例公司",
    department="研发部",
    district="dongcheng",
    status="active",
)


def test_renewal_warning_says_when_to_book_the_dongcheng_counter():
    """003 五: "申请单位请提前三个工作日在受理窗口预约" (units with 5 or more applications)."""
    deadlines = renewal_deadlines(
        get_policy("东城"), dt.date(2026, 1, 1), applications=6, calendar=default_calendar()
    )
    item = renewal_item(
        FACTS, deadlines, dt.date(2025, 12, 10), default_calendar(), policy=get_policy("东城")
    )
    assert any(note.startswith("预约东城窗口（周三至周五）") for note in item.notes)
    small = renewal_item(
        FACTS,
        renewal_deadlines(get_policy("东城"), dt.date(2026, 1, 1), calendar=default_calendar()),
        dt.date(2025, 12, 10),
        default_calendar(),
        policy=get_policy("东城"),
    )
    assert not any("预约" in note for note in small.notes)


def test_auto_extension_warning_says_renew_the_contract_first():
    deadlines = renewal_deadlines(
        get_policy("东城"),
        dt.date(2026, 1, 20),
        first_issued=dt.date(2020, 1, 21),
        contract_end=dt.date(2025, 12, 31),
        calendar=default_calendar(),
    )
    item = renewal_item(
        FACTS, deadlines, dt.date(2026, 1, 5), default_calendar(), policy=get_policy("东城")
    )
    assert any("先续签劳动合同" in note for note in item.notes)


def test_haidian_leaver_is_due_on_the_leaving_day():
    """002: "持证人离职的，原单位应立即在系统中办理解除员工与单位其关联"."""
    left = dt.date(2026, 3, 6)
    facts = HolderFacts(
        holder_id=8,
        name="李四",
        unit_name="示例公司",
        department="",
        district="haidian",
        status="left",
        left_on=left,
    )
    cancellation = leaver_items(
        facts,
        leaver_deadlines(get_policy("海淀"), left, calendar=default_calendar()),
        left,
        default_calendar(),
    )[0]
    assert (
        cancellation.date == left
        and "立即" in cancellation.title
        and cancellation.urgency == "urgent"
    )
    later = leaver_items(
        facts,
        leaver_deadlines(get_policy("海淀"), left, calendar=default_calendar()),
        left + dt.timedelta(days=1),
        default_calendar(),
    )[0]
    assert later.urgency == "overdue"
