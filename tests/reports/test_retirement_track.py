"""A woman's retirement track is a holder fact: the roster (and its template), the register's
JSON, validation and the due list's age reminder all carry the one field; unknown says so."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tests.conftest import TODAY
from tests.helpers import id_number, source_on
from tests.reports.builders import add_holder, add_unit, save_roster
from wrc_desktop.reports.due_list import due_list, holder_facts
from wrc_desktop.reports.roster_import import commit_import, plan_import, read_roster
from wrc_desktop.reports.roster_template import TEMPLATE_FIELDS, write_template
from wrc_desktop.rules.errors import ValidationErrors
from wrc_desktop.rules.validation import clean_holder
from wrc_desktop.store import queries
from wrc_desktop.store.models import Holder

# Born 1976-03: on the 50 track she reaches the statutory age on 2026-11-05 (+8 months), on the
# 55 track on 2032-10-05 (+19 months) — NPC Standing Committee decision of 2024-09-13.
WOMAN = id_number(birth="19760305", sequence="022")
OTHER_WOMAN = id_number(birth="19760305", sequence="042")
MAN = id_number(birth="19760305", sequence="013")


def test_validation_takes_a_code_a_label_or_a_rosters_55_and_50():
    base = {"name": "金英雅", "id_number": WOMAN}
    assert (
        clean_holder({**base, "retirement_track": "50"}, today=TODAY)["retirement_track"]
        == "female_50"
    )
    assert (
        clean_holder({**base, "retirement_track": "原55周岁"}, today=TODAY)["retirement_track"]
        == "female_55"
    )
    assert clean_holder(base, today=TODAY)["retirement_track"] is None
    with pytest.raises(ValidationErrors) as refused:
        clean_holder(
            {"name": "李雷", "id_number": MAN, "retirement_track": "female_55"}, today=TODAY
        )
    assert "只适用于女职工" in str(refused.value)
    with pytest.raises(ValidationErrors) as bad:
        clean_holder({**base, "retirement_track": "60"}, today=TODAY)
    assert "退休年龄档位" in str(bad.value)


def test_the_template_and_the_import_carry_the_track(register, tmp_path):
    assert "retirement_track" in TEMPLATE_FIELDS
    template = read_roster(write_template(tmp_path / "模板.xlsx"))
    assert not template.columns.unmapped
    with register.session() as session:
        add_unit(session)
    path = save_roster(
        tmp_path / "名单.xlsx",
        [["金英雅", WOMAN, "50"], ["朴智妍", OTHER_WOMAN, ""]],
        ["姓名", "身份证号码", "退休年龄档位"],
    )
    with register.session() as session:
        plan = plan_import(session, read_roster(path), today=TODAY)
        assert plan.errors == []
        commit_import(session, plan)
    with register.session() as session:
        tracks = {h.name: h.retirement_track for h in session.exec(select(Holder))}
        document = {item["name"]: item for item in queries.holders_document(session)}
    assert tracks == {"金英雅": "female_50", "朴智妍": None}
    assert document["金英雅"]["retirement_track"] == "female_50"
    assert document["朴智妍"]["retirement_track"] is None


def test_the_due_list_reads_the_track_and_says_when_it_is_unknown(register):
    today = dt.date(2026, 9, 1)
    with register.session() as session:
        unit = add_unit(session, district="海淀区")
        known = add_holder(
            session,
            unit.id,
            name="金英雅",
            birth="19760305",
            sequence="022",
            retirement_track="female_55",
        )
        unknown = add_holder(session, unit.id, name="朴智妍", birth="19760305", sequence="042")
        facts = {f.holder_id: f for f in holder_facts(session)}
        assert facts[known.id].retirement_track == "female_55"
        assert facts[unknown.id].retirement_track is None
        items = due_list(session, source_on(today, session=session)).shown
    ages = {i.holder_name: i for i in items if i.kind == "age_limit"}
    # The 55 track's date (2032) is years away: no reminder for her yet.
    assert "金英雅" not in ages
    # Unknown: the earlier (50 track) date, and the row says the track is not recorded.
    assert ages["朴智妍"].date == dt.date(2026, 11, 5)
    assert "档位未登记" in ages["朴智妍"].title + ages["朴智妍"].detail
