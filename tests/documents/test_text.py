"""Text safety: escaping, rare characters, missing glyphs, wrapping inside the margins."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from wrc_desktop.documents import MissingGlyphError, load_form, render_pdf
from wrc_desktop.documents.fonts import font_chain
from wrc_desktop.documents.linebreak import FormParagraph

from .conftest import make_context, pdf_text, read_pdf, squash


def _fonts_used_for(data: bytes, char: str) -> set[str]:
    """The BaseFont of every text run that contains ``char``."""
    found: set[str] = set()
    page = read_pdf(data).pages[0]

    def visit(text, cm, tm, font_dict, font_size):
        if char in text and font_dict is not None:
            found.add(str(font_dict["/BaseFont"]))

    page.extract_text(visitor_text=visit)
    return found


def test_markup_in_a_name_prints_literally():
    name = "<b>&amp;</b> O'Neil & 李"
    text = pdf_text(render_pdf(load_form("declaration"), [make_context(**{"holder.name": name})]))
    assert name.replace(" ", "") in squash(text)


@pytest.mark.parametrize("name", ["王堃", "李䶮", "张喆赟"])
def test_rare_characters_print_with_a_font_that_has_them(name):
    data = render_pdf(load_form("declaration"), [make_context(**{"holder.name": name})])
    assert name in squash(pdf_text(data))
    chain = font_chain("body")
    for char in name:
        expected = chain.font_for(char)
        assert expected is not None
        used = _fonts_used_for(data, char)
        assert used and all(
            expected.removeprefix("WRC-").split("-")[0] in font or "UMing" in font for font in used
        )


def test_character_missing_from_the_primary_font_falls_back_to_the_next():
    chain = font_chain("body")
    primary, *others = chain.fonts
    fallback = next(
        chr(c)
        for c in range(0x4E00, 0xA000)
        if c not in primary.codepoints and any(c in f.codepoints for f in others)
    )
    data = render_pdf(load_form("declaration"), [make_context(**{"holder.name": f"王{fallback}"})])
    assert f"王{fallback}" in squash(pdf_text(data))
    used = _fonts_used_for(data, fallback)
    assert used and not any("UMing" in font for font in used), used


def test_a_character_no_font_has_is_reported_with_its_field():
    missing = "\U0001f600"  # no bundled font has emoji
    assert font_chain("body").font_for(missing) is None
    with pytest.raises(MissingGlyphError) as raised:
        render_pdf(load_form("declaration"), [make_context(**{"holder.name": f"张{missing}"})])
    error = raised.value
    assert error.char == missing
    assert "申请人姓名" in str(error) and "U+1F600" in str(error)


def _text_extents(data: bytes) -> list[tuple[float, float, str]]:
    """(left, right, text) of every text run on page 1, widths from the font the run uses."""
    primary = font_chain("body").primary
    extents = []
    page = read_pdf(data).pages[0]

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            left = cm[4] + tm[4] * cm[0]
            size = font_size * tm[0] * cm[0]
            extents.append((left, left + stringWidth(text.rstrip("\n"), primary, size), text))

    page.extract_text(visitor_text=visit)
    return extents


@pytest.mark.parametrize("slug", ["loan", "unit-housing"])
def test_a_long_address_wraps_inside_the_margins(slug):
    address = "北京市海淀区" + "中关村南大街甲十二号院" * 12 + "3 号楼 2 单元 1501 室"
    context = make_context(
        **{
            "loan.address": address,
            "residence.address": address,
            "unit.name": "北京" + "超长名称" * 15 + "有限公司",
        }
    )
    data = render_pdf(load_form(slug), [context])
    assert squash(address) in squash(pdf_text(data))
    extents = _text_extents(data)
    right_edge = A4[0] - 26 * mm
    overflow = [
        (round(right), text)
        for left, right, text in extents
        if left < 28 * mm - 7 or right > right_edge + 1
    ]  # nothing hangs past the margin, not even a full stop
    assert overflow == []
    assert len(extents) > 10  # the address did wrap over several lines


def _lines(markup: str, width: float = 300) -> list[str]:
    style = ParagraphStyle(
        "t", fontName=font_chain("body").primary, fontSize=16, leading=28, wordWrap="CJK"
    )
    paragraph = FormParagraph(markup, style)
    paragraph.wrap(width, 1000)
    return ["".join(frag.text for frag in line.words) for line in paragraph.blPara.lines]


@pytest.mark.parametrize(
    "prefix", ["身份证号：", "本人身份证号码：", "号：", "本人（姓名）张三，身份证号："]
)
def test_an_id_number_is_never_split_across_lines(prefix):
    number = "44010619761010011X"
    lines = _lines(f"{prefix}<u>{number}</u>，于2025年3月1日开始借住")
    assert any(number in line for line in lines), lines


def test_no_line_starts_with_closing_punctuation():
    text = (
        "借住房屋的房主姓名王建国，身份证号11010519491231002X；李秀兰，身份证号110105195001010020，本人与房主是父女关系。"
        * 3
    )
    lines = _lines(text, width=280)
    assert len(lines) > 3
    assert not any(line[:1] in "，。；：、）》”" for line in lines[1:]), lines


def test_characters_beyond_the_bmp_extract_as_themselves(tmp_path):
    """𠮷 (U+20BB7) and 𫖯 (U+2B5AF) print from a fallback font and copy out unchanged."""
    name = "吉𠮷𫖯"
    data = render_pdf(load_form("declaration"), [make_context(**{"holder.name": name})])
    assert name in squash(pdf_text(data))
    assert "₻" not in pdf_text(data) and "⭚" not in pdf_text(data)
    pdftotext = shutil.which("pdftotext")
    if pdftotext:  # poppler reads the ToUnicode map on its own
        path = tmp_path / "声明.pdf"
        path.write_bytes(data)
        out = subprocess.run([pdftotext, str(path), "-"], capture_output=True, check=True)
        assert name in squash(out.stdout.decode("utf-8"))


def test_the_text_map_gives_a_surrogate_pair_beyond_the_bmp():
    from wrc_desktop.documents.fonts import to_unicode_cmap

    cmap = to_unicode_cmap("AAAAAA+Test", [0x20, 0x5409, 0x20BB7])
    assert "<00> <0020>" in cmap
    assert "<01> <5409>" in cmap
    assert "<02> <D842DFB7>" in cmap


def _line_room(markup: str, width: float) -> list[tuple[str, float]]:
    """Each line's text and the room left on it (negative: printed past the right margin)."""
    style = ParagraphStyle(
        "t", fontName=font_chain("body").primary, fontSize=16, leading=28, wordWrap="CJK"
    )
    paragraph = FormParagraph(markup, style)
    paragraph.wrap(width, 1000)
    return [
        ("".join(frag.text for frag in line.words), line.extraSpace)
        for line in paragraph.blPara.lines
    ]


