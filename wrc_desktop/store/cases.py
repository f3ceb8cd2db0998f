"""Cases (办理事项) in the register: create, change, move through their statuses, record items and files.

Keyword-only functions that take the Session first, like :mod:`.repo`: input is validated
by :mod:`wrc_desktop.rules.case_records`, every change goes to the audit trail, and the
caller's session decides when the unit of work commits. :func:`case_view` puts a case
together with its checklist and checks (:func:`case_views`, many cases at once); the list of
cases is :mod:`.case_list`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from ..rules.case_checks import CaseCheck, HolderDates, ItemState, check_case
from ..rules.case_records import CASE_LABELS, HOUSING_CASES, clean_case, suggested_expiry
from ..rules.checklists import CaseFacts, Checklist, ChecklistItem, Child
from ..rules.context import RulesContext
from ..rules.dates import add_years, parse_date, parse_optional_date
from ..rules.errors import FieldError, ValidationErrors, WrcError
from ..rules.vocab import CASE_KINDS, HOUSING_KINDS
from . import audit, holder_records, permit_records, records, versions
from .case_models import CASE_STATUSES, OPEN_STATUSES, STATUS_MOVES, Case, CaseAttachment, CaseItem
from .case_reads import CaseReads, read_cases, where_in
from .models import FamilyMember, Holder, Unit, utc_now
from .scan_readings import open_mismatches

UNSET: Any = object()
# Where the register's own fields prefill an item when the case is made.
_PREFILL = {
    "labor_contract": ("contract_start", "contract_end"),
    "degree_certificate": ("degree_date", None),
}
PERIOD_SOURCE = {"new": "new", "renewal": "renewal", "auto-extension": "auto-extension"}


# ---------------------------------------------------------------- creating and changing


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
    """A new case in 准备中 for a holder; the district comes from the holder's unit."""
    holder = holder_records.get_holder(session, holder_id)
    unit = session.get(Unit, holder.unit_id)
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
    _check_family(session, holder, values["family_ids"])
    policy = rules.policy(unit.district)
    if values["kind"] == "auto-extension" and not policy.auto_extension.enabled:
        raise ValidationErrors(
            [
                FieldError(
                    "kind", f"{policy.name}没有有效期自动延续，请改为办理续签", label="办理事项"
                )
            ]
        )
    case = Case(
        number=_next_number(session, rules.today.year),
        holder_id=holder.id,
        unit_id=unit.id,
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
        case.id,
        "create",
        new=f"{case.number} {holder.name} {CASE_KINDS[case.kind]}",
    )
    checklist = rules.checklist(case_facts(session, case, on=case.submit_on or rules.today))
    for item in checklist.items:
        row = CaseItem(case_id=case.id, key=item.key, title=item.title)
        start, end = _PREFILL.get(item.key, (None, None))
        row.dated = getattr(holder, start) if start else None
        row.valid_until = getattr(holder, end) if end else None
        session.add(row)
    session.flush()
    return case


def _next_number(session: Session, year: int) -> str:
    numbers = session.exec(select(Case.number).where(col(Case.number).startswith(f"{year}-"))).all()
    last = max((int(n.split("-")[1]) for n in numbers if n.split("-")[1].isdigit()), default=0)
    return f"{year}-{last + 1:04d}"


