"""The list of cases (办理事项) as the cases page and ``wrc case list`` show it.

A case's row has two parts: what the register says of it (:class:`CaseHead`: number, holder,
kind, status, planned date — one query for any number of cases) and what its checks say
(:class:`CaseSummary`: the next deadline, whether it can be submitted, what is missing —
its whole view, :func:`.case_views.case_views`, about a millisecond a case). The cases page
shows the heads at once and the checks as they come, a few hundred cases at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from ..rules.context import RulesContext
from ..rules.vocab import CASE_KINDS
from .case_models import Case
from .case_statuses import CASE_STATUSES, OPEN_STATUSES
from .case_views import case_views
from .cases import get_cases, list_cases
from .models import Holder, table_of, written_id


@dataclass(frozen=True)
class CaseHead:
    """One case as the register records it, before any check."""

    id: int
    number: str
    holder_id: int
    holder_name: str
    kind: str
    kind_label: str
    district: str
    status: str
    status_label: str
    submit_on: dt.date | None


@dataclass(frozen=True)
class CaseSummary(CaseHead):
    """One case with what its checks say, for the cases page, the due list and the command line."""

    next_deadline: dt.date | None
    next_deadline_what: str
    can_submit: bool
    blocking: int
    missing: int
    # (item title, last valid submission day) within the horizon
    expiring: tuple[tuple[str, dt.date | None], ...]


def case_heads(session: Session, *, open_only: bool = True) -> list[CaseHead]:
    """Every case (or every open one), the newest first, in one query."""
    holders = table_of(Holder)
    c, h = table_of(Case).c, holders.c
    statement = (
        select(c.id, c.number, c.holder_id, h.name, c.kind, c.district, c.status, c.submit_on)
        .join(holders, h.id == c.holder_id)
        .order_by(c.id.desc())
    )
    if open_only:
        statement = statement.where(c.status.in_(OPEN_STATUSES))
    return [
        CaseHead(
            id,
            number,
            holder,
            name,
            kind,
            CASE_KINDS[kind],
            district,
            status,
            CASE_STATUSES[status],
            submit_on,
        )
        for id, number, holder, name, kind, district, status, submit_on in session.connection().execute(
            statement
        )
    ]


def open_case_summaries(
    session: Session,
    *,
    rules: RulesContext,
    horizon_days: int = 30,
    open_only: bool = True,
    case_ids: Sequence[int] | None = None,
) -> list[CaseSummary]:
    """Cases with their next deadline and the materials that stop being valid within
    ``horizon_days``, the newest first; ``case_ids``: just these cases, whatever their status."""
    today = rules.today
    if case_ids is None:
        cases = list_cases(session, open_only=open_only)
    else:
        cases = get_cases(session, sorted(set(case_ids), reverse=True))
    limit = today + dt.timedelta(days=horizon_days)
    result = []
    for view in case_views(session, cases, rules=rules):
        case = view.case
        assert case.id is not None
        deadline = view.check.next_deadline
        expiring = tuple(
            (r.title, r.valid_through)
            for r in view.rows
            if r.valid_through is not None
            and r.valid_through <= limit
            and r.state.state != "missing"
        )
        missing = sum(
            1
            for r in view.rows
            if r.item and r.item.required and r.state.state in ("missing", "generated")
        )
        result.append(
            CaseSummary(
                case.id,
                case.number,
                written_id(view.holder),
                view.holder.name,
                case.kind,
                view.kind_label,
                case.district,
                case.status,
                view.status_label,
                case.submit_on,
                deadline.day if deadline else None,
                deadline.what if deadline else "",
                view.check.can_submit,
                len(view.check.blocking),
                missing,
                expiring,
            )
        )
    return result
