"""Income thresholds and the income test (DOMAIN §4).

The wage base (本市全口径城镇单位就业人员平均工资) is data: ``resources/wages.toml``, with
the years the clerk entered (``<overrides>/wages.toml``) laid over it. Thresholds are the
base times a multiplier, truncated to whole yuan; sums over N months are N times the
truncated monthly figure (002's table: 6 × 17 641 = 105 846). Every district's test is
counted that way — each month, a sum of months, or a year (12 × the truncated monthly
figure) — so the same income passes or fails the same threshold everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from importlib import resources
from pathlib import Path

from .clerk_files import load_toml, read_clerk_file
from .errors import WrcError
from .explain import Explanation, explain
from .policy import DistrictPolicy

MONTHLY_MULTIPLIERS = ("1.2", "1.5", "4", "8")
ANNUAL_MULTIPLIERS = ("4", "8")
WAGES_FILE = "wages.toml"
PUBLIC_UNIT_KINDS = ("public_institution", "private_non_enterprise", "social_organization")


@dataclass(frozen=True)
class WageYear:
    year: int
    annual: int
    monthly: int
    source: str


def truncate(base: int, multiplier: Decimal | str | int) -> int:
    """``base × multiplier`` cut to whole yuan (never rounded up)."""
    product = Decimal(base) * Decimal(str(multiplier))
    return int(product.to_integral_value(rounding=ROUND_FLOOR))


def _multiplier_key(multiplier: Decimal) -> str:
    return format(multiplier.normalize(), "f")


# --- the wage table ---------------------------------------------------------------------------


def parse_wage_table(text: str, filename: str = WAGES_FILE) -> dict[int, WageYear]:
    data = load_toml(text, f"平均工资文件 {filename}")
    table: dict[int, WageYear] = {}
    for index, entry in enumerate(data.get("year", []), start=1):
        where = f"平均工资文件 {filename} 第 {index} 项"
        try:
            year, annual = int(entry["year"]), int(entry["annual"])
            monthly = int(entry.get("monthly", annual // 12))
        except KeyError as error:
            raise WrcError(f"{where}缺少 {error.args[0]}") from None
        except (TypeError, ValueError):
            raise WrcError(f"{where}：year、annual、monthly 应为整数") from None
        if not 1990 <= year <= 2100 or annual <= 0 or monthly <= 0:
            raise WrcError(f"{where}：年度或金额不合理（{year} 年，{annual} 元）")
        table[year] = WageYear(year, annual, monthly, str(entry.get("source", "经办人录入")))
    return table


def load_wages(overrides: Path | None = None) -> dict[int, WageYear]:
    """The bundled table with the clerk's years (``<overrides>/wages.toml``) laid over it."""
    text = resources.files("wrc_desktop.resources").joinpath(WAGES_FILE).read_text("utf-8")
    table = parse_wage_table(text)
    if overrides is not None:
        extra = Path(overrides) / WAGES_FILE
        if extra.is_file():
            table.update(
                parse_wage_table(read_clerk_file(extra), f"{extra.parent.name}/{WAGES_FILE}")
            )
    return table


def wages_toml(entries: Iterable[WageYear]) -> str:
    """The text of ``<overrides>/wages.toml`` for the clerk's years (the caller writes it)."""
    parts = []
    for entry in sorted(entries, key=lambda e: e.year):
        source = entry.source.replace("\\", "\\\\").replace('"', '\\"')
        parts.append(
            f"[[year]]\nyear = {entry.year}\nannual = {entry.annual}\nmonthly = {entry.monthly}\n"
            f'source = "{source}"\n'
        )
    return "\n".join(parts)


# --- thresholds --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyThresholds:
    """Monthly thresholds for applications made in ``application_year``."""

    application_year: int
    base_year: int
    monthly_base: int
    annual_base: int
    monthly: dict[str, int]
    source: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class AnnualThresholds:
    """Clause 4/5 thresholds for the income of ``tax_year``."""

    tax_year: int
    annual_base: int
    annual: dict[str, int]
    source: str


