"""A case's deadlines use the clerk's calendar and policy additions, as the due list does."""

from __future__ import annotations

import datetime as dt

from tests.cases.conftest import TODAY
from tests.helpers import rules_on
from wrc_desktop.desk import case_lifecycle
from wrc_desktop.rules.deadlines import renewal_deadlines
from wrc_desktop.rules.policy import get_policy
from wrc_desktop.rules.workdays import CalendarYear, calendar_year_toml, get_calendar
from wrc_desktop.store import case_views


def _latest(register, case_id, overrides):
    with register.session() as session:
        view = case_views.case_view(session, case_id, rules=rules_on(TODAY, overrides))
    (deadline,) = [d for d in view.check.deadlines if d.what == "最晚提交日"]
    return deadline.day


def test_a_holiday_entered_in_the_settings_moves_the_case_deadline(register, people, tmp_path):
    with register.session() as session:
        case_id = case_lifecycle.create_case(
            session, holder_id=people["hai"], kind="renewal", rules=rules_on(TODAY)
        ).id
    overrides = tmp_path / "overrides"
    before = _latest(register, case_id, overrides)

    # Ten working days of December 2026 declared holidays: the reserve must start earlier.
    holidays = frozenset(dt.date(2026, 12, day) for day in (14, 15, 16, 17, 18, 21, 22, 23, 24, 25))
    (overrides / "calendar").mkdir(parents=True)
    (overrides / "calendar" / "2026.toml").write_text(
        calendar_year_toml(CalendarYear(2026, holidays, frozenset(), "测试录入")), encoding="utf-8"
    )
    after = _latest(register, case_id, overrides)

    expected = renewal_deadlines(
        get_policy("haidian"), dt.date(2027, 1, 9), calendar=get_calendar(overrides)
    ).latest_submission
    assert after == expected
    assert after < before


def test_a_haidian_employer_change_case_hints_at_immediately_from_the_hire_date(register, people):
    from wrc_desktop.store import holder_records

    with register.session() as session:
        data = holder_records.get_holder(session, people["hai"]).model_dump()
        data["hire_date"] = "2026-10-01"
        holder_records.update_holder(session, people["hai"], holder=data)
        case = case_lifecycle.create_case(
            session,
            holder_id=people["hai"],
            kind="employer-change",
            rules=rules_on(TODAY),
            submit_on="2026-12-15",
        )
    with register.session() as session:
        view = case_views.case_view(session, case.id, rules=rules_on(TODAY))
    hints = [p for p in view.check.problems if "按入职本单位日期 2026-10-01 推算" in p.message]
    assert len(hints) == 1 and not hints[0].blocking
    # 002: the new unit "应立即与持证人进行关联" — no 60 days in 海淀.
    assert "立即" in hints[0].message and "2026-11-30" not in hints[0].message


def test_the_context_reads_a_clerks_checklist_once_and_builds_the_same_list(tmp_path):
    """Cases read together take the checklist from the rules context, which reads the clerk's
    checklist file once; it must be the very list ``build_checklist`` makes from the file."""
    from pathlib import Path

    from tests.rules.bundled import build_checklist
    from wrc_desktop.rules.checklists import CaseFacts
    from wrc_desktop.rules.context import RulesContext

    bundled = Path(__file__).parents[2] / "resources" / "checklists" / "haidian.toml"
    overrides = tmp_path / "overrides"
    (overrides / "checklists").mkdir(parents=True)
    lines = bundled.read_text(encoding="utf-8").splitlines()
    marked = [  # every item's title, not the guide's (the first one)
        f'{line[:-1]}（本单位另附说明）"' if line.startswith('title = "') and n > 10 else line
        for n, line in enumerate(lines)
    ]
    (overrides / "checklists" / "haidian.toml").write_text("\n".join(marked), encoding="utf-8")
    facts = CaseFacts(district="haidian", kind="renewal", on=TODAY)
    rules = RulesContext.load(today=TODAY, overrides=overrides)
    from_context = rules.checklist(facts)
    assert from_context == build_checklist(facts, overrides=overrides)
    assert any(item.title.endswith("（本单位另附说明）") for item in from_context.items)
    assert from_context != build_checklist(facts)  # the clerk's file, not the bundled one
    assert rules.on(TODAY + dt.timedelta(days=1)).checklist(facts) == from_context
