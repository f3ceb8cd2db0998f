"""Saving a holder edited in a dialog against the copy the dialog showed.

The dialog reads a holder with :func:`read_holder` (the detail to show and a
:class:`HolderCopy`: versions and values as plain data) and, when the clerk saves,
hands the copy back with the typed values to :func:`save_holder`. If an import or
another window changed the holder, its permit or family meanwhile, nothing is
written and :class:`.versions.StaleRecord` names every change at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from ..rules.errors import FieldError, ValidationErrors
from . import copies, holder_records, permit_records
from .versions import StaleRecord


@dataclass(frozen=True)
class HolderCopy:
    """What the dialog showed, as plain values: the versions and values a save is checked against."""

    holder_id: int
    version: int
    seen: dict[str, Any]
    permit_id: int | None = None
    permit_version: int | None = None
    permit_seen: dict[str, Any] | None = None


def read_holder(session: Session, holder_id: int) -> tuple[holder_records.HolderDetail, HolderCopy]:
    """The holder as the dialog shows it, and the copy a save is checked against."""
    detail = holder_records.holder_detail(session, holder_id)
    current = detail.current_permit
    copy = HolderCopy(
        holder_id,
        detail.holder.version,
        copies.holder_copy(detail),
        current.permit.id if current else None,
        current.permit.version if current else None,
        copies.permit_copy(current) if current else None,
    )
    return detail, copy


def save_holder(
    session: Session,
    copy: HolderCopy,
    *,
    unit_id: int,
    holder: dict[str, Any],
    family: list[dict[str, Any]],
    permit: dict[str, Any],
    renewal: tuple[str, str],
) -> int:
    """Save the dialog's values against the copy it showed; a stale holder or permit is refused as one message."""
    stale: list[StaleRecord] = []
    try:
        holder_records.update_holder(
            session,
            copy.holder_id,
            holder=holder,
            family=family,
            unit_id=unit_id,
            expected_version=copy.version,
            seen=copy.seen,
        )
    except StaleRecord as error:
        stale.append(error)  # go on checking the permit, so the message names every change at once
    try:
        with _prefixed("permit."):
            if copy.permit_id is None:
                if permit_or_none(permit):
                    permit_records.add_permit(session, copy.holder_id, permit=permit)
            else:
                try:
                    permit_records.update_permit(
                        session,
                        copy.permit_id,
                        data={k: permit[k] for k in ("certificate_no", "first_issued", "status")},
                        expected_version=copy.permit_version,
                        seen=copy.permit_seen,
                    )
                except StaleRecord as error:
                    stale.append(error)
                if not stale and any(renewal):
                    permit_records.add_period(
                        session, copy.permit_id, start=renewal[0], expiry=renewal[1]
                    )
    except ValidationErrors:
        if not stale:  # a stale copy is what the clerk must hear about first: they will reload
            raise
    if stale:
        raise StaleRecord(part for error in stale for part in error.stale)
    return copy.holder_id


def permit_or_none(permit: dict[str, Any]) -> dict[str, Any] | None:
    """The permit's fields when the clerk filled any in; None when no permit is being registered."""
    texts = [permit[k] for k in ("certificate_no", "first_issued", "start", "expiry")]
    return permit if any(str(t).strip() for t in texts) else None


@contextmanager
def _prefixed(prefix: str) -> Iterator[None]:
    """Re-raise the block's validation errors with ``prefix`` on their field names."""
    try:
        yield
    except ValidationErrors as error:
        raise ValidationErrors(
            FieldError(prefix + e.field, e.message, label=e.label) for e in error.errors
        ) from None
