"""Renewal deadlines: the guide's worked example, the counting convention as properties, statuses."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wrc_desktop.rules.dates import add_years
from wrc_desktop.rules.deadlines import STATUSES, renewal_deadlines
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.vocab import DISTRICTS
from wrc_desktop.rules.workdays import default_calendar

DAY = dt.timedelta(days=1)
districts = st.sampled_from(sorted(DISTRICTS))
expiries = st.dates(dt.date(2019, 1, 1), dt.date(2027, 12, 31))


def test_haidian_worked_example_002():
    # 002 续签业务办理规范: "证件有效期2022.8.6则应在2022.6.6至2022.8.5往前数20个工作日申请".
    result = renewal_deadlines(get_policy("海淀"), dt.date(2022, 8, 6), calendar=default_calendar())
    assert result.window_opens == dt.date(2022, 6, 6)
    assert result.latest_submission == dt.date(2022, 7, 8)
    assert result.lapses_on == dt.date(2022, 8, 6)
    assert result.review_working_days == 20
    assert result.calendar_warnings == ()
    assert not result.explanations["latest_submission"].unverified
    assert "002" in result.explanations["latest_submission"].source


@settings(max_examples=150, deadline=None)
@given(districts, expiries)
def test_latest_submission_reserves_exactly_the_review_days(district, expiry):
    calendar = default_calendar()
    result = renewal_deadlines(get_policy(district), expiry, calendar=default_calendar())
    latest, lapses, n = result.latest_submission, result.lapses_on, result.review_working_days
    assert calendar.is_working_day(latest)
    assert result.window_opens <= result.expiry <= result.lapses_on
    if get_policy(district).renewal.latest_submission == "by_expiry":
        # 东城: the last counter day (Monday/Tuesday by default) on or before the expiry.
        assert latest <= expiry and latest.isoweekday() in (1, 2)
        later = [latest + DAY * i for i in range(1, (expiry - latest).days + 1)]
        assert not [d for d in later if calendar.is_working_day(d) and d.isoweekday() in (1, 2)]
        return
    assert calendar.working_days_strictly_between(latest, lapses) >= n
    # The next day that is a working day under every notice (counted back: the back-safe days).
    next_working = latest + DAY
    while not calendar.is_working_day(next_working):
        next_working += DAY
    assert calendar.working_days_strictly_between(next_working, lapses) < n
    assert result.window_opens <= result.expiry <= result.lapses_on
    assert result.lapses_on - result.expiry == dt.timedelta(
        days=get_policy(district).renewal.grace_days
    )


@settings(max_examples=150, deadline=None)
@given(districts, expiries, st.integers(1, 400))
def test_dates_move_forward_with_the_expiry(district, expiry, shift):
    early = renewal_deadlines(get_policy(district), expiry, calendar=default_calendar())
    late = renewal_deadlines(
        get_policy(district), expiry + dt.timedelta(days=shift), calendar=default_calendar()
    )
    for name in ("window_opens", "latest_submission", "expiry", "lapses_on"):
        assert getattr(early, name) <= getattr(late, name), name


@settings(max_examples=60, deadline=None)
@given(districts, expiries, st.dates(dt.date(2018, 6, 1), dt.date(2027, 3, 1)), st.integers(1, 90))
def test_status_only_grows_more_urgent(district, expiry, today, step):
    result = renewal_deadlines(get_policy(district), expiry, calendar=default_calendar())
    earlier, later = result.status_on(today), result.status_on(today + dt.timedelta(days=step))
    assert STATUSES.index(earlier) <= STATUSES.index(later)


def test_status_labels_around_the_haidian_example():
    result = renewal_deadlines(
        get_policy("haidian"), dt.date(2022, 8, 6), calendar=default_calendar()
    )
    assert result.status_on(dt.date(2022, 4, 1)) == "正常"
    assert result.status_on(dt.date(2022, 5, 20)) == "即将进入续签期"
    assert result.status_on(dt.date(2022, 6, 6)) == "续签期内"
    # Five working days before 07-08 (07-04 … 07-08 remain) is urgent; six is not.
    assert result.status_on(dt.date(2022, 6, 30)) == "续签期内"
    assert result.status_on(dt.date(2022, 7, 1)) == "即将到最晚提交日"
    assert result.status_on(dt.date(2022, 7, 8)) == "即将到最晚提交日"
    assert result.status_on(dt.date(2022, 7, 9)) == "已过最晚提交日"
    assert result.status_on(dt.date(2022, 8, 5)) == "已过最晚提交日"
    assert result.status_on(dt.date(2022, 8, 6)) == "已失效"


def test_dongcheng_grace_period():
    """003: "超过证件有效期 30 日未办理续签手续的，证件将自动失效" — the 30 days are not a filing window.

    Changed with the revised rule: the window opens 31 days before expiry (not 30) and after the
    expiry the status says the case is overdue and must be filed now (was "已过期（宽限期内）").
    """
    result = renewal_deadlines(
        get_policy("东城区"), dt.date(2024, 6, 10), calendar=default_calendar()
    )
    assert result.lapses_on == dt.date(2024, 7, 10)
    assert result.window_opens == dt.date(2024, 5, 10)
    assert result.status_on(dt.date(2024, 6, 20)) == "已过有效期（宽限期内）"
    assert result.status_on(dt.date(2024, 7, 10)) == "已失效"


def test_dongcheng_latest_submission_is_on_or_before_expiry_003():
    """003 六（三）: "应在证件有效期满前 30 日内办理证件续签手续" — never after the expiry date.

    The old rule reserved 20 working days before the end of the 30 days after expiry, which gave
    2026-01-04 (a make-up Sunday, three days after expiry) for 2026-01-01 and 06-16 for 2025-06-15.
    """
    calendar = default_calendar()
    for expiry in (dt.date(2026, 1, 1), dt.date(2025, 6, 15), dt.date(2024, 6, 10)):
        result = renewal_deadlines(get_policy("东城"), expiry, calendar=default_calendar())
        assert result.latest_submission <= expiry
        assert calendar.is_working_day(result.latest_submission)
    # 2026-01-01 is New Year's Day; the last Monday/Tuesday counter day before it is Tuesday 12-30.
    assert renewal_deadlines(
        get_policy("东城"), dt.date(2026, 1, 1), calendar=default_calendar()
    ).latest_submission == dt.date(2025, 12, 30)
    # 2025-06-15 is a Sunday; Monday 06-09 and Tuesday 06-10 are the last counter days before it.
    assert renewal_deadlines(
        get_policy("东城"), dt.date(2025, 6, 15), calendar=default_calendar()
    ).latest_submission == dt.date(2025, 6, 10)
    # 2024-06-10 is the Dragon Boat holiday (a Monday): the counter day before it is Tuesday 06-04.
    result = renewal_deadlines(
        get_policy("东城"), dt.date(2024, 6, 10), calendar=default_calendar()
    )
    assert result.latest_submission == dt.date(2024, 6, 4)
    note = result.explanations["latest_submission"]
    assert note.rule == "renewal.latest_submission" and not note.unverified and "003" in note.source
    assert "须立即提交" in note.text


def test_dongcheng_status_never_hides_a_passed_latest_submission():
    """The latest date is checked before the expiry: past it the status is at least 已过最晚提交日."""
    result = renewal_deadlines(
        get_policy("东城"), dt.date(2025, 6, 15), calendar=default_calendar()
    )
    assert result.status_on(dt.date(2025, 6, 10)) == "即将到最晚提交日"
    assert result.status_on(dt.date(2025, 6, 11)) == "已过最晚提交日"
    assert result.status_on(dt.date(2025, 6, 15)) == "已过有效期（宽限期内）"
    assert result.status_on(dt.date(2025, 7, 14)) == "已过有效期（宽限期内）"
    assert result.status_on(dt.date(2025, 7, 15)) == "已失效"


def test_dongcheng_counter_days_003_five():
    """003 五: "每周一、二集中办理小于五份申请的单位；每周三至周五接待办理总量大于五份（含）申请的单位，
    申请单位请提前三个工作日在受理窗口预约"."""
    small = renewal_deadlines(get_policy("东城"), dt.date(2026, 1, 1), calendar=default_calendar())
    assert small.latest_submission.isoweekday() in (1, 2)
    assert "默认值" in small.explanations["counter"].text and small.appointment_by is None
    large = renewal_deadlines(
        get_policy("东城"), dt.date(2026, 1, 1), applications=5, calendar=default_calendar()
    )
    assert large.latest_submission == dt.date(2025, 12, 31)  # Wednesday
    # Three working days ahead of Wednesday 12-31: 12-30, 12-29, 12-26.
    assert large.appointment_by == dt.date(2025, 12, 26)
    assert large.appointment_note.startswith("预约东城窗口（周三至周五）")
    assert "3 个工作日" in large.appointment_note
    # Other districts have no counter days and no appointment.
    haidian = renewal_deadlines(
        get_policy("海淀"), dt.date(2026, 1, 1), applications=9, calendar=default_calendar()
    )
    assert haidian.appointment_note == "" and "counter" not in haidian.explanations


