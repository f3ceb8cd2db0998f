"""Holders (持证人) and their family (随往人员) in the register, and a holder with their permits.

An edit made from a copy the clerk looked at passes ``expected_version`` (the
version the copy was read at) and ``seen`` (the copy's values, as
:mod:`.copies` makes them): when the record moved on meanwhile,
:class:`.versions.StaleRecord` refuses the edit and names what changed.
``expected_version=None`` is for writes that read the record in their own unit of
work (an import applying its plan, a CLI command).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from ..rules.errors import FieldError, ValidationErrors
from ..rules.validation import (
    HOLDER_LABELS,
    clean_family_member,
    clean_holder,
    clean_permit,
)
from . import audit, copies, versions
from .models import FamilyMember, Holder, Permit, PermitPeriod, Unit, utc_now, written_id
from .permit_records import PermitHistory, new_permit
from .records import apply_members, get_for_update, get_record


def create_holder(
    session: Session,
    *,
    unit_id: int,
    holder: Mapping[str, Any],
    permit: Mapping[str, Any] | None = None,
    family: Sequence[Mapping[str, Any]] = (),
    period_source: str = "manual",
) -> Holder:
    """A new holder with, optionally, their permit (current period) and family; validated as a whole."""
    get_record(session, Unit, unit_id, "单位")
    values, permit_values, family_values = _clean_holder_parts(holder, permit, family)
    _refuse_duplicate_id(session, values["id_number"], None)
    record = Holder(unit_id=unit_id, **values)
    session.add(record)
    session.flush()
    holder_id = written_id(record)
    audit.record(session, "holder", holder_id, "create", new=f"{record.name} {record.id_number}")
    if permit_values is not None:
        new_permit(session, record, unit_id, permit_values, period_source)
    for member in family_values:
        session.add(FamilyMember(holder_id=holder_id, **member))
    session.flush()
    return record


def _clean_holder_parts(holder, permit, family):
    errors: list[FieldError] = []
    values = permit_values = None
    family_values = []
    try:
        values = clean_holder(holder, today=dt.date.today())
    except ValidationErrors as error:
        errors.extend(error.errors)
    if permit is not None and any(str(v or "").strip() for v in permit.values()):
        try:
            permit_values = clean_permit(permit, today=dt.date.today())
        except ValidationErrors as error:
            errors.extend(error.errors)
    for index, raw in enumerate(family, start=1):
        try:
            family_values.append(clean_family_member(raw, today=dt.date.today()))
        except ValidationErrors as error:
            errors.extend(
                FieldError(
                    f"family[{index}].{e.field}",
                    e.message,
                    label=f"第 {index} 位随往人员的{e.label}",
                )
                for e in error.errors
            )
    if errors:
        raise ValidationErrors(errors)
    return values, permit_values, family_values


def _refuse_duplicate_id(session: Session, id_number: str, own_id: int | None) -> None:
    other = session.exec(select(Holder).where(Holder.id_number == id_number)).first()
    if other is not None and other.id != own_id:
        raise ValidationErrors(
            [
                FieldError(
                    "id_number",
                    f"“{id_number}”已登记（{other.name}）",
                    label=HOLDER_LABELS["id_number"],
                )
            ]
        )


def update_holder(
    session: Session,
    holder_id: int,
    *,
    holder: Mapping[str, Any],
    family: Sequence[Mapping[str, Any]] | None = None,
    unit_id: int | None = None,
    expected_version: int | None = None,
    seen: Mapping[str, Any] | None = None,
) -> Holder:
    """Change a holder's fields (and set their family list when given); every change is audited.

    Family members given with their ``id`` are changed in place (a case keeps
    pointing at them); with their ``version`` too, a member changed since is refused.
    """
    record = get_for_update(session, Holder, holder_id, "持证人", expected_version)
    members = {
        written_id(m): m
        for m in session.exec(select(FamilyMember).where(FamilyMember.holder_id == holder_id))
    }
    own = _stale_holder(session, record, expected_version, seen)
    stale = [
        copies.stale_member(members.get(raw["id"]), raw, "随往人员")
        for raw in family or ()
        if raw.get("id") is not None
    ]
    if own is not None and (
        own.changes or not any(stale)
    ):  # a family edit alone is named by its member
        stale.insert(0, own)
    versions.refuse(stale)
    values, _, family_values = _clean_holder_parts(holder, None, family or ())
    _refuse_duplicate_id(session, values["id_number"], holder_id)
    if unit_id is not None and unit_id != record.unit_id:
        get_record(session, Unit, unit_id, "单位")
        values["unit_id"] = unit_id
    before = record.model_dump()
    changed = audit.record_changes(session, "holder", holder_id, before, values)
    if family is not None:
        changed += _replace_family(session, record, members, family, family_values)
    if changed:
        for key, value in values.items():
            setattr(record, key, value)
        record.updated_at = utc_now()  # also raises the version when only the family changed
        session.add(record)
    with versions.guarded(f"持证人 {record.name}"):
        session.flush()
    return record


def _replace_family(
    session: Session,
    holder: Holder,
    existing: dict[int, FamilyMember],
    raws: Sequence[Mapping[str, Any]],
    members: list[dict[str, Any]],
) -> int:
    """Set the holder's family to ``members``; 1 when the list changed (audited as names), else 0."""
    summary_before = "、".join(m.name for m in existing.values())
    holder_id = written_id(holder)
    kept, changed = apply_members(
        session, existing, raws, members, lambda values: FamilyMember(holder_id=holder_id, **values)
    )
    summary_after = "、".join(m.name for m in kept)
    if summary_before != summary_after:
        audit.record(
            session,
            "holder",
            holder_id,
            "update",
            field="family",
            old=summary_before,
            new=summary_after,
        )
    return int(changed)


