"""Repository functions over the register: keyword-only, each takes the Session.

Every function that writes validates its input with :mod:`wrc_desktop.rules.records`
first and records what it changed in the audit trail; the caller's session
decides when the unit of work commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from ..rules.errors import FieldError, ValidationErrors
from ..rules.records import (
    HOLDER_LABELS,
    clean_agent,
    clean_family_member,
    clean_holder,
    clean_period,
    clean_permit,
    clean_unit,
)
from . import audit
from .models import Agent, FamilyMember, Holder, Permit, PermitPeriod, Setting, Unit, utc_now

DEFAULT_UNIT_KEY = "default_unit_id"


class NotFound(LookupError):
    """A record that the caller named does not exist (message in Chinese)."""


# ---------------------------------------------------------------- units and agents


def create_unit(session: Session, *, data: Mapping[str, Any]) -> Unit:
    values = clean_unit(data)
    _refuse_duplicate_uscc(session, values["uscc"], None)
    unit = Unit(**values)
    session.add(unit)
    session.flush()
    audit.record(session, "unit", unit.id, "create", new=unit.name)
    if get_default_unit_id(session) is None:
        set_default_unit(session, unit_id=unit.id)
    return unit


def update_unit(session: Session, unit_id: int, *, data: Mapping[str, Any]) -> Unit:
    unit = _get(session, Unit, unit_id, "单位")
    values = clean_unit(data)
    _refuse_duplicate_uscc(session, values["uscc"], unit_id)
    before = unit.model_dump()
    for key, value in values.items():
        setattr(unit, key, value)
    audit.record_changes(session, "unit", unit_id, before, values)
    session.add(unit)
    session.flush()
    return unit


def _refuse_duplicate_uscc(session: Session, uscc: str, own_id: int | None) -> None:
    other = session.exec(select(Unit).where(Unit.uscc == uscc)).first()
    if other is not None and other.id != own_id:
        raise ValidationErrors([FieldError("uscc", f"“{uscc}”已登记为单位“{other.name}”", label="统一社会信用代码")])


def list_units(session: Session) -> list[Unit]:
    return list(session.exec(select(Unit).order_by(Unit.id)))


def get_unit(session: Session, unit_id: int) -> Unit:
    return _get(session, Unit, unit_id, "单位")


def find_unit(session: Session, name: str) -> Unit | None:
    """A unit by its exact name (or, failing that, its USCC)."""
    text = name.strip()
    return session.exec(select(Unit).where((Unit.name == text) | (Unit.uscc == text.upper()))).first()


def get_default_unit_id(session: Session) -> int | None:
    setting = session.exec(select(Setting).where(Setting.key == DEFAULT_UNIT_KEY)).first()
    if setting is not None and setting.value and session.get(Unit, int(setting.value)) is not None:
        return int(setting.value)
    first = session.exec(select(Unit.id).order_by(Unit.id)).first()
    return first


def set_default_unit(session: Session, *, unit_id: int) -> None:
    _get(session, Unit, unit_id, "单位")
    setting = session.exec(select(Setting).where(Setting.key == DEFAULT_UNIT_KEY)).first()
    if setting is None:
        setting = Setting(key=DEFAULT_UNIT_KEY)
    setting.value = str(unit_id)
    session.add(setting)
    session.flush()


def list_agents(session: Session, unit_id: int) -> list[Agent]:
    return list(session.exec(select(Agent).where(Agent.unit_id == unit_id).order_by(Agent.id)))


def replace_agents(session: Session, unit_id: int, *, agents: Sequence[Mapping[str, Any]]) -> list[Agent]:
    """Set the unit's agents to exactly ``agents`` (validated all first; all or nothing)."""
    _get(session, Unit, unit_id, "单位")
    cleaned = []
    for index, raw in enumerate(agents, start=1):
        try:
            cleaned.append(clean_agent(raw))
        except ValidationErrors as errors:
            raise ValidationErrors(
                FieldError(e.field, e.message, label=f"第 {index} 位经办人的{e.label}") for e in errors.errors
            ) from None
    for old in list_agents(session, unit_id):
        session.delete(old)
    session.flush()
    created = [Agent(unit_id=unit_id, **values) for values in cleaned]
    session.add_all(created)
    session.flush()
    audit.record(session, "unit", unit_id, "update", field="agents",
                 new="、".join(a.name for a in created))
    return created


