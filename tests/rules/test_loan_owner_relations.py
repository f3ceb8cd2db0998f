"""One relation per co-owner on the 房屋借住声明 (issue 27): each owner may carry the applicant's
relation; the declaration's one field names each when they differ; stored facts keep working."""

from __future__ import annotations

import json

from tests.helpers import id_number
from wrc_desktop.rules.form_facts import (
    CaseFormFacts,
    LoanFacts,
    LoanOwner,
    clean_facts,
    describe_changes,
    parse_facts,
)

FATHER = LoanOwner("张大山", id_number("110101", "19600102", "013"), "父子")
MOTHER = LoanOwner("李秀兰", id_number("110101", "19620304", "024"), "母子")


def test_one_owner_prints_just_the_relation():
    assert LoanFacts(owners=(FATHER,)).relation_text() == "父子"


def test_co_owners_related_differently_are_named():
    loan = LoanFacts(owners=(FATHER, MOTHER))
    assert loan.relation_text() == "父子（张大山）、母子（李秀兰）"
    assert "loan.relation" not in loan.missing("北京市海淀区某路 1 号")


def test_co_owners_with_one_relation_print_it_once():
    same = LoanFacts(owners=(FATHER, MOTHER._replace(relation="父子")))
    assert same.relation_text() == "父子"


def test_an_owner_without_a_relation_takes_the_shared_one():
    loan = LoanFacts(owners=(FATHER, MOTHER._replace(relation="")), relation="亲属")
    assert loan.relation_text() == "父子（张大山）、亲属（李秀兰）"
    missing = LoanFacts(owners=(FATHER, MOTHER._replace(relation=""))).missing("某路 1 号")
    assert "loan.relation" in missing  # 李秀兰 has no relation and there is no shared one
    assert "loan.relation" in LoanFacts().missing("某路 1 号")


def test_facts_stored_before_owners_had_relations_still_read():
    stored = json.dumps(
        {
            "loan": {
                "owners": [
                    {"name": FATHER.name, "id_number": FATHER.id_number},
                    {"name": MOTHER.name, "id_number": MOTHER.id_number},
                ],
                "relation": "父子",
                "since": "2025-01-01",
            }
        },
        ensure_ascii=False,
    )
    loan = parse_facts(stored).loan
    assert [owner.relation for owner in loan.owners] == ["", ""]
    assert loan.relation_text() == "父子"  # the old single relation applies to every owner


def test_relations_per_owner_survive_a_round_trip():
    facts = CaseFormFacts(loan=LoanFacts(owners=(FATHER, MOTHER)))
    again = parse_facts(facts.to_json())
    assert again.loan.owners == (FATHER, MOTHER)
    assert "关系：父子（张大山）、母子（李秀兰）" in again.summary()
    assert clean_facts({"loan": {"owners": [FATHER._asdict()]}}).loan.owners == (FATHER,)


def test_a_changed_relation_is_described():
    old = CaseFormFacts(loan=LoanFacts(owners=(FATHER, MOTHER._replace(relation="父子"))))
    new = CaseFormFacts(loan=LoanFacts(owners=(FATHER, MOTHER)))
    assert any("父子（张大山）、母子（李秀兰）" in line for line in describe_changes(old, new))
