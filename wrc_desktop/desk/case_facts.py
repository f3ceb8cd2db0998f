"""A case's facts for its forms (loan owners, start, relationship, room; chosen 落款 dates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..documents import case_forms
from ..rules.form_facts import CaseFormFacts, clean_facts
from ..store import case_facts
from .changes import Changes
from .core import Desk


def read(desk: Desk, case_id: int) -> tuple[CaseFormFacts, int]:
    """The facts and the case's version they were read at (pass it back to :func:`save`)."""
    with desk._session() as session:
        return case_facts.read_facts(session, case_id)


def save(
    desk: Desk,
    case_id: int,
    data: Mapping[str, Any] | CaseFormFacts,
    *,
    expected_version: int | None = None,
    seen: CaseFormFacts | None = None,
) -> Changes:
    """Validate and store the facts; refused (nothing stored) when the case changed since it was read."""
    facts = data if isinstance(data, CaseFormFacts) else clean_facts(data)
    with desk._session() as session:
        case_facts.write_facts(
            session, case_id, facts, expected_version=expected_version, seen=seen
        )
    return Changes.of_case(case_id)


def planned_dates(
    desk: Desk, case_id: int, *, on: dt.date, dates: Mapping[str, dt.date] | None = None
) -> list[case_forms.PlannedForm]:
    """The case's forms and the dates they would carry if generated now (for the dialog)."""
    rules = desk.rules()
    with desk._session() as session:
        return case_forms.plan(session, case_id, rules=rules, on=on, dates=dates)
