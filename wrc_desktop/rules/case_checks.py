"""Is a case ready to submit on its planned date? Every problem with its item, date, rule and source.

The checks: every required item is at hand; the material validity rules of
:mod:`.materials`; the tax periods to print (:mod:`.income_periods`); the income test
(:mod:`.income`); the deadline of the case's kind (:mod:`.deadlines`, :mod:`.leavers`).
A case is 可提交 when no problem blocks it. Pure: the caller gathers the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from .checklists import Checklist, ChecklistItem
from .counter import counter_rule
from .deadlines import renewal_deadlines
from .eligibility import ApplicantFacts, basic_conditions
from .errors import WrcError
from .explain import UNVERIFIED_NOTE
from .income import WageYear, income_requirement, income_test
from .income_periods import income_periods
from .leavers import joiner_deadlines, leaver_deadlines
from .materials import Material, check_materials
from .policy import DistrictPolicy, get_policy
from .scan_mismatches import ScanMismatch, scan_mismatch_problems
from .workdays import WorkCalendar, default_calendar

ITEM_STATES = {
    "missing": "未收集",
    "generated": "已生成表格（待签字盖章）",
    "collected": "已收集原件",
    "attached": "已附文件",
}


@dataclass(frozen=True)
class ItemState:
    """What the clerk has of one item: the paper original, files, a generated form; its dates."""

    key: str
    collected: bool = False
    files: int = 0  # scans and documents the clerk attached
    forms: int = 0  # forms the app generated (unsigned)
    dated: dt.date | None = None
    valid_until: dt.date | None = None
    scan_mismatches: tuple[ScanMismatch, ...] = ()  # what its scans name differently, not dismissed

    @property
    def state(self) -> str:
        if self.files:
            return "attached"
        if self.collected:
            return "collected"
        return "generated" if self.forms else "missing"


@dataclass(frozen=True)
class HolderDates:
    """The register's dates about the holder and the permit that the checks use."""

    hire_date: dt.date | None = None
    left_on: dt.date | None = None
    contract_end: dt.date | None = None
    degree_date: dt.date | None = None
    degree_foreign: bool = False
    expiry: dt.date | None = None
    first_issued: dt.date | None = None
    ai_key: bool = False
    birth_date: dt.date | None = None
    gender: str | None = None
    social_insurance_start: dt.date | None = None  # in Beijing
    # Which statutory retirement age a woman has (female_55 / female_50); None: not recorded.
    retirement_track: str | None = None
    applications: int | None = (
        None  # applications the unit hands in at once (东城 counter days); None: few
    )


@dataclass(frozen=True)
class CaseProblem:
    item: str  # checklist key, or "" for the case as a whole
    subject: str  # the item's title or what the problem is about
    date: dt.date | None
    rule: str
    message: str
    source: str
    unverified: bool
    blocking: bool = True

    def as_dict(self) -> dict:
        data = asdict(self)
        if self.unverified:
            data["note"] = UNVERIFIED_NOTE
        return data


@dataclass(frozen=True)
class Deadline:
    day: dt.date
    what: str
    source: str = ""


@dataclass(frozen=True)
class CaseCheck:
    submit: dt.date | None
    problems: tuple[CaseProblem, ...]
    deadlines: tuple[Deadline, ...]
    valid_through: dict[str, dt.date | None] = field(
        default_factory=dict
    )  # item key → last good submission day

    @property
    def blocking(self) -> list[CaseProblem]:
        return [p for p in self.problems if p.blocking]

    @property
    def can_submit(self) -> bool:
        return not self.blocking

    @property
    def next_deadline(self) -> Deadline | None:
        return min(self.deadlines, key=lambda d: d.day, default=None)


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
    policy: DistrictPolicy | None = None,
    calendar: WorkCalendar | None = None,
) -> CaseCheck:
    """Every problem of the case if submitted on ``submit`` (``today`` dates the material deadlines).

    ``policy`` and ``calendar`` are the ones with the clerk's additions (the due
    list uses the same), so a holiday entered in the settings moves the case's
    deadlines too; without them the bundled data is used.
    """
    policy = policy or get_policy(checklist.district)
    problems = [
        CaseProblem("", f.subject, None, f.rule, f.message, f.source, f.unverified, f.blocking)
        for f in checklist.problems
    ]
    deadlines: list[Deadline] = []
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
    kind_problems, kind_deadlines = _kind_deadlines(
        policy, checklist.kind, submit, holder, calendar
    )
    problems += kind_problems + scan_mismatch_problems(checklist, states)
    deadlines += kind_deadlines
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
    policy: DistrictPolicy, submit: dt.date, holder: HolderDates, calendar: WorkCalendar | None
) -> list[CaseProblem]:
    """A planned date on which the district's counter does not receive this unit (东城 003 五)."""
    rule = counter_rule(policy, holder.applications)
    if not rule.enabled:
        return []
    calendar = calendar or default_calendar()
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


