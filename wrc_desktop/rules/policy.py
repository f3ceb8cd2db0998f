"""District policies: ``resources/policies/<district>.toml`` loaded, validated and cached.

A policy file holds values in sections (``[renewal]``, ``[materials]`` …). A value may be
written plainly or as ``{ value = 20, source = "002 …", quote = "…", note = "…" }``; a value with a
source is verified, unless it also says ``unverified = true``. ``quote`` holds the guide's own
words, verbatim ("……" joins fragments); an explanation or a paraphrase goes into ``note``. Every district inherits
``default.toml``, whose values are all unverified: the app shows them as
"未核实 — 请向区人力社保局确认". The clerk may lay ``<overrides>/policies/<slug>.toml``
(same format) over a district's file.

The sections are frozen dataclasses whose fields carry their limits. A file whose values
already have the declared types and lie within the limits is read without pydantic; anything
else (a wrong type, a value out of range, an unknown key) goes to :mod:`.policy_check`, which
validates it with pydantic and words its first error in Chinese. Importing pydantic costs more
than a command-line answer is allowed to take, and the bundled files are always clean.
"""

# Annotations stay real types (no ``from __future__ import annotations``): reading a file
# checks each value against its field's declared type.
import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .clerk_files import load_toml, read_clerk_file
from .errors import WrcError
from .explain import NO_SOURCE, RuleSource
from .vocab import DISTRICTS, district_slug

POLICY_SUBDIR = "policies"
DEFAULT_FILE = "default.toml"
WEEKDAYS = "weekdays"  # a field's check: every number 1 (Monday) to 7 (Sunday), not empty


def limits(
    *,
    ge: int | None = None,
    le: int | None = None,
    gt: int | None = None,
    min_length: int | None = None,
    check: str | None = None,
) -> dict[str, Any]:
    """A field's metadata: the bounds its value keeps (pydantic's names: ``ge``, ``le``, ``gt``)."""
    bounds = {"ge": ge, "le": le, "gt": gt, "min_length": min_length, "check": check}
    return {name: bound for name, bound in bounds.items() if bound is not None}


@dataclass(frozen=True, kw_only=True)
class Bureau:
    name: str = field(metadata=limits(min_length=1))
    office: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True, kw_only=True)
class RenewalRules:
    validity_years: int = field(metadata=limits(ge=1, le=10))
    window_days_before_expiry: int = field(metadata=limits(ge=0, le=366))
    review_working_days: int = field(metadata=limits(ge=0, le=120))
    grace_days: int = field(metadata=limits(ge=0, le=366))
    # review_reserve: the latest working day leaving review_working_days before lapses_on;
    # by_expiry: the last working (counter) day on or before the expiry date (东城 003).
    latest_submission: Literal["review_reserve", "by_expiry"] = "review_reserve"


@dataclass(frozen=True, kw_only=True)
class CounterDays:
    """Which weekdays the district's counter receives a unit (东城 003 五); weekdays 1 = Monday."""

    enabled: bool = False
    small_unit_weekdays: tuple[int, ...] = field(
        default=(1, 2, 3, 4, 5), metadata=limits(check=WEEKDAYS)
    )
    large_unit_weekdays: tuple[int, ...] = field(
        default=(1, 2, 3, 4, 5), metadata=limits(check=WEEKDAYS)
    )
    large_unit_from: int = field(default=5, metadata=limits(ge=1, le=1000))  # applications at once
    # for large units
    appointment_working_days: int = field(default=0, metadata=limits(ge=0, le=30))
    # paper materials after the online check
    paper_within_days: int = field(default=0, metadata=limits(ge=0, le=366))


