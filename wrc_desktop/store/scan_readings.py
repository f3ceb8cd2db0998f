"""What a scan was read to say, and what of it differs from the register, kept on its attachment.

The desk records it when the clerk reviews a reading (:func:`record_mismatches`); the case
check sees it, through :func:`.mismatch_notes.open_mismatches`, as a problem of the item until
the scan is replaced (the attachment goes with it) or the clerk dismisses it
(:func:`dismiss_mismatches`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlmodel import Session

from ..rules.errors import WrcError
from . import audit, records
from .case_models import CaseAttachment

# Read by the case check too, without the ORM: kept apart; named here for the writes below.
from .mismatch_notes import stored_mismatches


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
