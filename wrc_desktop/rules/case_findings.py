"""What a case check reads and reports: the items' states, the holder's dates, each problem and deadline.

Shared by :mod:`.case_checks` (the check itself) and :mod:`.case_deadlines` (the deadline of
the case's kind); pure data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from .explain import UNVERIFIED_NOTE

if TYPE_CHECKING:  # scan_mismatches makes CaseProblems of them
    from .scan_mismatches import ScanMismatch

ITEM_STATES = {
    "missing": "未收集",
    "generated": "已生成表格（待签字盖章）",
    "collected": "已收集原件",
    "attached": "已附文件",
}


@dataclass(frozen=True)
class ItemState:
    """What the clerk has of one item: the paper original, files, a generated form; its dates."""

    key: str
    collected: bool = False
    files: int = 0  # scans and documents the clerk attached
    forms: int = 0  # forms the app generated (unsigned)
    dated: dt.date | None = None
    valid_until: dt.date | None = None
    scan_mismatches: tuple[ScanMismatch, ...] = ()  # what its scans name differently, not dismissed

    @property
    def state(self) -> str:
        if self.files:
            return "attached"
        if self.collected:
            return "collected"
        return "generated" if self.forms else "missing"


@dataclass(frozen=True)
class HolderDates:
    """The register's dates about the holder and the permit that the checks use."""

    hire_date: dt.date | None = None
    left_on: dt.date | None = None
    contract_end: dt.date | None = None
    degree_date: dt.date | None = None
    degree_foreign: bool = False
    expiry: dt.date | None = None
    first_issued: dt.date | None = None
    ai_key: bool = False
    birth_date: dt.date | None = None
    gender: str | None = None
    social_insurance_start: dt.date | None = None  # in Beijing
    # Which statutory retirement age a woman has (female_55 / female_50); None: not recorded.
    retirement_track: str | None = None
    # Applications the unit hands in at once (东城 counter days); None: few.
    applications: int | None = None


@dataclass(frozen=True)
class CaseProblem:
    item: str  # checklist key, or "" for the case as a whole
    subject: str  # the item's title or what the problem is about
    date: dt.date | None
    rule: str
    message: str
    source: str
    unverified: bool
    blocking: bool = True

    def as_dict(self) -> dict:
        data = asdict(self)
        if self.unverified:
            data["note"] = UNVERIFIED_NOTE
        return data


@dataclass(frozen=True)
class Deadline:
    day: dt.date
    what: str
    source: str = ""


@dataclass(frozen=True)
class CaseCheck:
    submit: dt.date | None
    problems: tuple[CaseProblem, ...]
    deadlines: tuple[Deadline, ...]
    # Item key → the last submission day on which the item is still good.
    valid_through: dict[str, dt.date | None] = field(default_factory=dict)

    @property
    def blocking(self) -> list[CaseProblem]:
        return [p for p in self.problems if p.blocking]

    @property
    def can_submit(self) -> bool:
        return not self.blocking

    @property
    def next_deadline(self) -> Deadline | None:
        return min(self.deadlines, key=lambda d: d.day, default=None)