def archive_holder(session: Session, holder_id: int, *, left_on: dt.date | str) -> Holder:
    """离职: the record and its history stay; the holder is marked as left on ``left_on``."""
    record = get_record(session, Holder, holder_id, "持证人")
    data = record.model_dump()
    data.update(status="left", left_on=left_on)
    return update_holder(session, holder_id, holder=data)


def restore_holder(session: Session, holder_id: int) -> Holder:
    record = get_record(session, Holder, holder_id, "持证人")
    data = record.model_dump()
    data.update(status="active", left_on=None)
    return update_holder(session, holder_id, holder=data)


def get_holder(session: Session, holder_id: int) -> Holder:
    return get_record(session, Holder, holder_id, "持证人")


def find_holder(session: Session, id_number: str) -> Holder | None:
    """The holder with this number; an old 15-digit resident ID finds its 18-digit form."""
    from ..rules.identity import lookup_forms

    forms = lookup_forms(id_number)
    return session.exec(select(Holder).where(col(Holder.id_number).in_(forms))).first()


def holder_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Holder)).one()


@dataclass
class HolderDetail:
    holder: Holder
    unit: Unit
    permits: list[PermitHistory] = field(default_factory=list)
    family: list[FamilyMember] = field(default_factory=list)

    @property
    def current_permit(self) -> PermitHistory | None:
        return self.permits[-1] if self.permits else None


def holder_detail(session: Session, holder_id: int) -> HolderDetail:
    holder = get_record(session, Holder, holder_id, "持证人")
    unit = get_record(session, Unit, holder.unit_id, "单位")
    permits = list(
        session.exec(select(Permit).where(Permit.holder_id == holder_id).order_by(col(Permit.id)))
    )
    histories = []
    for permit in permits:
        periods = list(
            session.exec(
                select(PermitPeriod)
                .where(PermitPeriod.permit_id == permit.id)
                .order_by(col(PermitPeriod.expiry), col(PermitPeriod.id))
            )
        )
        histories.append(PermitHistory(permit, periods))
    family = list(
        session.exec(
            select(FamilyMember)
            .where(FamilyMember.holder_id == holder_id)
            .order_by(col(FamilyMember.id))
        )
    )
    return HolderDetail(holder=holder, unit=unit, permits=histories, family=family)


def _stale_holder(
    session: Session, record: Holder, expected: int | None, seen: Mapping[str, Any] | None
) -> versions.StaleCopy | None:
    if expected is None or expected == record.version:
        return None
    holder_id = written_id(record)
    return versions.stale_copy(
        subject=f"持证人 {record.name}",
        current_version=record.version,
        current=copies.holder_copy(holder_detail(session, holder_id)),
        expected_version=expected,
        seen=seen,
        labels=copies.HOLDER_LABELS,
        choices=copies.HOLDER_CHOICES,
        by=audit.other_clerk(session, "holder", holder_id),
    )
