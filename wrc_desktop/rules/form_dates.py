"""The 落款 dates of the forms generated for one case, chosen so that the district's rules hold.

Where the district's policy says the integrity declaration is dated later than every other
material (西城 000: "且晚于其他所有申报材料落款日期"; elsewhere the rulebook's default,
unverified), the declaration is dated the day after the latest other date. No date passes
the planned submission day: when it would, the whole set moves back so the declaration
falls on that day. The result is then checked with :func:`.materials.check_materials`
itself, so the plan can never disagree with the case's checks; a date the clerk chose
that breaks a rule is refused with the rule's own message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .case_checks import blocks_case
from .errors import WrcError
from .materials import Material, check_materials
from .policy import DistrictPolicy

DECLARATION = "integrity_declaration"
LATEST_RULE = "materials.integrity_declaration_latest"
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DatedForm:
    """One form of a case's checklist: its item, form slug, the material kind the rules check."""

    key: str
    slug: str
    title: str
    material_kind: str


class FormDateError(WrcError):
    """The forms' dates would break a rule of the case's district."""


def plan_form_dates(
    policy: DistrictPolicy,
    forms: Sequence[DatedForm],
    *,
    base: dt.date,
    submit: dt.date | None,
    chosen: Mapping[str, dt.date] | None = None,
    others: Sequence[Material] = (),
    working: Callable[[dt.date], bool] | None = None,
) -> dict[str, dt.date]:
    """Item key → the date its form carries.

    ``base`` is the day the forms are made (today, or the date the clerk gave for all);
    ``chosen`` the clerk's own date per form slug; ``others`` the case's other dated
    materials (the clerk's scans and papers), which the declaration must also follow.
    ``working`` (the calendar's working-day test): a date the app chooses is never a weekend or
    holiday — nobody signs at the unit that day; it moves to the next working day (the
    declaration, dated after everything else, too), or back when that would pass ``submit``.
    """
    chosen = dict(chosen or {})
    automatic = {form.key for form in forms if form.slug not in chosen}
    if working is not None:
        later = _next_working(base, working)
        base = later if submit is None or later <= submit else _previous_working(base, working)
    dates = {form.key: chosen.get(form.slug, base) for form in forms}
    if policy.materials.integrity_declaration_latest:
        for form in forms:
            if form.material_kind != DECLARATION or form.key not in automatic:
                continue
            before = [dates[f.key] for f in forms if f.material_kind != DECLARATION]
            before += [m.dated for m in others if m.dated is not None and m.kind != DECLARATION]
            if before:
                dates[form.key] = max(max(before) + ONE_DAY, base)
                if working is not None:
                    dates[form.key] = _next_working(dates[form.key], working)
    if submit is not None and automatic and submit < base:
        raise FormDateError(
            f"计划提交日期 {submit.isoformat()} 早于表格日期 {base.isoformat()}："
            "请先修改计划提交日期，或为表格指定落款日期"
        )
    if submit is not None:
        late = [dates[key] for key in automatic if dates[key] > submit]
        if late:
            shift = max(late) - submit
            for key in automatic:
                dates[key] -= shift
                if working is not None:
                    dates[key] = _previous_working(dates[key], working)
    _refuse_broken_rules(policy, forms, dates, submit, others)
    return dates


def _next_working(day: dt.date, working: Callable[[dt.date], bool]) -> dt.date:
    for _ in range(60):  # the longest run of days off is far shorter (春节: 9 days)
        if working(day):
            return day
        day += ONE_DAY
    return day


def _previous_working(day: dt.date, working: Callable[[dt.date], bool]) -> dt.date:
    for _ in range(60):
        if working(day):
            return day
        day -= ONE_DAY
    return day


def _refuse_broken_rules(
    policy: DistrictPolicy,
    forms: Sequence[DatedForm],
    dates: Mapping[str, dt.date],
    submit: dt.date | None,
    others: Sequence[Material],
) -> None:
    materials = [
        Material(form.material_kind, label=form.title, dated=dates[form.key]) for form in forms
    ]
    titles = {form.title for form in forms}
    if submit is None:
        # Without a planned date only the order can be checked: test it on the last date.
        day = max([*dates.values(), *(m.dated for m in others if m.dated)])
        problems = [
            p for p in check_materials(policy, day, [*materials, *others]) if p.rule == LATEST_RULE
        ]
    else:
        problems = check_materials(policy, submit, [*materials, *others])
    # Only what the forms' own dates break and would block the case; a scan's expiry is the
    # case check's business, and a rule the district's guide does not state stays a hint there.
    problems = [
        p
        for p in problems
        if p.material in titles
        and p.rule != "materials.expiring_material_min_months"
        and blocks_case(p.rule, p.unverified)
    ]
    if problems:
        lines = "；".join(dict.fromkeys(p.message for p in problems))
        raise FormDateError(
            f"表格的落款日期不符合{policy.name}的要求：{lines}。"
            "请修改计划提交日期或表格的落款日期后再生成"
        )
