"""The whole register's tasks worked out once per shared date are exactly each holder's own.

:class:`HolderTasks` shares a permit's task among the holders of the same deadlines and skips
the life reminders by comparing dates with a bisected threshold; both must give, holder by
holder, the very items the single-holder functions give — on any day, with or without the
clerk's lead times.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import FrozenInstanceError, replace

import pytest

from wrc_desktop.rules.age_block import age_block
from wrc_desktop.rules.deadlines import renewal_deadlines, uses_auto_extension
from wrc_desktop.rules.due import (
    HolderFacts,
    leaver_items,
    reminder_items,
    renewal_item,
)
from wrc_desktop.rules.due.batch import SETTLED_PERMITS, HolderTasks, for_holder
from wrc_desktop.rules.errors import WrcError
from wrc_desktop.rules.leavers import leaver_deadlines
from wrc_desktop.rules.next_application import next_application
from wrc_desktop.rules.permit_state import LEFT, PermitState
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.reminders import age_limit_dates
from wrc_desktop.rules.workdays import default_calendar

CALENDAR = default_calendar()
DISTRICTS = ("haidian", "dongcheng", "xicheng", "shijingshan")


def _day(rng: random.Random, start: dt.date, span_days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span_days))


def _holders(today: dt.date, count: int, seed: int) -> list[HolderFacts]:
    """Holders whose dates fall around ``today``: near and far expiries, ages near the limits,
    contracts ending soon, children near 16 and 18, leavers, lost and cancelled permits."""
    rng = random.Random(seed)
    # Few expiries, so that many holders share one with different first issues and contracts.
    expiries = [_day(rng, today - dt.timedelta(days=120), 3 * 366) for _ in range(40)]
    holders = []
    for number in range(1, count + 1):
        left = rng.random() < 0.15
        children = tuple(
            (f"子女{n}", _day(rng, today - dt.timedelta(days=19 * 366), 6 * 366))
            for n in range(rng.choice((0, 0, 1, 2)))
        )
        holders.append(
            HolderFacts(
                holder_id=number,
                name=f"持证人{number}",
                unit_name=f"单位{number % 3}",
                department="",
                district=rng.choice(DISTRICTS),
                status="left" if left else "active",
                left_on=_day(rng, today - dt.timedelta(days=60), 90) if left else None,
                birth_date=_day(rng, today - dt.timedelta(days=64 * 366), 45 * 366),
                gender=rng.choice(("M", "F", "F", None)),
                contract_end=rng.choice((None, _day(rng, today - dt.timedelta(days=60), 3 * 366))),
                expiry=rng.choice((None, *expiries)),
                first_issued=rng.choice(
                    (None, dt.date(2018, 6, 1), dt.date(2019, 5, 1), dt.date(2022, 3, 4))
                ),
                permit_status=rng.choice((None, "active", "active", "lapsed", "cancelled")),
                children=children,
                retirement_track=rng.choice((None, "female_55", "female_50")),
                applications=rng.choice((None, None, 2, 6)),
            )
        )
    return holders


def _one_by_one(holder: HolderFacts, today: dt.date, leads: dict[str, int]) -> list:
    """The holder's items from the single-holder functions, as the due list used to call them."""
    policy = get_policy(holder.district)
    settled = holder.permit_status in SETTLED_PERMITS
    items = []
    if holder.status == "active" and holder.expiry is not None and not settled:
        auto = uses_auto_extension(policy, holder.first_issued)
        deadlines = renewal_deadlines(
            policy,
            holder.expiry,
            first_issued=holder.first_issued,
            contract_end=holder.contract_end if auto else None,
            calendar=CALENDAR,
            applications=holder.applications,
        )
        item = renewal_item(holder, deadlines, today, CALENDAR, leads.get("renewal"), policy=policy)
        if item is not None:
            items.append(item)
    if holder.status == "left" and holder.left_on and holder.expiry and not settled:
        fits = next_application(
            PermitState(LEFT, None),
            policy,
            today,
            CALENDAR,
            permit_status=holder.permit_status,
            left_on=holder.left_on,
        )
        deadlines = leaver_deadlines(policy, holder.left_on, calendar=CALENDAR)
        apply = (fits.kind, fits.planned, fits.reason)
        items += leaver_items(holder, deadlines, today, CALENDAR, apply=apply)
    items += reminder_items(holder, policy, today, CALENDAR, leads)
    return items