@dataclass(frozen=True, kw_only=True)
class Eligibility:
    """The applicant's basic conditions (基本条件) and the clauses each covers (DOMAIN §3)."""

    # the clauses the guide's conditions cover
    guide_clauses: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8)
    income_test_clauses: tuple[int, ...] = (1, 2)
    min_months_at_unit: int = field(default=0, metadata=limits(ge=0, le=60))  # 0 = not a condition
    min_months_clauses: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8)
    ai_key_min_months_at_unit: int = field(default=0, metadata=limits(ge=0, le=60))
    ai_key_max_age: int = field(default=0, metadata=limits(ge=0, le=80))
    # time at the unit counted from social-insurance records
    months_from_social_insurance: bool = False
    work_experience_years: int = field(default=0, metadata=limits(ge=0, le=20))
    work_experience_clauses: tuple[int, ...] = ()
    same_unit_contract_tax_insurance: bool = False


@dataclass(frozen=True, kw_only=True)
class AutoExtension:
    enabled: bool
    first_issued_from: dt.date | None = None
    max_years: int = field(metadata=limits(ge=0, le=10))
    confirm_reserve_working_days: int = field(metadata=limits(ge=0, le=120))


@dataclass(frozen=True, kw_only=True)
class EmployerChange:
    # 0 = 立即: the new unit associates and files on the leaving day (002)
    days_after_leaving: int = field(metadata=limits(ge=0, le=366))
    review_working_days_before_expiry: int = field(metadata=limits(ge=0, le=120))
    # 0 = 立即: due on the leaving day
    cancellation_working_days: int = field(metadata=limits(ge=0, le=60))
    deferral_days: int = field(metadata=limits(ge=0, le=732))


@dataclass(frozen=True, kw_only=True)
class IncomeTest:
    # Multipliers keep the written digits (1.2, not the binary float 1.19999…): thresholds
    # are truncated.
    mode: Literal["each_month", "sum", "annual"]
    # How the guide states the threshold (DOMAIN §4, revision of 2026-12-05):
    # monthly_truncated: the monthly base × multiplier cut to whole yuan, × months (002 publishes it);
    # monthly_exact: the monthly base × multiplier, not rounded (001 "1.5倍（含）以上");
    # annual: the annual base × multiplier, × months / 12 (000 a year; 003's 6-month estimate).
    threshold_basis: Literal["monthly_truncated", "monthly_exact", "annual"]
    months: int = field(metadata=limits(ge=1, le=36))
    ai_key_months: int = field(metadata=limits(ge=0, le=36))
    multiplier_enterprise: Decimal = field(metadata=limits(gt=0))
    multiplier_public: Decimal = field(metadata=limits(gt=0))
    multiplier_clause4: Decimal = field(metadata=limits(gt=0))
    multiplier_clause5: Decimal = field(metadata=limits(gt=0))


@dataclass(frozen=True, kw_only=True)
class IncomePeriods:
    new_mode: Literal["last_months", "last_months_or_since_hire"]
    new_months: int = field(metadata=limits(ge=1, le=60))
    new_ai_key_months: int = field(metadata=limits(ge=0, le=60))
    renewal_mode: Literal["last_months", "since_january"]
    renewal_months: int = field(metadata=limits(ge=1, le=60))
    renewal_years_back: int = field(metadata=limits(ge=1, le=5))
    # since_january: the guide's own first month (002 "（2022年1月至今）"); printing from the
    # earlier of it and January three years back satisfies both readings of "近三年".
    # "" = none; otherwise "YYYY-MM".
    renewal_print_from: str = ""


@dataclass(frozen=True, kw_only=True)
class Materials:
    residence_permit_min_months: int = field(metadata=limits(ge=0, le=24))
    rental_min_months: int = field(metadata=limits(ge=0, le=24))
    borrow_declaration_valid_days: int = field(metadata=limits(ge=0, le=366))
    integrity_declaration_max_age_days: int = field(metadata=limits(ge=0, le=366))
    integrity_declaration_latest: bool
    labor_contract_min_months: int = field(metadata=limits(ge=0, le=24))
    dated_material_max_age_months: int = field(metadata=limits(ge=0, le=24))
    expiring_material_min_months: int = field(metadata=limits(ge=0, le=24))
    degree_verification_before: dt.date | None = None
    foreign_degree_certificate: bool


