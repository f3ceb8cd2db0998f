"""Validation of a case's fields as the clerk types them (kind, clause, housing, dates, incomes).

Like :mod:`.records`: every bad field at once, each error naming the field in Chinese.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
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

    def fail(field: str, message: str) -> None:
        errors.append(FieldError(field, message, label=CASE_LABELS[field]))

    if "kind" in raw:
        kind = str(raw["kind"] or "").strip()
        if kind not in CASE_KINDS:
            fail(
                "kind",
                f"“{kind}”不是可用的办理事项（可选：{'、'.join(f'{k} {v}' for k, v in CASE_KINDS.items())}）",
            )
        out["kind"] = kind
    if "clause" in raw:
        value = raw["clause"]
        if value in (None, ""):
            out["clause"] = None
        else:
            try:
                clause = int(str(value).strip())
            except ValueError:
                clause = 0
            if not 1 <= clause <= 8:
                fail("clause", f"“{value}”不是申报条款（应为 1–8）")
            out["clause"] = clause
    if "housing" in raw:
        housing = str(raw["housing"] or "").strip() or None
        if housing is not None and housing not in HOUSING_KINDS:
            choices = "、".join(f"{code} {name}" for code, name in HOUSING_KINDS.items())
            fail("housing", f"“{housing}”不是可用的住所证明类型（可选：{choices}）")
        out["housing"] = housing
    if "family_ids" in raw:
        ids = raw["family_ids"] or ()
        if isinstance(ids, str):
            ids = [part for part in ids.split(",") if part.strip()]
        try:
            out["family_ids"] = sorted({int(part) for part in ids})
        except (TypeError, ValueError):
            fail("family_ids", f"“{raw['family_ids']}”不是随往人员编号")
    for field in ("submit_on",):
        if field in raw:
            try:
                out[field] = parse_optional_date(raw[field], field=field, label=CASE_LABELS[field])
            except FieldError as error:
                errors.append(error)
    if "incomes" in raw:
        try:
            out["incomes"] = parse_incomes(raw["incomes"])
        except FieldError as error:
            errors.append(error)
    for field in ("notes", "status_note"):
        if field in raw:
            text = str(raw[field] or "").strip()
            if len(text) > 2000:
                fail(field, "不能超过 2000 个字")
            out[field] = text
    if errors:
        raise ValidationErrors(errors)
    return out


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
