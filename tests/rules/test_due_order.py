"""The due list's order is one total order, however it is reached.

:func:`sort_items` sorts each group on its own; the result must be the order of
:func:`sort_key`, which the due page's bisection and :func:`splice` use, even where items
tie on the day, the unit and the name. A :class:`DueList` is kept in that order, so its
groups and its JSON read it as it is, without sorting again.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from wrc_desktop.reports.due_list import DueList
from wrc_desktop.rules.due import URGENCIES, DueItem, group_by_urgency, sort_items, sort_key

TODAY = dt.date(2026, 11, 30)
BASE = DueItem(
    key="",
    kind="renewal",
    stage="续签期内",
    level=2,
    urgency="soon",
    holder_id=0,
    holder_name="",
    unit_name="",
    department="",
    title="",
    date=TODAY,
    days_left=0,
    working_days_left=0,
    rule="",
    source="",
    unverified=False,
)


def _items(count: int, seed: int) -> list[DueItem]:
    """Items that tie often: few days, units, names and kinds; keys that differ only at the end."""
    rng = random.Random(seed)
    items = []
    for number in range(count):
        holder_id = rng.randrange(1, 4)
        kind = rng.choice(("renewal", "contract_end", "child_16", "age_limit"))
        day = TODAY + dt.timedelta(days=rng.randrange(-2, 2))
        items.append(
            replace(
                BASE,
                key=f"{kind}:{holder_id}:{rng.randrange(2)}",
                kind=kind,
                urgency=rng.choice(list(URGENCIES)),
                holder_id=holder_id,
                holder_name=rng.choice(("张三", "李四", "王五")),
                unit_name=rng.choice(("甲公司", "乙公司")),
                date=day,
                title=str(number),  # which of two equal-keyed items is which
            )
        )
    return items


def test_sorting_group_by_group_gives_the_sort_key_order():
    for seed in range(20):
        items = _items(300, seed)
        expected = sorted(items, key=sort_key)
        assert [i.title for i in sort_items(items)] == [i.title for i in expected], seed
        backwards = items[::-1]
        assert [i.title for i in sort_items(backwards)] == [
            i.title for i in sorted(backwards, key=sort_key)
        ]
    assert len({i.urgency for i in items}) == len(URGENCIES)
    assert len({sort_key(i) for i in items}) < len(items)  # ties that only stability settles


def test_the_groups_are_the_sorted_list_cut_by_urgency():
    items = _items(300, seed=7)
    groups = group_by_urgency(items)
    assert list(groups) == list(URGENCIES)
    assert [i for group in groups.values() for i in group] == sort_items(items)
    for name, group in groups.items():
        assert group == sorted(group, key=sort_key) and {i.urgency for i in group} == {name}


def test_a_due_list_reads_its_groups_and_json_in_its_own_order():
    items = _items(200, seed=3)
    due = DueList(TODAY, sort_items(items), sort_items(items[:5]))
    assert due.groups() == group_by_urgency(items)
    data = due.as_dict()
    assert [item["title"] for item in data["items"]] == [i.title for i in sort_items(items)]
    assert data["counts"] == {name: len(group) for name, group in group_by_urgency(items).items()}
    assert data["hidden"] == 5