@dataclass(frozen=True, kw_only=True)
class AgeLimit:
    # fixed: male/female years (001); retirement: the statutory retirement age
    # (resources/retirement_age.toml); none: the guide sets no age limit.
    mode: Literal["fixed", "retirement", "none"]
    male: int = field(metadata=limits(ge=40, le=80))
    female: int = field(metadata=limits(ge=40, le=80))
    # fixed: "不超过N周岁" covers the whole year of age N, to the day before the (N+1)th
    # birthday (a reading, DOMAIN §3); false: the limit is reached on the Nth birthday.
    whole_year_of_age: bool = True


@dataclass(frozen=True, kw_only=True)
class WarningRules:
    contract_end_months: int = field(metadata=limits(ge=0, le=24))
    child_school_certificate_age: int = field(metadata=limits(ge=0, le=18))
    child_max_age: int = field(metadata=limits(ge=1, le=18))
    age_limit_notice_months: int = field(metadata=limits(ge=0, le=36))


@dataclass(frozen=True, kw_only=True)
class DistrictPolicy:
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
    sources: dict[str, RuleSource] = field(default_factory=dict)

    def is_unverified(self, rule: str) -> bool:
        return self.sources.get(rule, NO_SOURCE).unverified

    @property
    def unverified_rules(self) -> list[str]:
        """Dotted keys of every value that is a default or marked unverified."""
        return sorted(rule for rule, origin in self.sources.items() if origin.unverified)

    def value(self, rule: str) -> Any:
        section, key = rule.split(".", 1)
        return getattr(getattr(self, section), key)


def sections() -> dict[str, type]:
    """The section classes of :class:`DistrictPolicy`, by field name (``renewal`` …)."""
    return {
        f.name: f.type
        for f in dataclasses.fields(DistrictPolicy)
        if isinstance(f.type, type) and dataclasses.is_dataclass(f.type)
    }


# --- reading values that need no conversion ---------------------------------------------------


class NotClean(Exception):
    """A value the plain reading does not take as it is: pydantic converts it or says why not."""


def build_clean(cls: type, data: Any) -> Any:
    """``cls`` from ``data`` whose values have exactly their fields' types and keep their limits.

    Raises :class:`NotClean` otherwise, never a half-judged error: pydantic has the last word.
    """
    if not isinstance(data, dict):
        raise NotClean
    known = {f.name: f for f in dataclasses.fields(cls)}
    if not known.keys() >= data.keys():
        raise NotClean  # an unknown key
    values = {}
    for name, spec in known.items():
        if name not in data:
            if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
                raise NotClean  # a required value is missing
            continue
        values[name] = _clean_value(spec.type, data[name], spec.metadata)
    return cls(**values)


def _clean_value(kind: Any, value: Any, limits: typing.Mapping[str, Any]) -> Any:
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return build_clean(kind, value)
    if typing.get_origin(kind) is dict:  # the sources: built here, not read from a file
        return value
    value = _clean_plain(kind, value, limits)
    if not _within(value, limits):
        raise NotClean
    return value


def _clean_plain(kind: Any, value: Any, limits: typing.Mapping[str, Any]) -> Any:
    """``value`` as ``kind`` when it plainly is one (the fast path); NotClean otherwise."""
    origin = typing.get_origin(kind)
    if kind is int or kind is bool or kind is str:
        if type(value) is not kind:
            raise NotClean
        return value
    if kind is Decimal:
        return _clean_decimal(value)
    if origin is types.UnionType:  # dt.date | None
        if not (value is None or type(value) is dt.date):
            raise NotClean
        return value
    if origin is Literal:
        if type(value) is not str or value not in typing.get_args(kind):
            raise NotClean
        return value
    if origin is tuple:
        return _clean_int_tuple(value, limits)
    raise NotClean


