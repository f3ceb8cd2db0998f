"""What a case's view is made of, named attribute by attribute: the register's records as the
checklist, the items' states and the case check read them.

Two reads fill them: the table models' (:mod:`.case_reads`, for the case window, the cases
page and the cover sheet, which go on to edit the records they show) and SQLAlchemy Core's
(:mod:`.case_core_reads`, for the due list, which only reads and so loads nothing of the ORM).
Both give :func:`.case_sheets.case_sheet` the same attributes of the same rows, so one
computation answers for both. The protocols name only what that computation reads; a table
model satisfies its protocol as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol


class CaseRecord(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def holder_id(self) -> int: ...
    @property
    def unit_id(self) -> int: ...
    @property
    def district(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def clause(self) -> int | None: ...
    @property
    def housing(self) -> str | None: ...
    @property
    def family_ids(self) -> str: ...
    @property
    def submit_on(self) -> dt.date | None: ...
    @property
    def incomes(self) -> str: ...


class HolderRecord(Protocol):
    @property
    def gender(self) -> str | None: ...
    @property
    def birth_date(self) -> dt.date | None: ...
    @property
    def hire_date(self) -> dt.date | None: ...
    @property
    def left_on(self) -> dt.date | None: ...
    @property
    def contract_end(self) -> dt.date | None: ...
    @property
    def social_insurance_start(self) -> dt.date | None: ...
    @property
    def degree_date(self) -> dt.date | None: ...
    @property
    def degree_foreign(self) -> bool: ...
    @property
    def retirement_track(self) -> str | None: ...


class UnitRecord(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def tech_innovation(self) -> bool: ...
    @property
    def tech_service(self) -> bool: ...
    @property
    def ai_key(self) -> bool: ...


class FamilyRecord(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def relation(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def birth_date(self) -> dt.date | None: ...


class ItemRecord(Protocol):
    """What the clerk recorded about one checklist item."""

    @property
    def title(self) -> str: ...
    @property
    def collected(self) -> bool: ...
    @property
    def dated(self) -> dt.date | None: ...
    @property
    def valid_until(self) -> dt.date | None: ...


class AttachmentRecord(Protocol):
    """A file of an item, with what a reading of it found differing from the register."""

    @property
    def kind(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def original_name(self) -> str: ...
    @property
    def read_mismatches(self) -> str: ...
    @property
    def mismatches_dismissed(self) -> bool: ...


class PermitRecord(Protocol):
    @property
    def first_issued(self) -> dt.date | None: ...


class PeriodRecord(Protocol):
    @property
    def expiry(self) -> dt.date: ...


class CaseRecords(Protocol):
    """The register's records one case's view is made from, besides the case itself."""

    @property
    def holder(self) -> HolderRecord: ...
    @property
    def unit(self) -> UnitRecord: ...
    @property
    def family(self) -> Sequence[FamilyRecord]:
        """All the holder's family members, in the order recorded (the case picks its own)."""

    @property
    def stored(self) -> Mapping[str, ItemRecord]:
        """What the clerk recorded per checklist item, by key, in the order recorded."""

    @property
    def files(self) -> Mapping[str, Sequence[AttachmentRecord]]:
        """Each item's files, in the order attached."""

    @property
    def permit(self) -> PermitRecord | None:
        """The holder's current permit: the latest recorded."""

    @property
    def period(self) -> PeriodRecord | None:
        """That permit's current period: the one with the latest expiry."""
