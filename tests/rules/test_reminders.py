"""Reminders with their dates: contract end, children 16 and 18, the age limit."""

from __future__ import annotations

import datetime as dt

import pytest

from wrc_desktop.rules.dates import add_months, add_years
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.reminders import age_limit_date, holder_reminders, retirement_age_months


def test_contract_end_shows_six_months_before():
    end = dt.date(2026, 9, 30)
    before = holder_reminders("东城", today=add_months(end, -6) - dt.timedelta(days=1), contract_end=end)
    on = holder_reminders("东城", today=add_months(end, -6), contract_end=end)
    assert before == [] and [r.kind for r in on] == ["contract_end"] and on[0].due == end


def test_children_turn_16_and_18():
    birth = dt.date(2010, 2, 28)
    found = holder_reminders("东城", today=dt.date(2000, 1, 1), children=[("小明", birth)], active_only=False)
    assert [(r.kind, r.due) for r in found] == [("child_16", add_years(birth, 16)), ("child_18", add_years(birth, 18))]
    assert "在校证明" in found[0].message and "003" in found[0].explanation.source


def test_fixed_age_limit_001():
    policy = get_policy("石景山")
    assert age_limit_date(policy, dt.date(1970, 5, 5), "M")[0] == dt.date(2030, 5, 5)
    assert age_limit_date(policy, dt.date(1975, 5, 5), "F")[0] == dt.date(2030, 5, 5)


@pytest.mark.parametrize(("birth", "original", "months"), [
    (dt.date(1964, 12, 1), 60, 720),        # before the reform
    (dt.date(1965, 1, 1), 60, 721),         # first cohort: + 1 month
    (dt.date(1965, 5, 1), 60, 722),         # every 4 months of birth: + 1 more
    (dt.date(1980, 1, 1), 60, 756),         # capped at 63
    (dt.date(1970, 1, 1), 55, 661),
    (dt.date(1975, 3, 1), 50, 602),         # every 2 months for the 50-year group
])
def test_statutory_retirement_age_2025_reform(birth, original, months):
    assert retirement_age_months(birth, original) == months


def test_haidian_uses_retirement_age_002():
    due, how = age_limit_date(get_policy("海淀"), dt.date(1966, 3, 5), "M")
    assert due == dt.date(2026, 7, 5) and "延迟 4 个月" in how
