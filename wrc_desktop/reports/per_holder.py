"""One holder's bad data never stops a list, a report or a calendar for everybody else.

A computation over the whole register (deadlines, due items, calendar events)
runs per holder through :func:`each_holder`: a holder whose computation fails
is set aside with the reason, and the caller shows them ("未能计算：张三（…）")
instead of failing for all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from ..rules.errors import WrcError

log = logging.getLogger("wrc.reports")

Row = TypeVar("Row")
Result = TypeVar("Result")


@dataclass(frozen=True)
class HolderFailure:
    """A holder the computation could not be made for, and why (in Chinese)."""

    holder_id: int
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}：{self.reason}"


def each_holder(
    rows: Iterable[Row],
    compute: Callable[[Row], Result],
    *,
    holder_of: Callable[[Row], tuple[int, str]],
) -> tuple[list[Result], list[HolderFailure]]:
    """``compute(row)`` for every row; the failures come back beside the results.

    ``holder_of(row)`` gives the row's ``(holder_id, name)``. A :class:`WrcError`
    carries its own Chinese reason; any other error is logged with its traceback
    and reported as an unexpected error, so one holder never hides the others.
    """
    results: list[Result] = []
    failures: list[HolderFailure] = []
    for row in rows:
        try:
            results.append(compute(row))
        except WrcError as error:
            holder_id, name = holder_of(row)
            failures.append(HolderFailure(holder_id, name, str(error)))
        except Exception:
            holder_id, name = holder_of(row)
            log.exception("computation failed for holder %s", holder_id)
            failures.append(
                HolderFailure(
                    holder_id, name, "计算时出现意外错误（详情见日志）；请核对该人员的日期"
                )
            )
    return results, failures


def failures_line(failures: list[HolderFailure], *, limit: int = 5) -> str:
    """One Chinese line naming the holders set aside ("" when none)."""
    if not failures:
        return ""
    shown = "；".join(str(f) for f in failures[:limit])
    more = f" 等 {len(failures)} 人" if len(failures) > limit else ""
    return f"以下人员未能计算，请核对其数据：{shown}{more}"
