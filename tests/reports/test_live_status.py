"""The status the report's formula picks, day by day, is the status the rules give."""

from __future__ import annotations

import datetime as dt

import pytest

from wrc_desktop.reports.live_status import status_formula, status_from_thresholds, thresholds
from wrc_desktop.rules.deadlines import STATUSES, renewal_deadlines


@pytest.mark.parametrize("district", ["haidian", "dongcheng", "xicheng", "shijingshan"])
@pytest.mark.parametrize(
    "expiry", [dt.date(2026, 10, 8), dt.date(2027, 2, 17), dt.date(2027, 5, 6), dt.date(2029, 1, 2)]
)
def test_thresholds_give_the_rules_status_every_day(district, expiry):
    deadlines = renewal_deadlines(district, expiry)
    limits = thresholds(deadlines)
    day = expiry - dt.timedelta(days=120)
    seen = set()
    while day <= deadlines.lapses_on + dt.timedelta(days=3):
        assert status_from_thresholds(limits, day) == deadlines.status_on(day), day
        seen.add(deadlines.status_on(day))
        day += dt.timedelta(days=1)
    assert {"紧急", "续签期内", "已失效"} <= seen


def test_automatic_extension_uses_its_own_latest_day():
    deadlines = renewal_deadlines(
        "dongcheng",
        dt.date(2027, 6, 30),
        first_issued=dt.date(2024, 6, 1),
        contract_end=dt.date(2030, 1, 1),
    )
    assert deadlines.auto_extension
    limits = thresholds(deadlines)
    for offset in range(-100, 10):
        day = deadlines.expiry + dt.timedelta(days=offset)
        assert status_from_thresholds(limits, day) == deadlines.status_on(day)


def test_the_formula_names_every_status_with_the_rules_offsets():
    deadlines = renewal_deadlines("haidian", dt.date(2027, 2, 17))
    limits = thresholds(deadlines)
    formula = status_formula(7, limits, expiry="F", window="G", latest="H")
    grace = (deadlines.lapses_on - deadlines.expiry).days
    urgent = (deadlines.latest_submission - limits.urgent_from).days
    assert formula.startswith(f"=IF(TODAY()>=F7+{grace},")
    assert all(f'"{status}"' in formula for status in STATUSES)
    assert "TODAY()>H7," in formula and f"TODAY()>=H7-{urgent}," in formula and "G7-30," in formula
    assert urgent >= 5  # five working days need at least five calendar days
