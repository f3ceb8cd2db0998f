"""Cases (办理事项) as rows: find, list, write a new one, change its facts, record its moves.

Keyword-only functions that take the Session first, like :mod:`.holder_records`: input is
validated by :mod:`wrc_desktop.rules.case_records`, every change goes to the audit trail, and
the caller's session decides when the unit of work commits. What a case's life decides —
which kind may be made, whether a case may be marked 已提交, the permit period an approval
adds — is the desk's (:mod:`wrc_desktop.desk.case_lifecycle`); a case's items and files are
:mod:`.case_items`, its view with checklist and checks :mod:`.case_views`, the list of cases
:mod:`.case_list`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlmodel import Session, col, select

from ..rules.case_records import CASE_LABELS, HOUSING_CASES, clean_case
from ..rules.errors import FieldError, ValidationErrors, WrcError
from ..rules.vocab import CASE_KINDS, HOUSING_KINDS
from . import audit, holder_records, versions
from .case_models import Case
from .case_reads import where_in
from .case_statuses import CASE_STATUSES, OPEN_STATUSES, STATUS_MOVES
from .models import FamilyMember, Holder, Unit, utc_now, written_id
from .records import NotFound

UNSET: Any = object()


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"办理事项（编号 {case_id}）不存在")
    return case


def get_cases(session: Session, ids: Sequence[int]) -> list[Case]:
    """The cases of ``ids`` that exist, in the order of ``ids``."""
    found = {case.id: case for case in where_in(session, Case, col(Case.id), ids)}
    return [found[i] for i in ids if i in found]


def find_case(session: Session, reference: str) -> Case:
    """A case by its id (``12``) or number (``2026-0012``)."""
    text = str(reference).strip()
    case = session.exec(select(Case).where(Case.number == text)).first()
    if case is None and text.isdigit():
        case = session.get(Case, int(text))
    if case is None:
        raise NotFound(f"没有编号为“{text}”的办理事项")
    return case


def list_cases(
    session: Session,
    *,
    status: str | None = None,
    holder_id: int | None = None,
    open_only: bool = False,
) -> list[Case]:
    statement = select(Case).order_by(col(Case.id).desc())
    if status:
        statement = statement.where(Case.status == status)
    if open_only:
        statement = statement.where(col(Case.status).in_(OPEN_STATUSES))
    if holder_id is not None:
        statement = statement.where(Case.holder_id == holder_id)
    return list(session.exec(statement))


def _next_number(session: Session, year: int) -> str:
    numbers = session.exec(select(Case.number).where(col(Case.number).startswith(f"{year}-"))).all()
    last = max((int(n.split("-")[1]) for n in numbers if n.split("-")[1].isdigit()), default=0)
    return f"{year}-{last + 1:04d}"


def check_family(session: Session, holder: Holder, ids: Iterable[int]) -> None:
    """Refuse family member ids that are not the holder's own (a case picks among them)."""
    own = {
        m.id for m in session.exec(select(FamilyMember).where(FamilyMember.holder_id == holder.id))
    }
    strangers = [str(i) for i in ids if i not in own]
    if strangers:
        raise ValidationErrors(
            [
                FieldError(
                    "family_ids",
                    f"编号 {'、'.join(strangers)} 不是{holder.name}的随往人员",
                    label="随往人员",
                )
            ]
        )


def insert_case(
    session: Session, *, holder: Holder, unit: Unit, values: Mapping[str, Any], year: int
) -> Case:
    """Write a new case in 准备中 from cleaned ``values`` (:func:`~wrc_desktop.rules.case_records.clean_case`),
    numbered after the year's last one; its items are :func:`.case_items.add_items`."""
    case = Case(
        number=_next_number(session, year),
        holder_id=written_id(holder),
        unit_id=written_id(unit),
        district=unit.district,
        kind=values["kind"],
        clause=values["clause"],
        housing=values["housing"],
        family_ids=",".join(map(str, values["family_ids"])),
        submit_on=values["submit_on"],
        notes=values["notes"],
    )
    session.add(case)
    session.flush()
    audit.record(
        session,
        "case",
        written_id(case),
        "create",
        new=f"{case.number} {holder.name} {CASE_KINDS[case.kind]}",
    )
    return case


def refuse_stale_case(
    case: Case, expected_version: int | None, seen: Mapping[str, Any] | None
) -> None:
    """Refuse (:class:`.versions.StaleRecord`) an edit made from a copy of the case older than the stored one."""
    versions.refuse([_stale_case(case, expected_version, seen)])


