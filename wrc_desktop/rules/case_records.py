"""Validation of a case's fields as the clerk types them (kind, clause, housing, dates, incomes).

Like :mod:`.records`: every bad field at once, each error naming the field in Chinese.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from .dates import add_years, parse_optional_date
from .errors import FieldError, ValidationErrors
from .vocab import CASE_KINDS, HOUSING_KINDS

CASE_LABELS = {
    "kind": "办理事项",
    "clause": "申报条款",
    "housing": "住所证明类型",
    "family_ids": "随往人员",
    "submit_on": "计划提交日期",
    "incomes": "应税收入",
    "notes": "备注",
    "status_note": "说明",
    "on": "日期",
    "expiry": "新的有效期至",
}
# Kinds whose checklist depends on the housing proof.
HOUSING_CASES = ("new", "address-change")


def clean_case(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of case fields present in ``raw``, cleaned; :class:`ValidationErrors` lists every bad one."""
    out: dict[str, Any] = {}
    errors: list[FieldError] = []
    for field, clean in _CASE_CLEANERS.items():
        if field not in raw:
            continue
        try:
            out[field] = clean(raw[field])
        except FieldError as error:
            errors.append(error)
    if errors:
        raise ValidationErrors(errors)
    return out


def _fail(field: str, message: str) -> FieldError:
    return FieldError(field, message, label=CASE_LABELS[field])


def _kind(value: Any) -> str:
    kind = str(value or "").strip()
    if kind not in CASE_KINDS:
        choices = "、".join(f"{k} {v}" for k, v in CASE_KINDS.items())
        raise _fail("kind", f"“{kind}”不是可用的办理事项（可选：{choices}）")
    return kind


def _clause(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        clause = int(str(value).strip())
    except ValueError:
        clause = 0
    if not 1 <= clause <= 8:
        raise _fail("clause", f"“{value}”不是申报条款（应为 1–8）")
    return clause


def _housing(value: Any) -> str | None:
    housing = str(value or "").strip() or None
    if housing is not None and housing not in HOUSING_KINDS:
        choices = "、".join(f"{code} {name}" for code, name in HOUSING_KINDS.items())
        raise _fail("housing", f"“{housing}”不是可用的住所证明类型（可选：{choices}）")
    return housing


def _family_ids(value: Any) -> list[int]:
    ids = value or ()
    if isinstance(ids, str):
        ids = [part for part in ids.split(",") if part.strip()]
    try:
        return sorted({int(part) for part in ids})
    except (TypeError, ValueError):
        raise _fail("family_ids", f"“{value}”不是随往人员编号") from None


def _text(field: str) -> Callable[[Any], str]:
    def clean(value: Any) -> str:
        text = str(value or "").strip()
        if len(text) > 2000:
            raise _fail(field, "不能超过 2000 个字")
        return text

    return clean


# Each field's cleaner: the stored value, or FieldError saying what is wrong with it.
_CASE_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "kind": _kind,
    "clause": _clause,
    "housing": _housing,
    "family_ids": _family_ids,
    "submit_on": lambda value: parse_optional_date(
        value, field="submit_on", label=CASE_LABELS["submit_on"]
    ),
    "incomes": lambda value: parse_incomes(value),
    "notes": _text("notes"),
    "status_note": _text("status_note"),
}


def parse_incomes(value: Any) -> list[int]:
    """Monthly incomes in whole yuan from a list, JSON text or "12000,13000 …" (oldest first)."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        text = value.strip()
        try:
            items: list[Any] = (
                json.loads(text) if text.startswith("[") else re.split(r"[,，\s]+", text)
            )
        except ValueError:
            raise FieldError(
                "incomes", f"“{text}”无法识别为金额列表", label=CASE_LABELS["incomes"]
            ) from None
    else:
        items = list(value)
    result = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            continue
        try:
            amount = int(str(item).strip().replace("元", ""))
        except ValueError:
            raise FieldError(
                "incomes", f"“{item}”不是整数金额（元）", label=CASE_LABELS["incomes"]
            ) from None
        if amount < 0:
            raise FieldError("incomes", f"金额 {amount} 不能为负数", label=CASE_LABELS["incomes"])
        result.append(amount)
    return result


def suggested_expiry(on: dt.date, validity_years: int) -> dt.date:
    """Approval date + validity years − 1 day (a period approved 2026-12-01 runs to 2029-11-30)."""
    return add_years(on, validity_years) - dt.timedelta(days=1)