def _clean_decimal(value: Any) -> Decimal:
    if type(value) not in (int, float, Decimal):
        raise NotClean
    number = Decimal(str(value)) if type(value) is float else Decimal(value)
    if not number.is_finite():
        raise NotClean
    return number


def _clean_int_tuple(value: Any, limits: typing.Mapping[str, Any]) -> tuple[int, ...]:
    if type(value) not in (list, tuple) or any(type(item) is not int for item in value):
        raise NotClean
    days = tuple(value)
    if limits.get("check") == WEEKDAYS and not (days and all(1 <= d <= 7 for d in days)):
        raise NotClean
    return days


def _within(value: Any, limits: typing.Mapping[str, Any]) -> bool:
    if "min_length" in limits and len(value) < limits["min_length"]:
        return False
    if "ge" in limits and not value >= limits["ge"]:
        return False
    if "le" in limits and not value <= limits["le"]:
        return False
    return not ("gt" in limits and not value > limits["gt"])


# --- loading --------------------------------------------------------------------------------


def _read_toml(text: str, filename: str) -> dict[str, Any]:
    return load_toml(text, f"策略文件 {filename}")


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


def bundled_policy_text(filename: str) -> str:
    node = resources.files("wrc_desktop.resources").joinpath(POLICY_SUBDIR, filename)
    try:
        return node.read_text("utf-8")
    except FileNotFoundError:
        raise WrcError(f"缺少策略文件 {POLICY_SUBDIR}/{filename}") from None


def build_policy(layers: list[tuple[str, str]]) -> DistrictPolicy:
    """A policy from TOML texts ``[(filename, text), …]``; the first is the default file, later ones win."""
    merged, sources = merge_layers(layers)
    policy = _policy_from(merged, sources, layers[-1][0])
    if DISTRICTS.get(policy.slug) != policy.name:
        raise WrcError(
            f"策略文件 {layers[-1][0]} 中 slug/name：“{policy.slug}”与“{policy.name}”不是同一个区"
        )
    return policy


def merge_layers(layers: list[tuple[str, str]]) -> tuple[dict[str, Any], dict[str, RuleSource]]:
    """The plain values of TOML texts laid over each other, and the source of every value."""
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
    for section, cls in sections().items():
        for spec in dataclasses.fields(cls):
            sources.setdefault(f"{section}.{spec.name}", RuleSource("", "", True, layers[0][0]))
    return merged, sources


def _policy_from(values: dict, sources: dict[str, RuleSource], filename: str) -> DistrictPolicy:
    try:
        return build_clean(DistrictPolicy, {**values, "sources": sources})
    except NotClean:
        from .policy_check import validated  # pydantic: only for a value that needs it

        return build_clean(
            DistrictPolicy, {**validated(values, sources, filename), "sources": sources}
        )


@lru_cache(maxsize=64)
def _load(slug: str, override_signature: tuple) -> DistrictPolicy:
    layers = [
        (DEFAULT_FILE, bundled_policy_text(DEFAULT_FILE)),
        (f"{slug}.toml", bundled_policy_text(f"{slug}.toml")),
    ]
    if override_signature:
        path = Path(override_signature[0])
        layers.append((f"{POLICY_SUBDIR}/{path.name}（经办人修改）", read_clerk_file(path)))
    policy = build_policy(layers)
    if policy.slug != slug:  # 海淀's file naming 朝阳: every 海淀 date would print as 朝阳区
        raise WrcError(
            f"策略文件 {override_signature[0]} 是 {DISTRICTS[slug]} 的修改（文件名 {slug}.toml），"
            f"却写着 slug = “{policy.slug}”、name = “{policy.name}”；"
            "请删去其中的 slug 和 name 两行（区由文件名决定），或把文件改成对应区的文件名"
        )
    return policy


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
