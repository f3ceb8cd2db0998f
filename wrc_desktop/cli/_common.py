"""Argument types, JSON output and register access shared by the CLI commands."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NoReturn, TypeVar

from ..rules.dates import parse_date, parse_month
from ..rules.errors import FieldError, WrcError
from ..rules.vocab import DISTRICTS, district_slug

T = TypeVar("T")

_ARGPARSE_MESSAGES = [
    (re.compile(r"^the following arguments are required: (.*)$"), "缺少必填参数：{0}"),
    (re.compile(r"^unrecognized arguments: (.*)$"), "无法识别的参数：{0}"),
    (
        re.compile(r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$"),
        "参数 {0} 的值 {1} 无效（可选：{2}）",
    ),
    (re.compile(r"^argument (\S+): expected one argument$"), "参数 {0} 需要一个值"),
    (re.compile(r"^argument (\S+): invalid (\S+) value: (.*)$"), "参数 {0} 的值 {2} 无效"),
    (re.compile(r"^argument (\S+): (.*)$"), "参数 {0}：{1}"),
]


class CliError(WrcError):
    """Bad input on the command line (the message is Chinese and names the value)."""


class WrcArgumentParser(argparse.ArgumentParser):
    """argparse with Chinese help, one-line Chinese errors and exit status 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_help(self) -> str:
        text = super().format_help()
        for english, chinese in (
            ("usage:", "用法："),
            ("positional arguments:", "参数："),
            ("options:", "选项："),
            ("optional arguments:", "选项："),
        ):
            text = text.replace(english, chinese)
        return text

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：")

    def error(self, message: str) -> NoReturn:
        for pattern, template in _ARGPARSE_MESSAGES:
            match = pattern.match(message)
            if match:
                message = template.format(*match.groups())
                break
        self.exit(2, f"{self.prog}：{message}\n")


def _argument_type(fn, label: str):
    """Wrap a rules parser so argparse reports its Chinese message."""

    def convert(text: str):
        try:
            return fn(text)
        except FieldError as error:
            raise argparse.ArgumentTypeError(f"{label}{error.message}") from None

    convert.__name__ = label
    return convert


date_arg = _argument_type(lambda text: parse_date(text, label="日期"), "")
month_arg = _argument_type(lambda text: parse_month(text, label="月份"), "")


def district_arg(text: str) -> str:
    slug = district_slug(text)
    if slug is None:
        raise argparse.ArgumentTypeError(
            f"“{text}”不是北京市的区（可填写如 海淀、海淀区 或 haidian）"
        )
    return slug


def year_arg(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise argparse.ArgumentTypeError(f"“{text}”不是有效的年份（应为四位数字，如 2025）")
    return int(text)


def district_names() -> str:
    return "、".join(DISTRICTS.values())


def print_json(value: Any) -> None:
    """One line of JSON: without ``indent`` the json module encodes in C (``indent`` forces
    its Python encoder, several times slower on the due list of 10 000 holders)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=_json_default))
    sys.stdout.write("\n")


def print_json_streamed(
    head: dict[str, Any], key: str, items: Iterable[Any], tail: dict[str, Any]
) -> None:
    """What ``print_json({**head, key: list(items), **tail})`` prints, to the same byte, with
    the list encoded and written a thousand items at a time: 200,000 holders' due list is
    never held as one list of dicts and one string of a hundred megabytes besides."""
    encode = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode
    opening = encode(head)[:-1] + (", " if head else "") + encode(key) + ": ["
    write = sys.stdout.write
    write(opening)
    first = True
    for chunk in _chunks(items, 1_000):
        write(("" if first else ", ") + encode(chunk)[1:-1])
        first = False
    write("]" + (", " + encode(tail)[1:] if tail else "}"))
    write("\n")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def open_desk(today: dt.date | None = None):
    """The application core over the configured register; ``today`` fixes the clock (``--today``)."""
    from ..desk.admin import open_for_command

    return open_for_command(today)


def with_desk(args: argparse.Namespace, work: Callable[[Any], T]) -> T:
    """Run ``work(desk)`` on the data folder's register and close it again."""
    desk = open_desk(getattr(args, "today", None))
    try:
        return work(desk)
    finally:
        desk.close()


def today_or(value: dt.date | None) -> dt.date:
    """``--today`` when given, else the local date (rules never read the clock themselves)."""
    return value or dt.date.today()