def _tasks(today: dt.date, leads: dict[str, int]) -> HolderTasks:
    def renewal(district, expiry, first_issued, contract_end, applications=None):
        policy = get_policy(district)
        auto = uses_auto_extension(policy, first_issued)
        return renewal_deadlines(
            policy,
            expiry,
            first_issued=first_issued,
            contract_end=contract_end if auto else None,
            calendar=CALENDAR,
            applications=applications,
        )

    return HolderTasks(get_policy, renewal, today, CALENDAR, leads)


@pytest.mark.parametrize(
    ("today", "leads"),
    [
        (dt.date(2026, 11, 30), {}),
        (dt.date(2027, 2, 10), {}),  # just after the Spring Festival
        (dt.date(2026, 11, 30), {"renewal": 120, "contract_end": 10, "age_limit": 400}),
        (dt.date(2026, 6, 1), {"child_16": 0, "child_18": 200}),
    ],
)
def test_every_holder_gets_exactly_their_own_items(today, leads):
    tasks = _tasks(today, leads)
    holders = _holders(today, 400, seed=today.toordinal())
    shown = 0
    for holder in holders:
        expected = _one_by_one(holder, today, leads)
        assert tasks.items(holder) == expected, holder
        shown += len(expected)
    assert shown > 100  # the holders do have tasks: the comparison is not between empty lists


def test_a_reminder_shows_from_its_own_notice_day_exactly():
    """The threshold found by bisection is the reminder's own notice day, to the day."""
    facts = HolderFacts(
        holder_id=1,
        name="李四",
        unit_name="",
        department="",
        district="haidian",
        status="active",
        contract_end=dt.date(2027, 5, 15),
    )
    # 002 四（二）: "提供时一般应在有效期截止前3个月以上" — the notice starts 3 months before.
    assert get_policy("haidian").warnings.contract_end_months == 3
    notice = dt.date(2027, 2, 15)
    for today, shows in ((notice - dt.timedelta(days=1), False), (notice, True)):
        kinds = [item.kind for item in _tasks(today, {}).items(facts)]
        assert ("contract_end" in kinds) is shows, today


def test_a_shared_task_is_stamped_with_the_holders_own_name_and_key():
    today = dt.date(2026, 11, 30)
    expiry = today + dt.timedelta(days=40)
    first = HolderFacts(1, "甲", "单位一", "一部", "haidian", "active", expiry=expiry)
    second = HolderFacts(2, "乙", "单位二", "二部", "haidian", "active", expiry=expiry)
    tasks = _tasks(today, {})
    (one,), (two,) = tasks.items(first), tasks.items(second)
    assert (one.holder_name, one.unit_name, one.department) == ("甲", "单位一", "一部")
    assert (two.holder_name, two.unit_name, two.department) == ("乙", "单位二", "二部")
    assert one.key == f"renewal:1:{expiry.isoformat()}" != two.key
    assert one.step == two.step and one.date == two.date
    assert for_holder(one, second, two.key) == two


def test_a_holders_copy_is_what_replace_makes_and_stays_frozen():
    today = dt.date(2026, 11, 30)
    holder = HolderFacts(1, "甲", "单位一", "一部", "haidian", "active", expiry=today)
    other = HolderFacts(2, "乙", "单位二", "二部", "haidian", "active", expiry=today)
    (item,) = _tasks(today, {}).items(holder)
    copy = for_holder(item, other, "renewal:2")
    expected = replace(
        item,
        key="renewal:2",
        holder_id=2,
        holder_name="乙",
        unit_name="单位二",
        department="二部",
    )
    assert copy == expected and list(vars(copy)) == list(vars(expected))
    # Its fields share their keys with every DueItem's, as the constructor's do: a dict of its
    # own is three times the size (55 MiB more at 200,000 holders).
    assert sys.getsizeof(vars(copy)) == sys.getsizeof(vars(expected))
    assert sys.getsizeof(vars(for_holder(copy, holder, "renewal:1"))) == sys.getsizeof(vars(item))
    assert item.holder_name == "甲"  # the shared item is untouched
    with pytest.raises(FrozenInstanceError):
        copy.step = "改"  # type: ignore[misc]