def _kind_deadlines(
    policy: DistrictPolicy,
    kind: str,
    submit: dt.date | None,
    holder: HolderDates,
    calendar: WorkCalendar | None,
) -> tuple[list[CaseProblem], list[Deadline]]:
    problems: list[CaseProblem] = []
    deadlines: list[Deadline] = []
    if kind in ("renewal", "auto-extension"):
        if holder.expiry is None:
            problems.append(
                CaseProblem(
                    "", "有效期", None, "renewal", "登记册中没有该持证人的证件有效期", "", False
                )
            )
            return problems, deadlines
        found = renewal_deadlines(
            policy,
            holder.expiry,
            first_issued=holder.first_issued,
            contract_end=holder.contract_end,
            calendar=calendar,
            applications=holder.applications,
        )
        note = found.explanations["latest_submission"]
        deadlines.append(Deadline(found.latest_submission, "最晚提交日", note.source))
        if found.appointment_by is not None:
            deadlines.append(Deadline(found.appointment_by, found.appointment_note, note.source))
        extended = found.explanations.get("extended_until")
        if kind == "auto-extension" and (extended is None or not found.auto_extension):
            first = holder.first_issued.isoformat() if holder.first_issued else "（未登记）"
            problems.append(
                CaseProblem(
                    "",
                    "自动延续确认",
                    holder.first_issued,
                    "auto_extension.enabled",
                    f"该证首次办理日期 {first}，不适用有效期自动延续：应办理续签",
                    extended.source if extended else note.source,
                    bool(extended.unverified) if extended else note.unverified,
                )
            )
        elif kind == "auto-extension" and extended is not None:
            problems += [
                CaseProblem(
                    "",
                    "劳动合同",
                    holder.contract_end,
                    extended.rule,
                    warning,
                    extended.source,
                    extended.unverified,
                    blocking=False,
                )
                for warning in found.warnings
            ]
        if kind == "renewal" and found.auto_extension:
            problems.append(
                CaseProblem(
                    "",
                    "续签",
                    None,
                    "auto_extension.enabled",
                    f"该证 {holder.first_issued} 首次办理，适用有效期自动延续，应办理“自动延续确认”",
                    found.explanations["extended_until"].source,
                    False,
                    blocking=False,
                )
            )
        if submit is None:
            return problems, deadlines
        window = found.explanations["window_opens"]
        if kind == "renewal" and submit < found.window_opens:
            problems.append(
                CaseProblem(
                    "",
                    "计划提交日期",
                    submit,
                    window.rule,
                    f"计划提交日 {submit.isoformat()} 早于续签期（{window.text}）",
                    window.source,
                    window.unverified,
                )
            )
        if submit >= found.lapses_on:
            lapse = found.explanations["lapses_on"]
            problems.append(
                CaseProblem(
                    "",
                    "计划提交日期",
                    submit,
                    lapse.rule,
                    f"计划提交日 {submit.isoformat()} 时证件已失效：{lapse.text}",
                    lapse.source,
                    lapse.unverified,
                )
            )
        elif submit > found.latest_submission:
            problems.append(
                CaseProblem(
                    "",
                    "计划提交日期",
                    submit,
                    note.rule,
                    f"计划提交日 {submit.isoformat()} 晚于{note.text}，审核可能来不及完成",
                    note.source,
                    note.unverified,
                    blocking=False,
                )
            )
    elif kind == "employer-change" and holder.expiry is not None:
        # The register does not record the day the holder left the previous employer, so the
        # deadline kept is the one it can know (review days before expiry); the 60-day limit
        # is computed from the hire date at this unit and shown as a hint to check.
        joiner = joiner_deadlines(
            policy, holder.hire_date or holder.expiry, holder.expiry, calendar=calendar
        )
        note = joiner.explanations["change_by_review"]
        deadlines.append(
            Deadline(joiner.change_by_review, "有效期满前须预留审核时间的最晚提交日", note.source)
        )
        if submit is not None and submit > joiner.change_by_review:
            problems.append(
                CaseProblem(
                    "",
                    "计划提交日期",
                    submit,
                    note.rule,
                    f"计划提交日 {submit.isoformat()} 晚于{note.text}",
                    note.source,
                    note.unverified,
                    blocking=False,
                )
            )
        days = joiner.explanations["change_by_days"]
        if submit is not None and holder.hire_date is not None and submit > joiner.change_by_days:
            problems.append(
                CaseProblem(
                    "",
                    "计划提交日期",
                    submit,
                    days.rule,
                    f"按入职本单位日期 {holder.hire_date.isoformat()} 推算，{days.text}；"
                    + (
                        "计划提交日晚于入职日：新单位应立即关联并办理变更，请尽早提交"
                        if policy.employer_change.days_after_leaving == 0
                        else "计划提交日已晚于此日期，请核对离开原单位的日期（逾期证件将失效）"
                    ),
                    days.source,
                    days.unverified,
                    blocking=False,
                )
            )
    elif kind in ("leave", "cancel") and holder.left_on is not None:
        leaver = leaver_deadlines(policy, holder.left_on, calendar=calendar)
        note = leaver.explanations["cancel_by"]
        deadlines.append(Deadline(leaver.cancel_by, "注销/解除关联期限", note.source))
        if submit is not None and submit > leaver.cancel_by:
            problems.append(
                CaseProblem(
                    "",
                    "计划提交日期",
                    submit,
                    note.rule,
                    f"计划提交日 {submit.isoformat()} 晚于期限：{note.text}",
                    note.source,
                    note.unverified,
                    blocking=False,
                )
            )
    return problems, deadlines
