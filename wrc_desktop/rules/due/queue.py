"""The due list as a work queue: the clerk's marks, the order, the groups, the tray's summary.

Rows are ordered within the groups 已逾期, 紧急, 近期 and, last, 待了结 (what is over and only
needs closing): what can still be done in time first, then by the day by which each must be
done (:func:`sort_key`). That one order is "most urgent first" on the 待办 page, in the tray and
in the daily reminder. The clerk's marks
(handled / snoozed until a date) hide a warning only up to the level they were made at, so a
later, more urgent stage of the same deadline shows again (:func:`apply_marks`).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .items import URGENCIES, DueItem, MarkLike


def is_covered(item: DueItem, mark: MarkLike | None, today: dt.date) -> bool:
    """True while a mark hides the item: handled, or snoozed and not yet at its date — at that level or above."""
    if mark is None or mark.level < item.level:
        return False
    if mark.action == "handled":
        return True
    return mark.action == "snoozed" and mark.until is not None and today < mark.until


def apply_marks(
    items: Iterable[DueItem], marks: Mapping[str, MarkLike], today: dt.date
) -> tuple[list[DueItem], list[DueItem]]:
    """(shown, hidden) after the clerk's marks."""
    if not marks:  # a register without marks: tens of thousands of items, none covered
        return list(items), []
    shown: list[DueItem] = []
    hidden: list[DueItem] = []
    for item in items:
        mark = marks.get(item.key)
        if mark is not None and is_covered(item, mark, today):
            hidden.append(item)
        else:
            shown.append(item)
    return shown, hidden


_URGENCY_ORDER = {name: index for index, name in enumerate(URGENCIES)}


def sort_key(item: DueItem) -> tuple:
    """The group; in it, what can still be done in time before what is already late (a renewal
    past its latest submission is due by the day the permit is lost: still ahead, it comes
    before a cancellation already overdue); then the day by which the step must be done, the
    nearest (or oldest) first.

    The holder and the warning's key settle every tie, so the order is total: a list
    updated holder by holder is in the same order as one computed whole."""
    return (
        _URGENCY_ORDER[item.urgency],
        item.days_left < 0,
        item.date.toordinal(),
        item.unit_name,
        item.holder_name,
        item.kind,
        item.holder_id,
        item.key,
    )


# :func:`sort_key` after the group and the day, read by ``attrgetter`` in C.
_AFTER_DATE = operator.attrgetter("unit_name", "holder_name", "kind", "holder_id", "key")


def sort_items(items: Iterable[DueItem]) -> list[DueItem]:
    """The items in :func:`sort_key` order: "most urgent first" wherever it is asked (the 待办
    page, the tray and the daily reminder all take this order, and name its first as 最紧急).

    A permit's renewal row is due by the day it must be done — past its latest submission, the
    day the permit is lost — so of two late renewals the one that lapses first comes first."""
    return [item for group in group_by_urgency(items).values() for item in group]


def most_urgent(items: Iterable[DueItem]) -> DueItem | None:
    """The first item in :func:`sort_items` order (what the tray and the reminder name 最紧急)."""
    ordered = sort_items(items)
    return ordered[0] if ordered else None


def item_line(item: DueItem) -> str:
    """One item in one line, as the tray and the daily reminder say it: who, what, the row's
    day figure and the next step — "唐雅（续签）：距失效日还剩 2 日；宽限期内：…"."""
    return (
        f"{item.holder_name}（{item.kind_label}）：{item.countdown.text}；{item.step or item.title}"
    )


def group_by_urgency(items: Iterable[DueItem]) -> dict[str, list[DueItem]]:
    """The items of each group, in :func:`sort_key` order.

    One pass puts each item with those of its group, side (still ahead or already passed) and
    day; the few of each such day are then sorted on their own by the rest of the key, and the
    days laid out in order. The same order as one stable sort of the whole by :func:`sort_key`,
    at a fraction of its cost: no key of eight fields per item, and no single sort of a group of
    100,000 items — one call that would hold the interpreter for 100–160 ms while the window's
    thread waits; this loop lets it go between days."""
    by_day: dict[tuple[str, bool, dt.date], list[DueItem]] = {}
    for item in items:
        urgency, left, day = _GROUP_SIDE_DAY(item)
        key = (urgency, left < 0, day)
        same = by_day.get(key)
        if same is None:
            by_day[key] = [item]
        else:
            same.append(item)
    groups: dict[str, list[DueItem]] = {name: [] for name in URGENCIES}
    # In each group: what is still ahead before what has passed, then by day.
    for key in sorted(by_day, key=_SIDE_THEN_DAY):
        same = by_day[key]
        if len(same) > 1:
            same.sort(key=_AFTER_DATE)
        groups[key[0]] += same
    return groups


_GROUP_SIDE_DAY = operator.attrgetter("urgency", "days_left", "date")
_SIDE_THEN_DAY = operator.itemgetter(1, 2)


@dataclass(frozen=True)
class DueSummary:
    """A short text for the tray notification and the scheduled task."""

    title: str
    body: str
    counts: dict[str, int]

    @property
    def needs_attention(self) -> bool:
        return bool(self.counts.get("overdue") or self.counts.get("urgent"))


def summarise(items: Iterable[DueItem], *, limit: int = 5) -> DueSummary:
    groups = group_by_urgency(items)
    counts = {name: len(group) for name, group in groups.items()}
    parts = [f"{counts[name]} 项{label}" for name, label in URGENCIES.items() if counts[name]]
    if not parts:
        return DueSummary("工作居住证：暂无待办", "所有期限都还早，无需处理。", counts)
    pressing = groups["overdue"] + groups["urgent"]
    lines = [f"【{i.urgency_label}】{item_line(i)}" for i in pressing[:limit]]
    if not pressing:
        lines.append("没有逾期或紧急的事项。")
    rest = len(pressing) - limit
    if rest > 0:
        lines.append(f"……另有 {rest} 项逾期或紧急事项，请打开“待办”查看")
    return DueSummary("工作居住证待办：" + "、".join(parts), "\n".join(lines), counts)
