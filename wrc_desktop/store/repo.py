"""Repository functions over the register: keyword-only, each takes the Session.

Every function that writes validates its input with :mod:`wrc_desktop.rules.validation`
first and records what it changed in the audit trail; the caller's session
decides when the unit of work commits.

An edit made from a copy the clerk looked at passes ``expected_version`` (the
version the copy was read at) and ``seen`` (the copy's values, as
:mod:`.copies` makes them): when the
record moved on meanwhile, :class:`.versions.StaleRecord` refuses the edit and
names what changed. ``expected_version=None`` is for writes that read the record
in their own unit of work (an import applying its plan, a CLI command).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from ..rules.errors import FieldError, ValidationErrors
from ..rules.validation import (
    HOLDER_LABELS,
    clean_agent,
    clean_family_member,
    clean_holder,
    clean_period,
    clean_permit,
    clean_unit,
)
from . import audit, copies, unit_access, versions
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


def update_unit(
    session: Session,
    unit_id: int,
    *,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    seen: Mapping[str, Any] | None = None,
) -> Unit:
    """Change a unit's fields; refused when the caller's copy (``expected_version``, ``seen``) is stale."""
    unit = _get_for_update(session, Unit, unit_id, "单位", expected_version)
    versions.refuse([_stale_unit(session, unit, expected_version, seen)])
    values = clean_unit(data)
    _refuse_duplicate_uscc(session, values["uscc"], unit_id)
    before = unit.model_dump()
    for key, value in values.items():
        setattr(unit, key, value)
    audit.record_changes(session, "unit", unit_id, before, values)
    session.add(unit)
    with versions.guarded(f"单位 {unit.name}"):
        session.flush()
    return unit


def _refuse_duplicate_uscc(session: Session, uscc: str, own_id: int | None) -> None:
    other = session.exec(select(Unit).where(Unit.uscc == uscc)).first()
    if other is not None and other.id != own_id:
        raise ValidationErrors(
            [FieldError("uscc", f"“{uscc}”已登记为单位“{other.name}”", label="统一社会信用代码")]
        )


def list_units(session: Session) -> list[Unit]:
    return list(session.exec(select(Unit).order_by(Unit.id)))


def get_unit(session: Session, unit_id: int) -> Unit:
    return _get(session, Unit, unit_id, "单位")


def find_unit(session: Session, name: str) -> Unit | None:
    """A unit by its exact name (or, failing that, its USCC)."""
    text = name.strip()
    return session.exec(
        select(Unit).where((Unit.name == text) | (Unit.uscc == text.upper()))
    ).first()


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


def replace_agents(
    session: Session, unit_id: int, *, agents: Sequence[Mapping[str, Any]]
) -> list[Agent]:
    """Set the unit's agents to exactly ``agents`` (validated all first; all or nothing).

    An agent given with its ``id`` (and the ``version`` the caller's copy showed) is
    changed in place; one without is added; the unit's other agents are removed. A
    changed list raises the unit's version, so a copy of the unit sees it too.
    """
    _get(session, Unit, unit_id, "单位")
    cleaned = []
    for index, raw in enumerate(agents, start=1):
        try:
            cleaned.append(clean_agent(raw))
        except ValidationErrors as errors:
            raise ValidationErrors(
                FieldError(e.field, e.message, label=f"第 {index} 位经办人的{e.label}")
                for e in errors.errors
            ) from None
    existing = {a.id: a for a in list_agents(session, unit_id)}
    versions.refuse(
        [
            copies.stale_member(existing.get(raw.get("id")), raw, "经办人")
            for raw in agents
            if raw.get("id") is not None
        ]
    )
    kept, changed = _apply_members(
        session, existing, agents, cleaned, lambda values: Agent(unit_id=unit_id, **values)
    )
    if changed:
        _raise_version(session, _get(session, Unit, unit_id, "单位"))
    session.flush()
    audit.record(
        session, "unit", unit_id, "update", field="agents", new="、".join(a.name for a in kept)
    )
    return kept


def _apply_members(
    session: Session,
    existing: dict[int, Any],
    raws: Sequence[Mapping[str, Any]],
    cleaned: Sequence[dict[str, Any]],
    make: Any,
) -> tuple[list[Any], bool]:
    """Update the rows named by id in place (their ids stay valid for cases), add the rest, delete the missing.

    Returns the rows in the given order and whether anything changed.
    """
    existing = dict(existing)
    before = {row.id: row.model_dump() for row in existing.values()}
    kept = []
    for raw, values in zip(raws, cleaned, strict=True):
        row = existing.pop(raw.get("id"), None) if raw.get("id") is not None else None
        if row is None:
            row = make(values)
        else:
            for key, value in values.items():
                setattr(row, key, value)
        session.add(row)
        kept.append(row)
    for gone in existing.values():
        session.delete(gone)
    session.flush()
    after = {row.id: row.model_dump() for row in kept}
    return kept, before != after


def _raise_version(session: Session, record: Any) -> None:
    """A record whose parts (agents, family, periods) changed is a newer record too."""
    record.version = record.version + 1
    session.add(record)


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


def _add_permit(
    session: Session, holder: Holder, unit_id: int, values: Mapping[str, Any], source: str
) -> Permit:
    permit = Permit(
        holder_id=holder.id,
        unit_id=unit_id,
        certificate_no=values.get("certificate_no") or "",
        first_issued=values.get("first_issued"),
        status=values.get("status") or "valid",
    )
    session.add(permit)
    session.flush()
    session.add(
        PermitPeriod(
            permit_id=permit.id, start=values.get("start"), expiry=values["expiry"], source=source
        )
    )
    audit.record(
        session, "permit", permit.id, "create", new=f"{permit.certificate_no} 至 {values['expiry']}"
    )
    return permit


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
    record = _get_for_update(session, Holder, holder_id, "持证人", expected_version)
    members = {
        m.id: m
        for m in session.exec(select(FamilyMember).where(FamilyMember.holder_id == holder_id))
    }
    own = _stale_holder(session, record, expected_version, seen)
    stale = [
        copies.stale_member(members.get(raw.get("id")), raw, "随往人员")
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
        _get(session, Unit, unit_id, "单位")
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
    kept, changed = _apply_members(
        session, existing, raws, members, lambda values: FamilyMember(holder_id=holder.id, **values)
    )
    summary_after = "、".join(m.name for m in kept)
    if summary_before != summary_after:
        audit.record(
            session,
            "holder",
            holder.id,
            "update",
            field="family",
            old=summary_before,
            new=summary_after,
        )
    return int(changed)


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
    """The holder with this number; an old 15-digit resident ID finds its 18-digit form."""
    from ..rules.identity import lookup_forms

    forms = lookup_forms(id_number)
    return session.exec(select(Holder).where(Holder.id_number.in_(forms))).first()


# ---------------------------------------------------------------- permits


def add_permit(
    session: Session, holder_id: int, *, permit: Mapping[str, Any], source: str = "manual"
) -> Permit:
    record = _get(session, Holder, holder_id, "持证人")
    added = _add_permit(
        session, record, record.unit_id, clean_permit(permit, today=dt.date.today()), source
    )
    _raise_version(session, record)  # a copy of the holder that showed no such permit is stale now
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
    permit = _get_for_update(session, Permit, permit_id, "工作居住证", expected_version)
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
    permit = _get(session, Permit, permit_id, "工作居住证")
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
    period = PermitPeriod(permit_id=permit.id, start=start_date, expiry=expiry_date, source=source)
    session.add(period)
    if permit.status in ("lapsed", "suspended") and source in ("renewal", "auto-extension"):
        permit.status = "valid"
    _raise_version(session, permit)  # a copy showing the old expiry is stale now
    session.flush()
    audit.record(
        session,
        "permit",
        permit.id,
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
    permits = list(
        session.exec(select(Permit).where(Permit.holder_id == holder_id).order_by(Permit.id))
    )
    histories = []
    for permit in permits:
        periods = list(
            session.exec(
                select(PermitPeriod)
                .where(PermitPeriod.permit_id == permit.id)
                .order_by(PermitPeriod.expiry, PermitPeriod.id)
            )
        )
        histories.append(PermitHistory(permit, periods))
    family = list(
        session.exec(
            select(FamilyMember)
            .where(FamilyMember.holder_id == holder_id)
            .order_by(FamilyMember.id)
        )
    )
    return HolderDetail(holder=holder, unit=unit, permits=histories, family=family)


# ---------------------------------------------------------------- copies and their versions


def _stale_holder(
    session: Session, record: Holder, expected: int | None, seen: Mapping[str, Any] | None
) -> versions.StaleCopy | None:
    if expected is None or expected == record.version:
        return None
    return versions.stale_copy(
        subject=f"持证人 {record.name}",
        current_version=record.version,
        current=copies.holder_copy(holder_detail(session, record.id)),
        expected_version=expected,
        seen=seen,
        labels=copies.HOLDER_LABELS,
        choices=copies.HOLDER_CHOICES,
        by=audit.other_clerk(session, "holder", record.id),
    )


def _stale_permit(
    session: Session, permit: Permit, expected: int | None, seen: Mapping[str, Any] | None
) -> versions.StaleCopy | None:
    if expected is None or expected == permit.version:
        return None
    holder = session.get(Holder, permit.holder_id)
    periods = list(
        session.exec(
            select(PermitPeriod)
            .where(PermitPeriod.permit_id == permit.id)
            .order_by(PermitPeriod.expiry, PermitPeriod.id)
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
        by=audit.other_clerk(session, "permit", permit.id),
    )


def _stale_unit(
    session: Session, unit: Unit, expected: int | None, seen: Mapping[str, Any] | None
) -> versions.StaleCopy | None:
    if expected is None or expected == unit.version:
        return None
    return versions.stale_copy(
        subject=f"单位 {unit.name}",
        current_version=unit.version,
        current=copies.unit_copy(unit, list_agents(session, unit.id)),
        expected_version=expected,
        seen=seen,
        labels=copies.UNIT_LABELS,
        choices=copies.UNIT_CHOICES,
        by=audit.other_clerk(session, "unit", unit.id),
    )


def _get_for_update(
    session: Session, model: type, record_id: int, what: str, expected_version: int | None
):
    """The record as committed now, locked until this unit of work ends when the caller edits
    from a copy: a second clerk saving the same record at the same moment waits, then reads the
    first one's version and hears what changed (SQLite has one writer at a time anyway)."""
    if expected_version is None:
        return _get(session, model, record_id, what)
    record = session.get(model, record_id, with_for_update=True, populate_existing=True)
    if record is None:
        # A shared register's row-level security hides from FOR UPDATE the rows of a unit
        # this clerk does not serve: say so, instead of calling a row they can read missing.
        unit_access.refuse_unserved_record(session, _get(session, model, record_id, what))
        raise NotFound(f"{what}（编号 {record_id}）不存在")
    return record


def _get(session: Session, model: type, record_id: int, what: str):
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(f"{what}（编号 {record_id}）不存在")
    return record


def holder_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Holder)).one()