@pytest.mark.parametrize("count", [9, 10, 19, 20])
def test_a_final_full_stop_stays_inside_the_right_margin(count):
    # 16 pt characters on a 160 pt line: ten fit, so the "。" after 10 or 20 would hang.
    lines = _line_room("特" * count + "。", width=160)
    assert all(room >= -1e-6 for _text, room in lines), lines
    assert "".join(text for text, _room in lines) == "特" * count + "。"
    assert all(text[:1] != "。" for text, _room in lines), lines
    if count in (10, 20):  # the character before the mark came down with it
        assert lines[-1][0] == "特。"


@pytest.mark.parametrize("before", ["兹证明", "兹证明＿＿＿＿＿（身份证号码："])
def test_a_blank_id_line_is_never_cut_into_a_stub(before):
    gap = "\uff3f" * 10
    lines = _line_room(f"{before}{gap}）系我单位职工", width=300)
    assert any(gap in text for text, _room in lines), lines
    assert all(room >= -1e-6 for _text, room in lines), lines


def test_a_long_address_line_may_wrap_but_leaves_no_stub():
    gap = "\uff3f" * 30
    lines = _line_room(f"地址为{gap}。", width=300)
    pieces = [text.count("\uff3f") for text, _room in lines if "\uff3f" in text]
    assert len(pieces) > 1 and sum(pieces) == 30
    assert min(pieces) >= 4, pieces
