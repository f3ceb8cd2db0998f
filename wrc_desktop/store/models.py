"""The register's tables (DOMAIN §2).

Codes in ``kind``/``status``/``id_type`` columns are those of
:mod:`wrc_desktop.rules.vocab`. Timestamps are timezone-aware UTC. A permit's
validity is a history of periods: a renewal adds a period and never overwrites
one; the current period is the one that starts last.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Index, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UtcDateTime(TypeDecorator):
    """Timezone-aware UTC on the way in and out; SQLite itself keeps no time zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001, ARG002
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("timestamps must be timezone-aware")
            value = value.astimezone(dt.timezone.utc)
        return value

    def process_result_value(self, value, dialect):  # noqa: ANN001, ARG002
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value


def _timestamp() -> Column:
    return Column(UtcDateTime(), nullable=False, default=utc_now)


class Unit(SQLModel, table=True):
    """An employer (申请单位/用人单位) registered in one district."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    uscc: str = Field(unique=True)
    district: str  # slug, see rules.vocab.DISTRICTS
    kind: str = "enterprise"
    tech_innovation: bool = False
    tech_service: bool = False
    ai_key: bool = False
    legal_rep: str = ""
    address: str = ""
    phone: str = ""
    created_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class Agent(SQLModel, table=True):
    """A unit's clerk (经办人) whom the authorization letter names."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True, ondelete="CASCADE")
    name: str
    gender: str | None = None
    id_number: str = ""
    department: str = ""
    title: str = ""
    phone: str = ""


class Holder(SQLModel, table=True):
    """An employee who holds or applies for the permit (持证人)."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    name: str = Field(index=True)
    id_type: str = "resident"
    id_number: str = Field(unique=True)
    gender: str | None = None
    birth_date: dt.date | None = None
    phone: str = ""
    department: str = ""
    job_title: str = ""
    hire_date: dt.date | None = None
    contract_start: dt.date | None = None
    contract_end: dt.date | None = None
    social_insurance_start: dt.date | None = None
    degree: str = ""
    degree_date: dt.date | None = None
    degree_foreign: bool = False
    professional_title: str = ""
    address: str = ""
    housing_kind: str | None = None
    status: str = Field(default="active", index=True)  # active / left (archived, kept with history)
    left_on: dt.date | None = None
    notes: str = ""
    created_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class Permit(SQLModel, table=True):
    """One 工作居住证 of a holder at a unit; its validity lives in :class:`PermitPeriod`."""

    id: int | None = Field(default=None, primary_key=True)
    holder_id: int = Field(foreign_key="holder.id", index=True, ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", index=True)
    certificate_no: str = Field(default="", index=True)
    first_issued: dt.date | None = None
    status: str = "valid"  # valid / suspended / lapsed / cancelled
    created_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class PermitPeriod(SQLModel, table=True):
    """One validity period of a permit; renewals append, nothing is overwritten."""

    __table_args__ = (Index("ix_permitperiod_permit_expiry", "permit_id", "expiry"),)

    id: int | None = Field(default=None, primary_key=True)
    permit_id: int = Field(foreign_key="permit.id", index=True, ondelete="CASCADE")
    start: dt.date | None = None
    expiry: dt.date = Field(index=True)
    source: str = "manual"  # see rules.vocab.PERIOD_SOURCES
    recorded_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())


class FamilyMember(SQLModel, table=True):
    """A spouse or child accompanying the holder (随往人员)."""

    id: int | None = Field(default=None, primary_key=True)
    holder_id: int = Field(foreign_key="holder.id", index=True, ondelete="CASCADE")
    relation: str  # spouse / child
    name: str
    id_type: str = "resident"
    id_number: str | None = None
    gender: str | None = None
    birth_date: dt.date | None = None
    employer: str = ""
    accompanying: bool = True


class AuditEntry(SQLModel, table=True):
    """One changed field (or a created/archived record): what, old and new value, when."""

    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    entity: str  # holder / permit / unit / family / warning ...
    entity_id: int
    action: str  # create / update / archive / restore / delete / renew ...
    field: str = ""
    old_value: str = ""
    new_value: str = ""
    note: str = ""


class Setting(SQLModel, table=True):
    """Register-wide values that travel with the database (e.g. the default unit)."""

    __table_args__ = (UniqueConstraint("key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str
    value: str = ""
