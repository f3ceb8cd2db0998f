"""The bundled rules as tests ask them: a rules context without the clerk's overrides.

The package has one way to a checklist or a case check — the rules context's policy,
calendar and checklist files (:class:`wrc_desktop.rules.context.RulesContext`). Tests that
exercise the bundled rules build that context here rather than a second way to load them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from wrc_desktop.rules import case_checks
from wrc_desktop.rules.case_findings import CaseCheck, ItemState
from wrc_desktop.rules.checklists import CaseFacts, Checklist
from wrc_desktop.rules.context import RulesContext


def bundled_rules(today: dt.date, overrides: Path | None = None) -> RulesContext:
    return RulesContext.load(today=today, overrides=overrides)


def build_checklist(facts: CaseFacts, *, overrides: Path | None = None) -> Checklist:
    """The checklist for ``facts`` under the bundled rules (or the clerk's ``overrides``)."""
    return bundled_rules(facts.on, overrides).checklist(facts)


def check_case(checklist: Checklist, states: Mapping[str, ItemState], **given) -> CaseCheck:
    """:func:`wrc_desktop.rules.case_checks.check_case` with the bundled policy and calendar."""
    rules = bundled_rules(given["today"])
    return case_checks.check_case(
        checklist,
        states,
        policy=rules.policy(checklist.district),
        calendar=rules.calendar,
        **given,
    )