# ---------------------------------------------------------------- holders


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
    _get(session, Unit, unit_id, "单位")
    values, permit_values, family_values = _clean_holder_parts(holder, permit, family)
    _refuse_duplicate_id(session, values["id_number"], None)
    record = Holder(unit_id=unit_id, **values)
    session.add(record)
    session.flush()
    audit.record(session, "holder", record.id, "create", new=f"{record.name} {record.id_number}")
    if permit_values is not None:
        _add_permit(session, record, unit_id, permit_values, period_source)
    for member in family_values:
        session.add(FamilyMember(holder_id=record.id, **member))
    session.flush()
    return record


def _clean_holder_parts(holder, permit, family):
    errors: list[FieldError] = []
    values = permit_values = None
    family_values = []
    try:
        values = clean_holder(holder)
    except ValidationErrors as error:
        errors.extend(error.errors)
    if permit is not None and any(str(v or "").strip() for v in permit.values()):
        try:
            permit_values = clean_permit(permit)
        except ValidationErrors as error:
            errors.extend(error.errors)
    for index, raw in enumerate(family, start=1):
        try:
            family_values.append(clean_family_member(raw))
        except ValidationErrors as error:
            errors.extend(
                FieldError(f"family[{index}].{e.field}", e.message, label=f"第 {index} 位随往人员的{e.label}")
                for e in error.errors
            )
    if errors:
        raise ValidationErrors(errors)
    return values, permit_values, family_values


def _refuse_duplicate_id(session: Session, id_number: str, own_id: int | None) -> None:
    other = session.exec(select(Holder).where(Holder.id_number == id_number)).first()
    if other is not None and other.id != own_id:
        raise ValidationErrors(
            [FieldError("id_number", f"“{id_number}”已登记（{other.name}）", label=HOLDER_LABELS["id_number"])]
        )


def _add_permit(session: Session, holder: Holder, unit_id: int, values: Mapping[str, Any], source: str) -> Permit:
    permit = Permit(
        holder_id=holder.id,
        unit_id=unit_id,
        certificate_no=values.get("certificate_no") or "",
        first_issued=values.get("first_issued"),
        status=values.get("status") or "valid",
    )
    session.add(permit)
    session.flush()
    session.add(PermitPeriod(permit_id=permit.id, start=values.get("start"), expiry=values["expiry"], source=source))
    audit.record(session, "permit", permit.id, "create", new=f"{permit.certificate_no} 至 {values['expiry']}")
    return permit


def update_holder(
    session: Session,
    holder_id: int,
    *,
    holder: Mapping[str, Any],
    family: Sequence[Mapping[str, Any]] | None = None,
    unit_id: int | None = None,
) -> Holder:
    """Change a holder's fields (and replace their family list when given); every change is audited."""
    record = _get(session, Holder, holder_id, "持证人")
    values, _, family_values = _clean_holder_parts(holder, None, family or ())
    _refuse_duplicate_id(session, values["id_number"], holder_id)
    if unit_id is not None and unit_id != record.unit_id:
        _get(session, Unit, unit_id, "单位")
        values["unit_id"] = unit_id
    before = record.model_dump()
    if audit.record_changes(session, "holder", holder_id, before, values):
        for key, value in values.items():
            setattr(record, key, value)
        record.updated_at = utc_now()
        session.add(record)
    if family is not None:
        _replace_family(session, record, family_values)
    session.flush()
    return record


def _replace_family(session: Session, holder: Holder, members: list[dict[str, Any]]) -> None:
    existing = list(session.exec(select(FamilyMember).where(FamilyMember.holder_id == holder.id)))
    summary_before = "、".join(f"{m.name}" for m in existing)
    summary_after = "、".join(f"{m['name']}" for m in members)
    for member in existing:
        session.delete(member)
    session.flush()
    session.add_all(FamilyMember(holder_id=holder.id, **m) for m in members)
    if summary_before != summary_after:
        audit.record(session, "holder", holder.id, "update", field="family", old=summary_before, new=summary_after)


