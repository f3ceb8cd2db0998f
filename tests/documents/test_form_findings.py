"""Form findings of issue 27, each rendered and read back."""

from __future__ import annotations

import pytest

from wrc_desktop.documents import blank_context, load_form, render_pdf

from .conftest import make_context, pdf_text, squash


@pytest.mark.parametrize("slug", ["authorization", "registration"])
@pytest.mark.parametrize(
    ("unit", "we", "wrong"),
    [
        ("北京金诚律师事务所", "我单位", "我公司"),
        ("中国科学院某某研究院", "我单位", "我公司"),
        ("北京智源星图科技有限公司", "我公司", "我单位代理人"),
    ],
)
def test_a_unit_that_is_not_a_company_says_we_the_unit(slug, unit, we, wrong):
    text = squash(pdf_text(render_pdf(load_form(slug), [make_context(**{"unit.name": unit})])))
    assert we in text and wrong not in text
    if we == "我单位":
        assert "本单位的名义" in text and "本公司" not in text


def test_a_blank_form_says_we_the_unit():
    text = squash(pdf_text(render_pdf(load_form("authorization"), [blank_context()])))
    assert "我单位" in text and "我公司" not in text


def test_the_misprint_of_ji_is_corrected_on_paper():
    text = squash(pdf_text(render_pdf(load_form("registration"), [make_context()])))
    assert "非京籍" in text and "非京藉" not in text


ADDRESS_42 = (
    "北京市海淀区中关村南大街甲十八号院北京国际大厦A座十五层一五零一至一五零八室（东侧入口）"
)


@pytest.mark.parametrize("slug", ["registration", "unit-change", "info-change", "authorization"])
def test_a_long_official_address_and_name_are_printed_never_refused(slug):
    """An address the clerk cannot shorten is set smaller or wrapped, at 7 pt at the least."""
    assert len(ADDRESS_42) >= 42
    name = "北京市海淀区中关村科学城人工智能与先进制造产业技术创新研究院有限责任公司"
    context = make_context(**{"unit.address": ADDRESS_42, "unit.name": name})
    data = render_pdf(load_form(slug), [context])
    text = squash(pdf_text(data))
    form = load_form(slug)
    if "unit.address" in form.uses:
        assert squash(ADDRESS_42) in text
    if "unit.name" in form.uses:
        assert squash(name) in text


@pytest.mark.parametrize("slug", ["info-change", "unit-change"])
@pytest.mark.parametrize("shift", range(6))
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(slug, shift):
    from wrc_desktop.documents.linebreak import CANNOT_END, CANNOT_START

    # Punctuation at every position, so some of it falls where a line would break.
    other = (
        "变" * shift
        + "更（户籍地址），由河北省保定市、迁入北京市海淀区，并（同时）变更身份证号码、姓名。" * 2
    )
    context = make_context(**{"change.other": other, "box.other": "1"})
    form = load_form(slug)
    if "change.other" not in form.uses:
        pytest.skip(f"{slug} has no written value")
    text = pdf_text(render_pdf(form, [context]))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert not [line for line in lines if line[0] in CANNOT_START], lines
    assert not [line for line in lines if line[-1] in CANNOT_END], lines


def test_a_blank_form_for_a_district_names_its_bureau():
    """``form --blank --district`` left the bureau's name blank."""
    from wrc_desktop.rules.policy import get_policy

    bureau = get_policy("haidian").bureau.name
    haidian = blank_context(get_policy("haidian"))
    text = squash(pdf_text(render_pdf(load_form("authorization"), [haidian])))
    assert squash(bureau) + "：" in text
    assert bureau not in squash(pdf_text(render_pdf(load_form("authorization"), [blank_context()])))
