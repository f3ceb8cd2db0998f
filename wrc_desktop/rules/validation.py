"""Validation of every record the register stores, in one place.

The GUI, the command line and the roster import all call these functions; each
returns the record's fields in their stored form or raises
:class:`~wrc_desktop.rules.errors.ValidationErrors` listing every bad field in
Chinese. Nothing invalid reaches the store.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from . import vocab
from .dates import check_plausible, parse_optional_date, plausible_range
from .errors import FieldError, ValidationErrors
from .identity import (
    birth_date_of,
    foreign_pr_birth_date,
    gender_of,
    guess_id_type,
    masked_for_messages,
    normalise_text,
    validate_id_number,
    validate_uscc,
)

HOLDER_LABELS = {
    "name": "姓名",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "gender": "性别",
    "birth_date": "出生日期",
    "phone": "联系电话",
    "department": "部门",
    "job_title": "职务",
    "hire_date": "入职日期",
    "contract_start": "劳动合同开始日期",
    "contract_end": "劳动合同到期日期",
    "social_insurance_start": "本市社保起缴日期",
    "degree": "最高学位",
    "degree_date": "学位取得日期",
    "degree_foreign": "境外学位",
    "professional_title": "专业技术职称",
    "address": "居住地址",
    "housing_kind": "住所证明类型",
    "retirement_track": "退休年龄档位",
    "status": "在职状态",
    "left_on": "离职日期",
    "notes": "备注",
}

PERMIT_LABELS = {
    "certificate_no": "证书编号",
    "first_issued": "首次发证日期",
    "start": "有效期起",
    "expiry": "有效期至",
    "status": "证件状态",
}

UNIT_LABELS = {
    "name": "单位名称",
    "uscc": "统一社会信用代码",
    "district": "所属区",
    "kind": "单位类型",
    "legal_rep": "法定代表人",
    "address": "单位地址",
    "phone": "联系电话",
    "counter_applications": "窗口一次提交份数",
}

AGENT_LABELS = {
    "name": "经办人姓名",
    "gender": "性别",
    "id_number": "身份证号码",
    "department": "部门",
    "title": "职务",
    "phone": "联系电话",
}

FAMILY_LABELS = {
    "relation": "关系",
    "name": "姓名",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "gender": "性别",
    "birth_date": "出生日期",
    "employer": "工作单位",
    "accompanying": "随往",
}

_YES = frozenset({"是", "y", "yes", "true", "1", "√"})
_NO = frozenset({"否", "n", "no", "false", "0", ""})
_PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")
_NAME_MAX = 60
_KIND_OF = {bool: "是/否值", int: "数字", float: "数字", dt.date: "日期", dt.datetime: "日期"}
# What Excel shows in an error cell; typed as text, it is no name either.
_ERROR_VALUES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)


class _Collector:
    """Runs field checks and gathers every error instead of stopping at the first."""

    def __init__(self, raw: Mapping[str, Any], labels: Mapping[str, str]) -> None:
        self.raw = raw
        self.labels = labels
        self.errors: list[FieldError] = []
        self.out: dict[str, Any] = {}

    def label(self, field: str) -> str:
        return self.labels.get(field, field)

    def fail(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message, label=self.label(field)))

    def check(self, field: str, fn: Callable[[], Any]) -> Any:
        try:
            value = fn()
        except FieldError as error:
            self.errors.append(FieldError(field, error.message, label=self.label(field)))
            return None
        self.out[field] = value
        return value

    def text(
        self, field: str, *, required: bool = False, max_len: int = 200, nfkc: bool = False
    ) -> str:
        value = str(self.raw.get(field) or "").strip()
        if nfkc:  # identifiers: full-width digits and letters are the same characters
            value = normalise_text(value).strip()
        if required and not value:
            self.fail(field, "不能为空")
        elif len(value) > max_len:
            self.fail(field, f"过长（最多 {max_len} 个字符）")
        self.out[field] = value
        return value

    def choice(
        self, field: str, table: Mapping[str, str], *, default: str | None = None
    ) -> str | None:
        raw_value = str(self.raw.get(field) or "").strip()
        if not raw_value:
            self.out[field] = default
            return default
        code = vocab.code_for(dict(table), raw_value)
        if code is None:
            allowed = "、".join(v for v in table.values() if v)
            self.fail(field, f"“{raw_value}”不是可选值（可选：{allowed}）")
            return None
        self.out[field] = code
        return code

    def flag(self, field: str) -> bool:
        """Yes/no: a tick box's bool, or 是/否 as a spreadsheet writes it."""
        value = self.raw.get(field)
        if isinstance(value, str):
            text = normalise_text(value).strip().lower()
            if text in _YES or text in _NO:
                value = text in _YES
            else:
                self.fail(field, f"“{value}”应填写“是”或“否”")
                return False
        self.out[field] = bool(value)
        return bool(value)

    def person_name(self, field: str) -> str:
        """A name: text with at least one letter (a number, a date or ``#N/A`` is no name)."""
        raw_value = self.raw.get(field)
        if raw_value is not None and not isinstance(raw_value, str):
            if isinstance(raw_value, dt.datetime):
                raw_value = raw_value.date()
            shown = (
                raw_value.isoformat()
                if isinstance(raw_value, dt.date)
                else masked_for_messages(str(raw_value))
            )
            kind = _KIND_OF.get(type(raw_value), "数值")
            self.fail(field, f"单元格是{kind}“{shown}”，不是姓名")
            return ""
        value = self.text(field, required=True, max_len=_NAME_MAX)
        if value and (value.upper() in _ERROR_VALUES or not any(ch.isalpha() for ch in value)):
            # (a shifted column puts ID numbers here: never quoted in full)
            self.fail(field, f"“{masked_for_messages(value)}”不是姓名（姓名应由文字组成）")
        return value

    def phone(self, field: str) -> str:
        value = self.text(field, max_len=30, nfkc=True)
        if value and not _PHONE.match(value):
            self.fail(field, f"“{value}”不是有效的电话号码")
        return value

    def order(self, earlier: str, later: str, message: str) -> None:
        first, second = self.out.get(earlier), self.out.get(later)
        if first and second and second <= first:
            self.fail(
                later, message.format(earlier=self.label(earlier), first=first, second=second)
            )

    def result(self) -> dict[str, Any]:
        if self.errors:
            raise ValidationErrors(self.errors)
        return self.out


