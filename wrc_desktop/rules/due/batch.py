"""The tasks of a whole register at once, each worked out once per shared date.

A permit's task depends only on its deadlines, which every holder of the same district and
expiry shares (50,000 holders have a few thousand); a leaver's deadlines only on the district
and the leaving day; whether a life reminder shows yet only on its date. :class:`HolderTasks`
computes each of these once and gives every holder the same task under their own name — the
very items :func:`.renewal_item`, :func:`.leaver_items` and :func:`.reminder_items` give for
that holder alone, which ``tests/rules/test_due_batch.py`` checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from ..deadlines import RenewalDeadlines
from ..errors import WrcError
from ..leavers import leaver_deadlines
from ..next_application import next_application
from ..permit_state import LEFT, PermitState
from ..policy import DistrictPolicy
from ..reminders import age_limit_dates, age_limit_reminder, child_reminders, contract_reminder
from ..workdays import WorkCalendar
from .items import DueItem, HolderFacts
from .people import leaver_items, leaver_key, reminder_items, reminder_key, shows_on
from .permits import AGE_LIMITED_KINDS, age_limited, renewal_item, renewal_key

# Permit states that end the renewal and leaver warnings: the register already records the outcome.
SETTLED_PERMITS = ("lapsed", "cancelled", "suspended")

# The holder a shared task is first worked out for; :func:`for_holder` gives it its own.
_ANYONE = HolderFacts(holder_id=0, name="", unit_name="", department="", district="", status="")


def for_holder(item: DueItem, facts: HolderFacts, key: str) -> DueItem:
    """``item`` as the task of ``facts``' holder under ``key``.

    A shallow copy of the frozen item with the holder's fields set: the same result as
    ``dataclasses.replace``, without re-running ``__init__`` over 26 fields for each of
    tens of thousands of holders. The item's dict is copied whole and given to the copy:
    filling the copy's empty dict field by field took twice as long. The copy of a dict that
    shares its keys with every DueItem's (as the constructor makes them) shares them too; a
    dict of its own would be three times the size, 55 MiB more at 200,000 holders."""
    fields = item.__dict__.copy()
    fields["key"] = key
    fields["holder_id"] = facts[0]
    fields["holder_name"] = facts[1]
    fields["unit_name"] = facts[2]
    fields["department"] = facts[3]
    copy = _new(DueItem)
    _set(copy, "__dict__", fields)  # frozen: as the dataclass's own __init__ sets its fields
    return copy


_new = object.__new__
_set = object.__setattr__
_NOT_YET = object()  # a renewal task not worked out yet (None is a permit with no task)


class HolderTasks:
    """The renewal, leaver and reminder tasks of holder after holder on one day, under one context.

    ``policy`` and ``renewal`` are the caller's memoised look-ups (one per district, one per
    shared set of renewal deadlines); the object itself keeps what it worked out for as long
    as it lives, so make one per computation of the list."""

    def __init__(
        self,
        policy: Callable[[str], DistrictPolicy],
        renewal: Callable[
            [str, dt.date, dt.date | None, dt.date | None, int | None], RenewalDeadlines
        ],
        today: dt.date,
        calendar: WorkCalendar,
        leads: Mapping[str, int],
    ) -> None:
        self._policy = policy
        self._renewal = renewal
        self.today = today
        self.calendar = calendar
        self.leads = leads
        self._policies: dict[str, DistrictPolicy] = {}
        # The permit's task for anyone (None: none today) by what its deadlines depend on.
        self._renewals: dict[tuple, DueItem | None] = {}
        self._leavers: dict[tuple, list[DueItem]] = {}  # a leaver's tasks for anyone
        self._thresholds: dict[tuple, dt.date] = {}
        self._contracts: dict[tuple[str, dt.date], DueItem] = {}
        # The expiries with no permit task today (:meth:`_quiet_expiries`), by kind of permit.
        self._quiet: dict[tuple, tuple[dt.date, dt.date]] = {}
        # By district: the last contract end and child's birth whose reminder shows today, and
        # the first issue from which a permit is extended automatically (None: never).
        self._contract_last: dict[str, dt.date] = {}
        self._child_last: dict[str, dt.date] = {}
        self._auto_from: dict[str, dt.date | None] = {}

    def items(self, holder: HolderFacts) -> list[DueItem]:
        """What :func:`.renewal_item`, :func:`.leaver_items` and :func:`.reminder_items` give
        for this holder, in that order.

        Called for every holder of the register: most have nothing today, so the questions that
        rule a task out (its date against a shared threshold) come first and cost a look-up.
        The facts are unpacked once and the thresholds looked up here, not through methods:
        50,000 times."""
        (_, _, _, _, district, status, left_on, birth, gender, end, expiry, first_issued, permit,
         children, track, applications) = holder  # fmt: skip
        policy = self._policies.get(district)
        if policy is None:
            policy = self._district(district)
        active = status == "active"
        items: list[DueItem] = []
        if expiry is not None and permit not in SETTLED_PERMITS:
            if active:
                # uses_auto_extension, with the district's first day looked up once
                auto_from = self._auto_from[district]
                auto = (
                    auto_from is not None and first_issued is not None and first_issued >= auto_from
                )
                # Most permits are far from their window: a permit expiring in the quiet stretch
                # has nothing due, whatever its first issue and contract (one look-up).
                quiet = self._quiet.get((district, auto, applications))
                if quiet is None:
                    quiet = self._quiet_expiries(district, auto, applications, policy)
                if not quiet[0] <= expiry <= quiet[1]:
                    item = self._renewal_item(holder, policy, auto)
                    if item is not None:
                        items.append(item)
            elif status == "left" and left_on is not None:
                items += self._leaver_items(holder, policy)
        # Whether a life reminder shows today, by comparing its date with its threshold
        # (:meth:`_last_showing`, found once): :func:`.reminder_items` runs only for the few
        # holders it has anything for.
        thresholds = self._thresholds
        if active:
            if end is not None and end <= self._contract_last[district]:
                items.append(self._contract_item(holder, policy))
            if birth is not None and (gender == "M" or gender == "F"):
                age = ("age", district, gender, track)
                if birth <= (thresholds.get(age) or self._last_showing(age, policy)):
                    # The contract's reminder is already there, shared with holders of its end.
                    return items + reminder_items(
                        holder, policy, self.today, self.calendar, self.leads, contract=False
                    )
        if children:
            last = self._child_last[district]
            for _name, born in children:
                if born <= last:
                    # Only the children's: the age limit's reminder does not show today.
                    return items + reminder_items(
                        holder,
                        policy,
                        self.today,
                        self.calendar,
                        self.leads,
                        contract=False,
                        age=False,
                    )
        return items

    def _district(self, district: str) -> DistrictPolicy:
        """The district's policy, and what every holder of it is compared with, found once."""
        policy = self._policies[district] = self._policy(district)
        self._contract_last[district] = self._last_showing(("contract", district), policy)
        self._child_last[district] = self._last_showing(("child", district), policy)
        extension = policy.auto_extension
        # Permits first issued from this day are extended automatically (uses_auto_extension).
        self._auto_from[district] = extension.first_issued_from if extension.enabled else None
        return policy

    def _contract_item(self, holder: HolderFacts, policy: DistrictPolicy) -> DueItem:
        """The contract's reminder: the same for every holder whose contract ends that day."""
        end = holder.contract_end
        assert end is not None
        found = self._contracts.get((policy.slug, end))
        if found is None:
            anyone = _ANYONE._replace(status="active", contract_end=end)
            (found,) = reminder_items(anyone, policy, self.today, self.calendar, self.leads)
            self._contracts[(policy.slug, end)] = found
        return for_holder(found, holder, reminder_key("contract_end", holder.holder_id, end))

    def _renewal_item(
        self, holder: HolderFacts, policy: DistrictPolicy, auto: bool
    ) -> DueItem | None:
        """The permit's task (None: nothing due today) of a permit outside the quiet stretch;
        ``auto``: whether it is extended automatically."""
        expiry, first_issued = holder.expiry, holder.first_issued
        assert expiry is not None
        district, applications = holder.district, holder.applications
        # The permit's deadlines depend on the district and the expiry alone — and, when it is
        # extended automatically, on the first issue and the contract's end, which change only
        # the words.
        if auto:
            contract = holder.contract_end
            if contract is not None and contract >= expiry:
                # A contract running past the expiry only sets how far the extension reaches,
                # which the task does not say: such permits share one task.
                contract = None
            # The unit's counter volume names the counter day of a late confirmation.
            key: tuple = (district, expiry, first_issued, contract, applications)
        else:
            contract = holder.contract_end
            key = (district, expiry, applications)
        task = self._renewals.get(key, _NOT_YET)
        if task is _NOT_YET:
            deadlines = self._renewal(district, expiry, first_issued, contract, applications)
            task = self._renewals[key] = self._renewal_task(deadlines, policy)
        if task is None:
            return None
        assert isinstance(task, DueItem)
        mine = for_holder(task, holder, renewal_key(holder.holder_id, expiry))
        # Shared by permits of one expiry; a holder past the age limit is not renewed. Whether
        # the limit is reached today, by comparing the birth with its threshold (found once):
        # :func:`.age_limited` works out the holder's own limit only for those who reach it.
        birth, gender = holder.birth_date, holder.gender
        if (
            birth is None
            or mine.kind not in AGE_LIMITED_KINDS
            or not (gender == "M" or gender == "F")
        ):
            return mine
        block = ("block", district, gender, holder.retirement_track)
        if birth > (self._thresholds.get(block) or self._last_showing(block, policy)):
            return mine
        return age_limited(mine, holder, policy, self.today)

    def _renewal_task(self, deadlines: RenewalDeadlines, policy: DistrictPolicy) -> DueItem | None:
        """The permit's task for anyone under these deadlines (None: nothing due today)."""
        lead = self.leads.get("renewal")
        return renewal_item(_ANYONE, deadlines, self.today, self.calendar, lead, policy=policy)

    def _quiet_expiries(
        self, district: str, auto: bool, applications: int | None, policy: DistrictPolicy
    ) -> tuple[dt.date, dt.date]:
        """The expiries (first, last) for which a permit of the district, extended automatically
        or not, of a unit of this counter volume, has no task today (first > last: none).

        Every date of a permit's renewal — the window, the latest submission, the appointment,
        the loss — only moves later with its expiry, so once a permit has nothing due, every
        later one has nothing either: the first such expiry is found by bisection over
        :func:`.renewal_item` itself, as exact as asking it permit by permit. The stretch ends
        where the work calendar still reaches (beyond it the record says why it cannot be
        computed); both its ends are asked, so nothing in it fails to compute."""
        # Whether a permit is extended automatically is all its first issue decides here.
        first_issued = policy.auto_extension.first_issued_from if auto else None

        def quiet(day: int) -> bool:
            try:
                expiry = dt.date.fromordinal(day)
                deadlines = self._renewal(district, expiry, first_issued, None, applications)
                return self._renewal_task(deadlines, policy) is None
            except WrcError:
                return False

        low = self.today.toordinal()
        high = last = dt.date(self.calendar.last_year, 1, 1).toordinal()
        found = (dt.date.max, dt.date.min)
        if low <= high and quiet(high):
            while low < high:  # quiet(high) holds; find the first ordinal for which it does
                middle = (low + high) // 2
                if quiet(middle):
                    high = middle
                else:
                    low = middle + 1
            found = (dt.date.fromordinal(low), dt.date.fromordinal(last))
        self._quiet[(district, auto, applications)] = found
        return found

    def _leaver_items(self, holder: HolderFacts, policy: DistrictPolicy) -> list[DueItem]:
        """A leaver's two tasks: the same for every leaver of the district and day (and permit
        status, which decides the application the old unit files)."""
        left = holder.left_on
        assert left is not None
        key = (holder.district, left, holder.permit_status)
        found = self._leavers.get(key)
        if found is None:
            fits = next_application(
                PermitState(LEFT, None),
                policy,
                self.today,
                self.calendar,
                permit_status=holder.permit_status,
                left_on=left,
            )
            deadlines = leaver_deadlines(policy, left, calendar=self.calendar)
            apply = (fits.kind, fits.planned, fits.reason)
            found = leaver_items(_ANYONE, deadlines, self.today, self.calendar, apply=apply)
            self._leavers[key] = found
        return [
            for_holder(item, holder, leaver_key(item.kind, holder.holder_id, left))
            for item in found
        ]

    def _last_showing(self, reminder: tuple, policy: DistrictPolicy) -> dt.date:
        """The latest date (contract end or birth) for which the reminder shows today (for
        ``block``: the latest birth whose age limit is reached by today).

        Each reminder's notice day only grows with its date — a later birth reaches every age
        later, the retirement age itself only rises with the birth date — so the dates it shows
        for today are exactly those up to one day, found by bisection over the reminder's own
        rule: as exact as asking it holder by holder."""
        found = self._thresholds.get(reminder)  # keyed by district name: as asked, no look-up
        if found is None:
            shows = self._shows(reminder, policy)
            low, high = _EARLIEST.toordinal(), _LATEST.toordinal()
            if not shows(low):
                found = dt.date.min
            else:
                while low < high:  # shows(low) holds; find the last ordinal for which it does
                    middle = (low + high + 1) // 2
                    if shows(middle):
                        low = middle
                    else:
                        high = middle - 1
                found = dt.date.fromordinal(low)
            self._thresholds[reminder] = found
        return found

    def _shows(self, reminder: tuple, policy: DistrictPolicy) -> Callable[[int], bool]:
        """Whether the reminder of a given date (as an ordinal) shows today."""
        kind, _slug, *rest = reminder

        def showing(found: list) -> bool:
            return any(r is not None and shows_on(r, self.today, self.leads) for r in found)

        if kind == "contract":
            return lambda day: showing([contract_reminder(policy, dt.date.fromordinal(day))])
        if kind == "block":  # the age limit is reached by today (:func:`.age_block`)
            gender, track = rest
            today = self.today

            def reached(day: int) -> bool:
                found = age_limit_dates(policy, dt.date.fromordinal(day), gender, track)
                return found is not None and found[0] <= today

            return reached
        if kind == "age":
            gender, track = rest
            return lambda day: showing(
                [age_limit_reminder(policy, dt.date.fromordinal(day), gender, "", track)]
            )
        return lambda day: showing(child_reminders(policy, dt.date.fromordinal(day)))


# The dates a reminder's threshold is sought between: births and contract ends in a register.
_EARLIEST = dt.date(1900, 1, 1)
_LATEST = dt.date(2200, 12, 31)
