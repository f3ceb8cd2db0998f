"""Is a case ready to submit on its planned date? Every problem with its item, date, rule and source.

The checks: every required item is at hand; the material validity rules of
:mod:`.materials`; the tax periods to print (:mod:`.income_periods`); the income test
(:mod:`.income`); the deadline of the case's kind (:mod:`.case_deadlines`). What a check
reads and reports (:class:`ItemState`, :class:`CaseProblem`…) is in :mod:`.case_findings`.
A case is 可提交 when no problem blocks it. Pure: the caller gathers the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from .case_deadlines import kind_deadlines
from .case_findings import (
    ITEM_STATES,
    CaseCheck,
    CaseProblem,
    Deadline,
    HolderDates,
    ItemState,
)
from .checklists import Checklist, ChecklistItem
from .counter import counter_rule
from .eligibility import ApplicantFacts, basic_conditions
from .errors import WrcError
from .income import WageYear, income_requirement, income_test
from .income_periods import income_periods
from .materials import Material, check_materials
from .policy import DistrictPolicy
from .scan_mismatches import scan_mismatch_problems
from .workdays import WorkCalendar

__all__ = [  # the check's data is named here too, beside the check that makes it
    "ITEM_STATES",
    "CaseCheck",
    "CaseProblem",
    "Deadline",
    "HolderDates",
    "ItemState",
    "blocks_case",
    "check_case",
    "material_valid_through",
    "online_scan_missing",
]


def check_case(
    checklist: Checklist,
    states: Mapping[str, ItemState],
    *,
    submit: dt.date | None,
    holder: HolderDates,
    unit_kind: str = "enterprise",
    incomes: Sequence[int] = (),
    wages: Mapping[int, WageYear] | None = None,
    today: dt.date,
    policy: DistrictPolicy,
    calendar: WorkCalendar,
) -> CaseCheck:
    """Every problem of the case if submitted on ``submit`` (``today`` dates the material deadlines).

    ``policy`` and ``calendar`` are the rules context's, with the clerk's additions (the due
    list uses the same), so a holiday entered in the settings moves the case's deadlines too.
    """
    problems = [
        CaseProblem("", f.subject, None, f.rule, f.message, f.source, f.unverified, f.blocking)
        for f in checklist.problems
    ]
    if submit is None:
        problems.append(
            CaseProblem(
                "",
                "计划提交日期",
                None,
                "submit",
                "请填写计划提交日期，才能按提交日核对材料有效期",
                "",
                False,
            )
        )
    for item in checklist.items:
        state = states.get(item.key, ItemState(item.key))
        if state.state == "missing" and item.required:
            problems.append(
                CaseProblem(
                    item.key,
                    item.title,
                    None,
                    "checklist",
                    "缺少此项材料",
                    item.source,
                    item.unverified,
                )
            )
        elif state.state == "generated" and item.required:
            problems.append(
                CaseProblem(
                    item.key,
                    item.title,
                    state.dated,
                    "checklist",
                    "表格已生成，尚需签字盖章后扫描附上"
                    + ("" if checklist.online_only else "（或标记为已收集原件）")
                    + (
                        f"；落款日期 {state.dated.isoformat()}，请于当日签字" if state.dated else ""
                    ),
                    item.source,
                    item.unverified,
                )
            )
        elif state.state == "collected" and checklist.online_only:
            problems.append(online_scan_missing(checklist, item, state))
    materials = _materials(checklist, states, holder)
    valid_through = {
        key: material_valid_through(policy, material, today) for key, material in materials.items()
    }
    if submit is not None:
        problems += _material_problems(policy, checklist, materials, submit)
        problems += _income(policy, checklist, submit, holder, unit_kind, incomes, wages)
        problems += _basic_conditions(policy, checklist, submit, holder, unit_kind)
        problems += _counter_day(policy, submit, holder, calendar)
    kind_problems, deadlines = kind_deadlines(policy, checklist.kind, submit, holder, calendar)
    problems += kind_problems + scan_mismatch_problems(checklist, states)
    for key, last in valid_through.items():
        if last is not None and states.get(key, ItemState(key)).state != "missing":
            deadlines.append(Deadline(last, f"{checklist.item(key).title}的最晚有效提交日"))
    return CaseCheck(submit, tuple(problems), tuple(deadlines), valid_through)


def online_scan_missing(checklist: Checklist, item: ChecklistItem, state: ItemState) -> CaseProblem:
    """Online only (DOMAIN §8): the paper original does not satisfy an item, its colour scan does."""
    return CaseProblem(
        item.key,
        item.title,
        state.dated,
        "upload.scan_required",
        "本区全程线上办理，已收集的原件须扫描为彩色 PDF 后附上，纸质原件不能代替上传",
        checklist.online.source,
        checklist.online.unverified,
        blocking=item.required,
    )


def _materials(
    checklist: Checklist, states: Mapping[str, ItemState], holder: HolderDates
) -> dict[str, Material]:
    """The items at hand as rules.materials sees them (label = title, so problems map back)."""
    keys = set(checklist.item_keys())
    verification = "foreign_degree_certificate" if holder.degree_foreign else "degree_verification"
    verified = verification not in keys or states.get(verification, ItemState("")).state in (
        "collected",
        "attached",
    )
    result = {}
    for item in checklist.items:
        state = states.get(item.key, ItemState(item.key))
        if state.state == "missing":
            continue
        dated = state.dated
        if item.material_kind == "degree":
            dated = dated or holder.degree_date
        result[item.key] = Material(
            item.material_kind,
            label=item.title,
            dated=dated,
            valid_until=state.valid_until,
            foreign=holder.degree_foreign,
            verified=verified,
        )
    return result


def _material_problems(
    policy: DistrictPolicy, checklist: Checklist, materials: Mapping[str, Material], submit: dt.date
) -> list[CaseProblem]:
    by_title = {item.title: item for item in checklist.items}
    result = []
    for problem in check_materials(policy, submit, materials.values()):
        item = by_title.get(problem.material)
        result.append(
            CaseProblem(
                item.key if item else "",
                problem.material,
                problem.date,
                problem.rule,
                problem.message,
                problem.source,
                problem.unverified,
                blocking=blocks_case(problem.rule, problem.unverified),
            )
        )
    return result


# Rules that block a case only where the district's own guide states them: "诚信声明落款晚于其他
# 所有材料" is 西城's (000 三、申报材料 2); elsewhere it is the rulebook's unverified default,
# shown as a hint (the app's own forms are dated so that it holds anyway).
GUIDE_ONLY_RULES = frozenset({"materials.integrity_declaration_latest"})


def blocks_case(rule: str, unverified: bool) -> bool:
    """Whether a material problem under ``rule`` stops the case from being submitted."""
    return not (rule in GUIDE_ONLY_RULES and unverified)


def material_valid_through(
    policy: DistrictPolicy, material: Material, today: dt.date
) -> dt.date | None:
    """The last submission day on which ``material`` alone still passes its rules (None: no limit).

    Found by bisection over check_materials itself, so it can never disagree with the rules.
    A day before ``today`` means the material is already out of date.
    """
    if material.kind == "degree" or (material.dated is None and material.valid_until is None):
        return None
    low = max(today, material.dated or today)

    def ok(day: dt.date) -> bool:
        return not check_materials(policy, day, [material])

    if not ok(low):
        return low - dt.timedelta(days=1)
    high = low + dt.timedelta(days=3660)
    if ok(high):
        return None
    while (high - low).days > 1:
        middle = low + dt.timedelta(days=(high - low).days // 2)
        low, high = (middle, high) if ok(middle) else (low, middle)
    return low


def _income(
    policy: DistrictPolicy,
    checklist: Checklist,
    submit: dt.date,
    holder: HolderDates,
    unit_kind: str,
    incomes: Sequence[int],
    wages: Mapping[int, WageYear] | None,
) -> list[CaseProblem]:
    result: list[CaseProblem] = []
    item = next((i for i in checklist.items if i.key == "income_proof"), None)
    if item is not None and checklist.kind in ("new", "renewal"):
        try:
            periods = income_periods(
                policy,
                "new" if checklist.kind == "new" else "renewal",
                (submit.year, submit.month),
                hired=holder.hire_date,
                ai_key=holder.ai_key,
            )
            result.append(
                CaseProblem(
                    item.key,
                    item.title,
                    None,
                    periods.explanation.rule,
                    "应打印的税款所属期：" + "，或 ".join(str(p) for p in periods.periods),
                    periods.explanation.source,
                    periods.explanation.unverified,
                    blocking=False,
                )
            )
        except WrcError as error:
            result.append(
                CaseProblem(item.key, item.title, None, "income_periods", str(error), "", False)
            )
    # The income test reaches the clauses the district's guide says (002: all but 4 and 5; 001: all).
    reach = policy.eligibility.income_test_clauses
    if (
        checklist.kind != "new"
        or (checklist.clause is not None and checklist.clause not in reach)
        or wages is None
    ):
        return result
    try:
        if incomes:
            test = income_test(
                policy,
                list(incomes),
                application_year=submit.year,
                wages=wages,
                unit_kind=unit_kind,
                ai_key=holder.ai_key,
            )
            note = test.explanation
            result.append(
                CaseProblem(
                    "income_proof",
                    "应税收入",
                    None,
                    note.rule,
                    f"收入核验：{test.message}",
                    note.source,
                    note.unverified,
                    blocking=not test.passes,
                )
            )
        else:
            need = income_requirement(
                policy,
                application_year=submit.year,
                wages=wages,
                unit_kind=unit_kind,
                ai_key=holder.ai_key,
            )
            rule = "income_test.threshold_basis"
            origin = policy.sources.get(rule)
            result.append(
                CaseProblem(
                    "income_proof",
                    "应税收入",
                    None,
                    rule,
                    f"尚未录入近 {need.months} 个月应税收入：{policy.name}的标准为{need.formula}",
                    origin.citation() if origin else "",
                    bool(origin and origin.unverified),
                    blocking=False,
                )
            )
    except WrcError as error:
        result.append(
            CaseProblem(
                "income_proof",
                "应税收入",
                None,
                "income_test",
                str(error),
                "",
                False,
                blocking=False,
            )
        )
    return result


def _basic_conditions(
    policy: DistrictPolicy,
    checklist: Checklist,
    submit: dt.date,
    holder: HolderDates,
    unit_kind: str,
) -> list[CaseProblem]:
    """The applicant's basic conditions for a new application (the income test is reported above)."""
    if checklist.kind != "new" or checklist.clause is None:
        return []
    facts = ApplicantFacts(
        clause=checklist.clause,
        on=submit,
        hire_date=holder.hire_date,
        social_insurance_start=holder.social_insurance_start,
        birth_date=holder.birth_date,
        gender=holder.gender,
        retirement_track=holder.retirement_track,
        ai_key=holder.ai_key,
        unit_kind=unit_kind,
    )
    result = []
    for condition in basic_conditions(policy, facts):
        if condition.key == "income" or condition.outcome == "pass":
            continue
        label = "不符合" if condition.outcome == "fail" else "待核实"
        result.append(
            CaseProblem(
                "",
                f"基本条件：{condition.title}",
                submit,
                condition.rule,
                f"{label}：{condition.message}",
                condition.source,
                condition.unverified,
                blocking=condition.outcome == "fail",
            )
        )
    return result


def _counter_day(
    policy: DistrictPolicy, submit: dt.date, holder: HolderDates, calendar: WorkCalendar
) -> list[CaseProblem]:
    """A planned date on which the district's counter does not receive this unit (东城 003 五)."""
    rule = counter_rule(policy, holder.applications)
    if not rule.enabled:
        return []
    note = rule.explanation
    if not rule.is_counter_day(submit, calendar):
        return [
            CaseProblem(
                "",
                "计划提交日期",
                submit,
                note.rule,
                f"计划提交日 {submit.isoformat()} 不是窗口受理日：{note.text}；"
                f"最近的受理日为 {rule.last_on_or_before(submit, calendar).isoformat()} 或之后的"
                f"{rule.days_text}",
                note.source,
                note.unverified,
                blocking=False,
            )
        ]
    appointment = rule.appointment_note(submit, calendar, policy.name)
    if appointment:
        return [
            CaseProblem(
                "",
                "预约",
                submit,
                "counter.appointment_working_days",
                appointment,
                note.source,
                note.unverified,
                blocking=False,
            )
        ]
    return []
