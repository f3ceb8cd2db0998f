"""A policy file's values validated by pydantic, and its first error worded in Chinese.

:mod:`.policy` reads a file whose values already have their declared types without this
module. A value that needs converting (``"20"`` for a number) or that breaks a limit comes
here: the schema is made from the policy's dataclasses (their fields' types and limits), so
the two never disagree about what a file may hold.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from .errors import WrcError
from .explain import RuleSource
from .policy import WEEKDAYS, DistrictPolicy

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

_BOUNDS = ("ge", "le", "gt", "min_length")


def describe_problem(error: Mapping[str, Any]) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in Chinese."""
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


def validated(values: dict, sources: dict[str, RuleSource], filename: str) -> dict[str, Any]:
    """The merged values as pydantic converts them (without ``sources``).

    :class:`WrcError` names the file that set the first bad value (``filename`` when none did),
    its dotted key and the problem.
    """
    try:
        model = _schema(DistrictPolicy).model_validate({**values, "sources": sources})
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        culprit = sources.get(key)
        named = culprit.file if culprit and culprit.file else filename
        shown = "" if first["type"] == "missing" else f"（当前值：{first.get('input')!r}）"
        raise WrcError(f"策略文件 {named} 中 {key}：{describe_problem(first)}{shown}") from None
    return model.model_dump(exclude={"sources"})


@functools.cache
def _schema(cls: type) -> type[BaseModel]:
    """The pydantic model of one of the policy's dataclasses, field for field."""
    fields: dict[str, Any] = {}
    decimals, weekdays = [], []
    for spec in dataclasses.fields(cls):
        kind: Any = spec.type
        bounds: dict[str, Any] = {n: spec.metadata[n] for n in _BOUNDS if n in spec.metadata}
        if isinstance(kind, type) and dataclasses.is_dataclass(kind):
            kind = _schema(kind)
            if spec.default is not dataclasses.MISSING:  # a section left out: all its defaults
                bounds["default_factory"] = kind
        elif typing.get_origin(kind) is dict:
            kind = dict[str, Any]  # the sources: made by the reader, not read from a file
            bounds["default_factory"] = dict
        elif spec.default is not dataclasses.MISSING:
            bounds["default"] = spec.default
        if kind is Decimal:
            decimals.append(spec.name)
        if spec.metadata.get("check") == WEEKDAYS:
            weekdays.append(spec.name)
        fields[spec.name] = (kind, Field(**bounds))
    validators = {}
    if decimals:
        validators["_exact_decimal"] = field_validator(*decimals, mode="before")(_exact_decimal)
    if weekdays:
        validators["_weekdays"] = field_validator(*weekdays)(_weekdays)
    return create_model(  # type: ignore[call-overload]
        cls.__name__,
        __config__=ConfigDict(extra="forbid", frozen=True),
        __validators__=validators,
        **fields,
    )


def _exact_decimal(cls, value: Any) -> Any:
    # 1.2 as a binary float is 1.19999…; thresholds are truncated, so keep the written digits.
    return Decimal(str(value)) if isinstance(value, float) else value


def _weekdays(cls, value: tuple[int, ...]) -> tuple[int, ...]:
    if not value or any(not 1 <= day <= 7 for day in value):
        raise ValueError("应为 1（周一）到 7（周日）之间的数字")
    return value
