"""What a write changed, so that each page refreshes only that (like Anki's ``OpChanges``).

A page that shows holders reloads the rows of ``holders`` (all rows when it is
``ALL``); the due list recomputes when anything it reads changed; a case window
reloads when its case did. Writes say what they touched; a write that cannot say
(an import, a restore) says :meth:`Changes.everything`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

ALL: frozenset[int] | None = None  # "every record of this kind"


@dataclass(frozen=True)
class Changes:
    holders: frozenset[int] | None = frozenset()  # None: all of them
    units: bool = False
    cases: frozenset[int] | None = frozenset()  # None: all of them
    marks: bool = False  # the clerk's handled / snoozed marks on the due list
    settings: bool = False  # rules settings: lead times, overrides, calendar, wages, preferences

    @classmethod
    def everything(cls) -> Changes:
        return cls(holders=ALL, units=True, cases=ALL, marks=True, settings=True)

    @classmethod
    def of_holders(cls, ids: Iterable[int]) -> Changes:
        return cls(holders=frozenset(ids))

    @classmethod
    def of_case(cls, case_id: int, holder_id: int | None = None) -> Changes:
        return cls(
            cases=frozenset({case_id}),
            holders=frozenset({holder_id} if holder_id is not None else ()),
        )

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            holders=None
            if self.holders is None or other.holders is None
            else self.holders | other.holders,
            units=self.units or other.units,
            cases=None if self.cases is None or other.cases is None else self.cases | other.cases,
            marks=self.marks or other.marks,
            settings=self.settings or other.settings,
        )

    @property
    def all_holders(self) -> bool:
        return self.holders is None

    @property
    def any(self) -> bool:
        return bool(
            self.holders is None
            or self.holders
            or self.units
            or self.cases is None
            or self.cases
            or self.marks
            or self.settings
        )

    def to_json(self) -> str:
        """The changes as JSON (sent to the other clerks of a shared register)."""
        return json.dumps(
            {
                "holders": None if self.holders is None else sorted(self.holders),
                "units": self.units,
                "cases": None if self.cases is None else sorted(self.cases),
                "marks": self.marks,
                "settings": self.settings,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Changes:
        """The changes :meth:`to_json` wrote; anything unreadable counts as everything."""
        try:
            data = json.loads(text)
            return cls(
                holders=None if data["holders"] is None else frozenset(map(int, data["holders"])),
                units=bool(data["units"]),
                cases=None if data["cases"] is None else frozenset(map(int, data["cases"])),
                marks=bool(data["marks"]),
                settings=bool(data["settings"]),
            )
        except (ValueError, KeyError, TypeError):
            return cls.everything()

    def touches_case(self, case_id: int) -> bool:
        return self.cases is None or case_id in self.cases or self.settings

    def touches_due_list(self) -> bool:
        """The due list reads holders, cases, marks and every rules setting."""
        return self.any


def stored_id(record: object) -> int:
    """The id of a record that has been written (the tables declare ``id: int | None`` until then)."""
    value = getattr(record, "id", None)
    if value is None:
        raise ValueError(f"{type(record).__name__} has not been written yet")
    return int(value)
