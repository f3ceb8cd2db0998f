"""A case's facts for its forms (loan owners, start, relationship, room; chosen 落款 dates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..documents import case_forms
from ..documents.definition import FORM_SLUGS
from ..rules.form_facts import CaseFormFacts, clean_facts, facts_needed
from ..store import case_facts, case_views
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


def needed(desk: Desk, case_id: int) -> frozenset[str]:
    """The groups of facts the case's forms print (:func:`~wrc_desktop.rules.form_facts.facts_needed`
    over the forms of its checklist, which follows the holder's housing and the case's kind)."""
    rules = desk.rules()
    with desk._session() as session:
        view = case_views.case_view(session, case_id, rules=rules)
        slugs = [
            item.form
            for row in view.rows
            if (item := row.item) is not None and item.form is not None and item.form in FORM_SLUGS
        ]
    return facts_needed(slugs)


def planned_dates(
    desk: Desk, case_id: int, *, on: dt.date, dates: Mapping[str, dt.date] | None = None
) -> list[case_forms.PlannedForm]:
    """The case's forms and the dates they would carry if generated now (for the dialog)."""
    rules = desk.rules()
    with desk._session() as session:
        return case_forms.plan(session, case_id, rules=rules, on=on, dates=dates)