class _DatedCollector(_Collector):
    """A collector for a record with dates: each is checked against its plausible range, which
    moves with ``today`` — the caller's day (the desk's clock, an import's day), never the
    machine's clock read here."""

    def __init__(self, raw: Mapping[str, Any], labels: Mapping[str, str], today: dt.date) -> None:
        super().__init__(raw, labels)
        self.today = today

    def date(self, field: str, *, required: bool = False) -> dt.date | None:
        raw_value = self.raw.get(field)
        if required and (raw_value is None or str(raw_value).strip() == ""):
            self.fail(field, "不能为空")
            return None
        day = self.check(
            field, lambda: parse_optional_date(raw_value, field=field, label=self.label(field))
        )
        if day is not None:
            self.check(
                field, lambda: check_plausible(day, field, self.today, label=self.label(field))
            )
        return day


def _identity(c: _DatedCollector, *, required: bool = True) -> None:
    """Checks id_type and id_number and derives gender and birth date where the number has them."""
    number = str(c.raw.get("id_number") or "").strip()
    id_type = c.choice(
        "id_type", vocab.ID_TYPES, default=guess_id_type(number) if number else "resident"
    )
    if not number and not required:
        c.out["id_number"] = None
        c.choice("gender", vocab.GENDERS)
        c.date("birth_date")
        return
    normalized = c.check(
        "id_number",
        lambda: validate_id_number(number, id_type or "other", label=c.label("id_number")),
    )
    stated_gender = c.choice("gender", vocab.GENDERS)
    stated_birth = c.date("birth_date")
    if normalized and id_type in ("resident", "hmt"):
        derived_gender, derived_birth = gender_of(normalized), birth_date_of(normalized)
        bounds = plausible_range("birth_date", c.today)
        if bounds and not bounds[0] <= derived_birth <= bounds[1]:
            c.fail(
                "id_number",
                f"号码中的出生日期 {derived_birth:%Y-%m-%d} 不合理（应在 {bounds[0]} 至 {bounds[1]} 之间）",
            )
        if stated_gender and stated_gender != derived_gender:
            c.fail("gender", f"与证件号码不符（号码第 17 位表示{vocab.GENDERS[derived_gender]}）")
        if stated_birth and stated_birth != derived_birth:
            c.fail("birth_date", f"与证件号码不符（号码中的出生日期为 {derived_birth:%Y-%m-%d}）")
        c.out["gender"], c.out["birth_date"] = derived_gender, derived_birth
    elif normalized and id_type == "foreign_pr":  # the card's number holds the birth date only
        derived_birth = foreign_pr_birth_date(normalized)
        if stated_birth and stated_birth != derived_birth:
            c.fail("birth_date", f"与证件号码不符（号码中的出生日期为 {derived_birth:%Y-%m-%d}）")
        c.out["birth_date"] = derived_birth