def monthly_thresholds(application_year: int, wages: Mapping[int, WageYear]) -> MonthlyThresholds:
    """The latest published base (year A−1); until it is published, the year before applies (002)."""
    notes: list[str] = []
    wage = wages.get(application_year - 1)
    if wage is None:
        wage = wages.get(application_year - 2)
        if wage is None:
            raise WrcError(
                f"没有 {application_year} 年申报适用的平均工资数据"
                f"（需要 {application_year - 1} 年度的全口径城镇单位就业人员平均工资，可在设置中录入）"
            )
        notes.append(
            f"{application_year - 1} 年度平均工资尚未录入，按 002 的说明参照上一年度"
            f"（{wage.year} 年度）执行"
        )
    monthly = {key: truncate(wage.monthly, key) for key in MONTHLY_MULTIPLIERS}
    return MonthlyThresholds(
        application_year, wage.year, wage.monthly, wage.annual, monthly, wage.source, tuple(notes)
    )


def annual_thresholds(tax_year: int, wages: Mapping[int, WageYear]) -> AnnualThresholds | None:
    wage = wages.get(tax_year)
    if wage is None:
        return None
    annual = {key: truncate(wage.annual, key) for key in ANNUAL_MULTIPLIERS}
    return AnnualThresholds(tax_year, wage.annual, annual, wage.source)


# --- the income test ------------------------------------------------------------------------------