def test_window_opening_counts_60_and_30_days_the_same_way():
    """002: "证件有效期2022.8.6则应在2022.6.6至2022.8.5…申请" fixes the count: "60日内" opens 61 days
    before expiry. 003's "有效期满前 30 日内" is counted the same way: 31 days before (was 30)."""
    assert renewal_deadlines(
        get_policy("海淀"), dt.date(2022, 8, 6), calendar=default_calendar()
    ).window_opens == dt.date(2022, 6, 6)
    assert renewal_deadlines(
        get_policy("东城"), dt.date(2022, 8, 6), calendar=default_calendar()
    ).window_opens == dt.date(2022, 7, 6)


def test_haidian_2027_counts_the_estimated_spring_festival():
    """A year without an official schedule: "按预估假期计算，已留出余量". Counted back, 2027's Spring
    Festival (除夕 02-05) is assumed as long as any notice could make it (02-04 … 02-13: 2026 ran
    from 腊月廿八) and 01-01 … 01-03 off, so a permit expiring 2027-02-20 gets 2027-01-13 (the
    statutory days alone gave 01-18, weekends alone 01-22)."""
    result = renewal_deadlines(
        get_policy("海淀"), dt.date(2027, 2, 20), calendar=default_calendar()
    )
    assert result.latest_submission == dt.date(2027, 1, 13)
    calendar = default_calendar()
    assert calendar.working_days_strictly_between(result.latest_submission, result.lapses_on) == 20
    assert "按预估假期计算" in result.explanations["latest_submission"].text
    assert any("按预估假期计算" in warning for warning in result.calendar_warnings)
    # A year with an official schedule says nothing of the kind.
    assert (
        "按预估假期计算"
        not in renewal_deadlines(
            get_policy("海淀"), dt.date(2026, 8, 6), calendar=default_calendar()
        )
        .explanations["latest_submission"]
        .text
    )


