"""The register's read for the due list, without the holders its screen rules out.

:class:`~wrc_desktop.rules.due.screen.TaskScreen` says, by district, which dates leave an
active holder with nothing due today; here those dates become part of the query, so the rows
of such holders are never fetched, converted or made into facts (at 50,000 holders, two in five
of them). The condition is written so that whatever it cannot decide — a district without
bounds, a missing value — keeps the holder: only what is certainly quiet is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Date, and_, case, false, func, literal, not_, or_, select

from ..rules.due.batch import SETTLED_PERMITS
from ..rules.due.screen import TaskScreen
from . import tables
from .reading import each_row

if TYPE_CHECKING:
    from .reading import Reader

# An accompanying child with a birth date: who the due list reads as a holder's children
# (their reminders), and whom the screen never leaves out.
_family = tables.family_member.c
ACCOMPANYING_CHILD = and_(
    _family.relation == "child", _family.accompanying.is_(True), _family.birth_date.is_not(None)
)


def unit_districts(reader: Reader) -> list[str]:
    """The districts of the register's units (a screen is worked out for each)."""
    district = tables.unit.c.district
    return [name for (name,) in each_row(reader, select(district).distinct().order_by(district))]


def screen_condition(
    columns: Mapping[str, ColumnElement], screen: TaskScreen
) -> ColumnElement[bool]:
    """The condition that keeps every holder the screen does not rule out (``columns``: the
    register's columns, as :func:`.queries.register_columns` names them).

    Each district's dates are picked by a ``CASE`` on the holder's district; the conditions
    come cheapest first — most holders are kept by a date of their own row, and only the rest
    are asked about their permit's latest expiry (a look-up in its periods) and their children."""
    district = columns["district"]

    def bound(name: str) -> ColumnElement:
        dates = {d.district: literal(getattr(d, name), Date) for d in screen.districts}
        return case(dates, value=district)

    status, expiry = columns["status"], columns["expiry"]
    contract, birth, gender = columns["contract_end"], columns["birth_date"], columns["gender"]
    track = columns["retirement_track"]
    quiet_from = bound("quiet_from")
    quiet = and_(
        district.in_([d.district for d in screen.districts]),
        status == "active",
        or_(contract.is_(None), contract > bound("contract_after")),
        or_(
            birth.is_(None),
            gender.is_(None),
            gender.not_in(("M", "F")),
            and_(gender == "M", birth > bound("men_born_after")),
            and_(
                gender == "F",
                or_(track.is_(None), track.in_(screen.women_tracks)),
                birth > bound("women_born_after"),
            ),
        ),
        or_(
            columns["permit_status"].in_(SETTLED_PERMITS),
            # No expiry is as quiet as one in the stretch (one look-up of the latest, not two).
            func.coalesce(expiry, quiet_from).between(quiet_from, bound("quiet_to")),
        ),
        columns["holder_id"].not_in(select(_family.holder_id).where(ACCOMPANYING_CHILD)),
    )
    if screen.read_anyway:
        quiet = and_(quiet, columns["holder_id"].not_in(sorted(screen.read_anyway)))
    # A condition SQL cannot decide (NULL) keeps the holder, as a false one does.
    return not_(func.coalesce(quiet, false()))