def _check_family(session: Session, holder: Holder, ids: Iterable[int]) -> None:
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
        _check_family(
            session, holder_records.get_holder(session, case.holder_id), values["family_ids"]
        )
        values["family_ids"] = ",".join(map(str, values["family_ids"]))
    if "incomes" in values:
        values["incomes"] = json.dumps(values["incomes"]) if values["incomes"] else ""
    before = case.model_dump()
    if audit.record_changes(session, "case", case.id, before, values):
        for key, value in values.items():
            setattr(case, key, value)
        case.updated_at = utc_now()
        session.add(case)
        with versions.guarded(f"办理事项 {case.number}"):
            session.flush()
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

    Marking a case 已提交 while a problem blocks it is refused unless ``force``. Approving a 新办, 续签 or 自动延续 adds the permit's new validity period; ``expiry``
    defaults to :func:`suggest_expiry`. Refused when the caller's copy of the case is stale.
    """
    case = get_case(session, case_id)
    versions.refuse([_stale_case(case, expected_version, seen)])
    if status not in CASE_STATUSES:
        raise WrcError(
            f"“{status}”不是办理状态（可选：{'、'.join(f'{k} {v}' for k, v in CASE_STATUSES.items())}）"
        )
    if status not in STATUS_MOVES[case.status]:
        raise WrcError(
            f"办理事项 {case.number} 当前为“{CASE_STATUSES[case.status]}”，不能改为“{CASE_STATUSES[status]}”"
        )
    day = parse_date(on, field="on", label="日期")
    values = clean_case({"status_note": note})
    if status in ("returned", "rejected") and not values["status_note"]:
        raise ValidationErrors(
            [FieldError("status_note", f"请写明{CASE_STATUSES[status]}的原因", label="说明")]
        )
    if status == "submitted" and not force:
        blocking = case_view(session, case.id, rules=rules.on(day)).check.blocking
        if blocking:
            shown = "；".join(f"{p.subject}：{p.message}" for p in blocking[:3])
            more = f" 等 {len(blocking)} 个问题" if len(blocking) > 3 else ""
            raise WrcError(
                f"办理事项 {case.number} 尚不能提交：{shown}{more}。如确已提交，可强制标记为已提交（命令行加 --force）"
            )
    old = case.status
    if status == "submitted":
        case.submitted_on = day
    elif status in ("rejected", "approved"):
        case.decided_on = day
    if status == "approved" and case.kind in PERIOD_SOURCE:
        new_expiry = parse_optional_date(
            expiry, field="expiry", label="新的有效期至"
        ) or suggest_expiry(session, case.id, on=day, rules=rules)
        if new_expiry is None:
            raise ValidationErrors(
                [FieldError("expiry", "请填写新的有效期至", label="新的有效期至")]
            )
        _add_period(session, case, day, new_expiry)
        case.approved_expiry = new_expiry
    case.status = status
    case.status_note = values["status_note"]
    case.updated_at = utc_now()
    session.add(case)
    audit.record(
        session,
        "case",
        case.id,
        "status",
        field="status",
        old=CASE_STATUSES[old],
        new=CASE_STATUSES[status],
        note=values["status_note"],
    )
    session.flush()
    return case


def suggest_expiry(
    session: Session, case_id: int, *, on: dt.date, rules: RulesContext
) -> dt.date | None:
    """The new expiry to propose on approval: on + validity years − 1 day; 自动延续: to the contract end."""
    case = get_case(session, case_id)
    policy = rules.policy(case.district)
    if case.kind == "auto-extension":
        holder = holder_records.get_holder(session, case.holder_id)
        current = _current_period(session, case.holder_id)
        if current is None or holder.contract_end is None:
            return None
        return min(holder.contract_end, add_years(current.expiry, policy.auto_extension.max_years))
    return suggested_expiry(on, policy.renewal.validity_years)


def _current_period(session: Session, holder_id: int):
    detail = holder_records.holder_detail(session, holder_id)
    return detail.current_permit.current if detail.current_permit else None


def _add_period(session: Session, case: Case, day: dt.date, expiry: dt.date) -> None:
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
        session, detail.current_permit.permit.id, start=start, expiry=expiry, source=source
    )


def set_folder(session: Session, case_id: int, *, folder: str) -> Case:
    case = get_case(session, case_id)
    if case.folder != folder:
        audit.record(
            session, "case", case.id, "update", field="folder", old=case.folder, new=folder
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


# ---------------------------------------------------------------- items and attachments

_ITEM_LABELS = {"collected": "原件已收", "dated": "日期", "valid_until": "有效期至", "note": "备注"}


def item_copy(row: CaseItem | None) -> dict[str, Any]:
    """What a case window shows of one item (None: an item with no stored row yet)."""
    return {name: getattr(row, name) if row is not None else None for name in _ITEM_LABELS}


def _stale_item(
    case: Case, key: str, row: CaseItem | None, expected: int | None, seen: Mapping[str, Any] | None
) -> versions.StaleCopy | None:
    subject = f"办理事项 {case.number} 的材料“{row.title if row else key}”"
    if row is None and expected:
        return versions.StaleCopy(subject, gone=True)
    return versions.stale_copy(
        subject=subject,
        current_version=row.version if row else 0,
        current=item_copy(row),
        expected_version=expected,
        seen=seen,
        labels=_ITEM_LABELS,
    )


def _row(session: Session, case: Case, key: str, rules: RulesContext) -> CaseItem:
    row = session.exec(
        select(CaseItem).where(CaseItem.case_id == case.id, CaseItem.key == key)
    ).first()
    if row is not None:
        return row
    checklist = case_checklist(session, case, rules=rules)
    if key not in checklist.item_keys():
        raise WrcError(f"办理事项 {case.number} 的材料清单中没有“{key}”")
    row = CaseItem(case_id=case.id, key=key, title=checklist.item(key).title)
    session.add(row)
    session.flush()
    return row


def update_item(
    session: Session,
    case_id: int,
    key: str,
    *,
    rules: RulesContext,
    collected: Any = UNSET,
    dated: Any = UNSET,
    valid_until: Any = UNSET,
    note: Any = UNSET,
    expected_version: int | None = None,
    seen: Mapping[str, Any] | None = None,
) -> CaseItem:
    """Record an item's state and dates (落款/出具日期, 有效期至).

    ``expected_version`` is the item's version as the caller read it (:attr:`ItemRow.version`;
    0 for an item that had no stored row yet) and ``seen`` its :func:`item_copy`.
    """
    case = get_case(session, case_id)
    stored = session.exec(
        select(CaseItem).where(CaseItem.case_id == case.id, CaseItem.key == key)
    ).first()
    versions.refuse([_stale_item(case, key, stored, expected_version, seen)])
    row = stored or _row(session, case, key, rules)
    values: dict[str, Any] = {}
    errors = []
    for name, value, label in (("dated", dated, "日期"), ("valid_until", valid_until, "有效期至")):
        if value is not UNSET:
            try:
                values[name] = parse_optional_date(value, field=name, label=f"{row.title}的{label}")
            except FieldError as error:
                errors.append(error)
    if errors:
        raise ValidationErrors(errors)
    if collected is not UNSET:
        values["collected"] = bool(collected)
    if note is not UNSET:
        values["note"] = str(note or "").strip()[:500]
    before = row.model_dump()
    audit.record_changes(
        session,
        "case",
        case.id,
        {f"item.{key}.{n}": before.get(n) for n in values},
        {f"item.{key}.{n}": v for n, v in values.items()},
    )
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    with versions.guarded(f"办理事项 {case.number} 的材料“{row.title}”"):
        session.flush()
    return row


def add_attachment(
    session: Session,
    case_id: int,
    key: str,
    *,
    path: str,
    rules: RulesContext,
    original_name: str = "",
    kind: str = "file",
    sha256: str = "",
) -> CaseAttachment:
    """Record a file (relative to the case folder) attached to an item."""
    if kind not in ("file", "form"):
        raise WrcError(f"附件类型“{kind}”无效")
    case = get_case(session, case_id)
    row = _row(session, case, key, rules)
    attachment = CaseAttachment(
        case_id=case.id,
        item_id=row.id,
        path=path,
        original_name=original_name,
        kind=kind,
        sha256=sha256,
    )
    session.add(attachment)
    session.flush()
    audit.record(session, "case", case.id, "attach", field=f"item.{key}", new=original_name or path)
    return attachment


def attachment_case(session: Session, attachment_id: int) -> int:
    """The id of the case an attachment belongs to."""
    attachment = session.get(CaseAttachment, attachment_id)
    if attachment is None:
        raise records.NotFound(f"附件（编号 {attachment_id}）不存在")
    return attachment.case_id


def remove_attachment(session: Session, attachment_id: int) -> CaseAttachment:
    """Forget an attachment (the caller removes its copied file); returns it."""
    attachment = session.get(CaseAttachment, attachment_id)
    if attachment is None:
        raise records.NotFound(f"附件（编号 {attachment_id}）不存在")
    audit.record(
        session,
        "case",
        attachment.case_id,
        "detach",
        old=attachment.original_name or attachment.path,
    )
    session.delete(attachment)
    session.flush()
    return attachment


def attachments_by_item(session: Session, case_id: int) -> dict[str, list[CaseAttachment]]:
    rows = {r.id: r.key for r in session.exec(select(CaseItem).where(CaseItem.case_id == case_id))}
    result: dict[str, list[CaseAttachment]] = {}
    for attachment in session.exec(
        select(CaseAttachment).where(CaseAttachment.case_id == case_id).order_by(CaseAttachment.id)
    ):
        result.setdefault(rows[attachment.item_id], []).append(attachment)
    return result


# ---------------------------------------------------------------- reading


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise records.NotFound(f"办理事项（编号 {case_id}）不存在")
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
        raise records.NotFound(f"没有编号为“{text}”的办理事项")
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


def case_facts(session: Session, case: Case, *, on: dt.date) -> CaseFacts:
    holder = session.get(Holder, case.holder_id)
    unit = session.get(Unit, case.unit_id)
    family = session.exec(select(FamilyMember).where(FamilyMember.holder_id == case.holder_id))
    assert holder is not None and unit is not None
    return _facts(case, holder, unit, family, on=on)


def _facts(
    case: Case, holder: Holder, unit: Unit, family: Iterable[FamilyMember], *, on: dt.date
) -> CaseFacts:
    """What the case's checklist depends on; ``family``: the holder's, the case picks its own."""
    ids = {int(i) for i in case.family_ids.split(",") if i}
    members = [m for m in family if m.id in ids]
    flags = frozenset(
        flag for flag in ("tech_innovation", "tech_service", "ai_key") if getattr(unit, flag)
    )
    return CaseFacts(
        district=case.district,
        kind=case.kind,
        on=on,
        clause=case.clause,
        housing=case.housing,
        unit_kind=unit.kind,
        unit_flags=flags,
        spouse=any(m.relation == "spouse" for m in members),
        children=tuple(Child(m.name, m.birth_date) for m in members if m.relation == "child"),
        degree_date=holder.degree_date,
        degree_foreign=holder.degree_foreign,
    )


def case_checklist(session: Session, case: Case, *, rules: RulesContext) -> Checklist:
    return rules.checklist(case_facts(session, case, on=case.submit_on or rules.today))


@dataclass
class ItemRow:
    """One line of a case's checklist as the clerk sees it."""

    number: int
    item: ChecklistItem | None  # None: an item no longer listed that still has files
    key: str
    title: str
    state: ItemState
    row: CaseItem | None
    attachments: list[CaseAttachment] = field(default_factory=list)
    valid_through: dt.date | None = None

    @property
    def version(self) -> int:
        """What :func:`update_item` takes as ``expected_version`` for an edit made from this row."""
        return self.row.version if self.row is not None else 0


