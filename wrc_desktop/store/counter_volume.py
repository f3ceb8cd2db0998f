"""What the register knows of a unit's volume at the district counter (东城 003 五).

Read in two small queries: each unit's own setting (``Unit.counter_applications``) and the
open cases not yet handed in, by unit and planned week. :func:`..rules.counter.unit_applications`
turns them into the number a holder's or a case's deadlines use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlmodel import Session, col, select

from ..rules.counter import UnitVolumes, Week, week_of
from .case_models import Case
from .models import Unit

# Cases still to be brought to the counter.
TO_HAND_IN = ("preparing", "returned")


def unit_volumes(session: Session, counts: Callable[[str], bool]) -> UnitVolumes:
    """The volumes of the units whose district's counter depends on them (``counts(district)``)."""
    settings = {
        unit_id: setting
        for unit_id, district, setting in session.exec(
            select(col(Unit.id), col(Unit.district), col(Unit.counter_applications))
        )
        if unit_id is not None and counts(district)
    }
    weeks: dict[int, Counter[Week]] = {}
    holder_weeks: dict[int, Week] = {}
    if not settings:
        return UnitVolumes()
    planned = session.exec(
        select(col(Case.unit_id), col(Case.holder_id), col(Case.submit_on))
        .where(col(Case.status).in_(TO_HAND_IN), col(Case.submit_on).is_not(None))
        .order_by(col(Case.submit_on))
    )
    for unit_id, holder_id, submit_on in planned:
        if unit_id in settings and submit_on is not None:
            week = week_of(submit_on)
            weeks.setdefault(unit_id, Counter())[week] += 1
            holder_weeks.setdefault(holder_id, week)
    return UnitVolumes(settings, weeks, holder_weeks)
