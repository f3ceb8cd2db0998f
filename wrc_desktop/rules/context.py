"""The one rules context: everything a status, a deadline or a check depends on besides the record.

Built once per day (and again when the clerk changes a rule setting) and handed to
every computation, whoever asks — a page, the CLI, a report, a PDF. It holds the
district policies *with* the clerk's overrides, the working-day calendar with the
clerk's years, the wage table with the clerk's years, the clerk's lead times and
"today". A computation that takes a context cannot forget the overrides: that is
the point of passing one object instead of five optional arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from .counter import UnitVolumes
from .income import WageYear, load_wages
from .policy import DistrictPolicy, get_policy
from .workdays import WorkCalendar, get_calendar

if TYPE_CHECKING:
    from .checklists import CaseFacts, Checklist


@dataclass(frozen=True, eq=False)
class RulesContext:
    today: dt.date
    calendar: WorkCalendar
    wages: Mapping[int, WageYear]
    leads: Mapping[str, int]
    overrides: Path | None
    # The units' volumes at the district counter (东城), read from the register with the day.
    volumes: UnitVolumes = field(default_factory=UnitVolumes)
    _policies: dict[str, DistrictPolicy] = field(default_factory=dict, repr=False)
    _checklist_files: dict[str, tuple] = field(default_factory=dict, repr=False)

    @classmethod
    def load(
        cls,
        *,
        today: dt.date,
        overrides: Path | None,
        leads: Mapping[str, int] | None = None,
        volumes: UnitVolumes | None = None,
    ) -> RulesContext:
        """The context of the data folder whose overrides live in ``overrides`` (None: bundled rules only)."""
        return cls(
            today=today,
            calendar=get_calendar(overrides),
            wages=MappingProxyType(load_wages(overrides)),
            leads=MappingProxyType(dict(leads or {})),
            overrides=overrides,
            volumes=volumes or UnitVolumes(),
        )

    def policy(self, district: str | DistrictPolicy) -> DistrictPolicy:
        """The district's policy with the clerk's overrides laid over it (read once per context)."""
        if isinstance(district, DistrictPolicy):
            return district
        found = self._policies.get(district)
        if found is None:
            found = self._policies[district] = get_policy(district, overrides=self.overrides)
        return found

    def checklist(self, facts: CaseFacts) -> Checklist:
        """The checklist of a case with these facts, from the district's policy and checklist
        files with the clerk's overrides (each read once per context, not once per case)."""
        # Imported here: a context that never meets a case (``wrc due`` on a register without
        # open cases, ``wrc deadlines``) does not load the checklists.
        from .checklist_data import load_checklists
        from .checklists import checklist_from

        policy = self.policy(facts.district)
        files = self._checklist_files.get(policy.slug)
        if files is None:
            files = self._checklist_files[policy.slug] = load_checklists(
                policy.slug, overrides=self.overrides
            )
        return checklist_from(facts, policy, files)

    def on(self, today: dt.date) -> RulesContext:
        """The same rules seen from another day (``--today`` in the CLI, a planned date)."""
        if today == self.today:
            return self
        return RulesContext(
            today=today,
            calendar=self.calendar,
            wages=self.wages,
            leads=self.leads,
            overrides=self.overrides,
            volumes=self.volumes,
            _policies=self._policies,
            _checklist_files=self._checklist_files,
        )