def refuse_move(case: Case, status: str) -> None:
    """Refuse a status that does not exist, or that cannot follow the case's status."""
    if status not in CASE_STATUSES:
        raise WrcError(
            f"“{status}”不是办理状态（可选：{'、'.join(f'{k} {v}' for k, v in CASE_STATUSES.items())}）"
        )
    if status not in STATUS_MOVES[case.status]:
        raise WrcError(
            f"办理事项 {case.number} 当前为“{CASE_STATUSES[case.status]}”，不能改为“{CASE_STATUSES[status]}”"
        )


def record_status(
    session: Session,
    case: Case,
    *,
    status: str,
    day: dt.date,
    note: str,
    approved_expiry: dt.date | None = None,
) -> Case:
    """Write a move the caller has checked (:func:`refuse_move`): the status, its date and note, audited."""
    old = case.status
    if status == "submitted":
        case.submitted_on = day
    elif status in ("rejected", "approved"):
        case.decided_on = day
    if approved_expiry is not None:
        case.approved_expiry = approved_expiry
    case.status = status
    case.status_note = note
    case.updated_at = utc_now()
    session.add(case)
    audit.record(
        session,
        "case",
        written_id(case),
        "status",
        field="status",
        old=CASE_STATUSES[old],
        new=CASE_STATUSES[status],
        note=note,
    )
    session.flush()
    return case


def assign_case(session: Session, case_id: int, *, clerk: str) -> Case:
    """Record ``clerk`` as the one who carries the case on (audited)."""
    case = get_case(session, case_id)
    before = case.assigned_to
    case.assigned_to = clerk
    session.add(case)
    audit.record(session, "case", case_id, "assign", field="assigned_to", old=before, new=clerk)
    return case


def update_case(
    session: Session,
    case_id: int,
    *,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    seen: Mapping[str, Any] | None = None,
) -> Case:
    """Change the facts of a case (clause, housing, family, planned date, incomes, notes).

    Refused when the caller's copy (``expected_version``, ``seen`` as :func:`case_copy`) is stale.
    """
    case = get_case(session, case_id)
    versions.refuse([_stale_case(case, expected_version, seen)])
    allowed = {"clause", "housing", "family_ids", "submit_on", "incomes", "notes"}
    unknown = set(data) - allowed
    if unknown:
        raise WrcError(f"不能修改办理事项的 {', '.join(sorted(unknown))}")
    values = clean_case(data)
    if "family_ids" in values:
        check_family(
            session, holder_records.get_holder(session, case.holder_id), values["family_ids"]
        )
        values["family_ids"] = ",".join(map(str, values["family_ids"]))
    if "incomes" in values:
        values["incomes"] = json.dumps(values["incomes"]) if values["incomes"] else ""
    before = case.model_dump()
    if audit.record_changes(session, "case", case_id, before, values):
        for key, value in values.items():
            setattr(case, key, value)
        case.updated_at = utc_now()
        session.add(case)
        with versions.guarded(f"办理事项 {case.number}"):
            session.flush()
    return case


def set_folder(session: Session, case_id: int, *, folder: str) -> Case:
    case = get_case(session, case_id)
    if case.folder != folder:
        audit.record(
            session, "case", case_id, "update", field="folder", old=case.folder, new=folder
        )
        case.folder = folder
        session.add(case)
        session.flush()
    return case


def case_copy(case: Case) -> dict[str, Any]:
    """What a case window shows of a case's own fields: it passes them back as ``seen``."""
    return {name: getattr(case, name) for name in _CASE_COPY_LABELS}


_CASE_COPY_LABELS = {
    **{
        k: CASE_LABELS[k]
        for k in ("clause", "housing", "family_ids", "submit_on", "incomes", "notes", "status_note")
    },
    "status": "办理状态",
}


def _stale_case(
    case: Case, expected: int | None, seen: Mapping[str, Any] | None
) -> versions.StaleCopy | None:
    return versions.stale_copy(
        subject=f"办理事项 {case.number}",
        current_version=case.version,
        current=case_copy(case),
        expected_version=expected,
        seen=seen,
        labels=_CASE_COPY_LABELS,
        choices={"status": CASE_STATUSES, "housing": HOUSING_KINDS},
    )


def housing_needed(kind: str) -> bool:
    return kind in HOUSING_CASES