def archive_holder(session: Session, holder_id: int, *, left_on: dt.date | str) -> Holder:
    """离职: the record and its history stay; the holder is marked as left on ``left_on``."""
    record = _get(session, Holder, holder_id, "持证人")
    data = record.model_dump()
    data.update(status="left", left_on=left_on)
    return update_holder(session, holder_id, holder=data)


def restore_holder(session: Session, holder_id: int) -> Holder:
    record = _get(session, Holder, holder_id, "持证人")
    data = record.model_dump()
    data.update(status="active", left_on=None)
    return update_holder(session, holder_id, holder=data)


def get_holder(session: Session, holder_id: int) -> Holder:
    return _get(session, Holder, holder_id, "持证人")


def find_holder(session: Session, id_number: str) -> Holder | None:
    from ..rules.identity import compact_id

    return session.exec(select(Holder).where(Holder.id_number == compact_id(id_number))).first()


# ---------------------------------------------------------------- permits


def add_permit(session: Session, holder_id: int, *, permit: Mapping[str, Any], source: str = "manual") -> Permit:
    record = _get(session, Holder, holder_id, "持证人")
    return _add_permit(session, record, record.unit_id, clean_permit(permit), source)


def update_permit(session: Session, permit_id: int, *, data: Mapping[str, Any]) -> Permit:
    """Change certificate number, first issue date or status (validity goes through :func:`add_period`)."""
    permit = _get(session, Permit, permit_id, "工作居住证")
    current = current_period(session, permit_id)
    merged = {"expiry": current.expiry if current else None, "start": current.start if current else None, **data}
    values = clean_permit(merged)
    changes = {k: values[k] for k in ("certificate_no", "first_issued", "status")}
    before = permit.model_dump()
    audit.record_changes(session, "permit", permit_id, before, changes)
    for key, value in changes.items():
        setattr(permit, key, value)
    session.add(permit)
    session.flush()
    return permit


def add_period(session: Session, permit_id: int, *, start: Any, expiry: Any, source: str = "renewal") -> PermitPeriod:
    """Append a validity period (a renewal never overwrites the old one)."""
    permit = _get(session, Permit, permit_id, "工作居住证")
    start_date, expiry_date = clean_period(start, expiry)
    current = current_period(session, permit_id)
    if current is not None and expiry_date <= current.expiry:
        raise ValidationErrors([FieldError("expiry", f"新的有效期至应晚于当前有效期至（{current.expiry}）", label="有效期至")])
    period = PermitPeriod(permit_id=permit.id, start=start_date, expiry=expiry_date, source=source)
    session.add(period)
    if permit.status in ("lapsed", "suspended") and source in ("renewal", "auto-extension"):
        permit.status = "valid"
        session.add(permit)
    session.flush()
    audit.record(session, "permit", permit.id, source, field="expiry",
                 old=current.expiry if current else None, new=expiry_date)
    return period


def current_period(session: Session, permit_id: int) -> PermitPeriod | None:
    statement = (
        select(PermitPeriod).where(PermitPeriod.permit_id == permit_id)
        .order_by(PermitPeriod.expiry.desc(), PermitPeriod.id.desc())
    )
    return session.exec(statement).first()


# ---------------------------------------------------------------- reading


@dataclass
class PermitHistory:
    permit: Permit
    periods: list[PermitPeriod]  # oldest first

    @property
    def current(self) -> PermitPeriod | None:
        return self.periods[-1] if self.periods else None


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
    holder = _get(session, Holder, holder_id, "持证人")
    unit = session.get(Unit, holder.unit_id)
    permits = list(session.exec(select(Permit).where(Permit.holder_id == holder_id).order_by(Permit.id)))
    histories = []
    for permit in permits:
        periods = list(session.exec(
            select(PermitPeriod).where(PermitPeriod.permit_id == permit.id)
            .order_by(PermitPeriod.expiry, PermitPeriod.id)
        ))
        histories.append(PermitHistory(permit, periods))
    family = list(session.exec(select(FamilyMember).where(FamilyMember.holder_id == holder_id).order_by(FamilyMember.id)))
    return HolderDetail(holder=holder, unit=unit, permits=histories, family=family)


def _get(session: Session, model: type, record_id: int, what: str):
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(f"{what}（编号 {record_id}）不存在")
    return record


def holder_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Holder)).one()
