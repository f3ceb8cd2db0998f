"""Renewal deadlines of a permit and its status on a given day (DOMAIN §5).

Counting convention (the day an act happens is not counted):
- ``lapses_on`` = expiry + the district's grace days: the day the permit is lost if not renewed;
- the latest safe submission is, by the district's rule (``renewal.latest_submission``):
  ``review_reserve`` — the latest working day D with at least N working days strictly between
  D and ``lapses_on`` (N = working days the bureau reserves for review; 002, 001);
  ``by_expiry`` — the last counter day on or before the expiry date (东城 003: "应在证件有效期满前
  30 日内办理证件续签手续"; the 30 days after expiry are the last chance before the permit
  lapses, not a filing window). A district with counter days (:mod:`.counter`) only receives
  on those days, so the latest submission is one of them;
- the renewal window opens the district's number of days before expiry ("60 日内" is 61 days
  before, 002's worked example; "30 日内" is counted the same way).

东城 permits first issued from 2019-05 are not renewed: the unit confirms the holder still
qualifies and validity extends to the labor contract's end, at most 3 years. That path has
its own deadline (the unit's confirmation) and its own explanations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import Any

from .counter import CounterRule, counter_rule
from .dates import add_years
from .explain import Explanation, explain
from .glossary import RENEWAL_STAGES, UPCOMING_DAYS, URGENT_WORKING_DAYS, state_word
from .policy import DistrictPolicy
from .workdays import ESTIMATED_NOTE, WorkCalendar

# In order of urgency; status_on() returns one of these (the words and their rules: .glossary).
STATUSES = tuple(state_word(code) for code in RENEWAL_STAGES)


@dataclass(frozen=True)
class RenewalDeadlines:
    """The dates of one permit's renewal; their explanations are written when first asked for.

    A register of 50,000 permits needs every status and date on every look, but the
    explanations of only the few the clerk opens: building the text of each (and checking
    which rules are unverified) costs several times more than the dates themselves.
    """

    district: str
    district_name: str
    expiry: dt.date
    window_opens: dt.date
    latest_submission: dt.date
    lapses_on: dt.date
    review_working_days: int
    grace_days: int
    auto_extension: bool
    extended_until: dt.date | None
    calendar: WorkCalendar = field(repr=False, compare=False)
    warnings: tuple[str, ...] = ()  # what the clerk must do first (e.g. 先续签劳动合同)
    appointment_by: dt.date | None = None  # book the counter by this day (东城, large units)
    appointment_note: str = ""
    applications: int | None = None  # the unit's counter volume the dates were worked out with
    # Writes the explanations of these dates: called with them when first asked for.
    details: Callable[[RenewalDeadlines], tuple[dict[str, Explanation], tuple[str, ...]]] = field(
        default=lambda _dates: ({}, ()), repr=False, compare=False
    )
    # Writes one of them alone (:meth:`explanation`): called with the dates and its key.
    note: Callable[[RenewalDeadlines, str], Explanation] = field(
        default=lambda dates, key: dates.explanations[key], repr=False, compare=False
    )

    @cached_property
    def _details(self) -> tuple[dict[str, Explanation], tuple[str, ...]]:
        return self.details(self)

    @property
    def explanations(self) -> dict[str, Explanation]:
        """Each date with the rule, the source and the words that decide it."""
        return self._details[0]

    def explanation(self, key: str) -> Explanation:
        """``explanations[key]``, written alone unless they all are already: the due list's
        row cites one date's explanation, of a few thousand permits' deadlines."""
        written = self.__dict__.get("_details")  # the cached property, once asked for
        if written is not None:
            return written[0][key]
        return self.note(self, key)

    @property
    def unverified(self) -> tuple[str, ...]:
        """The rules behind these dates that no guide states (shown as 未核实)."""
        return self._details[1]

    @cached_property
    def calendar_warnings(self) -> tuple[str, ...]:
        """Years these dates span for which the official holiday schedule is not known."""
        return tuple(
            self.calendar.warnings_for(
                min(self.latest_submission, self.window_opens, self.expiry), self.lapses_on
            )
        )

    def status_on(self, today: dt.date) -> str:
        """One of :data:`STATUSES` for ``today``."""
        return STATUSES[
            _status_index(
                today.toordinal(),
                self.window_opens.toordinal(),
                self.latest_submission.toordinal(),
                self.expiry.toordinal(),
                self.lapses_on.toordinal(),
                self.calendar,
            )
        ]

    def working_days_left(self, today: dt.date) -> int:
        """Working days d with today < d ≤ latest submission (0 once it has passed)."""
        return max(
            0,
            self.calendar.working_days_after_until(
                today.toordinal(), self.latest_submission.toordinal()
            ),
        )

    def as_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "district": self.district,
            "district_name": self.district_name,
            "expiry": self.expiry,
            "window_opens": self.window_opens,
            "latest_submission": self.latest_submission,
            "lapses_on": self.lapses_on,
            "review_working_days": self.review_working_days,
            "grace_days": self.grace_days,
            "auto_extension": self.auto_extension,
            "extended_until": self.extended_until,
            "unverified": list(self.unverified),
            "calendar_warnings": list(self.calendar_warnings),
            "warnings": list(self.warnings),
            "appointment_by": self.appointment_by,
            "appointment_note": self.appointment_note,
            "explanations": {key: value.as_dict() for key, value in self.explanations.items()},
        }
        if today is not None:
            data["today"] = today
            data["status"] = self.status_on(today)
            data["working_days_left"] = self.working_days_left(today)
        return data


def _status_index(
    today: int, window: int, latest: int, expiry: int, lapses: int, calendar: WorkCalendar
) -> int:
    # The latest submission is checked before the expiry, so a passed latest date is never hidden
    # behind a calmer label; after expiry (东城's 30 days) the case is overdue and must be filed now.
    if today >= lapses:
        return 6
    if today > latest:
        return 5 if today >= expiry else 4
    if calendar.working_days_after_until(today, latest) <= URGENT_WORKING_DAYS:
        return 3
    if today >= window:
        return 2
    if today >= window - UPCOMING_DAYS:
        return 1
    return 0


def uses_auto_extension(policy: DistrictPolicy, first_issued: dt.date | None) -> bool:
    rule = policy.auto_extension
    return bool(
        rule.enabled
        and first_issued
        and rule.first_issued_from
        and first_issued >= rule.first_issued_from
    )


def latest_renewal_submission(
    policy: DistrictPolicy, expiry: dt.date, calendar: WorkCalendar, counter: CounterRule
) -> dt.date:
    """The latest safe submission of a renewal (not the automatic extension), by the district's rule."""
    rules = policy.renewal
    if rules.latest_submission == "by_expiry":
        return counter.last_on_or_before(expiry, calendar)
    lapses_on = expiry + dt.timedelta(days=rules.grace_days)
    latest = calendar.latest_with_reserve(lapses_on, rules.review_working_days)
    return counter.last_on_or_before(latest, calendar) if counter.enabled else latest


