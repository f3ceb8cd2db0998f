"""A case's life under the rules: what may be made, when it may be marked 已提交, what an
approval writes.

The decisions live here; the rows are written by the store (:mod:`wrc_desktop.store.cases`,
:mod:`~wrc_desktop.store.case_items`, :mod:`~wrc_desktop.store.permit_records`). Each step
works inside the caller's unit of work: :mod:`.cases` opens it for the window and the command
line, and tests set a register up with the same steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from ..rules.case_records import clean_case, suggested_expiry
from ..rules.context import RulesContext
from ..rules.dates import add_years, parse_date, parse_optional_date
from ..rules.errors import FieldError, ValidationErrors, WrcError
from ..store import case_items, case_views, holder_records, permit_records
from ..store import cases as store_cases
from ..store.case_models import CASE_STATUSES, Case
from ..store.models import PermitPeriod, Unit, written_id
from ..store.records import get_record

UNSET = store_cases.UNSET
# The kinds whose approval gives the permit a new validity period, and the period's source.
PERIOD_SOURCE = {"new": "new", "renewal": "renewal", "auto-extension": "auto-extension"}


def create_case(
    session: Session,
    *,
    holder_id: int,
    kind: str,
    rules: RulesContext,
    clause: Any = None,
    housing: Any = UNSET,
    family_ids: Any = (),
    submit_on: Any = None,
    notes: str = "",
) -> Case:
    """A new case in 准备中 for a holder, with its checklist's items; the district comes from
    the holder's unit. 自动延续 is refused where the district has none."""
    holder = holder_records.get_holder(session, holder_id)
    unit = get_record(session, Unit, holder.unit_id, "单位")
    values = clean_case(
        {
            "kind": kind,
            "clause": clause,
            "family_ids": family_ids,
            "submit_on": submit_on,
            "notes": notes,
            "housing": holder.housing_kind if housing is UNSET else housing,
        }
    )
    store_cases.check_family(session, holder, values["family_ids"])
    policy = rules.policy(unit.district)
    if values["kind"] == "auto-extension" and not policy.auto_extension.enabled:
        raise ValidationErrors(
            [
                FieldError(
                    "kind", f"{policy.name}没有有效期自动延续，请改为办理续签", label="办理事项"
                )
            ]
        )
    case = store_cases.insert_case(
        session, holder=holder, unit=unit, values=values, year=rules.today.year
    )
    facts = case_views.case_facts(session, case, on=case.submit_on or rules.today)
    case_items.add_items(session, case, rules.checklist(facts).items, holder=holder)
    return case


def set_status(
    session: Session,
    case_id: int,
    *,
    status: str,
    on: Any,
    rules: RulesContext,
    note: str = "",
    expiry: Any = None,
    force: bool = False,
    expected_version: int | None = None,
    seen: Mapping[str, Any] | None = None,
) -> Case:
    """Move a case on (准备中 → 已提交 → 退回补正 / 不予受理 / 已核准).

    Marking a case 已提交 while a problem blocks it is refused unless ``force``. Approving a
    新办, 续签 or 自动延续 adds the permit's new validity period; ``expiry`` defaults to
    :func:`suggest_expiry`. Refused when the caller's copy of the case is stale.
    """
    case = store_cases.get_case(session, case_id)
    store_cases.refuse_stale_case(case, expected_version, seen)
    store_cases.refuse_move(case, status)
    day = parse_date(on, field="on", label="日期")
    note = clean_case({"status_note": note})["status_note"]
    if status in ("returned", "rejected") and not note:
        raise ValidationErrors(
            [FieldError("status_note", f"请写明{CASE_STATUSES[status]}的原因", label="说明")]
        )
    if status == "submitted" and not force:
        _refuse_blocked(session, case, rules.on(day))
    approved_expiry = None
    if status == "approved" and case.kind in PERIOD_SOURCE:
        approved_expiry = parse_optional_date(
            expiry, field="expiry", label="新的有效期至"
        ) or suggest_expiry(session, case_id, on=day, rules=rules)
        if approved_expiry is None:
            raise ValidationErrors(
                [FieldError("expiry", "请填写新的有效期至", label="新的有效期至")]
            )
        _add_period(session, case, day, approved_expiry)
    return store_cases.record_status(
        session, case, status=status, day=day, note=note, approved_expiry=approved_expiry
    )


def _refuse_blocked(session: Session, case: Case, rules: RulesContext) -> None:
    """Refuse 已提交 while the case's checks (the same view the window shows) name a blocking problem."""
    blocking = case_views.case_view(session, written_id(case), rules=rules).check.blocking
    if blocking:
        shown = "；".join(f"{p.subject}：{p.message}" for p in blocking[:3])
        more = f" 等 {len(blocking)} 个问题" if len(blocking) > 3 else ""
        raise WrcError(
            f"办理事项 {case.number} 尚不能提交：{shown}{more}。如确已提交，可强制标记为已提交（命令行加 --force）"
        )


def suggest_expiry(
    session: Session, case_id: int, *, on: dt.date, rules: RulesContext
) -> dt.date | None:
    """The new expiry to propose on approval: on + validity years − 1 day; 自动延续: to the contract end."""
    case = store_cases.get_case(session, case_id)
    policy = rules.policy(case.district)
    if case.kind == "auto-extension":
        holder = holder_records.get_holder(session, case.holder_id)
        current = _current_period(session, case.holder_id)
        if current is None or holder.contract_end is None:
            return None
        return min(holder.contract_end, add_years(current.expiry, policy.auto_extension.max_years))
    return suggested_expiry(on, policy.renewal.validity_years)


def _current_period(session: Session, holder_id: int) -> PermitPeriod | None:
    detail = holder_records.holder_detail(session, holder_id)
    return detail.current_permit.current if detail.current_permit else None


def _add_period(session: Session, case: Case, day: dt.date, expiry: dt.date) -> None:
    """The approved period: the holder's first permit, or a new period of the current one
    (自动延续 continues the day after the current period ends)."""
    detail = holder_records.holder_detail(session, case.holder_id)
    source = PERIOD_SOURCE[case.kind]
    if detail.current_permit is None:
        permit_records.add_permit(
            session,
            case.holder_id,
            permit={"first_issued": day, "start": day, "expiry": expiry},
            source=source,
        )
        return
    current = detail.current_permit.current
    start = (
        current.expiry + dt.timedelta(days=1) if case.kind == "auto-extension" and current else day
    )
    permit_records.add_period(
        session,
        written_id(detail.current_permit.permit),
        start=start,
        expiry=expiry,
        source=source,
    )
