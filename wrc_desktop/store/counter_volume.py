"""What the register knows of a unit's volume at the district counter (东城 003 五).

Read in two small queries: each unit's own setting (``Unit.counter_applications``) and the
open cases not yet handed in, by unit and planned week. :func:`..rules.counter.unit_applications`
turns them into the number a holder's or a case's deadlines use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..rules.counter import UnitVolumes, Week, week_of
from . import tables
from .reading import each_row

if TYPE_CHECKING:
    from .reading import Reader

# Cases still to be brought to the counter.
TO_HAND_IN = ("preparing", "returned")


def unit_volumes(reader: Reader, counts: Callable[[str], bool]) -> UnitVolumes:
    """The volumes of the units whose district's counter depends on them (``counts(district)``)."""
    u, c = tables.unit.c, tables.case.c
    settings = {
        unit_id: setting
        for unit_id, district, setting in each_row(
            reader, select(u.id, u.district, u.counter_applications)
        )
        if unit_id is not None and counts(district)
    }
    weeks: dict[int, Counter[Week]] = {}
    holder_weeks: dict[int, Week] = {}
    if not settings:
        return UnitVolumes()
    planned = each_row(
        reader,
        select(c.unit_id, c.holder_id, c.submit_on)
        .where(c.status.in_(TO_HAND_IN), c.submit_on.is_not(None))
        .order_by(c.submit_on),
    )
    for unit_id, holder_id, submit_on in planned:
        if unit_id in settings and submit_on is not None:
            week = week_of(submit_on)
            weeks.setdefault(unit_id, Counter())[week] += 1
            holder_weeks.setdefault(holder_id, week)
    return UnitVolumes(settings, weeks, holder_weeks)
