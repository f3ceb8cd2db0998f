"""The deadline of a case's kind, and what it says about the planned submission date.

A renewal (or its 自动延续确认) has a window and a latest submission day before the permit
lapses; an employer change has the review days before expiry and the district's days after
joining; a leaver's cancellation has its own limit (:mod:`.deadlines`, :mod:`.leavers`).
Each kind is one function; :func:`kind_deadlines` picks it. Pure: the caller gathers the facts.
"""

from __future__ import annotations

import datetime as dt

from .case_findings import CaseProblem, Deadline, HolderDates
from .deadlines import RenewalDeadlines, renewal_deadlines
from .explain import Explanation
from .leavers import joiner_deadlines, leaver_deadlines
from .policy import DistrictPolicy
from .workdays import WorkCalendar

Found = tuple[list[CaseProblem], list[Deadline]]


def kind_deadlines(
    policy: DistrictPolicy,
    kind: str,
    submit: dt.date | None,
    holder: HolderDates,
    calendar: WorkCalendar,
) -> Found:
    """The deadlines of a case of ``kind`` and the problems of submitting it on ``submit``."""
    if kind in ("renewal", "auto-extension"):
        return _renewal(policy, kind, submit, holder, calendar)
    if kind == "employer-change" and holder.expiry is not None:
        return _employer_change(policy, submit, holder, holder.expiry, calendar)
    if kind in ("leave", "cancel") and holder.left_on is not None:
        return _leaving(policy, submit, holder.left_on, calendar)
    return [], []


def _on_submit(
    submit: dt.date, note: Explanation, message: str, *, blocking: bool = True
) -> CaseProblem:
    """A problem of the planned submission date under ``note``'s rule."""
    return CaseProblem(
        "",
        "计划提交日期",
        submit,
        note.rule,
        message,
        note.source,
        note.unverified,
        blocking=blocking,
    )


# ---------------------------------------------------------------- renewal, auto-extension


def _renewal(
    policy: DistrictPolicy,
    kind: str,
    submit: dt.date | None,
    holder: HolderDates,
    calendar: WorkCalendar,
) -> Found:
    if holder.expiry is None:
        problem = CaseProblem(
            "", "有效期", None, "renewal", "登记册中没有该持证人的证件有效期", "", False
        )
        return [problem], []
    found = renewal_deadlines(
        policy,
        holder.expiry,
        first_issued=holder.first_issued,
        contract_end=holder.contract_end,
        calendar=calendar,
        applications=holder.applications,
    )
    note = found.explanations["latest_submission"]
    deadlines = [Deadline(found.latest_submission, "最晚提交日", note.source)]
    if found.appointment_by is not None:
        deadlines.append(Deadline(found.appointment_by, found.appointment_note, note.source))
    problems = _extension_problems(kind, found, holder)
    if submit is not None:
        problems += _renewal_submit_problems(kind, found, submit)
    return problems, deadlines


def _extension_problems(
    kind: str, found: RenewalDeadlines, holder: HolderDates
) -> list[CaseProblem]:
    """Whether the permit renews or is extended automatically, against the case's kind."""
    if kind == "renewal":
        if not found.auto_extension:
            return []
        return [
            CaseProblem(
                "",
                "续签",
                None,
                "auto_extension.enabled",
                f"该证 {holder.first_issued} 首次办理，适用有效期自动延续，应办理“自动延续确认”",
                found.explanations["extended_until"].source,
                False,
                blocking=False,
            )
        ]
    extended = found.explanations.get("extended_until")
    if extended is None or not found.auto_extension:
        note = extended if extended is not None else found.explanations["latest_submission"]
        first = holder.first_issued.isoformat() if holder.first_issued else "（未登记）"
        return [
            CaseProblem(
                "",
                "自动延续确认",
                holder.first_issued,
                "auto_extension.enabled",
                f"该证首次办理日期 {first}，不适用有效期自动延续：应办理续签",
                note.source,
                bool(note.unverified),
            )
        ]
    return [
        CaseProblem(
            "",
            "劳动合同",
            holder.contract_end,
            extended.rule,
            warning,
            extended.source,
            extended.unverified,
            blocking=False,
        )
        for warning in found.warnings
    ]


def _renewal_submit_problems(
    kind: str, found: RenewalDeadlines, submit: dt.date
) -> list[CaseProblem]:
    """A planned date before the renewal window, after the latest day, or after the lapse."""
    problems = []
    if kind == "renewal" and submit < found.window_opens:
        window = found.explanations["window_opens"]
        problems.append(
            _on_submit(
                submit, window, f"计划提交日 {submit.isoformat()} 早于续签期（{window.text}）"
            )
        )
    if submit >= found.lapses_on:
        lapse = found.explanations["lapses_on"]
        problems.append(
            _on_submit(submit, lapse, f"计划提交日 {submit.isoformat()} 时证件已失效：{lapse.text}")
        )
    elif submit > found.latest_submission:
        note = found.explanations["latest_submission"]
        problems.append(
            _on_submit(
                submit,
                note,
                f"计划提交日 {submit.isoformat()} 晚于{note.text}，审核可能来不及完成",
                blocking=False,
            )
        )
    return problems


# ---------------------------------------------------------------- employer change, leaving


def _employer_change(
    policy: DistrictPolicy,
    submit: dt.date | None,
    holder: HolderDates,
    expiry: dt.date,
    calendar: WorkCalendar,
) -> Found:
    # The register does not record the day the holder left the previous employer, so the
    # deadline kept is the one it can know (review days before expiry); the 60-day limit
    # is computed from the hire date at this unit and shown as a hint to check.
    joiner = joiner_deadlines(policy, holder.hire_date or expiry, expiry, calendar=calendar)
    note = joiner.explanations["change_by_review"]
    deadlines = [
        Deadline(joiner.change_by_review, "有效期满前须预留审核时间的最晚提交日", note.source)
    ]
    problems: list[CaseProblem] = []
    if submit is None:
        return problems, deadlines
    if submit > joiner.change_by_review:
        message = f"计划提交日 {submit.isoformat()} 晚于{note.text}"
        problems.append(_on_submit(submit, note, message, blocking=False))
    if holder.hire_date is not None and submit > joiner.change_by_days:
        days = joiner.explanations["change_by_days"]
        advice = (
            "计划提交日晚于入职日：新单位应立即关联并办理变更，请尽早提交"
            if policy.employer_change.days_after_leaving == 0
            else "计划提交日已晚于此日期，请核对离开原单位的日期（逾期证件将失效）"
        )
        message = f"按入职本单位日期 {holder.hire_date.isoformat()} 推算，{days.text}；{advice}"
        problems.append(_on_submit(submit, days, message, blocking=False))
    return problems, deadlines


def _leaving(
    policy: DistrictPolicy, submit: dt.date | None, left_on: dt.date, calendar: WorkCalendar
) -> Found:
    leaver = leaver_deadlines(policy, left_on, calendar=calendar)
    note = leaver.explanations["cancel_by"]
    deadlines = [Deadline(leaver.cancel_by, "注销/解除关联期限", note.source)]
    if submit is None or submit <= leaver.cancel_by:
        return [], deadlines
    message = f"计划提交日 {submit.isoformat()} 晚于期限：{note.text}"
    return [_on_submit(submit, note, message, blocking=False)], deadlines
