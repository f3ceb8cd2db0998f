"""The five rules commands as a user runs them: JSON out, bad input exits 2 with one Chinese line."""

from __future__ import annotations

import json

import pytest

from wrc_desktop.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_deadlines_haidian_example(capsys):
    data = run_json(
        capsys,
        "deadlines",
        "--district",
        "海淀区",
        "--expiry",
        "2022-08-06",
        "--today",
        "2022-07-09",
    )
    assert data["district"] == "haidian"
    assert (data["window_opens"], data["latest_submission"], data["lapses_on"]) == (
        "2022-06-06",
        "2022-07-08",
        "2022-08-06",
    )
    assert data["review_working_days"] == 20 and data["status"] == "已过最晚提交日"
    assert (
        data["calendar_warnings"] == [] and "renewal.review_working_days" not in data["unverified"]
    )


def test_deadlines_without_today_has_no_status(capsys):
    data = run_json(capsys, "deadlines", "--district", "tongzhou", "--expiry", "2027-03-01")
    assert "status" not in data
    assert "renewal.review_working_days" in data["unverified"] and data["calendar_warnings"]


def test_leaver(capsys):
    data = run_json(capsys, "leaver", "--district", "东城", "--left", "2025-09-26")
    assert (data["cancel_by"], data["employer_change_by"], data["deferral_until"]) == (
        "2025-10-10",
        "2025-11-25",
        "2026-03-25",
    )
    joined = run_json(
        capsys,
        "leaver",
        "--district",
        "东城",
        "--left",
        "2025-06-01",
        "--expiry",
        "2025-08-06",
        "--new-district",
        "石景山",
    )
    assert joined["joiner"]["district"] == "shijingshan" and joined["joiner"]["binding"] == "review"
    haidian = run_json(
        capsys, "leaver", "--district", "海淀", "--left", "2025-06-03", "--expiry", "2026-08-06"
    )
    # 002: the new unit "应立即与持证人进行关联" — on the leaving day, not within 60 days.
    assert haidian["employer_change_by"] == "2025-06-03"
    assert haidian["joiner"]["change_by"] == "2025-06-03"


def test_workdays(capsys):
    data = run_json(capsys, "workdays", "--start", "2026-02-14", "--end", "2026-02-14")
    assert data == {
        "start": "2026-02-14",
        "end": "2026-02-14",
        "working_days": 1,
        "working_days_at_most": 1,  # an official year: one answer
        "calendar_warnings": [],
    }
    later = run_json(capsys, "workdays", "--start", "2027-01-01", "--end", "2027-01-03")
    # 2027 has no official schedule: New Year's Day is off under any notice ("按预估假期计算，
    # 已留出余量"; the old rule counted weekends only and gave 1). Counted forward, every weekend
    # day within a week of a festival may be a 调休 working day, so the most is 2.
    assert later["working_days"] == 0 and later["working_days_at_most"] == 2
    assert "按预估假期计算，已留出余量" in later["calendar_warnings"][0]


def test_thresholds(capsys):
    data = run_json(capsys, "thresholds", "--year", "2025")
    assert data["monthly_base"] == 11761
    assert data["monthly"] == {"1.2": 14113, "1.5": 17641, "4": 47044, "8": 94088}
    assert "annual" not in data
    older = run_json(capsys, "thresholds", "--year", "2024")
    assert older["annual_base"] == 141132 and older["annual"] == {"4": 564528, "8": 1129056}


@pytest.mark.parametrize(
    ("district", "required"),
    [("西城", "211698"), ("石景山", "17641.5"), ("海淀", "105846"), ("东城", "105849")],
)
def test_thresholds_for_a_district_follow_its_guide(capsys, district, required):
    data = run_json(capsys, "thresholds", "--year", "2025", "--district", district)
    assert data["district"]["enterprise"]["required"] == required
    assert data["district"]["quote"] and not data["district"]["unverified"]


def test_income_periods(capsys):
    data = run_json(
        capsys, "income-periods", "--district", "xicheng", "--case", "new", "--submit", "2022-06"
    )
    assert data["periods"] == [
        {"start": "2021-05", "end": "2022-04"},
        {"start": "2021-06", "end": "2022-05"},
    ]


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["deadlines", "--district", "海淀", "--expiry", "2026-02-30"], "2026-02-30"),
        (["deadlines", "--district", "火星", "--expiry", "2026-02-03"], "火星"),
        (
            ["income-periods", "--district", "东城", "--case", "new", "--submit", "2019-13"],
            "2019-13",
        ),
        (["thresholds", "--year", "2031"], "2031"),
        (["thresholds", "--year", "20x5"], "20x5"),
        (["workdays", "--start", "2026-02-01", "--end", "2026-01-01"], "2026-01-01"),
        (["deadlines", "--district", "海淀", "--expiry", "2150-01-01"], "2150-01-01"),
        (
            ["leaver", "--district", "海淀", "--left", "2026-1-1", "--new-district", "东城"],
            "--expiry",
        ),
    ],
)
def test_bad_input_exits_2_with_one_chinese_line(capsys, argv, named):
    with pytest.raises(SystemExit) as raised:
        code = main([*argv, "--json"])
        raise SystemExit(code)
    out, err = capsys.readouterr()
    assert raised.value.code == 2
    assert out == "" and named in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_deadlines_dongcheng_on_or_before_expiry_with_counter_days(capsys):
    """003: "应在证件有效期满前 30 日内办理证件续签手续"; 003 五: 5 份（含）以上 周三至周五, 提前三个工作日预约."""
    data = run_json(
        capsys, "deadlines", "--district", "东城", "--expiry", "2026-01-01", "--applications", "5"
    )
    assert data["latest_submission"] == "2025-12-31" and data["appointment_by"] == "2025-12-26"
    assert data["appointment_note"].startswith("预约东城窗口（周三至周五）")
    code, out, _ = run(capsys, "deadlines", "--district", "东城", "--expiry", "2026-01-01")
    assert code == 0 and "最晚提交日：2025-12-30" in out and "周一、周二" in out
    code, _, err = run(
        capsys, "deadlines", "--district", "东城", "--expiry", "2026-01-01", "--applications", "0"
    )
    assert code == 2 and "--applications" in err and len(err.strip().splitlines()) == 1