def test_clerk_entered_year_replaces_the_estimate(tmp_path):
    from wrc_desktop.rules.workdays import CalendarYear, calendar_year_toml, get_calendar

    # A made-up notice with a shorter holiday (02-05 … 02-10) than the estimate assumes.
    entry = CalendarYear(
        2027,
        frozenset(dt.date(2027, 2, d) for d in range(5, 11)),
        frozenset(),
        "国务院办公厅通知（测试）",
    )
    (tmp_path / "calendar").mkdir()
    (tmp_path / "calendar" / "2027.toml").write_text(calendar_year_toml(entry), encoding="utf-8")
    result = renewal_deadlines(
        get_policy("海淀"), dt.date(2027, 2, 20), calendar=get_calendar(tmp_path)
    )
    assert result.calendar_warnings == ()
    assert "按预估假期计算" not in result.explanations["latest_submission"].text
    assert result.latest_submission == dt.date(2027, 1, 18)
    assert (
        result.latest_submission
        > renewal_deadlines(
            get_policy("海淀"), dt.date(2027, 2, 20), calendar=default_calendar()
        ).latest_submission
    )


def test_dongcheng_automatic_extension_is_its_own_path():
    expiry = dt.date(2025, 5, 20)
    renewed = renewal_deadlines(
        get_policy("dongcheng"),
        expiry,
        first_issued=dt.date(2019, 4, 30),
        calendar=default_calendar(),
    )
    extended = renewal_deadlines(
        get_policy("dongcheng"),
        expiry,
        first_issued=dt.date(2019, 5, 1),
        contract_end=dt.date(2030, 12, 31),
        calendar=default_calendar(),
    )
    assert not renewed.auto_extension and extended.auto_extension
    assert extended.extended_until == add_years(expiry, 3)
    within = renewal_deadlines(
        get_policy("dongcheng"),
        expiry,
        first_issued=dt.date(2022, 1, 1),
        contract_end=dt.date(2026, 3, 1),
        calendar=default_calendar(),
    )
    assert within.extended_until == dt.date(2026, 3, 1) and within.warnings == ()
    # 003: "延续时间以劳动合同约定的工作时间为准" — a contract ending before the expiry is a warning
    # ("先续签劳动合同"), never a silently earlier extended_until (the old rule gave the contract's end).
    short = renewal_deadlines(
        get_policy("dongcheng"),
        expiry,
        first_issued=dt.date(2022, 1, 1),
        contract_end=dt.date(2025, 3, 1),
        calendar=default_calendar(),
    )
    assert short.extended_until is None
    assert len(short.warnings) == 1 and "先续签劳动合同" in short.warnings[0]
    assert "先续签劳动合同" in short.explanations["extended_until"].text
    # The unit confirms before the expiry: the last working day before it.
    calendar = default_calendar()
    assert extended.latest_submission < expiry
    assert calendar.working_days_strictly_between(extended.latest_submission, expiry) == 0
    assert "003" in extended.explanations["extended_until"].source
    # Other districts have no automatic extension.
    assert not renewal_deadlines(
        get_policy("haidian"), expiry, first_issued=dt.date(2020, 1, 1), calendar=default_calendar()
    ).auto_extension