def renewal_deadlines(
    policy: DistrictPolicy,
    expiry: dt.date,
    *,
    first_issued: dt.date | None = None,
    contract_end: dt.date | None = None,
    calendar: WorkCalendar,
    applications: int | None = None,
) -> RenewalDeadlines:
    """The renewal dates of a permit expiring on ``expiry`` under ``policy`` and ``calendar``
    (the rules context's: the clerk's overrides and years included).

    ``applications`` is how many applications the unit hands in at once, where the district's
    counter days depend on it (东城); None means not known: a small unit is assumed, as a default.
    """
    rules = policy.renewal
    window_opens = expiry - dt.timedelta(days=rules.window_days_before_expiry)
    lapses_on = expiry + dt.timedelta(days=rules.grace_days)
    auto = uses_auto_extension(policy, first_issued)
    counter = counter_rule(policy, applications)
    warnings: list[str] = []
    extended_until = None
    short_contract = False
    if auto:
        reserve = policy.auto_extension.confirm_reserve_working_days
        latest = calendar.latest_with_reserve(expiry, reserve)
        max_years = policy.auto_extension.max_years
        cap = add_years(expiry, max_years)
        # The extension runs to the contract's end; a contract that ends before the expiry is
        # something to fix first (renew the contract), never a silently earlier validity.
        short_contract = contract_end is not None and contract_end < expiry
        extended_until = None if contract_end is None or short_contract else min(contract_end, cap)
        if contract_end is not None and short_contract:
            warnings.append(
                f"劳动合同 {contract_end.isoformat()} 到期，早于证件有效期满日 {expiry.isoformat()}："
                "先续签劳动合同，再由单位确认有效期自动延续"
            )
        review = reserve
    else:
        review = rules.review_working_days
        latest = latest_renewal_submission(policy, expiry, calendar, counter)

    return RenewalDeadlines(
        district=policy.slug,
        district_name=policy.name,
        expiry=expiry,
        window_opens=window_opens,
        latest_submission=latest,
        lapses_on=lapses_on,
        review_working_days=review,
        grace_days=rules.grace_days,
        auto_extension=auto,
        extended_until=extended_until,
        calendar=calendar,
        warnings=tuple(warnings),
        appointment_by=None if auto else counter.appointment_by(latest, calendar),
        appointment_note="" if auto else counter.appointment_note(latest, calendar, policy.name),
        applications=applications,
        details=partial(_renewal_notes, policy, first_issued, short_contract, counter),
        note=partial(_renewal_note, policy, first_issued, short_contract, counter),
    )


