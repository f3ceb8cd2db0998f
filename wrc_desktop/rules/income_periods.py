"""The tax periods a case must print as income proof (DOMAIN §6).

For submission in month M the periods end at M−1, or at M−2 when the tax system does
not show M−1 yet (003 附件8: "因系统显示有延迟"). Both are acceptable; M−2 is listed first,
as the guides' examples do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .dates import format_month, months_between, shift_month
from .errors import WrcError
from .explain import Explanation, explain
from .policy import DistrictPolicy

Month = tuple[int, int]
CASE_KINDS = {"new": "新办", "renewal": "续签"}


@dataclass(frozen=True)
class TaxPeriod:
    start: Month
    end: Month

    @property
    def months(self) -> int:
        return months_between(self.start, self.end)

    def as_dict(self) -> dict[str, str]:
        return {"start": format_month(self.start), "end": format_month(self.end)}

    def __str__(self) -> str:
        return f"{format_month(self.start)} 至 {format_month(self.end)}"


@dataclass(frozen=True)
class IncomePeriods:
    district: str
    case: str
    submit: Month
    periods: tuple[TaxPeriod, ...]
    explanation: Explanation

    def as_dict(self) -> dict:
        return {
            "district": self.district,
            "case": self.case,
            "submit": format_month(self.submit),
            "periods": [period.as_dict() for period in self.periods],
            "explanation": self.explanation.as_dict(),
        }


def _month(text: str) -> Month | None:
    """A policy's "YYYY-MM" (or "" for none) as a month."""
    if not text:
        return None
    try:
        year, month = (int(part) for part in text.split("-"))
    except ValueError:
        raise WrcError(f"续签打印起点“{text}”应写作 YYYY-MM（如 2022-01）") from None
    if not 1 <= month <= 12:
        raise WrcError(f"续签打印起点“{text}”的月份应为 01–12")
    return year, month


def income_periods(
    policy: DistrictPolicy,
    case: Literal["new", "renewal"],
    submit: Month,
    *,
    hired: dt.date | None = None,
    ai_key: bool = False,
) -> IncomePeriods:
    """Every acceptable tax period for a ``case`` submitted in month ``submit``."""
    rules = policy.income_periods
    if case not in CASE_KINDS:
        raise WrcError(f"“{case}”不是可用的事项（可选：new 新办、renewal 续签）")
    ends = [shift_month(submit, -2), shift_month(submit, -1)]
    if case == "new":
        months = rules.new_ai_key_months if ai_key and rules.new_ai_key_months else rules.new_months
        rule = (
            "income_periods.new_ai_key_months"
            if ai_key and rules.new_ai_key_months
            else "income_periods.new_months"
        )
        starts = [shift_month(end, -(months - 1)) for end in ends]
        text = f"新办：提交月前的近 {months} 个月"
        if rules.new_mode == "last_months_or_since_hire" and hired is not None:
            hire_month = (hired.year, hired.month)
            starts = [max(start, hire_month) for start in starts]
            text += f"；入职（{format_month(hire_month)}）不足 {months} 个月的，自入职当月起"
    elif rules.renewal_mode == "since_january":
        rule = "income_periods.renewal_years_back"
        first = (submit[0] - rules.renewal_years_back, 1)
        text = f"续签：持证期间近 {rules.renewal_years_back} 年"
        literal = _month(rules.renewal_print_from)
        if literal is not None and literal < first:
            # The guide names its first month (002 "2022年1月至今"): print from there too.
            rule = "income_periods.renewal_print_from"
            first = literal
            text += f"，按指南写明的起点“{literal[0]}年{literal[1]}月至今”"
        starts = [first, first]
        text += f"，自 {format_month(first)} 起至最新月份"
    else:
        rule = "income_periods.renewal_months"
        starts = [shift_month(end, -(rules.renewal_months - 1)) for end in ends]
        text = f"续签：提交时的近 {rules.renewal_months} 个月"
    periods = tuple(
        TaxPeriod(start, end) for start, end in zip(starts, ends, strict=True) if start <= end
    )
    if not periods:
        raise WrcError(
            f"入职日期 {hired.isoformat() if hired else ''} 晚于可打印的税款所属期，"
            f"{format_month(submit)} 提交时尚无应税收入记录"
        )
    options = "，或 ".join(str(period) for period in periods)
    text += f"，截至提交月前两个月或前一个月（税务系统显示有延迟）：{options}"
    return IncomePeriods(
        policy.slug,
        case,
        submit,
        periods,
        explain(policy, rule, [p.as_dict() for p in periods], text),
    )