def test_holders_sharing_a_task_each_get_their_own_and_the_words_that_differ():
    """Leavers of one day and district share their two tasks; automatically extended permits of
    one expiry share the question whether anything is due, but not the words that name the
    first issue or a contract ending before the expiry. Each gets exactly their own items."""
    today = dt.date(2026, 11, 30)
    left = today - dt.timedelta(days=3)
    expiry = today + dt.timedelta(days=20)  # within the confirmation's notice
    far = today + dt.timedelta(days=700)  # nothing due yet, whatever the first issue
    holders = [
        HolderFacts(
            n,
            f"离职{n}",
            f"单位{n % 2}",
            "",
            "dongcheng",
            "left",
            left_on=left,
            expiry=expiry,
            permit_status=status,
        )
        for n, status in enumerate((None, "active", "active", None), start=1)
    ]
    for n, (first, contract, until) in enumerate(
        [
            (dt.date(2019, 6, 1), None, expiry),
            (dt.date(2020, 3, 9), expiry + dt.timedelta(days=400), expiry),
            (dt.date(2020, 3, 9), expiry + dt.timedelta(days=90), expiry),  # shares the above
            (dt.date(2020, 3, 9), expiry - dt.timedelta(days=10), expiry),  # renew it first
            (dt.date(2021, 1, 4), None, far),
            (dt.date(2022, 8, 8), far + dt.timedelta(days=30), far),
        ],
        start=10,
    ):
        holders.append(
            HolderFacts(
                n,
                f"延续{n}",
                "单位",
                "",
                "dongcheng",
                "active",
                expiry=until,
                first_issued=first,
                contract_end=contract,
                permit_status="active",
            )
        )
    tasks = _tasks(today, {})
    found = {holder.holder_id: tasks.items(holder) for holder in holders}
    for holder in holders:
        assert found[holder.holder_id] == _one_by_one(holder, today, {}), holder
    leavers = [found[n] for n in range(1, 5)]
    assert all(len(items) == 2 for items in leavers)
    assert len({item.key for items in leavers for item in items}) == 8
    extended = [found[n] for n in (10, 11, 12, 13)]
    assert all(items and items[0].kind == "auto_extension" for items in extended)
    assert extended[0][0].detail != extended[1][0].detail  # each names its own first issue
    assert extended[3][0].step.startswith("先续签劳动合同")
    assert not any(item.kind == "auto_extension" for n in (14, 15) for item in found[n])


