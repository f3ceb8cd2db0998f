"""The 房屋借住声明 rendered and read back: one relation per co-owner (issue 27)."""

from __future__ import annotations

from tests.documents.test_register_forms import _holder_number
from tests.helpers import id_number
from wrc_desktop.cli import main

from .conftest import pdf_text, squash


def _declaration(demo_register, tmp_path, capsys, *owners: str, relation: str = "") -> str:
    number = _holder_number(demo_register, housing_kind="borrowed")
    out = tmp_path / "借住声明.pdf"
    args = ["form", "loan", "--holder", number, "--out", str(out), "--date", "2026-11-20"]
    for owner in owners:
        args += ["--owner", owner]
    args += ["--address", "北京市东城区东四十条 88 号 3 门 201 室", "--since", "2025-03-01"]
    if relation:
        args += ["--relation", relation]
    code = main(args)
    assert code == 0, capsys.readouterr().err
    return squash(pdf_text(out.read_bytes()))


def test_co_owners_related_differently_are_each_named(demo_register, tmp_path, capsys):
    father = f"张大山,{id_number('110105', '19600101', '213')},父子"
    mother = f"李秀兰，{id_number('110105', '19620202', '224')}，母子"
    text = _declaration(demo_register, tmp_path, capsys, father, mother)
    assert "本人与房主是父子（张大山）、母子（李秀兰）关系" in text


def test_one_owner_prints_just_the_relation(demo_register, tmp_path, capsys):
    father = f"张大山,{id_number('110105', '19600101', '213')},父子"
    text = _declaration(demo_register, tmp_path, capsys, father)
    assert "本人与房主是父子关系" in text


def test_the_shared_relation_still_serves_every_owner(demo_register, tmp_path, capsys):
    father = f"张大山,{id_number('110105', '19600101', '213')}"
    mother = f"李秀兰,{id_number('110105', '19620202', '224')}"
    text = _declaration(demo_register, tmp_path, capsys, father, mother, relation="亲属")
    assert "本人与房主是亲属关系" in text
