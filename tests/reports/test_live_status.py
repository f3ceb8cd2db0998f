"""The status the report's formula picks, day by day, is the status the rules give."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from wrc_desktop.reports.live_status import (
    FAR_PAST,
    STATUS_WORDS,
    Thresholds,
    first_days,
    status_formula,
    status_from_thresholds,
    thresholds,
    words_definition,
)
from wrc_desktop.rules.deadlines import STATUSES, UPCOMING_DAYS, renewal_deadlines
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import default_calendar


@pytest.mark.parametrize("district", ["haidian", "dongcheng", "xicheng", "shijingshan"])
@pytest.mark.parametrize(
    "expiry", [dt.date(2026, 10, 8), dt.date(2027, 2, 17), dt.date(2027, 5, 6), dt.date(2029, 1, 2)]
)
def test_thresholds_give_the_rules_status_every_day(district, expiry):
    deadlines = renewal_deadlines(get_policy(district), expiry, calendar=default_calendar())
    limits = thresholds(deadlines)
    day = expiry - dt.timedelta(days=120)
    seen = set()
    while day <= deadlines.lapses_on + dt.timedelta(days=3):
        assert status_from_thresholds(limits, day) == deadlines.status_on(day), day
        seen.add(deadlines.status_on(day))
        day += dt.timedelta(days=1)
    assert {"即将到最晚提交日", "续签期内", "已失效"} <= seen


def test_automatic_extension_uses_its_own_latest_day():
    deadlines = renewal_deadlines(
        get_policy("dongcheng"),
        dt.date(2027, 6, 30),
        first_issued=dt.date(2024, 6, 1),
        contract_end=dt.date(2030, 1, 1),
        calendar=default_calendar(),
    )
    assert deadlines.auto_extension
    limits = thresholds(deadlines)
    for offset in range(-100, 10):
        day = deadlines.expiry + dt.timedelta(days=offset)
        assert status_from_thresholds(limits, day) == deadlines.status_on(day)


def test_the_formula_looks_up_todays_distance_among_the_first_days_of_each_status():
    deadlines = renewal_deadlines(
        get_policy("haidian"), dt.date(2027, 2, 17), calendar=default_calendar()
    )
    limits = thresholds(deadlines)
    latest = deadlines.latest_submission
    urgent = (limits.urgent_from - latest).days
    assert urgent <= -5  # five working days need at least five calendar days
    days = [
        FAR_PAST,
        (deadlines.window_opens - latest).days - UPCOMING_DAYS,
        (deadlines.window_opens - latest).days,
        urgent,
        1,
        (deadlines.expiry - latest).days,
        (deadlines.lapses_on - latest).days,
    ]
    # In Haidian a permit lapses the day it expires: 已过期（须立即提交） never shows, so its step
    # sits just below 已失效's, where no whole day falls.
    assert deadlines.lapses_on == deadlines.expiry and days[5] == days[6]
    days[5] = days[6] - 0.1
    assert status_formula(7, limits, latest="H") == (
        f"=LOOKUP(TODAY()-H7,{{{','.join(f'{day:g}' for day in days)}}},{STATUS_WORDS})"
    )
    # 2027 has no notice yet: the distances follow the estimate (counted back, with its margin)
    assert status_formula(7, limits, latest="H").startswith("=LOOKUP(TODAY()-H7,{-99999,-")
    assert words_definition() == "={" + ",".join(f'"{s}"' for s in STATUSES) + "}"


def test_a_status_that_never_shows_gets_a_step_no_day_reaches():
    # The latest submission after the expiry (a long grace): 已过最晚提交日 never shows, as the
    # rules give 已过期（须立即提交） from the day after the latest submission.
    day = dt.date(2027, 3, 1)
    limits = Thresholds(
        upcoming_from=day - dt.timedelta(days=60),
        window_opens=day - dt.timedelta(days=30),
        urgent_from=day - dt.timedelta(days=7),
        latest_submission=day,
        expiry=day - dt.timedelta(days=3),
        lapses_on=day + dt.timedelta(days=20),
    )
    assert first_days(limits) == (FAR_PAST, -60, -30, -7, 0.9, 1, 20)
    shown = {status_from_thresholds(limits, day + dt.timedelta(days=k)) for k in range(-90, 30)}
    assert shown == set(STATUSES) - {"已过最晚提交日"}
    # Two that never show stay below the one that does, in order.
    later_urgent = dataclasses.replace(limits, urgent_from=day + dt.timedelta(days=1))
    assert first_days(later_urgent) == (FAR_PAST, -60, -30, 0.8, 0.9, 1, 20)
