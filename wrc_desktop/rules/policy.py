"""District policies: ``resources/policies/<district>.toml`` loaded, validated and cached.

A policy file holds values in sections (``[renewal]``, ``[materials]`` …). A value may be
written plainly or as ``{ value = 20, source = "002 …", quote = "…", note = "…" }``; a value with a
source is verified, unless it also says ``unverified = true``. ``quote`` holds the guide's own
words, verbatim ("……" joins fragments); an explanation or a paraphrase goes into ``note``. Every district inherits
``default.toml``, whose values are all unverified: the app shows them as
"未核实 — 请向区人力社保局确认". The clerk may lay ``<overrides>/policies/<slug>.toml``
(same format) over a district's file.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import WrcError
from .explain import RuleSource
from .vocab import DISTRICTS, district_slug

POLICY_SUBDIR = "policies"
DEFAULT_FILE = "default.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bureau(_Section):
    name: str = Field(min_length=1)
    office: str = ""
    address: str = ""
    phone: str = ""


class RenewalRules(_Section):
    validity_years: int = Field(ge=1, le=10)
    window_days_before_expiry: int = Field(ge=0, le=366)
    review_working_days: int = Field(ge=0, le=120)
    grace_days: int = Field(ge=0, le=366)
    # review_reserve: the latest working day leaving review_working_days before lapses_on;
    # by_expiry: the last working (counter) day on or before the expiry date (东城 003).
    latest_submission: Literal["review_reserve", "by_expiry"] = "review_reserve"


class CounterDays(_Section):
    """Which weekdays the district's counter receives a unit (东城 003 五); weekdays 1 = Monday."""

    enabled: bool = False
    small_unit_weekdays: tuple[int, ...] = (1, 2, 3, 4, 5)
    large_unit_weekdays: tuple[int, ...] = (1, 2, 3, 4, 5)
    large_unit_from: int = Field(default=5, ge=1, le=1000)  # applications at once
    appointment_working_days: int = Field(default=0, ge=0, le=30)  # for large units
    paper_within_days: int = Field(
        default=0, ge=0, le=366
    )  # paper materials after the online check

    @field_validator("small_unit_weekdays", "large_unit_weekdays")
    @classmethod
    def _weekdays(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or any(not 1 <= day <= 7 for day in value):
            raise ValueError("应为 1（周一）到 7（周日）之间的数字")
        return value


class Eligibility(_Section):
    """The applicant's basic conditions (基本条件) and the clauses each covers (DOMAIN §3)."""

    guide_clauses: tuple[int, ...] = (
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
    )  # clauses the guide's conditions cover
    income_test_clauses: tuple[int, ...] = (1, 2)
    min_months_at_unit: int = Field(default=0, ge=0, le=60)  # 0 = not a condition
    min_months_clauses: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8)
    ai_key_min_months_at_unit: int = Field(default=0, ge=0, le=60)
    ai_key_max_age: int = Field(default=0, ge=0, le=80)
    months_from_social_insurance: bool = (
        False  # time at the unit counted from social-insurance records
    )
    work_experience_years: int = Field(default=0, ge=0, le=20)
    work_experience_clauses: tuple[int, ...] = ()
    same_unit_contract_tax_insurance: bool = False


class AutoExtension(_Section):
    enabled: bool
    first_issued_from: dt.date | None = None
    max_years: int = Field(ge=0, le=10)
    confirm_reserve_working_days: int = Field(ge=0, le=120)


class EmployerChange(_Section):
    days_after_leaving: int = Field(ge=1, le=366)
    review_working_days_before_expiry: int = Field(ge=0, le=120)
    cancellation_working_days: int = Field(ge=0, le=60)  # 0 = 立即: due on the leaving day
    deferral_days: int = Field(ge=0, le=732)


class IncomeTest(_Section):
    mode: Literal["each_month", "sum", "annual"]
    months: int = Field(ge=1, le=36)
    ai_key_months: int = Field(ge=0, le=36)
    multiplier_enterprise: Decimal = Field(gt=0)
    multiplier_public: Decimal = Field(gt=0)
    multiplier_clause4: Decimal = Field(gt=0)
    multiplier_clause5: Decimal = Field(gt=0)

    @field_validator(
        "multiplier_enterprise",
        "multiplier_public",
        "multiplier_clause4",
        "multiplier_clause5",
        mode="before",
    )
    @classmethod
    def _exact_decimal(cls, value: Any) -> Any:
        # 1.2 as a binary float is 1.19999…; thresholds are truncated, so keep the written digits.
        return Decimal(str(value)) if isinstance(value, float) else value