def _retirement_track(c: _Collector) -> None:
    """A woman's retirement track (female_55 / female_50, or a roster's "55" / "原50周岁"…)."""
    raw = str(c.raw.get("retirement_track") or "").strip()
    c.raw = {**c.raw, "retirement_track": vocab.RETIREMENT_TRACK_ALIASES.get(raw, raw) or None}
    track = c.choice("retirement_track", vocab.RETIREMENT_TRACKS)
    if track and c.out.get("gender") == "M":
        c.fail("retirement_track", "只适用于女职工（此人为男性）")


def clean_holder(raw: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """A holder (持证人) in stored form, or ValidationErrors naming every bad field."""
    c = _DatedCollector(raw, HOLDER_LABELS, today)
    c.person_name("name")
    _identity(c)
    c.phone("phone")
    for field in ("department", "job_title", "professional_title", "address", "notes"):
        c.text(field, max_len=2000 if field == "notes" else 200)
    for field in (
        "hire_date",
        "contract_start",
        "contract_end",
        "social_insurance_start",
        "degree_date",
    ):
        c.date(field)
    c.choice("degree", vocab.DEGREES, default="")
    c.flag("degree_foreign")
    c.choice("housing_kind", vocab.HOUSING_KINDS)
    _retirement_track(c)
    status = c.choice("status", vocab.HOLDER_STATUS, default="active")
    left_on = c.date("left_on", required=status == "left")
    if status == "active" and left_on:
        c.fail("left_on", "在职人员不应有离职日期（请将在职状态改为已离职）")
    c.order("contract_start", "contract_end", "应晚于{earlier}（{first}）")
    c.order("hire_date", "left_on", "应晚于{earlier}（{first}）")
    birth = c.out.get("birth_date")
    hire = c.out.get("hire_date")
    if birth and hire and hire <= birth:
        c.fail("hire_date", f"早于出生日期（{birth}）")
    return c.result()


def clean_permit(raw: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """A permit with its current validity period (证书编号, 首次发证日期, 有效期起止)."""
    c = _DatedCollector(raw, PERMIT_LABELS, today)
    c.text("certificate_no", max_len=40, nfkc=True)
    c.date("first_issued")
    c.date("start")
    c.date("expiry", required=True)
    c.choice("status", vocab.PERMIT_STATUS, default="valid")
    c.order("start", "expiry", "应晚于{earlier}（{first}）")
    first, start = c.out.get("first_issued"), c.out.get("start")
    if first and start and start < first:
        c.fail("start", f"早于首次发证日期（{first}）")
    return c.result()


def clean_period(start: Any, expiry: Any, *, today: dt.date) -> tuple[dt.date | None, dt.date]:
    """One validity period (renewal or change): expiry required and after the start."""
    c = _DatedCollector({"start": start, "expiry": expiry}, PERMIT_LABELS, today)
    c.date("start")
    c.date("expiry", required=True)
    c.order("start", "expiry", "应晚于{earlier}（{first}）")
    out = c.result()
    return out["start"], out["expiry"]


def clean_unit(raw: Mapping[str, Any]) -> dict[str, Any]:
    c = _Collector(raw, UNIT_LABELS)
    c.text("name", required=True, max_len=200)
    c.check("uscc", lambda: validate_uscc(str(raw.get("uscc") or ""), label=c.label("uscc")))
    district = str(raw.get("district") or "").strip()
    slug = vocab.district_slug(district)
    if not district:
        c.fail("district", "不能为空")
    elif slug is None:
        c.fail("district", f"“{district}”不是北京市的区（可填写如 海淀、海淀区 或 haidian）")
    c.out["district"] = slug
    c.choice("kind", vocab.UNIT_KINDS, default="enterprise")
    for flag in vocab.UNIT_FLAGS:
        c.out[flag] = bool(raw.get(flag))
    c.text("legal_rep", max_len=_NAME_MAX)
    c.text("address", max_len=300)
    c.phone("phone")
    _counter_applications(c)
    return c.result()


def _counter_applications(c: _Collector) -> None:
    """How many applications the unit brings to the counter at once (东城 003 五); blank: counted."""
    raw = c.raw.get("counter_applications")
    text = str(raw if raw is not None else "").strip()
    c.out["counter_applications"] = None
    if not text:
        return
    try:
        number = int(text)
    except ValueError:
        c.fail("counter_applications", f"“{text}”应为整数（份数），不清楚可留空")
        return
    if not 1 <= number <= 1000:
        c.fail("counter_applications", f"应在 1 至 1000 之间，而不是 {number}")
        return
    c.out["counter_applications"] = number


def clean_agent(raw: Mapping[str, Any]) -> dict[str, Any]:
    c = _Collector(raw, AGENT_LABELS)
    c.text("name", required=True, max_len=_NAME_MAX)
    number = str(raw.get("id_number") or "").strip()
    normalized = c.check(
        "id_number",
        lambda: validate_id_number(
            number, guess_id_type(number) if number else "resident", label=c.label("id_number")
        ),
    )
    gender = c.choice("gender", vocab.GENDERS)
    if normalized and guess_id_type(normalized) in ("resident", "hmt"):
        derived = gender_of(normalized)
        if gender and gender != derived:
            c.fail("gender", f"与身份证号码不符（号码第 17 位表示{vocab.GENDERS[derived]}）")
        c.out["gender"] = derived
    for field in ("department", "title"):
        c.text(field, max_len=100)
    c.phone("phone")
    return c.result()


def clean_family_member(raw: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """A spouse or child (随往人员); a child's birth date is required (age limits depend on it)."""
    c = _DatedCollector(raw, FAMILY_LABELS, today)
    relation = c.choice("relation", vocab.RELATIONS)
    if not str(raw.get("relation") or "").strip():
        c.fail("relation", "不能为空")
    c.text("name", required=True, max_len=_NAME_MAX)
    _identity(c, required=False)
    if (
        relation == "child"
        and not c.out.get("birth_date")
        and "birth_date" not in {e.field for e in c.errors}
    ):
        c.fail("birth_date", "子女须填写出生日期或身份证号码")
    c.text("employer", max_len=200)
    c.out["accompanying"] = bool(raw.get("accompanying", True))
    return c.result()
