"""``wrc deadlines``, ``leaver``, ``workdays``, ``thresholds`` and ``income-periods``: ask the rules."""

from __future__ import annotations

import argparse
from typing import Any

from ._common import (
    CliError,
    date_arg,
    district_arg,
    month_arg,
    print_json,
    with_desk,
    year_arg,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    deadlines = subparsers.add_parser("deadlines", help="证件续签的各个日期与状态")
    deadlines.add_argument(
        "--district",
        type=district_arg,
        help="单位所在区（如 海淀、海淀区 或 haidian）；用 --holder 时不填",
    )
    deadlines.add_argument(
        "--expiry", type=date_arg, help="有效期满日（YYYY-MM-DD）；用 --holder 时不填"
    )
    deadlines.add_argument(
        "--holder",
        metavar="证件号码",
        help="按登记册中该持证人的信息计算（单位所在区、有效期、首次办理日期、劳动合同），与界面一致",
    )
    deadlines.add_argument(
        "--first-issued", type=date_arg, help="首次办理日期（东城区判断是否自动延续）"
    )
    deadlines.add_argument("--contract-end", type=date_arg, help="劳动合同到期日（自动延续时使用）")
    deadlines.add_argument(
        "--applications",
        type=int,
        metavar="N",
        help="单位一次提交的申请份数（东城区按此确定窗口受理日；不填按少于 5 份计）",
    )
    deadlines.add_argument("--today", type=date_arg, help="以此日期为“今天”给出状态（YYYY-MM-DD）")
    deadlines.add_argument("--json", action="store_true", help="以 JSON 输出")
    deadlines.set_defaults(handler=run_deadlines)

    leaver = subparsers.add_parser("leaver", help="持证人离职后的注销、变更与延期期限")
    leaver.add_argument("--district", type=district_arg, required=True, help="原单位所在区")
    leaver.add_argument("--left", type=date_arg, required=True, help="离职日期（YYYY-MM-DD）")
    leaver.add_argument(
        "--expiry", type=date_arg, help="证件有效期满日：同时给出新单位办理变更的最晚日期"
    )
    leaver.add_argument(
        "--new-district", type=district_arg, help="新单位所在区（默认与原单位相同）"
    )
    leaver.add_argument("--json", action="store_true", help="以 JSON 输出")
    leaver.set_defaults(handler=run_leaver)

    workdays = subparsers.add_parser("workdays", help="两个日期之间（含两端）的工作日数")
    workdays.add_argument("--start", type=date_arg, required=True, help="开始日期（YYYY-MM-DD）")
    workdays.add_argument("--end", type=date_arg, required=True, help="结束日期（YYYY-MM-DD）")
    workdays.add_argument("--json", action="store_true", help="以 JSON 输出")
    workdays.set_defaults(handler=run_workdays)

    thresholds = subparsers.add_parser("thresholds", help="某年的应税收入标准（平均工资的倍数）")
    thresholds.add_argument(
        "--year", type=year_arg, required=True, help="申报年度 / 税款所属年度（如 2025）"
    )
    thresholds.add_argument(
        "--district",
        type=district_arg,
        help="同时给出该区指南算法下的收入标准（西城按年、石景山每月不取整、海淀取整后的月标准）",
    )
    thresholds.add_argument("--json", action="store_true", help="以 JSON 输出")
    thresholds.set_defaults(handler=run_thresholds)

    periods = subparsers.add_parser("income-periods", help="应税收入材料须打印的税款所属期")
    periods.add_argument("--district", type=district_arg, required=True, help="单位所在区")
    periods.add_argument(
        "--case", choices=("new", "renewal"), required=True, help="new 新办 / renewal 续签"
    )
    periods.add_argument("--submit", type=month_arg, required=True, help="提交月份（YYYY-MM）")
    periods.add_argument(
        "--hired", type=date_arg, help="入职日期（海淀新办：入职不足一年的自入职起）"
    )
    periods.add_argument("--ai-key", action="store_true", help="人工智能等重点领域单位")
    periods.add_argument("--json", action="store_true", help="以 JSON 输出")
    periods.set_defaults(handler=run_income_periods)


def _overrides():
    from .. import paths

    return paths.overrides_dir()


def _calendar():
    from ..rules.workdays import get_calendar

    return get_calendar(_overrides())


def _policy(slug: str):
    from ..rules.policy import get_policy

    return get_policy(slug, overrides=_overrides())


def _emit(args: argparse.Namespace, data: dict[str, Any], lines: list[str]) -> int:
    if args.json:
        print_json(data)
    else:
        print("\n".join(lines))
    return 0


def _text_warnings(data: dict[str, Any]) -> list[str]:
    from ..rules.explain import RULE_LABELS

    lines = [
        f"未核实（默认值）：{RULE_LABELS.get(rule, rule)}" for rule in data.get("unverified", [])
    ]
    return lines + [f"注意：{warning}" for warning in data.get("calendar_warnings", [])]


_DEADLINE_LABELS = {
    "window_opens": "续签期开始",
    "latest_submission": "最晚提交日",
    "expiry": "有效期满日",
    "lapses_on": "失效日",
    "extended_until": "自动延续至",
}


def run_deadlines(args: argparse.Namespace) -> int:
    from ..rules.deadlines import renewal_deadlines

    if args.applications is not None and args.applications < 1:
        raise CliError(f"--applications 应为正整数，而不是 {args.applications}")
    if args.holder is not None:
        return _holder_deadlines(args)
    missing = [name for name in ("district", "expiry") if getattr(args, name) is None]
    if missing:
        raise CliError(
            "缺少必填参数："
            + "、".join(f"--{name}" for name in missing)
            + "（或用 --holder 按登记册计算）"
        )
    policy = _policy(args.district)
    result = renewal_deadlines(
        policy,
        args.expiry,
        first_issued=args.first_issued,
        contract_end=args.contract_end,
        calendar=_calendar(),
        applications=args.applications,
    )
    notes = []
    if policy.auto_extension.enabled and args.first_issued is None:
        since = policy.auto_extension.first_issued_from
        notes.append(
            f"未给出 --first-issued：{policy.name}"
            + (f" {since.year} 年 {since.month} 月起" if since else "")
            + "首次办理的证件不再续签、有效期自动延续，日期可能与此不同；"
            "请给出 --first-issued，或用 --holder 按登记册计算"
        )
    return _print_deadlines(args, result, args.today, notes=notes)


def _print_deadlines(args, result, today, *, notes=(), facts: str = "") -> int:
    data = result.as_dict(today)
    data["notes"] = list(notes)
    lines = [f"{result.district_name} 有效期满日 {result.expiry}"]
    lines += [facts] if facts else []
    lines += [
        f"{label}：{result.explanations[key].value or '未知'}（{result.explanations[key].text}）"
        for key, label in _DEADLINE_LABELS.items()
        if key in result.explanations
    ]
    if "counter" in result.explanations:
        lines.append(f"窗口受理日：{result.explanations['counter'].text}")
    lines += [f"预约：{result.appointment_note}"] if result.appointment_note else []
    lines += [f"须先处理：{warning}" for warning in result.warnings]
    lines += [f"注意：{note}" for note in notes]
    if today:
        lines.append(f"状态（{today}）：{data['status']}")
    return _emit(args, data, lines + _text_warnings(data))


def _holder_deadlines(args: argparse.Namespace) -> int:
    """The register's answer for one holder: the deadlines every screen shows for them."""
    from ..desk import holders
    from ..rules.errors import FieldError
    from ..rules.identity import guess_id_type, mask_id, validate_id_number

    given = [
        f"--{name.replace('_', '-')}"
        for name in ("district", "expiry", "first_issued", "contract_end", "applications")
        if getattr(args, name) is not None
    ]
    if given:
        raise CliError(f"--holder 按登记册计算，不能同时给出 {'、'.join(given)}")
    text = args.holder.strip()
    try:
        number = validate_id_number(
            text,
            "resident" if text.upper().rstrip("X").isdigit() else guess_id_type(text),
            label="--holder",
        )
    except FieldError as error:
        raise CliError(str(error)) from None
    found = with_desk(args, lambda desk: holders.register_deadlines(desk, number))
    if found is None:
        raise CliError(f"登记册中没有证件号码为 {mask_id(number)} 的持证人")
    row, deadlines, today = found
    if deadlines is None:
        raise CliError(f"{row.name}（{mask_id(number)}）在登记册中没有证件有效期，无法计算")
    facts = (
        f"依据登记册：{row.name}，{row.unit_name}（{deadlines.district_name}），"
        f"首次办理 {row.first_issued or '未登记'}，劳动合同到期 {row.contract_end or '未登记'}"
    )
    return _print_deadlines(args, deadlines, today, facts=facts)


def run_leaver(args: argparse.Namespace) -> int:
    from ..rules.leavers import joiner_deadlines, leaver_deadlines

    calendar = _calendar()
    result = leaver_deadlines(_policy(args.district), args.left, calendar=calendar)
    data = result.as_dict()
    lines = [f"{result.district_name} 离职日 {result.left}"]
    lines += [f"{note.text}" for note in result.explanations.values()]
    if args.new_district and not args.expiry:
        raise CliError("使用 --new-district 时须同时给出 --expiry（证件有效期满日）")
    if args.expiry:
        joiner = joiner_deadlines(
            _policy(args.new_district or args.district), args.left, args.expiry, calendar=calendar
        )
        data["joiner"] = joiner.as_dict()
        data["unverified"] = sorted(set(data["unverified"]) | set(joiner.unverified))
        data["calendar_warnings"] = list(
            dict.fromkeys([*data["calendar_warnings"], *joiner.calendar_warnings])
        )
        lines.append(
            f"新单位最晚 {joiner.change_by} 提交聘用单位变更（{joiner.explanations['change_by'].text}）"
        )
        if joiner.too_late:
            lines.append("注意：离职时已来不及在有效期满前办理变更，请先由原单位办理续签")
    return _emit(args, data, lines + _text_warnings(data))


def run_workdays(args: argparse.Namespace) -> int:
    if args.end < args.start:
        raise CliError(f"结束日期 {args.end} 早于开始日期 {args.start}")
    calendar = _calendar()
    count, most = calendar.working_days_range(args.start, args.end)
    warnings = calendar.warnings_for(args.start, args.end)
    data = {
        "start": args.start,
        "end": args.end,
        "working_days": count,
        "working_days_at_most": most,
        "calendar_warnings": warnings,
    }
    # A year without a notice: the fewest working days any notice could leave, and the most.
    counted = f"至少 {count} 个、至多 {most} 个工作日" if most != count else f"共 {count} 个工作日"
    return _emit(
        args,
        data,
        [
            f"{args.start} 至 {args.end}（含两端）{counted}",
            *(f"注意：{w}" for w in warnings),
        ],
    )


def run_thresholds(args: argparse.Namespace) -> int:
    from ..rules.errors import WrcError
    from ..rules.income import annual_thresholds, load_wages, monthly_thresholds

    wages = load_wages(_overrides())
    annual = annual_thresholds(args.year, wages)
    data: dict[str, Any] = {"year": args.year}
    lines: list[str] = []
    try:
        monthly = monthly_thresholds(args.year, wages)
    except WrcError:
        if annual is None:
            raise
        monthly = None
    if monthly is not None:
        data.update(
            monthly_base=monthly.monthly_base,
            base_year=monthly.base_year,
            monthly=monthly.monthly,
            monthly_source=monthly.source,
            notes=list(monthly.notes),
        )
        lines.append(
            f"{args.year} 年申报：月平均工资 {monthly.monthly_base} 元（{monthly.base_year} 年度）；"
            + "，".join(f"{k} 倍 {v} 元" for k, v in monthly.monthly.items())
        )
        lines += list(monthly.notes)
    else:
        data.update(
            monthly_base=None,
            monthly=None,
            notes=[f"没有 {args.year} 年申报适用的月平均工资数据，只给出该税款所属年度的标准"],
        )
        lines += data["notes"]
    if annual is not None:
        data.update(
            annual_base=annual.annual_base, annual=annual.annual, annual_source=annual.source
        )
        lines.append(
            f"{args.year} 年度应税收入（第4、5条）：平均工资 {annual.annual_base} 元；"
            + "，".join(f"{k} 倍 {v} 元" for k, v in annual.annual.items())
        )
    if args.district and monthly is not None:
        data["district"], district_lines = _district_requirements(args.district, args.year, wages)
        lines += district_lines
    return _emit(args, data, lines)


def _district_requirements(slug: str, year: int, wages) -> tuple[dict[str, Any], list[str]]:
    """The district's own income requirement per unit kind (the function the case check uses)."""
    from ..rules.explain import UNVERIFIED_NOTE
    from ..rules.income import income_requirement

    policy = _policy(slug)
    kinds = {"enterprise": "企业", "public_institution": "事业单位、民办非企业单位和社会团体"}
    found: dict[str, Any] = {}
    lines = []
    for kind, label in kinds.items():
        need = income_requirement(policy, application_year=year, wages=wages, unit_kind=kind)
        found[kind] = need.as_dict()
        lines.append(f"{policy.name}（{label}）：{need.formula}")
    if policy.income_test.ai_key_months:
        need = income_requirement(policy, application_year=year, wages=wages, ai_key=True)
        found["ai_key"] = need.as_dict()
        lines.append(f"{policy.name}（人工智能等重点领域单位）：{need.formula}")
    origin = policy.sources.get("income_test.threshold_basis")
    quote = origin.quote if origin else ""
    found["quote"] = quote
    found["unverified"] = bool(origin is None or origin.unverified)
    lines.append(
        f"依据：{origin.citation()}“{quote}”"
        if origin and quote
        else f"依据：默认值（{UNVERIFIED_NOTE}）"
    )
    return found, lines


def run_income_periods(args: argparse.Namespace) -> int:
    from ..rules.income_periods import income_periods

    result = income_periods(
        _policy(args.district), args.case, args.submit, hired=args.hired, ai_key=args.ai_key
    )
    data = result.as_dict()
    data["unverified"] = [result.explanation.rule] if result.explanation.unverified else []
    return _emit(args, data, [result.explanation.text, *_text_warnings(data)])
