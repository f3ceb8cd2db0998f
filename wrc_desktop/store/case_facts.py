"""The facts of one case that its forms need and the register does not hold (``Case.facts``).

Written like every other edit of a case: from a copy the clerk saw (the case's version and
the facts it showed), refused when the case moved on since, recorded in the audit trail
with ID numbers masked.
"""

from __future__ import annotations

from sqlmodel import Session

from ..rules.form_facts import CaseFormFacts, parse_facts
from . import audit, versions
from .case_models import Case
from .cases import get_case
from .models import utc_now

FACTS_LABEL = "表格信息"


def read_facts(session: Session, case_id: int) -> tuple[CaseFormFacts, int]:
    """The case's facts and the version they were read at (for :func:`write_facts`)."""
    case = get_case(session, case_id)
    return parse_facts(case.facts), case.version


def write_facts(
    session: Session,
    case_id: int,
    facts: CaseFormFacts,
    *,
    expected_version: int | None = None,
    seen: CaseFormFacts | None = None,
) -> Case:
    """Store ``facts``; refused when the case changed since the caller read it at ``expected_version``."""
    case = get_case(session, case_id)
    stored = parse_facts(case.facts)
    versions.refuse(
        [
            versions.stale_copy(
                subject=f"办理事项 {case.number}",
                current_version=case.version,
                current={"facts": stored.summary()},
                expected_version=expected_version,
                seen={"facts": seen.summary()} if seen is not None else None,
                labels={"facts": FACTS_LABEL},
            )
        ]
    )
    text = facts.to_json()
    if text == case.facts:
        return case
    audit.record(
        session,
        "case",
        case_id,
        "update",
        field="facts",
        old=stored.summary(),
        new=facts.summary(),
    )
    case.facts = text
    case.updated_at = utc_now()
    session.add(case)
    with versions.guarded(f"办理事项 {case.number}"):
        session.flush()
    return case