class IncomePeriods(_Section):
    new_mode: Literal["last_months", "last_months_or_since_hire"]
    new_months: int = Field(ge=1, le=60)
    new_ai_key_months: int = Field(ge=0, le=60)
    renewal_mode: Literal["last_months", "since_january"]
    renewal_months: int = Field(ge=1, le=60)
    renewal_years_back: int = Field(ge=1, le=5)


class Materials(_Section):
    residence_permit_min_months: int = Field(ge=0, le=24)
    rental_min_months: int = Field(ge=0, le=24)
    borrow_declaration_valid_days: int = Field(ge=0, le=366)
    integrity_declaration_max_age_days: int = Field(ge=0, le=366)
    integrity_declaration_latest: bool
    labor_contract_min_months: int = Field(ge=0, le=24)
    dated_material_max_age_months: int = Field(ge=0, le=24)
    expiring_material_min_months: int = Field(ge=0, le=24)
    degree_verification_before: dt.date | None = None
    foreign_degree_certificate: bool


class AgeLimit(_Section):
    # fixed: male/female years (001); retirement: the statutory retirement age
    # (resources/retirement_age.toml); none: the guide sets no age limit.
    mode: Literal["fixed", "retirement", "none"]
    male: int = Field(ge=40, le=80)
    female: int = Field(ge=40, le=80)


class WarningRules(_Section):
    contract_end_months: int = Field(ge=0, le=24)
    child_school_certificate_age: int = Field(ge=0, le=18)
    child_max_age: int = Field(ge=1, le=18)
    age_limit_notice_months: int = Field(ge=0, le=36)


class DistrictPolicy(_Section):
    """The rules of one district. ``sources`` maps each dotted key to where its value comes from."""

    slug: str
    name: str
    bureau: Bureau
    renewal: RenewalRules
    counter: CounterDays = CounterDays()
    eligibility: Eligibility = Eligibility()
    auto_extension: AutoExtension
    employer_change: EmployerChange
    income_test: IncomeTest
    income_periods: IncomePeriods
    materials: Materials
    age_limit: AgeLimit
    warnings: WarningRules
    sources: dict[str, RuleSource] = Field(default_factory=dict)

    def is_unverified(self, rule: str) -> bool:
        return self.sources.get(rule, RuleSource()).unverified

    @property
    def unverified_rules(self) -> list[str]:
        """Dotted keys of every value that is a default or marked unverified."""
        return sorted(rule for rule, origin in self.sources.items() if origin.unverified)

    def value(self, rule: str) -> Any:
        section, key = rule.split(".", 1)
        return getattr(getattr(self, section), key)


# --- loading --------------------------------------------------------------------------------