def test_unverified_names_the_default_rules():
    shijingshan = renewal_deadlines(
        get_policy("石景山"), dt.date(2025, 3, 3), calendar=default_calendar()
    )
    assert "renewal.window_days_before_expiry" in shijingshan.unverified
    assert "renewal.review_working_days" not in shijingshan.unverified
    tongzhou = renewal_deadlines(
        get_policy("通州"), dt.date(2025, 3, 3), calendar=default_calendar()
    )
    assert {"renewal.window_days_before_expiry", "renewal.review_working_days"} <= set(
        tongzhou.unverified
    )
    assert tongzhou.explanations["latest_submission"].unverified


def test_year_without_schedule_is_reported():
    result = renewal_deadlines(
        get_policy("haidian"), dt.date(2027, 3, 1), calendar=default_calendar()
    )
    assert any("2027" in warning for warning in result.calendar_warnings)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            districts, expiries, st.none() | st.dates(dt.date(2016, 1, 1), dt.date(2024, 1, 1))
        ),
        min_size=1,
        max_size=40,
    ),
    st.dates(dt.date(2019, 1, 1), dt.date(2026, 6, 30)),
)
def test_the_memoised_states_agree_with_status_on(rows, today):
    """The register, the report and the due list read states through DeadlineSource's memo."""
    from tests.helpers import source_on
    from wrc_desktop.store.queries import RegisterRow

    source = source_on(today)
    for number, (district, expiry, first) in enumerate(rows):
        row = RegisterRow(
            number,
            1,
            "单位",
            district,
            "张三",
            "resident",
            "",
            None,
            None,
            "",
            "active",
            None,
            None,
            None,
            number,
            "",
            first,
            "valid",
            expiry,
        )
        assert source.state(row).label == renewal_deadlines(
            get_policy(district), expiry, first_issued=first, calendar=default_calendar()
        ).status_on(today)


