"""The due list's warnings of the cases being prepared: each material that stops being valid
before the planned submission, and the case's own next deadline.

A case's checklist, its items' states and its checks are :func:`.case_sheets.case_sheet`'s —
the case window's, the cases page's and the cover sheet's computation — over the case's rows
read through SQLAlchemy Core (:mod:`wrc_desktop.store.case_core_reads`): a clerk nearly always
has a case being prepared, and ``wrc due`` then still loads neither SQLModel, nor the ORM,
nor the table models — only the checklists' data, which pydantic validates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..rules import due as rules_due
from ..rules.due import CaseRef, DueItem, HolderFacts
from ..rules.explain import Explanation, explain
from ..rules.materials import Material, check_materials
from ..rules.policy import DistrictPolicy
from .rows import DeadlineSource, open_case_refs

if TYPE_CHECKING:
    from ..rules.context import RulesContext
    from ..store.case_core_reads import CaseRow
    from ..store.case_sheets import CaseSheet
    from ..store.reading import Reader

# Cases whose materials are still to be handed in; once submitted, their validity no longer matters.
PREPARING_STATUSES = ("preparing", "returned")
# The policy rule behind each case kind's own deadline (rules.case_checks), for its source and
# verified mark; a renewal under automatic extension cites the extension's rule instead.
DEADLINE_RULES = {
    "renewal": ("renewal.review_working_days", "auto_extension.confirm_reserve_working_days"),
    "auto-extension": (
        "auto_extension.confirm_reserve_working_days",
        "renewal.review_working_days",
    ),
    "employer-change": ("employer_change.review_working_days_before_expiry",),
    "leave": ("employer_change.cancellation_working_days",),
    "cancel": ("employer_change.cancellation_working_days",),
}


def material_items(
    reader: Reader,
    source: DeadlineSource,
    *,
    holders: Mapping[int, HolderFacts],
    holder_ids: Iterable[int] | None = None,
) -> list[DueItem]:
    """The warnings of open cases still being prepared: each material that stops being valid
    before the planned submission (e.g. a 房屋借住声明 older than 90 days), and the case's own
    deadline when it is near (:func:`rules.due.material_item`, :func:`rules.due.case_deadline_item`).

    ``holders``: the facts the list read of the holders with an open case (a case's warnings
    are worded with its holder's); ``holder_ids``: only these holders' cases."""
    today, leads = source.today, source.rules.leads
    refs = [
        ref
        for group in open_case_refs(reader, holder_ids).values()
        for ref in group
        if ref.status in PREPARING_STATUSES and ref.holder_id in holders
    ]
    if not refs:
        return []  # no case's records to read
    sheets = case_sheets(reader, source.rules, [ref.id for ref in refs])
    items: list[DueItem] = []
    for ref in refs:
        facts = holders[ref.holder_id]
        case, sheet = sheets[ref.id]
        items += _case_material_items(case, sheet, facts, ref, today, source, leads)
        deadline = _case_deadline(case, sheet, facts, ref, today, source, leads)
        if deadline is not None:
            items.append(deadline)
    return items


def case_sheets(
    reader: Reader, rules: RulesContext, case_ids: Iterable[int]
) -> dict[int, tuple[CaseRow, CaseSheet]]:
    """Each case's checklist, item states and checks as the case window computes them, by
    case id, from its rows read together (eight queries, whatever the number of cases).

    The checklists' data (and pydantic, which validates it) are loaded here, not with the
    due list: a register without a case being prepared never needs them."""
    from ..store.case_core_reads import read_case_rows
    from ..store.case_sheets import case_sheet

    return {
        case_id: (case, case_sheet(case, rows, rules))
        for case_id, (case, rows) in read_case_rows(reader, case_ids).items()
    }


def _case_material_items(
    case: CaseRow,
    sheet: CaseSheet,
    facts: HolderFacts,
    ref: CaseRef,
    today: dt.date,
    source: DeadlineSource,
    leads: Mapping[str, int],
) -> list[DueItem]:
    policy = source.policy(case.district)
    items = []
    for row in sheet.rows:
        if row.item is None or row.state.state == "missing":
            continue  # a missing item is a checklist problem, not one of validity
        material = Material(
            row.item.material_kind,
            label=row.title,
            dated=row.state.dated,
            valid_until=row.state.valid_until,
        )
        last = rules_due.last_valid_day(policy, material, today)
        if last is None:
            continue
        item = rules_due.material_item(
            facts,
            today,
            source.calendar,
            case=ref,
            item_key=row.key,
            title=row.title,
            valid_through=last,
            submit_on=case.submit_on,
            why=_material_why(policy, material, last, case.submit_on),
            lead_days=leads.get("material"),
        )
        if item is not None:
            items.append(item)
    return items


def _material_why(
    policy: DistrictPolicy, material: Material, last: dt.date, submit_on: dt.date | None
) -> Explanation:
    """The rule the material breaks after ``last``, with its source — worded for the planned
    submission day when that is later, as the case window words it."""
    day = submit_on if submit_on is not None and submit_on > last else last + dt.timedelta(days=1)
    problem = check_materials(policy, day, [material])[0]
    return explain(policy, problem.rule, last, problem.message)


def _case_deadline(
    case: CaseRow,
    sheet: CaseSheet,
    facts: HolderFacts,
    ref: CaseRef,
    today: dt.date,
    source: DeadlineSource,
    leads: Mapping[str, int],
) -> DueItem | None:
    """The case kind's own next deadline; the materials' last days are warned about one by one."""
    # As rules.case_checks names them
    material_days = {f"{row.title}的最晚有效提交日" for row in sheet.rows}
    own = [d for d in sheet.check.deadlines if d.what not in material_days]
    if not own:
        return None
    deadline = min(own, key=lambda d: d.day)
    policy = source.policy(case.district)
    rules = DEADLINE_RULES.get(case.kind, ())
    # The candidate rule whose source the deadline cites; none found → say unverified, to be safe.
    rule = next(
        (
            r
            for r in rules
            if r in policy.sources and policy.sources[r].citation() == deadline.source
        ),
        None,
    )
    text = f"{deadline.what} {deadline.day.isoformat()}"
    if rule is not None:
        why = explain(policy, rule, deadline.day, text)
    else:
        why = Explanation(
            "", deadline.what, policy.name, deadline.day, text, deadline.source, "", True
        )
    return rules_due.case_deadline_item(
        facts,
        today,
        source.calendar,
        case=ref,
        day=deadline.day,
        what=deadline.what,
        why=why,
        lead_days=leads.get("case"),
    )