def yuan(amount: Decimal | int) -> str:
    """An amount in yuan as the guides write it: 211698, 17641.5 (no trailing zeros)."""
    text = format(Decimal(amount), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class IncomeRequirement:
    """What a district's income test asks for, computed the way its own guide states it.

    ``required`` is per month for ``each_month`` and the total over ``months`` otherwise; both
    are exact (17641.5 is not 17641): only 002 publishes a figure cut to whole yuan.
    """

    district_name: str
    mode: str
    basis: str
    months: int
    multiplier: Decimal
    per_month: Decimal
    required: Decimal
    formula: str  # how required is worked out, in words and numbers
    rule: str  # the multiplier's dotted key
    base: MonthlyThresholds

    def as_dict(self) -> dict[str, object]:
        return {
            "district_name": self.district_name,
            "mode": self.mode,
            "basis": self.basis,
            "months": self.months,
            "multiplier": yuan(self.multiplier),
            "per_month": yuan(self.per_month),
            "required": yuan(self.required),
            "formula": self.formula,
            "base_year": self.base.base_year,
        }


def income_requirement(
    policy: DistrictPolicy,
    *,
    application_year: int,
    wages: Mapping[int, WageYear],
    unit_kind: str = "enterprise",
    ai_key: bool = False,
) -> IncomeRequirement:
    """The one place a district's income threshold is worked out (the case check, the
    eligibility check, ``wrc thresholds`` and ``case set --incomes`` all ask here)."""
    rules = policy.income_test
    months = rules.ai_key_months if ai_key and rules.ai_key_months else rules.months
    base = monthly_thresholds(application_year, wages)
    rule, multiplier = income_multiplier(policy, unit_kind)
    label = _multiplier_key(multiplier)
    if rules.threshold_basis == "monthly_truncated":
        per_month = Decimal(truncate(base.monthly_base, multiplier))
        how = f"月平均工资 {base.monthly_base} × {label} 取整到元 = {yuan(per_month)}"
    elif rules.threshold_basis == "monthly_exact":
        per_month = Decimal(base.monthly_base) * multiplier
        how = f"月平均工资 {base.monthly_base} × {label} = {yuan(per_month)}，不取整"
    else:
        per_month = Decimal(base.annual_base) * multiplier / 12
        how = f"年平均工资 {base.annual_base} × {label}"
    if rules.mode == "each_month":
        required = per_month
        formula = f"每月 ≥ {yuan(required)} 元（{how}）"
    elif rules.threshold_basis == "annual":
        required = Decimal(base.annual_base) * multiplier * months / 12
        share = "" if months == 12 else f" × {months}/12"
        formula = f"{months} 个月合计 ≥ {yuan(required)} 元（{how}{share}）"
    else:
        required = per_month * months
        formula = f"{months} 个月合计 ≥ {yuan(required)} 元（{months} × {yuan(per_month)}，{how}）"
    return IncomeRequirement(
        policy.name,
        rules.mode,
        rules.threshold_basis,
        months,
        multiplier,
        per_month,
        required,
        formula,
        rule,
        base,
    )


@dataclass(frozen=True)
class IncomeTestResult:
    passes: bool
    mode: str
    months: int
    multiplier: Decimal
    required: Decimal  # per month (each_month) or in total (sum, annual); exact
    actual: int  # the lowest month (each_month) or the total
    margin: Decimal  # actual − required: ≥ 0 passes, < 0 is the shortfall
    failing_months: tuple[int, ...]  # positions in the incomes given (each_month)
    message: str
    explanation: Explanation


def income_multiplier(policy: DistrictPolicy, unit_kind: str) -> tuple[str, Decimal]:
    if unit_kind in PUBLIC_UNIT_KINDS:
        return "income_test.multiplier_public", policy.income_test.multiplier_public
    return "income_test.multiplier_enterprise", policy.income_test.multiplier_enterprise


def income_test(
    policy: DistrictPolicy,
    incomes: Sequence[int],
    *,
    application_year: int,
    wages: Mapping[int, WageYear],
    unit_kind: str = "enterprise",
    ai_key: bool = False,
) -> IncomeTestResult:
    """Test monthly taxable incomes (oldest first; the last N months are used) the district's way."""
    need = income_requirement(
        policy, application_year=application_year, wages=wages, unit_kind=unit_kind, ai_key=ai_key
    )
    months = need.months
    if len(incomes) < months:
        raise WrcError(f"{policy.name}按近 {months} 个月核验应税收入，只录入了 {len(incomes)} 个月")
    recent = [int(amount) for amount in incomes[-months:]]
    failing: tuple[int, ...] = ()
    if need.mode == "each_month":
        actual = min(recent)
        offset = len(incomes) - months
        failing = tuple(offset + i for i, amount in enumerate(recent) if amount < need.required)
        what = f"近 {months} 个月中最低的一个月 {actual} 元，{need.formula}"
    else:
        actual = sum(recent)
        what = f"近 {months} 个月合计 {actual} 元，须{need.formula.split('合计', 1)[1]}"
        if need.mode == "annual" and months < 12:
            # 东城 tests a year's income but collects 6 months of proof: an estimate, said as such.
            what = (
                "按年应税收入核验，现以近 "
                f"{months} 个月估算：{what}；此为估算，以区人力社保局核验为准"
            )
    margin = actual - need.required
    verdict = (
        f"达到要求，超出 {yuan(margin)} 元" if margin >= 0 else f"未达到要求，差 {yuan(-margin)} 元"
    )
    message = f"{what}：{verdict}"
    notes = need.base.notes
    note = explain(
        policy,
        "income_test.threshold_basis",
        need.required,
        message + ("；" + "；".join(notes) if notes else ""),
    )
    return IncomeTestResult(
        margin >= 0,
        need.mode,
        months,
        need.multiplier,
        need.required,
        actual,
        margin,
        failing,
        message,
        note,
    )


def clause_income_test(
    policy: DistrictPolicy,
    clause: int,
    incomes_by_year: Mapping[int, int],
    *,
    wages: Mapping[int, WageYear],
) -> list[tuple[int, int, int | None, bool | None]]:
    """Clauses 4/5: each tax year's income against its multiple of that year's base.

    Returns ``(year, income, required, passes)``; ``required``/``passes`` are None where the
    year's base is not known.
    """
    if clause not in (4, 5):
        raise WrcError(f"第 {clause} 条不按年度应税收入核验（只有第 4、5 条）")
    multiplier = (
        policy.income_test.multiplier_clause4
        if clause == 4
        else policy.income_test.multiplier_clause5
    )
    rows = []
    for year, income in sorted(incomes_by_year.items()):
        wage = wages.get(year)
        required = truncate(wage.annual, multiplier) if wage else None
        rows.append((year, income, required, None if required is None else income >= required))
    return rows
