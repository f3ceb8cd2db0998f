"""A case's items (材料) and the files attached to them, as rows.

An item's row holds what the clerk recorded (collected, its dates, a note); the checklist
itself is not stored (:mod:`.case_views` recomputes it). Edits are made from a copy the
clerk saw (:func:`item_copy`) and refused when the row moved on since.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlmodel import Session, col, select

from ..rules.checklists import ChecklistItem
from ..rules.context import RulesContext
from ..rules.dates import parse_optional_date
from ..rules.errors import FieldError, ValidationErrors, WrcError
from . import audit, versions
from .case_models import Case, CaseAttachment, CaseItem
from .case_views import case_checklist
from .cases import UNSET, get_case
from .models import Holder, written_id
from .records import NotFound

# Where the register's own fields prefill an item when the case is made.
_PREFILL = {
    "labor_contract": ("contract_start", "contract_end"),
    "degree_certificate": ("degree_date", None),
}


def add_items(
    session: Session, case: Case, items: Iterable[ChecklistItem], *, holder: Holder
) -> None:
    """A new case's item rows, dates prefilled from the holder's record where it holds them."""
    case_id = written_id(case)
    for item in items:
        row = CaseItem(case_id=case_id, key=item.key, title=item.title)
        start, end = _PREFILL.get(item.key, (None, None))
        row.dated = getattr(holder, start) if start else None
        row.valid_until = getattr(holder, end) if end else None
        session.add(row)
    session.flush()


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
    row = CaseItem(case_id=written_id(case), key=key, title=checklist.item(key).title)
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
        case_id,
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
        case_id=case_id,
        item_id=written_id(row),
        path=path,
        original_name=original_name,
        kind=kind,
        sha256=sha256,
    )
    session.add(attachment)
    session.flush()
    audit.record(session, "case", case_id, "attach", field=f"item.{key}", new=original_name or path)
    return attachment


def attachment_case(session: Session, attachment_id: int) -> int:
    """The id of the case an attachment belongs to."""
    attachment = session.get(CaseAttachment, attachment_id)
    if attachment is None:
        raise NotFound(f"附件（编号 {attachment_id}）不存在")
    return attachment.case_id


def remove_attachment(session: Session, attachment_id: int) -> CaseAttachment:
    """Forget an attachment (the caller removes its copied file); returns it."""
    attachment = session.get(CaseAttachment, attachment_id)
    if attachment is None:
        raise NotFound(f"附件（编号 {attachment_id}）不存在")
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
        select(CaseAttachment)
        .where(CaseAttachment.case_id == case_id)
        .order_by(col(CaseAttachment.id))
    ):
        result.setdefault(rows[attachment.item_id], []).append(attachment)
    return result