def test_dongcheng_30_days_are_counted_as_31_like_haidians_60_003():
    """003: "应在证件有效期满前 30 日内办理证件续签手续" counted as 002 counts its 60 days
    ("证件有效期2022.8.6则应在2022.6.6至2022.8.5…": 61 days before expiry) — 31 days before."""
    result = renewal_deadlines(
        get_policy("东城"),
        dt.date(2026, 3, 31),
        first_issued=dt.date(2018, 1, 1),
        calendar=default_calendar(),
    )
    assert result.window_opens == dt.date(2026, 2, 28) == dt.date(2026, 3, 31) - 31 * DAY
    note = result.explanations["window_opens"]
    assert "30 日内" in note.quote and "61 天" in note.reading and not note.unverified
    assert result.status_on(dt.date(2026, 2, 27)) == "即将进入续签期"
    assert result.status_on(dt.date(2026, 2, 28)) != "即将进入续签期"


def test_haidian_expiry_day_itself_is_already_lost_002():
    """002: "证件有效期2022.8.6则应在…2022.8.5前完成审批取证" and "超过证件有效期未办理续签手续的，
    证件将自动失效": the guide's last day is 8.5, so on the expiry day (8.6) nothing can renew it."""
    result = renewal_deadlines(get_policy("海淀"), dt.date(2022, 8, 6), calendar=default_calendar())
    assert result.status_on(dt.date(2022, 8, 5)) == "已过最晚提交日"
    assert result.status_on(dt.date(2022, 8, 6)) == "已失效"
    assert "2022.8.5前完成审批取证" in result.explanations["lapses_on"].reading


def test_dongcheng_places_the_units_review_after_expiry_003():
    """003: "有效期满后经用人单位审核仍然符合办理条件的…其证件有效期自动延续": the app keeps the
    confirmation on or before the expiry (safe under either reading), quotes the words, marks it a
    reading and says what to do if the system only opens the confirmation after expiry."""
    expiry = dt.date(2026, 5, 20)
    extended = renewal_deadlines(
        get_policy("东城"),
        expiry,
        first_issued=dt.date(2023, 5, 20),
        contract_end=dt.date(2029, 5, 19),
        calendar=default_calendar(),
    )
    assert extended.latest_submission == dt.date(2026, 5, 19)  # the last working day before it
    note = extended.explanations["latest_submission"]
    assert "有效期满后经用人单位审核" in note.quote and note.unverified and "解读" in note.reading
    assert "2026-06-19 失效前立即完成" in note.text


@pytest.mark.parametrize("district", ["haidian", "dongcheng", "xicheng", "shijingshan"])
def test_one_dates_explanation_written_alone_is_the_one_written_with_the_others(district):
    """:meth:`RenewalDeadlines.explanation` writes one date's explanation without the others
    (the due list's row cites one): the very one :attr:`explanations` gives — renewed or
    extended automatically, a short or missing contract, small and large units, and years
    whose holiday schedule is not yet published (the note that the date is estimated)."""
    calendar = default_calendar()
    policy = get_policy(district)
    asked = 0
    for expiry in (dt.date(2026, 3, 2), dt.date(2027, 1, 29), dt.date(2031, 6, 30)):
        for first_issued, contract_end in (
            (None, None),
            (dt.date(2016, 5, 4), None),
            (dt.date(2020, 3, 9), None),
            (dt.date(2020, 3, 9), expiry - dt.timedelta(days=10)),
            (dt.date(2020, 3, 9), expiry + dt.timedelta(days=400)),
        ):
            for applications in (None, 2, 9):
                made = {
                    "first_issued": first_issued,
                    "contract_end": contract_end,
                    "calendar": calendar,
                    "applications": applications,
                }
                whole = renewal_deadlines(policy, expiry, **made).explanations
                for key, expected in whole.items():
                    alone = renewal_deadlines(policy, expiry, **made)
                    assert alone.explanation(key) == expected, (expiry, first_issued, key)
                    assert "_details" not in vars(alone)  # the others were not written
                    asked += 1
                with pytest.raises(KeyError):
                    renewal_deadlines(policy, expiry, **made).explanation("no such date")
    assert asked > 150
