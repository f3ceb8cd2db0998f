"""The register's tables (DOMAIN §2).

Codes in ``kind``/``status``/``id_type`` columns are those of
:mod:`wrc_desktop.rules.vocab`. Timestamps are timezone-aware UTC. A permit's
validity is a history of periods: a renewal adds a period and never overwrites
one; the current period is the one that starts last.

Every record a clerk edits from a copy (unit, agent, holder, permit, family
member) carries a ``version`` that SQLAlchemy raises on each ORM update
(``version_id_col``); :mod:`.versions` refuses an edit made from an older copy.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Column,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    inspect,
    text,
)
from sqlmodel import Field, SQLModel

from .tables import UtcDateTime  # defined with the light tables, which read timestamps too


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a table model, for Core statements (bulk inserts, deletes).

    Read through SQLAlchemy's inspection API: SQLModel's stubs do not declare ``__table__``.
    """
    table = inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


def written_id(record: SQLModel) -> int:
    """The id of a row that has been flushed (the tables declare ``id: int | None`` until then)."""
    value = getattr(record, "id", None)
    if value is None:
        raise ValueError(f"{type(record).__name__} has not been written yet")
    return int(value)


def _timestamp() -> Column:
    return Column(UtcDateTime(), nullable=False, default=utc_now)


def current_clerk(context) -> str:
    """The clerk whose connection writes the row (see :func:`.engines.name_clerks`).

    A column default, so Core bulk inserts (imports) record the clerk as the ORM does.
    """
    if context is None:
        return ""
    return str(context.connection.info.get("clerk") or "")


def clerk_column() -> Column:
    return Column(String, nullable=False, default=current_clerk, server_default="")


def version_column() -> Column:
    """The version counter: 1 for a new row (Core bulk inserts too), raised by every ORM update.

    A Core ``update()`` bypasses the ORM and must set ``version = version + 1`` itself.
    """
    return Column(Integer, nullable=False, default=1, server_default=text("1"))


_UNIT_VERSION = version_column()
_AGENT_VERSION = version_column()
_HOLDER_VERSION = version_column()
_PERMIT_VERSION = version_column()
_FAMILY_VERSION = version_column()


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
    # How many applications the unit brings to the district counter at once, as the clerk
    # knows it (东城 003 五: Mon/Tue under 5, Wed–Fri from 5); None: count the planned cases.
    counter_applications: int | None = None
    created_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    version: int = Field(default=1, sa_column=_UNIT_VERSION)

    __mapper_args__ = {"version_id_col": _UNIT_VERSION}


class UnitClerk(SQLModel, table=True):
    """A clerk who serves a unit, by their database login (see :mod:`.unit_access`).

    A unit with no row is served by every clerk. On a shared register the database's
    row-level security reads this table: only the logins named here (and the
    administrator) may write the unit's rows, and only the administrator writes here.
    """

    __table_args__ = (UniqueConstraint("unit_id", "login"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True, ondelete="CASCADE")
    login: str


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
    version: int = Field(default=1, sa_column=_AGENT_VERSION)

    __mapper_args__ = {"version_id_col": _AGENT_VERSION}


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
    # A woman's statutory retirement-age track, named by its age before the 2025 reform:
    # "female_55" (女干部, 55 → 58) or "female_50" (女工人, 50 → 55); None = not known.
    retirement_track: str | None = None
    created_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    version: int = Field(default=1, sa_column=_HOLDER_VERSION)

    __mapper_args__ = {"version_id_col": _HOLDER_VERSION}


class Permit(SQLModel, table=True):
    """One 工作居住证 of a holder at a unit; its validity lives in :class:`PermitPeriod`."""

    id: int | None = Field(default=None, primary_key=True)
    holder_id: int = Field(foreign_key="holder.id", index=True, ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", index=True)
    certificate_no: str = Field(default="", index=True)
    first_issued: dt.date | None = None
    status: str = "valid"  # valid / suspended / lapsed / cancelled
    created_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    version: int = Field(default=1, sa_column=_PERMIT_VERSION)

    __mapper_args__ = {"version_id_col": _PERMIT_VERSION}


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
    version: int = Field(default=1, sa_column=_FAMILY_VERSION)

    __mapper_args__ = {"version_id_col": _FAMILY_VERSION}


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
    clerk: str | None = Field(default=None, sa_column=clerk_column())  # who made the change


class Setting(SQLModel, table=True):
    """Register-wide values that travel with the database (e.g. the default unit)."""

    __table_args__ = (UniqueConstraint("key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str
    value: str = ""


class WarningState(SQLModel, table=True):
    """The clerk marked a due-list warning handled, or snoozed it until a date.

    ``key`` names one deadline of one holder (e.g. the renewal for one expiry
    date); ``level`` is how urgent the warning's stage was when marked, so a
    later, more urgent stage of the same deadline shows again. The latest row
    for a key wins; older rows stay as history (the audit trail has them too).
    """

    __table_args__ = (Index("ix_warningstate_key", "key", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str
    holder_id: int | None = Field(
        default=None, foreign_key="holder.id", index=True, ondelete="CASCADE"
    )
    kind: str
    stage: str
    level: int
    action: str  # handled / snoozed / reopened
    until: dt.date | None = None  # snoozed: hidden before this date
    note: str = ""
    at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    clerk: str | None = Field(default=None, sa_column=clerk_column())  # who marked it


class ImportBatch(SQLModel, table=True):
    """One confirmed roster import, kept so that it can be undone."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    finished_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    file_name: str = ""
    created: int = 0
    updated: int = 0
    rejected: int = 0
    valid_only: bool = False
    undone_at: dt.datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )


class ImportChange(SQLModel, table=True):
    """What one import did to one holder: created it, or updated it (``before`` = JSON to restore)."""

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="importbatch.id", index=True, ondelete="CASCADE")
    holder_id: int = Field(index=True)  # no foreign key: the record outlives a deleted holder
    action: str  # create / update
    before: str = ""  # JSON: holder fields, permits and periods added, certificate number replaced
