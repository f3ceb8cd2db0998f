"""The due list (待办): every task the rules give the clerk for a holder, as states with an urgency.

A task is computed from dates on every look, never fired on a day: whatever became due
while the app was closed is simply there when it opens. Each names its deadline with a
stable ``key`` (holder + kind + the date the deadline hangs on) and its stage with a
``level`` that rises as the deadline nears and passes.

- :mod:`.items` — a row (:class:`DueItem`) and how one is made;
- :mod:`.permits` — the permit's renewal, automatic extension or loss;
- :mod:`.people` — a leaver's deadlines, the contract, children, the age limit;
- :mod:`.cases` — the materials and deadlines of open cases;
- :mod:`.queue` — the clerk's marks, the order and the groups.

The dates come from :mod:`..deadlines`, :mod:`..leavers`, :mod:`..reminders`,
:mod:`..materials` and :mod:`..case_checks`; the application a task starts from
:mod:`..next_application`. This package only combines them.
"""

from .cases import (
    CASE_KINDS_FOR,
    CASE_NOTICE_DAYS,
    MATERIAL_NOTICE_DAYS,
    case_deadline_item,
    last_valid_day,
    link_case,
    material_item,
)
from .items import (
    KINDS,
    LEAD_KINDS,
    URGENCIES,
    URGENT_DAYS,
    CaseRef,
    DueItem,
    HolderFacts,
    MarkLike,
    working_days_left,
)
from .people import leaver_items, reminder_items
from .permits import RENEWAL_NOTICE_DAYS, record_error_item, renewal_item
from .queue import (
    DueSummary,
    apply_marks,
    group_by_urgency,
    is_covered,
    item_line,
    most_urgent,
    sort_items,
    sort_key,
    summarise,
)

__all__ = [
    "CASE_KINDS_FOR",
    "CASE_NOTICE_DAYS",
    "KINDS",
    "LEAD_KINDS",
    "MATERIAL_NOTICE_DAYS",
    "RENEWAL_NOTICE_DAYS",
    "URGENCIES",
    "URGENT_DAYS",
    "CaseRef",
    "DueItem",
    "DueSummary",
    "HolderFacts",
    "MarkLike",
    "apply_marks",
    "case_deadline_item",
    "group_by_urgency",
    "is_covered",
    "item_line",
    "last_valid_day",
    "leaver_items",
    "link_case",
    "material_item",
    "most_urgent",
    "record_error_item",
    "reminder_items",
    "renewal_item",
    "sort_items",
    "sort_key",
    "summarise",
    "working_days_left",
]