@dataclass
class CaseView:
    case: Case
    holder: Holder
    unit: Unit
    checklist: Checklist
    rows: list[ItemRow]
    check: CaseCheck

    @property
    def kind_label(self) -> str:
        return CASE_KINDS[self.case.kind]

    @property
    def status_label(self) -> str:
        return CASE_STATUSES[self.case.status]


def case_view(session: Session, case_id: int, *, rules: RulesContext) -> CaseView:
    """A case with its checklist, each item's state and files, and the checks at the planned date."""
    case = get_case(session, case_id)
    return _view(case, read_cases(session, [case])[case_id], rules)


def case_views(session: Session, cases: Sequence[Case], *, rules: RulesContext) -> list[CaseView]:
    """:func:`case_view` of each case, their records read together (a few queries in all)."""
    reads = read_cases(session, cases)
    return [_view(case, reads[case.id], rules) for case in cases]


def _view(case: Case, reads: CaseReads, rules: RulesContext) -> CaseView:
    today = rules.today
    holder, unit, stored, files = reads.holder, reads.unit, reads.stored, reads.files
    checklist = rules.checklist(
        _facts(case, holder, unit, reads.family, on=case.submit_on or today)
    )
    states = {
        key: _state(key, stored.get(key), files.get(key, []))
        for key in set(stored) | set(checklist.item_keys())
    }
    dates = HolderDates(
        hire_date=holder.hire_date,
        left_on=holder.left_on,
        contract_end=holder.contract_end,
        degree_date=holder.degree_date,
        degree_foreign=holder.degree_foreign,
        expiry=reads.period.expiry if reads.period else None,
        first_issued=reads.permit.first_issued if reads.permit else None,
        ai_key=unit.ai_key,
        birth_date=holder.birth_date,
        gender=holder.gender,
        social_insurance_start=holder.social_insurance_start,
        retirement_track=holder.retirement_track,
        # 东城's counter days: the unit's cases planned for the same week (or its setting).
        applications=rules.volumes.for_case(case.unit_id, case.submit_on),
    )
    incomes = json.loads(case.incomes) if case.incomes else []
    if case.status in ("approved", "rejected"):
        # A decided case is history: its checks would run against the permit it has since changed.
        check = CaseCheck(case.submit_on, (), ())
    else:
        check = check_case(
            checklist,
            states,
            submit=case.submit_on,
            holder=dates,
            unit_kind=unit.kind,
            incomes=incomes,
            wages=rules.wages,
            today=today,
            policy=rules.policy(case.district),
            calendar=rules.calendar,
        )
    rows = [
        ItemRow(
            n,
            item,
            item.key,
            item.title,
            states[item.key],
            stored.get(item.key),
            files.get(item.key, []),
            check.valid_through.get(item.key),
        )
        for n, item in enumerate(checklist.items, start=1)
    ]
    extra = [key for key in stored if key not in checklist.item_keys() and files.get(key)]
    rows += [
        ItemRow(
            len(rows) + n,
            None,
            key,
            f"{stored[key].title}（已不在清单中）",
            states[key],
            stored[key],
            files[key],
        )
        for n, key in enumerate(extra, start=1)
    ]
    return CaseView(case, holder, unit, checklist, rows, check)


def _state(key: str, row: CaseItem | None, files: list[CaseAttachment]) -> ItemState:
    return ItemState(
        key,
        collected=bool(row and row.collected),
        files=sum(a.kind == "file" for a in files),
        forms=sum(a.kind == "form" for a in files),
        dated=row.dated if row else None,
        valid_until=row.valid_until if row else None,
        scan_mismatches=open_mismatches(files),
    )


def housing_needed(kind: str) -> bool:
    return kind in HOUSING_CASES