def _read_toml(text: str, filename: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise WrcError(f"策略文件 {filename} 格式错误：{error}") from None


def _split(
    data: dict[str, Any], filename: str, *, default_file: bool
) -> tuple[dict, dict[str, RuleSource]]:
    """Plain values and their sources out of a file's ``{ value = …, source = … }`` tables."""
    values: dict[str, Any] = {}
    sources: dict[str, RuleSource] = {}
    for key, item in data.items():
        if key in ("slug", "name"):
            values[key] = item
            continue
        if not isinstance(item, dict):
            raise WrcError(f"策略文件 {filename} 中 {key}：应为一个表（如 [{key}]）")
        section: dict[str, Any] = {}
        for name, raw in item.items():
            dotted = f"{key}.{name}"
            if isinstance(raw, dict):
                unknown = set(raw) - {"value", "source", "quote", "note", "unverified"}
                if "value" not in raw or unknown:
                    problem = f"未知的键 {', '.join(sorted(unknown))}" if unknown else "缺少 value"
                    raise WrcError(f"策略文件 {filename} 中 {dotted}：{problem}")
                section[name] = raw["value"]
                source = str(raw.get("source", ""))
                unverified = default_file or not source or bool(raw.get("unverified", False))
                sources[dotted] = RuleSource(
                    source,
                    str(raw.get("quote", "")),
                    unverified,
                    filename,
                    str(raw.get("note", "")),
                )
            else:
                section[name] = raw
                sources[dotted] = RuleSource("", "", True, filename)
        values[key] = section
    return values, sources


_MESSAGES = {
    "missing": "缺少此项",
    "extra_forbidden": "未知的键",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文字",
    "date_type": "应为日期（如 2019-05-01）",
    "date_parsing": "应为日期（如 2019-05-01）",
    "date_from_datetime_parsing": "应为日期（如 2019-05-01）",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "dict_type": "应为一个表",
}


def _problem(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        return f"应为以下之一：{ctx.get('expected', '')}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than_equal": "不能小于",
            "greater_than": "应大于",
            "less_than_equal": "不能大于",
            "less_than": "应小于",
        }
        return f"{words[kind]} {bound}"
    if kind == "string_too_short":
        return "不能为空"
    return _MESSAGES.get(kind, error.get("msg", "值无效"))


def _validate(values: dict, sources: dict[str, RuleSource], filename: str) -> DistrictPolicy:
    try:
        return DistrictPolicy.model_validate({**values, "sources": sources})
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        culprit = sources.get(key)
        named = culprit.file if culprit and culprit.file else filename
        shown = "" if first["type"] == "missing" else f"（当前值：{first.get('input')!r}）"
        raise WrcError(f"策略文件 {named} 中 {key}：{_problem(first)}{shown}") from None


def bundled_policy_text(filename: str) -> str:
    node = resources.files("wrc_desktop.resources").joinpath(POLICY_SUBDIR, filename)
    try:
        return node.read_text("utf-8")
    except FileNotFoundError:
        raise WrcError(f"缺少策略文件 {POLICY_SUBDIR}/{filename}") from None


def build_policy(layers: list[tuple[str, str]]) -> DistrictPolicy:
    """A policy from TOML texts ``[(filename, text), …]``; the first is the default file, later ones win."""
    merged: dict[str, Any] = {}
    sources: dict[str, RuleSource] = {}
    for index, (filename, text) in enumerate(layers):
        values, layer_sources = _split(
            _read_toml(text, filename), filename, default_file=index == 0
        )
        for key, item in values.items():
            merged[key] = {**merged.get(key, {}), **item} if isinstance(item, dict) else item
        sources.update(layer_sources)
    # A key the files leave out (an optional value TOML cannot write as null) is a default too.
    for section, model in DistrictPolicy.model_fields.items():
        annotation = model.annotation
        if isinstance(annotation, type) and issubclass(annotation, _Section):
            for key in annotation.model_fields:
                sources.setdefault(f"{section}.{key}", RuleSource("", "", True, layers[0][0]))
    policy = _validate(merged, sources, layers[-1][0])
    if DISTRICTS.get(policy.slug) != policy.name:
        raise WrcError(
            f"策略文件 {layers[-1][0]} 中 slug/name：“{policy.slug}”与“{policy.name}”不是同一个区"
        )
    return policy


@lru_cache(maxsize=64)
def _load(slug: str, override_signature: tuple) -> DistrictPolicy:
    layers = [
        (DEFAULT_FILE, bundled_policy_text(DEFAULT_FILE)),
        (f"{slug}.toml", bundled_policy_text(f"{slug}.toml")),
    ]
    if override_signature:
        path = Path(override_signature[0])
        layers.append((f"{POLICY_SUBDIR}/{path.name}（经办人修改）", path.read_text("utf-8")))
    return build_policy(layers)


def _override_signature(slug: str, overrides: Path | None) -> tuple:
    if overrides is None:
        return ()
    path = Path(overrides) / POLICY_SUBDIR / f"{slug}.toml"
    if not path.is_file():
        return ()
    stat = path.stat()
    return (str(path), stat.st_mtime_ns, stat.st_size)


def resolve_district(district: str) -> str:
    """The slug for a slug or Chinese name; :class:`WrcError` if it is not a Beijing district."""
    slug = district_slug(district)
    if slug is None:
        raise WrcError(f"“{district}”不是北京市的区（可填写如 海淀、海淀区 或 haidian）")
    return slug


def get_policy(district: str | DistrictPolicy, *, overrides: Path | None = None) -> DistrictPolicy:
    """The policy of a district given as ``haidian``, ``海淀`` or ``海淀区`` (cached)."""
    if isinstance(district, DistrictPolicy):
        return district
    slug = resolve_district(district)
    return _load(slug, _override_signature(slug, overrides))


def all_policies(*, overrides: Path | None = None) -> dict[str, DistrictPolicy]:
    """Every district's policy, by slug, in the order of :data:`vocab.DISTRICTS`."""
    return {slug: get_policy(slug, overrides=overrides) for slug in DISTRICTS}
