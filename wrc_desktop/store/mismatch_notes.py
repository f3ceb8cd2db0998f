"""The differences a reading of a scan found, as kept on its attachment (``read_mismatches``).

Apart from :mod:`.scan_readings`, which records and dismisses them through the table models:
the case check reads them from either read of a case's records (:mod:`.case_records`), the
due list's among them, which loads nothing of the ORM.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..rules.scan_mismatches import ScanMismatch
from .case_records import AttachmentRecord


def stored_mismatches(attachment: AttachmentRecord) -> list[dict[str, str]]:
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


def open_mismatches(attachments: Iterable[AttachmentRecord]) -> tuple[ScanMismatch, ...]:
    """The differences of an item's scans that the clerk has not dismissed."""
    return tuple(
        ScanMismatch(a.original_name or a.path, m["field"], m["message"])
        for a in attachments
        if a.kind == "file" and not a.mismatches_dismissed
        for m in stored_mismatches(a)
    )