def _renewal_notes(
    policy: DistrictPolicy,
    first_issued: dt.date | None,
    short_contract: bool,
    counter: CounterRule,
    dates: RenewalDeadlines,
) -> tuple[dict[str, Explanation], tuple[str, ...]]:
    """What :attr:`RenewalDeadlines.explanations` and ``unverified`` say of ``dates``.

    A module function bound with :func:`functools.partial` rather than a closure: a closure
    keeps a cell per variable it reads, and 50,000 permits' dates kept 200,000 cells for
    Python's cycle collector to walk at every full pass."""
    keys = ["expiry", "window_opens", "lapses_on", "latest_submission"]
    used = ["renewal.validity_years", "renewal.window_days_before_expiry", "renewal.grace_days"]
    if dates.auto_extension:
        keys.append("extended_until")
        used += [
            "auto_extension.enabled",
            "auto_extension.first_issued_from",
            "auto_extension.confirm_reserve_working_days",
            "auto_extension.max_years",
        ]
    elif policy.renewal.latest_submission == "by_expiry":
        used += ["renewal.latest_submission", "renewal.review_working_days"]
    else:
        used.append("renewal.review_working_days")
    if counter.enabled and not dates.auto_extension:
        keys.append("counter")
        used.append(counter.explanation.rule)
    notes = {
        key: _renewal_note(policy, first_issued, short_contract, counter, dates, key)
        for key in keys
    }
    return notes, tuple(rule for rule in used if policy.is_unverified(rule))


def _renewal_note(
    policy: DistrictPolicy,
    first_issued: dt.date | None,
    short_contract: bool,
    counter: CounterRule,
    dates: RenewalDeadlines,
    key: str,
) -> Explanation:
    """The explanation of one of ``dates`` (a key of :attr:`RenewalDeadlines.explanations`),
    written alone: the due list's row cites one, and a register's permits are many."""
    rules = policy.renewal
    expiry, window_opens, lapses_on = dates.expiry, dates.window_opens, dates.lapses_on
    if key == "expiry":
        return explain(
            policy,
            "renewal.validity_years",
            expiry,
            f"有效期满日 {expiry.isoformat()}（证件有效期 {rules.validity_years} 年）",
        )
    if key == "window_opens":
        return explain(
            policy,
            "renewal.window_days_before_expiry",
            window_opens,
            f"续签期自 {window_opens.isoformat()} 起：有效期满日前 "
            f"{rules.window_days_before_expiry} 天（即“有效期满前 "
            f"{rules.window_days_before_expiry - 1} 日内”，按 002 算例计数）",
        )
    if key == "lapses_on":
        return explain(
            policy,
            "renewal.grace_days",
            lapses_on,
            f"未续签则于 {lapses_on.isoformat()} 失效（有效期满日后 {rules.grace_days} 天）"
            if rules.grace_days
            else f"未续签则于有效期满日 {lapses_on.isoformat()} 失效，无宽限期",
        )
    if key == "latest_submission":
        note = _latest_note(policy, first_issued, counter, dates)
        # Only the working-day dates depend on the holidays; the expiry and the window are
        # calendar days.
        latest = dates.latest_submission
        if dates.calendar.warnings_for(latest, max(latest, lapses_on)):
            note = estimated(note)
        return note
    if key == "extended_until" and dates.auto_extension:
        return _extension_note(policy, short_contract, dates)
    if key == "counter" and counter.enabled and not dates.auto_extension:
        return counter.explanation
    raise KeyError(key)


