"""The tables of 办理事项 (cases): one application for one holder, its checklist state and files.

The checklist itself is not stored: it is recomputed from the district's data and the
case's facts (:mod:`wrc_desktop.rules.checklists`), so a corrected guide reaches open
cases. What is stored is what the clerk did per item (:class:`CaseItem`, keyed by the
item's ``key``) and the files attached to it (:class:`CaseAttachment`, paths relative to
the case folder).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel

# The statuses live apart from the table (the due list reads them without the ORM); named here too.
from .case_statuses import CASE_STATUSES, OPEN_STATUSES, STATUS_MOVES  # noqa: F401
from .models import clerk_column, utc_now, version_column
from .tables import UtcDateTime

_CASE_VERSION = version_column()  # see models.version_column: raised by every ORM update
_ITEM_VERSION = version_column()


def _timestamp() -> Column:
    return Column(UtcDateTime(), nullable=False, default=utc_now)


class Case(SQLModel, table=True):
    """One application (办理事项) for one holder."""

    __table_args__ = (UniqueConstraint("number"),)

    id: int | None = Field(default=None, primary_key=True)
    number: str  # e.g. 2026-0007: year of creation and a running number
    holder_id: int = Field(foreign_key="holder.id", index=True, ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", index=True)
    district: str  # slug, from the unit at creation
    kind: str  # rules.checklist_data.CASE_KINDS
    clause: int | None = None
    housing: str | None = None  # rules.vocab.HOUSING_KINDS
    family_ids: str = ""  # FamilyMember ids involved, comma-separated
    submit_on: dt.date | None = None  # planned submission date
    status: str = Field(default="preparing", index=True)
    status_note: str = ""  # 退回补正 reasons / 不予受理 reason
    submitted_on: dt.date | None = None
    decided_on: dt.date | None = None
    approved_expiry: dt.date | None = None
    incomes: str = (
        ""  # JSON list of monthly taxable incomes (yuan), oldest first, for the income test
    )
    folder: str = ""  # relative to the case root: "<year>/<number> <name> <kind>"
    notes: str = ""
    # the clerk the case is assigned to (the one who opened it, until it is handed on)
    assigned_to: str | None = Field(default=None, sa_column=clerk_column())
    # JSON object of facts entered for this application only (loan owners, form dates...)
    facts: str = Field(default="", sa_column_kwargs={"server_default": ""})
    created_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    version: int = Field(default=1, sa_column=_CASE_VERSION)

    __mapper_args__ = {"version_id_col": _CASE_VERSION}


class CaseItem(SQLModel, table=True):
    """What the clerk recorded about one checklist item of a case."""

    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    key: str
    title: str = (
        ""  # as the checklist named it when the row was made (kept for items no longer listed)
    )
    collected: bool = False  # the paper original is at hand (no scan needed for the state)
    dated: dt.date | None = None  # 落款/出具日期
    valid_until: dt.date | None = None  # 有效期至
    note: str = ""
    version: int = Field(default=1, sa_column=_ITEM_VERSION)

    __mapper_args__ = {"version_id_col": _ITEM_VERSION}


class CaseAttachment(SQLModel, table=True):
    """A file attached to an item: a scan or document the clerk added, or a form the app generated."""

    __table_args__ = (Index("ix_caseattachment_item", "item_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True, ondelete="CASCADE")
    item_id: int = Field(foreign_key="caseitem.id", ondelete="CASCADE")
    path: str  # relative to the case folder
    original_name: str = ""
    kind: str = "file"  # file (scan, photo, PDF) / form (generated, unsigned)
    sha256: str = ""
    added_at: dt.datetime = Field(default_factory=utc_now, sa_column=_timestamp())
    # JSON list of {"field", "message"}: where the scan, as read when the clerk reviewed it,
    # names another person or unit than the register; a checklist problem until dismissed
    read_mismatches: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # JSON of what the scan was read to say (scanread.stored), so it is read by OCR once
    reading: str = Field(default="", sa_column_kwargs={"server_default": ""})
    mismatches_dismissed: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
