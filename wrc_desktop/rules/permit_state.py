"""A permit's state on a day — the one answer the register, the due list, the cases page,
the Excel report, the holder dialog and ``wrc holders`` all show.

The renewal dates come from :mod:`.deadlines`; this module only adds what the register
itself records (the holder left; the permit was cancelled, suspended or has lapsed) and
ranks every state on one urgency scale, so one colour scale serves every screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .countdown import Countdown, permit_countdown
from .deadlines import STATUSES, RenewalDeadlines
from .glossary import state_word

LEFT = state_word("left")
NO_PERMIT = state_word("no_permit")
CANCELLED = state_word("cancelled")
SUSPENDED = state_word("suspended")
LAPSED = STATUSES[-1]
# A date the rules cannot work with (beyond the working-day calendar, say).
UNCOMPUTABLE = state_word("uncomputable")

# Every label on one scale, least to most urgent: settled records first, then the renewal
# stages in the rules' own order. ``level`` is the position here; colours follow it.
SCALE = (LEFT, CANCELLED, NO_PERMIT, *STATUSES[:3], SUSPENDED, *STATUSES[3:], UNCOMPUTABLE)


@dataclass(frozen=True, slots=True)
class PermitState:
    label: str
    deadlines: RenewalDeadlines | None
    reason: str = ""  # why the state could not be computed (UNCOMPUTABLE)

    @property
    def level(self) -> int:
        return SCALE.index(self.label)

    @property
    def latest_submission(self) -> dt.date | None:
        return self.deadlines.latest_submission if self.deadlines is not None else None

    @property
    def lapses_on(self) -> dt.date | None:
        return self.deadlines.lapses_on if self.deadlines is not None else None

    def countdown(self, today: dt.date) -> Countdown | None:
        """The day figure of the permit's next deadline (:mod:`.countdown`), or None where the
        state is not the dates' (left, cancelled, suspended, no permit, not computable, or
        recorded as lapsed before its dates say so)."""
        d = self.deadlines
        if d is None or self.label not in STATUSES:
            return None
        if self.label == LAPSED and today < d.lapses_on:
            return None
        return permit_countdown(d, today)


def permit_state(
    *,
    holder_status: str,
    permit_status: str | None,
    deadlines: RenewalDeadlines | None,
    today: dt.date,
) -> PermitState:
    """The state of a holder's current permit on ``today``.

    What the register records wins over what the dates say: a cancelled permit is
    cancelled whatever its expiry; a permit recorded as lapsed is lost even before its
    dates say so. A holder who left shows as such (their leaver deadlines are warnings).
    """
    if holder_status == "left":
        return PermitState(LEFT, deadlines)
    if deadlines is None:
        return PermitState(NO_PERMIT, None)
    if permit_status == "cancelled":
        return PermitState(CANCELLED, deadlines)
    if permit_status == "lapsed":
        return PermitState(LAPSED, deadlines)
    if permit_status == "suspended":
        return PermitState(SUSPENDED, deadlines)
    return PermitState(deadlines.status_on(today), deadlines)


def figures_of(states: list[PermitState], today: dt.date) -> list[Countdown | None]:
    """Each state's :meth:`~PermitState.countdown`, worked out once for all the permits that
    share their deadlines and label (a register's 50,000 permits have a few thousand)."""
    found: dict[tuple[int, str], Countdown | None] = {}
    figures = []
    for state in states:
        key = (id(state.deadlines), state.label)  # the states hold their deadlines: ids stay
        if key in found:
            figures.append(found[key])
        else:
            figure = found[key] = state.countdown(today)
            figures.append(figure)
    return figures


def days_to(day: dt.date, today: dt.date) -> str:
    """A deadline's distance in the day figure's words (:mod:`.countdown`), for a column that
    names the deadline itself: "今天", "还剩 5 日", "已过 26 日". A passed date never reads as
    days left."""
    days = (day - today).days
    if days == 0:
        return "今天"
    return f"还剩 {days} 日" if days > 0 else f"已过 {-days} 日"