@pytest.mark.parametrize(
    ("district", "gender", "track"),
    [
        ("haidian", "M", None),  # 002: the statutory retirement age, raised month by month
        ("haidian", "F", "female_55"),
        ("haidian", "F", "female_50"),
        ("haidian", "F", None),  # track not recorded: blocked only once both dates have passed
        ("shijingshan", "M", None),  # 001: 不超过60周岁, up to the day before the 61st birthday
        ("shijingshan", "F", None),
        ("dongcheng", "M", None),  # 003 sets no age limit
    ],
)
def test_a_renewal_row_is_age_limited_from_the_very_birth_that_reaches_the_limit(
    district, gender, track
):
    """The batch asks a holder's own age limit only for births up to a threshold found once
    by bisection: on each side of the day the limit is reached, and for births on 29 February
    and at a month's end, the rows are exactly those of the single-holder functions."""
    today = dt.date(2026, 11, 30)
    expiry = today + dt.timedelta(days=20)  # a renewal row for everyone, not extended
    policy = get_policy(district)
    births: list[dt.date | None] = [
        dt.date(1960, 2, 29),
        dt.date(1964, 2, 29),
        dt.date(1966, 1, 31),
        None,
    ]
    # The last birth whose limit (the earlier date, when two) is reached by today, if any.
    last = dt.date(1996, 12, 31)
    while last > dt.date(1940, 1, 1):
        found = age_limit_dates(policy, last, gender, track)
        if found is not None and found[0] <= today:
            break
        last -= dt.timedelta(days=1)
    births += [last + dt.timedelta(days=shift) for shift in range(-3, 4)]
    tasks = _tasks(today, {})
    limited = 0
    for number, birth in enumerate(births, start=1):
        holder = HolderFacts(
            number,
            f"持证人{number}",
            "单位",
            "",
            district,
            "active",
            birth_date=birth,
            gender=gender,
            expiry=expiry,
            retirement_track=track,
        )
        (row, *_rest) = got = tasks.items(holder)
        assert got == _one_by_one(holder, today, {}), birth
        blocked = age_block(policy, birth, gender, track, today) is not None
        assert (row != _without_age(holder, today)) is blocked, birth
        limited += blocked
    assert (limited > 0) is (policy.age_limit.mode != "none")


def _without_age(holder: HolderFacts, today: dt.date):
    """The holder's permit row as it would be with no birth date recorded."""
    (row, *_rest) = _tasks(today, {}).items(holder._replace(birth_date=None))
    return row


def test_an_impossible_retirement_track_fails_the_holder_as_the_single_holder_rules_do():
    """A recorded track that is no woman's track is an error for the holder (a 无法计算 row):
    the batch's threshold raises the same error the holder's own age limit does."""
    today = dt.date(2026, 11, 30)
    holder = HolderFacts(
        1,
        "甲",
        "单位",
        "",
        "haidian",
        "active",
        birth_date=dt.date(1990, 3, 3),
        gender="F",
        expiry=today + dt.timedelta(days=20),
        retirement_track="male",
    )
    with pytest.raises(WrcError) as single:
        _one_by_one(holder, today, {})
    with pytest.raises(WrcError) as batch:
        _tasks(today, {}).items(holder)
    assert str(batch.value) == str(single.value)


@pytest.mark.parametrize("leads", [{}, {"renewal": 120}, {"renewal": 0}])
def test_a_permit_in_the_quiet_stretch_is_passed_over_exactly_where_its_notice_has_not_begun(
    leads,
):
    """Permits of every district, extended automatically or not, of small and large units,
    expiring on each day from today to 200 days ahead (the first one with nothing due is
    among them), and near the end of the work calendar and past it: each holder's items are
    exactly the single-holder functions' (past the calendar: the same error)."""
    today = dt.date(2026, 11, 30)
    last_year = CALENDAR.last_year
    expiries = [today + dt.timedelta(days=n) for n in range(200)]
    expiries += [
        dt.date(last_year - 1, 12, 31),
        dt.date(last_year, 1, 1),
        dt.date(last_year, 1, 2),
        dt.date(last_year, 12, 20),
        dt.date(last_year + 1, 3, 1),
    ]
    tasks = _tasks(today, leads)
    number, quiet, due = 0, 0, 0
    for district in DISTRICTS:
        for first_issued in (None, dt.date(2020, 3, 9)):
            for applications in (None, 2, 6):
                for expiry in expiries:
                    number += 1
                    holder = HolderFacts(
                        number,
                        f"持证人{number}",
                        "单位",
                        "",
                        district,
                        "active",
                        expiry=expiry,
                        first_issued=first_issued,
                        applications=applications,
                    )
                    try:
                        expected = _one_by_one(holder, today, leads)
                    except WrcError as error:
                        with pytest.raises(WrcError) as batch:
                            tasks.items(holder)
                        assert str(batch.value) == str(error)
                        continue
                    got = tasks.items(holder)
                    assert got == expected, holder
                    quiet += not got
                    due += bool(got)
    assert quiet > 300 and due > 300  # both sides of every first quiet expiry were asked
