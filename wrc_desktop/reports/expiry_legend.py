"""The marks of the expiry report and their legend.

How a date was found (a default rule the guide does not state, a year without an
official holiday schedule) matters once, not on every row: the mark follows the
最晚提交日 itself (the cell keeps its date value, the mark is in its number
format) and the summary sheet explains each mark once, with how many rows carry
it. The 备注 column keeps only what the clerk must act on.

Which rules are unverified depends only on the district's policy and on whether
the permit is extended automatically, but finding it builds every explanation of
the dates: :class:`Marks` asks once per pair, not once per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..rules.deadlines import STATUSES, RenewalDeadlines
from ..rules.explain import UNVERIFIED_NOTE
from ..rules.workdays import ESTIMATE_METHOD, ESTIMATED_NOTE
from .cells import DATE_FORMAT

UNVERIFIED_MARK = "※"
ESTIMATED_MARK = "△"
# Rules whose value moves a date in the report (the validity length does not: the expiry is recorded).
DATE_RULES = (
    "renewal.window_days_before_expiry",
    "renewal.review_working_days",
    "renewal.grace_days",
    "auto_extension.confirm_reserve_working_days",
)


def unverified_rules(deadlines: RenewalDeadlines | None) -> tuple[str, ...]:
    if deadlines is None:
        return ()
    return tuple(rule for rule in deadlines.unverified if rule in DATE_RULES)


class Marks:
    """The marks of latest submission dates under one rules context, memoised per district."""

    def __init__(self) -> None:
        self._unverified: dict[tuple[str, bool], bool] = {}

    def unverified(self, deadlines: RenewalDeadlines | None) -> bool:
        """Whether a rule no guide states moves this permit's dates."""
        if deadlines is None:
            return False
        key = (deadlines.district, deadlines.auto_extension)
        found = self._unverified.get(key)
        if found is None:
            found = self._unverified[key] = bool(unverified_rules(deadlines))
        return found

    def __call__(self, deadlines: RenewalDeadlines) -> str:
        """ "※", "△", both or nothing for the latest submission date of one permit."""
        return (UNVERIFIED_MARK if self.unverified(deadlines) else "") + (
            ESTIMATED_MARK if deadlines.calendar_warnings else ""
        )


def mark_format(mark: str) -> str:
    """A date number format that shows ``mark`` after the date."""
    return f'{DATE_FORMAT}"{mark}"'


@dataclass(frozen=True)
class Headers:
    """The detail sheet's words the legend explains, as the sheet writes them."""

    latest: str  # the latest submission's column
    days: str  # the column of the days left until it
    status: str  # the status column


def summary_notes(
    deadline_counts: Iterable[tuple[RenewalDeadlines | None, int]],
    headers: Headers,
    marks: Marks | None = None,
) -> list[str]:
    """The legend: what the dates mean, and each mark that occurs, with its row count.

    ``deadline_counts`` gives the rows by their deadlines (each distinct deadlines
    once, with how many rows have them; None for a row without). The column names and the
    state word come from the sheet and the rules, so the legend names what the cells say.
    """
    counts = [(d, count) for d, count in deadline_counts if d is not None and count]
    passed = STATUSES[4]  # the state of a row whose latest submission has passed
    notes = [
        (
            f"{headers.latest} = 按所属区规定为审核预留的工作日，从失效日倒推的最后一个工作日；"
            f"“{headers.days}”写明距哪个期限：最晚提交日（自动延续为最晚确认日）未过时数到它，"
            f"过了（{passed}）就数到失效日，并标为红色（“{headers.status}”列随之变化）。"
            "状态、天数和各状态人数按打开表格当天的日期计算。"
        )
    ]
    if any(d.auto_extension for d, _ in counts):
        notes.append(
            f"自动延续：该证件按所属区规定不再续签，由单位在“{headers.latest}”前确认仍符合条件后延续有效期。"
        )
    marks = marks or Marks()
    unverified = [(d, count) for d, count in counts if marks.unverified(d)]
    if unverified:
        districts = "、".join(sorted({d.district_name for d, _ in unverified}))
        total = sum(count for _, count in unverified)
        notes.append(
            f"{UNVERIFIED_MARK}（标在{headers.latest}后，共 {total} 人）未核实：{districts}的指南"
            f"未写明续签期或审核时限，按默认规则计算（{UNVERIFIED_NOTE}）。"
        )
    estimated = sum(count for d, count in counts if d.calendar_warnings)
    if estimated:
        notes.append(
            f"{ESTIMATED_MARK}（标在{headers.latest}后，共 {estimated} 人）{ESTIMATED_NOTE}：涉及尚未公布"
            f"法定节假日安排的年份，{ESTIMATE_METHOD}，请以国务院办公厅的通知为准。"
        )
    return notes
