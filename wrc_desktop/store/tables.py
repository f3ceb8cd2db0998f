"""The register's tables as its reads see them: SQLAlchemy Core descriptions of the columns
the due list (an open case's checklist among them), the register's rows and the deadlines
read — and nothing of the ORM.

The table models (:mod:`.models`, :mod:`.case_models`) describe every column for the
migrations, a new register and the writes; importing them loads SQLModel, pydantic and the
ORM (a third of a second), which a command that only reads, such as ``wrc due``, never
needs. The columns here are typed as the models type them, so SQLite's dates come back
as dates on both engines; tests/store/test_light_tables.py checks every one against the
model's table (same table, name and type), so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Integer, String
from sqlalchemy.sql import column, table
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator):
    """Timezone-aware UTC on the way in and out; SQLite itself keeps no time zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("timestamps must be timezone-aware")
            value = value.astimezone(dt.UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


unit = table(
    "unit",
    column("id", Integer),
    column("name", String),
    column("district", String),
    column("counter_applications", Integer),
    column("kind", String),
    column("tech_innovation", Boolean),
    column("tech_service", Boolean),
    column("ai_key", Boolean),
)

holder = table(
    "holder",
    column("id", Integer),
    column("unit_id", Integer),
    column("name", String),
    column("id_type", String),
    column("id_number", String),
    column("gender", String),
    column("birth_date", Date),
    column("department", String),
    column("status", String),
    column("left_on", Date),
    column("hire_date", Date),
    column("contract_end", Date),
    column("retirement_track", String),
    column("social_insurance_start", Date),
    column("degree_date", Date),
    column("degree_foreign", Boolean),
)

permit = table(
    "permit",
    column("id", Integer),
    column("holder_id", Integer),
    column("certificate_no", String),
    column("first_issued", Date),
    column("status", String),
)

permit_period = table(
    "permitperiod",
    column("id", Integer),
    column("permit_id", Integer),
    column("expiry", Date),
)

family_member = table(
    "familymember",
    column("id", Integer),
    column("holder_id", Integer),
    column("relation", String),
    column("name", String),
    column("birth_date", Date),
    column("accompanying", Boolean),
)

case = table(
    "case",
    column("id", Integer),
    column("number", String),
    column("holder_id", Integer),
    column("unit_id", Integer),
    column("kind", String),
    column("status", String),
    column("submit_on", Date),
    column("district", String),
    column("clause", Integer),
    column("housing", String),
    column("family_ids", String),
    column("incomes", String),
)

case_item = table(
    "caseitem",
    column("id", Integer),
    column("case_id", Integer),
    column("key", String),
    column("title", String),
    column("collected", Boolean),
    column("dated", Date),
    column("valid_until", Date),
)

case_attachment = table(
    "caseattachment",
    column("id", Integer),
    column("case_id", Integer),
    column("item_id", Integer),
    column("kind", String),
    column("path", String),
    column("original_name", String),
    column("read_mismatches", String),
    column("mismatches_dismissed", Boolean),
)

warning_state = table(
    "warningstate",
    column("id", Integer),
    column("key", String),
    column("holder_id", Integer),
    column("kind", String),
    column("stage", String),
    column("level", Integer),
    column("action", String),
    column("until", Date),
    column("note", String),
    column("at", UtcDateTime),
    column("clerk", String),
)

setting = table(
    "setting",
    column("id", Integer),
    column("key", String),
    column("value", String),
)

# Every table above (the test compares each with its model).
TABLES = (
    unit,
    holder,
    permit,
    permit_period,
    family_member,
    case,
    case_item,
    case_attachment,
    warning_state,
    setting,
)
