"""Permits (工作居住证) and their validity periods: a renewal adds a period, never overwrites one.

An edit made from a copy the clerk looked at passes ``expected_version`` (the
version the copy was read at) and ``seen`` (the copy's values, as
:mod:`.copies` makes them): when the record moved on meanwhile,
:class:`.versions.StaleRecord` refuses the edit and names what changed.
``expected_version=None`` is for writes that read the record in their own unit of
work (an import applying its plan, a CLI command).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from ..rules.errors import FieldError, ValidationErrors
from ..rules.validation import (
    clean_period,
    clean_permit,
)
from . import audit, copies, versions
from .models import Holder, Permit, PermitPeriod, written_id
from .records import get_for_update, get_record, raise_version


def new_permit(
    session: Session, holder: Holder, unit_id: int, values: Mapping[str, Any], source: str
) -> Permit:
    permit = Permit(
        holder_id=written_id(holder),
        unit_id=unit_id,
        certificate_no=values.get("certificate_no") or "",
        first_issued=values.get("first_issued"),
        status=values.get("status") or "valid",
    )
    session.add(permit)
    session.flush()
    permit_id = written_id(permit)
    session.add(
        PermitPeriod(
            permit_id=permit_id, start=values.get("start"), expiry=values["expiry"], source=source
        )
    )
    audit.record(
        session, "permit", permit_id, "create", new=f"{permit.certificate_no} 至 {values['expiry']}"
    )
    return permit


def add_permit(
    session: Session, holder_id: int, *, permit: Mapping[str, Any], source: str = "manual"
) -> Permit:
    record = get_record(session, Holder, holder_id, "持证人")
    added = new_permit(
        session, record, record.unit_id, clean_permit(permit, today=dt.date.today()), source
    )
    raise_version(session, record)  # a copy of the holder that showed no such permit is stale now
    session.flush()
    return added


def update_permit(
    session: Session,
    permit_id: int,
    *,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    seen: Mapping[str, Any] | None = None,
) -> Permit:
    """Change certificate number, first issue date or status (validity goes through :func:`add_period`).

    Refused when the caller's copy (``expected_version``, ``seen`` as :func:`permit_copy`) is stale.
    """
    permit = get_for_update(session, Permit, permit_id, "工作居住证", expected_version)
    versions.refuse([_stale_permit(session, permit, expected_version, seen)])
    current = current_period(session, permit_id)
    merged = {
        "expiry": current.expiry if current else None,
        "start": current.start if current else None,
        **data,
    }
    values = clean_permit(merged, today=dt.date.today())
    changes = {k: values[k] for k in ("certificate_no", "first_issued", "status")}
    before = permit.model_dump()
    audit.record_changes(session, "permit", permit_id, before, changes)
    for key, value in changes.items():
        setattr(permit, key, value)
    session.add(permit)
    with versions.guarded("工作居住证"):
        session.flush()
    return permit


def add_period(
    session: Session, permit_id: int, *, start: Any, expiry: Any, source: str = "renewal"
) -> PermitPeriod:
    """Append a validity period (a renewal never overwrites the old one)."""
    permit = get_record(session, Permit, permit_id, "工作居住证")
    start_date, expiry_date = clean_period(start, expiry, today=dt.date.today())
    current = current_period(session, permit_id)
    if current is not None and expiry_date <= current.expiry:
        raise ValidationErrors(
            [
                FieldError(
                    "expiry",
                    f"新的有效期至应晚于当前有效期至（{current.expiry}）",
                    label="有效期至",
                )
            ]
        )
    period = PermitPeriod(permit_id=permit_id, start=start_date, expiry=expiry_date, source=source)
    session.add(period)
    if permit.status in ("lapsed", "suspended") and source in ("renewal", "auto-extension"):
        permit.status = "valid"
    raise_version(session, permit)  # a copy showing the old expiry is stale now
    session.flush()
    audit.record(
        session,
        "permit",
        permit_id,
        source,
        field="expiry",
        old=current.expiry if current else None,
        new=expiry_date,
    )
    return period


def current_period(session: Session, permit_id: int) -> PermitPeriod | None:
    statement = (
        select(PermitPeriod)
        .where(PermitPeriod.permit_id == permit_id)
        .order_by(col(PermitPeriod.expiry).desc(), col(PermitPeriod.id).desc())
    )
    return session.exec(statement).first()


@dataclass
class PermitHistory:
    permit: Permit
    periods: list[PermitPeriod]  # oldest first

    @property
    def current(self) -> PermitPeriod | None:
        return self.periods[-1] if self.periods else None


def _stale_permit(
    session: Session, permit: Permit, expected: int | None, seen: Mapping[str, Any] | None
) -> versions.StaleCopy | None:
    if expected is None or expected == permit.version:
        return None
    holder = get_record(session, Holder, permit.holder_id, "持证人")
    periods = list(
        session.exec(
            select(PermitPeriod)
            .where(PermitPeriod.permit_id == permit.id)
            .order_by(col(PermitPeriod.expiry), col(PermitPeriod.id))
        )
    )
    return versions.stale_copy(
        subject=f"{holder.name}的工作居住证",
        current_version=permit.version,
        current=copies.permit_copy(PermitHistory(permit, periods)),
        expected_version=expected,
        seen=seen,
        labels=copies.PERMIT_LABELS,
        choices=copies.PERMIT_CHOICES,
        by=audit.other_clerk(session, "permit", written_id(permit)),
    )
