"""The register's rows with their renewal deadlines: what the report, the calendar and the due list read.

Deadlines come from :mod:`wrc_desktop.rules.deadlines` and states from
:mod:`wrc_desktop.rules.permit_state`, never from here; :class:`DeadlineSource` only
memoises them under one :class:`~wrc_desktop.rules.context.RulesContext`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..rules.context import RulesContext
from ..rules.countdown import Countdown
from ..rules.deadlines import RenewalDeadlines, renewal_deadlines, uses_auto_extension
from ..rules.due import CaseRef
from ..rules.errors import WrcError
from ..rules.permit_state import CANCELLED, NO_PERMIT, UNCOMPUTABLE, PermitState, permit_state
from ..rules.policy import DistrictPolicy
from ..rules.vocab import CASE_KINDS
from ..store import tables
from ..store.case_statuses import CASE_STATUSES, OPEN_STATUSES
from ..store.queries import RegisterRow, register_rows
from ..store.reading import each_row

if TYPE_CHECKING:
    from ..store.reading import Reader


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    row: RegisterRow
    state: PermitState

    @property
    def deadlines(self) -> RenewalDeadlines | None:
        """The renewal dates; None for a cancelled permit or none at all (nothing to renew)."""
        return None if self.state.label in (CANCELLED, NO_PERMIT) else self.state.deadlines

    @property
    def status(self) -> str:
        """One of :data:`wrc_desktop.rules.permit_state.SCALE`."""
        return self.state.label

    def figure(self, today: dt.date) -> Countdown | None:
        """The register's 剩余 figure: the permit's next deadline, what it is and how far."""
        return self.state.countdown(today)


class DeadlineSource:
    """Renewal deadlines and permit states under one :class:`RulesContext`, memoised.

    Deadlines depend only on (district, expiry, automatic extension) — and, under the
    automatic extension, on the first issue and the contract's end — so one computation
    serves every holder sharing those: 50 000 holders need a few thousand.
    """

    def __init__(self, rules: RulesContext) -> None:
        self.rules = rules
        self.calendar = rules.calendar
        self._memo: dict[tuple, RenewalDeadlines] = {}
        self._states: dict[tuple, PermitState] = {}
        self._policies: dict[str, DistrictPolicy] = {}

    @property
    def overrides(self) -> Path | None:
        return self.rules.overrides

    @property
    def today(self) -> dt.date:
        return self.rules.today

    def policy(self, district: str) -> DistrictPolicy:
        found = self._policies.get(district)  # asked once or twice per holder: keep it cheap
        if found is None:
            found = self._policies[district] = self.rules.policy(district)
        return found

    def renewal(
        self,
        district: str,
        expiry: dt.date,
        first_issued: dt.date | None,
        contract_end: dt.date | None = None,
        applications: int | None = None,
    ) -> RenewalDeadlines:
        policy = self.policy(district)
        auto = uses_auto_extension(policy, first_issued)
        # The unit's counter volume words a late confirmation's counter day too, so it is
        # part of the key whether or not the permit is extended automatically.
        key = (
            (district, expiry, first_issued, contract_end, applications)
            if auto
            else (district, expiry, applications)
        )
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = renewal_deadlines(
                policy,
                expiry,
                first_issued=first_issued,
                contract_end=contract_end if auto else None,
                calendar=self.calendar,
                applications=applications,
            )
        return found

    def state(self, row: RegisterRow) -> PermitState:
        """The state of ``row``'s current permit today: the one answer every screen shows."""
        policy = self.policy(row.district)
        auto = row.first_issued is not None and uses_auto_extension(policy, row.first_issued)
        # 东城's counter days follow the unit's volume (rules.counter.unit_applications).
        applications = self.rules.volumes.for_holder(row.unit_id, row.holder_id)
        key = (
            (
                row.district,
                row.expiry,
                row.first_issued,
                row.contract_end,
                row.status,
                row.permit_status,
                applications,
            )
            if auto
            else (row.district, row.expiry, row.status, row.permit_status, applications)
        )
        found = self._states.get(key)
        if found is None:
            try:
                deadlines = None
                if row.expiry is not None:
                    deadlines = self.renewal(
                        row.district, row.expiry, row.first_issued, row.contract_end, applications
                    )
                found = permit_state(
                    holder_status=row.status,
                    permit_status=row.permit_status,
                    deadlines=deadlines,
                    today=self.rules.today,
                )
            except WrcError as error:
                # One holder's impossible date never stops the register, the report or the due
                # list for the others: that holder shows why, and the clerk corrects the record.
                found = PermitState(UNCOMPUTABLE, None, reason=str(error))
            self._states[key] = found
        return found

    def working_days_between(self, today: dt.date, day: dt.date) -> int:
        """Working days d with today < d ≤ day; negative (counted back) when ``day`` has passed."""
        if day >= today:
            return self.calendar.working_days_after_until(today.toordinal(), day.toordinal())
        return -self.calendar.working_days_after_until(day.toordinal(), today.toordinal())


def deadline_rows(
    reader: Reader,
    today: dt.date,
    source: DeadlineSource,
    *,
    unit_id: int | None = None,
    include_left: bool = False,
    within_days: int | None = None,
) -> list[DeadlineRow]:
    """Holders with their current permit's deadlines, most urgent (earliest expiry) first.

    ``within_days`` keeps permits expiring on or before ``today + within_days``,
    including those already expired (they need attention most).
    """
    if today != source.today:
        raise ValueError("deadline_rows: today differs from the rules context's day")
    limit = today + dt.timedelta(days=within_days) if within_days is not None else None
    result: list[DeadlineRow] = []
    for row in register_rows(reader, include_left=include_left, unit_id=unit_id):
        state = source.state(row)
        if row.expiry is None or row.permit_status == "cancelled":
            if limit is None:
                result.append(DeadlineRow(row, state))
            continue
        if limit is not None and row.expiry > limit:
            continue
        result.append(DeadlineRow(row, state))
    result.sort(
        key=lambda r: (
            r.row.expiry is None,
            r.row.expiry or dt.date.max,
            r.row.unit_name,
            r.row.name,
        )
    )
    return result


def open_case_refs(
    reader: Reader, holder_ids: Iterable[int] | None = None
) -> dict[int, list[CaseRef]]:
    """The open cases (办理事项) of each holder, oldest first (one Core query).

    Open cases are few, so they are all read and filtered here: a list of 50 000
    holder ids would not fit in one SQL ``IN``.
    """
    wanted = None if holder_ids is None else set(holder_ids)
    c = tables.case.c
    statement = (
        select(c.id, c.number, c.holder_id, c.kind, c.status)
        .where(c.status.in_(OPEN_STATUSES))
        .order_by(c.id)
    )
    result: dict[int, list[CaseRef]] = {}
    for case_id, number, holder_id, kind, status in each_row(reader, statement):
        if wanted is None or holder_id in wanted:
            label = f"{CASE_KINDS.get(kind, kind)}·{CASE_STATUSES.get(status, status)}"
            result.setdefault(holder_id, []).append(
                CaseRef(case_id, number, holder_id, kind, status, label)
            )
    return result


def open_cases(reader: Reader, holder_ids: Iterable[int]) -> dict[int, str]:
    """The open cases of each holder that has one, as a short label such as "续签·准备中".

    The expiry report's "办理事项" column reads it; several cases are joined with "、".
    """
    return {
        holder_id: "、".join(ref.label for ref in refs)
        for holder_id, refs in open_case_refs(reader, holder_ids).items()
    }
