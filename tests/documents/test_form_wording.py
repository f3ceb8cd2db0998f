"""Each district's form wording: whose it is, how sure, and the guides' requirements quoted verbatim."""

from __future__ import annotations

import pytest


def test_each_district_gets_its_own_declaration_and_says_how_sure_the_wording_is():
    from wrc_desktop.documents.definition import load_form

    dong = load_form("declaration", "dongcheng")
    assert dong.title == "诚信声明" and dong.verified and "附件4" in dong.wording
    xicheng = load_form("declaration", "xicheng")
    assert xicheng.title == "个人诚信声明" and not xicheng.verified
    assert "须加盖单位公章，并由单位法人签字、申请人签字" in xicheng.requirement
    assert "未核实" in xicheng.wording
    assert load_form("declaration", "haidian").title == "申请人诚信声明"
    assert load_form("unit-declaration", "haidian").title == "单位诚信声明"
    other = load_form("declaration", "shijingshan")
    assert other.title == "诚信声明" and not other.verified and "东城区" in other.wording


def test_the_requirements_quoted_from_the_guides_are_verbatim():
    from pathlib import Path

    from wrc_desktop.documents.definition import FORM_SLUGS, load_form

    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("the district guides are not beside the repository")
    text = "".join("".join(p.read_text(encoding="utf-8").split()) for p in seeds.glob("*.txt"))
    for slug in FORM_SLUGS:
        for district in ("xicheng", "haidian", "dongcheng"):
            form = load_form(slug, district)
            if form.requirement:
                assert "".join(form.requirement.split()) in text, (slug, district)
