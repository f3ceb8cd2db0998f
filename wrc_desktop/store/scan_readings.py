"""What a scan was read to say, and what of it differs from the register, kept on its attachment.

The desk records it when the clerk reviews a reading (:func:`record_mismatches`); the case
check sees it, through :func:`open_mismatches`, as a problem of the item until the scan is
replaced (the attachment goes with it) or the clerk dismisses it (:func:`dismiss_mismatches`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlmodel import Session

from ..rules.errors import WrcError
from ..rules.scan_mismatches import ScanMismatch
from . import audit, records
from .case_models import CaseAttachment


def stored_mismatches(attachment: CaseAttachment) -> list[dict[str, str]]:
    """The differences recorded on ``attachment`` (``[]`` if it was never read or holds junk)."""
    try:
        found = json.loads(attachment.read_mismatches or "[]")
    except ValueError:
        return []
    if not isinstance(found, list):
        return []
    return [
        {"field": str(m.get("field", "")), "message": str(m.get("message", ""))}
        for m in found
        if isinstance(m, dict) and m.get("message")
    ]


def open_mismatches(attachments: Iterable[CaseAttachment]) -> tuple[ScanMismatch, ...]:
    """The differences of an item's scans that the clerk has not dismissed."""
    return tuple(
        ScanMismatch(a.original_name or a.path, m["field"], m["message"])
        for a in attachments
        if a.kind == "file" and not a.mismatches_dismissed
        for m in stored_mismatches(a)
    )


def _attachment(session: Session, attachment_id: int) -> CaseAttachment:
    attachment = session.get(CaseAttachment, attachment_id)
    if attachment is None:
        raise records.NotFound(f"附件（编号 {attachment_id}）不存在")
    return attachment


def record_mismatches(
    session: Session, attachment_id: int, mismatches: Sequence[tuple[str, str]]
) -> CaseAttachment:
    """Keep what a reading of the attachment found differing: ``(field, message)`` pairs.

    A reading that finds the same differences leaves a dismissal standing; different ones
    (or none) replace what was kept and are open again.
    """
    attachment = _attachment(session, attachment_id)
    found = [{"field": f, "message": m} for f, m in mismatches]
    if found == stored_mismatches(attachment):
        return attachment
    attachment.read_mismatches = json.dumps(found, ensure_ascii=False) if found else ""
    attachment.mismatches_dismissed = False
    session.add(attachment)
    audit.record(
        session,
        "case",
        attachment.case_id,
        "scan_mismatch",
        field=attachment.original_name or attachment.path,
        new="；".join(m for _, m in mismatches) or "一致",
    )
    session.flush()
    return attachment


def keep_reading(session: Session, attachment_id: int, reading: str) -> None:
    """Keep the attachment's reading (:mod:`wrc_desktop.scanread.stored`) so it is not read again."""
    attachment = _attachment(session, attachment_id)
    if attachment.reading != reading:
        attachment.reading = reading
        session.add(attachment)
        session.flush()


def dismiss_mismatches(session: Session, attachment_id: int) -> CaseAttachment:
    """The clerk checked the original: the attachment's differences no longer block the case."""
    attachment = _attachment(session, attachment_id)
    if not stored_mismatches(attachment):
        raise WrcError(f"附件“{attachment.original_name or attachment.path}”没有待核对的不一致")
    attachment.mismatches_dismissed = True
    session.add(attachment)
    audit.record(
        session,
        "case",
        attachment.case_id,
        "scan_mismatch_dismissed",
        field=attachment.original_name or attachment.path,
    )
    session.flush()
    return attachment