def _latest_note(
    policy: DistrictPolicy,
    first_issued: dt.date | None,
    counter: CounterRule,
    dates: RenewalDeadlines,
) -> Explanation:
    """The latest submission's explanation (before the note on a year without a schedule)."""
    rules = policy.renewal
    expiry, lapses_on = dates.expiry, dates.lapses_on
    latest, review = dates.latest_submission, dates.review_working_days
    if dates.auto_extension:
        reserve = policy.auto_extension.confirm_reserve_working_days
        return explain(
            policy,
            "auto_extension.confirm_reserve_working_days",
            latest,
            f"{first_issued} 首次办理，适用有效期自动延续：单位须在有效期满日 {expiry.isoformat()} 前"
            f"审核确认仍符合条件，最晚 {latest.isoformat()}"
            + (
                f"（其后至期满日须留 {reserve} 个工作日）"
                if reserve
                else "（期满前最后一个工作日）"
            )
            + (
                f"；指南写“有效期满后经用人单位审核”，若系统期满后才开放确认，须在 {lapses_on.isoformat()} 失效前立即完成"
                if rules.grace_days
                else ""
            ),
        )
    if rules.latest_submission == "by_expiry":
        text = (
            f"最晚提交日 {latest.isoformat()}：有效期满日 {expiry.isoformat()} 当日或之前的最后一个"
            f"{'窗口受理日（' + counter.days_text + '）' if counter.enabled else '工作日'}；"
            f"审核需 {review} 个工作日"
        )
        if rules.grace_days:
            text += f"；有效期满后至 {lapses_on.isoformat()} 失效前仍可提交，但已逾期，须立即提交"
        return explain(policy, "renewal.latest_submission", latest, text)
    text = (
        f"最晚提交日 {latest.isoformat()}：其后到失效日 {lapses_on.isoformat()} 之间（两端不计）"
        f"须留出 {review} 个工作日供审核"
    )
    if counter.enabled:
        text += f"，且为窗口受理日（{counter.days_text}）"
    return explain(policy, "renewal.review_working_days", latest, text)


def _extension_note(
    policy: DistrictPolicy, short_contract: bool, dates: RenewalDeadlines
) -> Explanation:
    """How far an automatic extension reaches: the contract's end, at most the cap."""
    max_years = policy.auto_extension.max_years
    cap = add_years(dates.expiry, max_years)
    extended_until = dates.extended_until
    return explain(
        policy,
        "auto_extension.max_years",
        extended_until,
        f"延续至劳动合同约定的工作时间，最长 {max_years} 年（不晚于 {cap.isoformat()}）"
        + (
            f"：延续至 {extended_until.isoformat()}"
            if extended_until
            else "；劳动合同早于有效期满日到期，先续签劳动合同"
            if short_contract
            else "；请录入劳动合同到期日"
        ),
    )


def estimated(note: Explanation) -> Explanation:
    """The explanation of a date that depends on a year without an official holiday schedule."""
    if ESTIMATED_NOTE in note.text:
        return note
    return replace(note, text=f"{note.text}（{ESTIMATED_NOTE}）")
