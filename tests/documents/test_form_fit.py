"""Forms filled with long values: text wraps in its cell, a sign-off stays with its declaration,
and a form that cannot fit its pages is refused before anything is printed."""

from __future__ import annotations

import dataclasses

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from wrc_desktop.documents import fonts, load_form, render_pdf
from wrc_desktop.documents.fonts import font_chain
from wrc_desktop.documents.output import write_forms
from wrc_desktop.paths import resource_path

from .conftest import DAY, make_context, pdf_text, read_pdf, squash

ADDRESS_60 = (
    "北京市朝阳区望京街道望京西园三区三百一十二号楼一单元十五层一千五百零一室"
    "（近望京地铁站A口往东走二百米路北的院内小区内）"
)
OTHER_CHANGE = "户籍地址由河北省保定市莲池区迁入北京市海淀区学院路街道并变更身份证号码"


@pytest.fixture(autouse=True, params=["bundled", "wenkai-first"])
def font_settings(request):
    """The bundled fonts in their order, and with the wider Kai face first (a clerk's choice)."""
    saved = fonts._settings
    extra = [] if request.param == "bundled" else [resource_path("fonts", "LXGWWenKai-Regular.ttf")]
    fonts.set_font_settings(fonts.FontSettings(extra_fonts=extra, use_system_fonts=False))
    yield
    fonts.set_font_settings(saved)


def owners(count: int) -> list[dict[str, str]]:
    names = ["张大山", "李秀兰", "张小山", "王春花", "赵铁柱", "钱多多", "孙悟空", "周小舟"]
    return [
        {"owner.name": names[i % len(names)], "owner.id_number": f"1101051949123100{i}X"[:18]}
        for i in range(count)
    ]


def loan_context(count: int):
    context = make_context(**{"loan.address": ADDRESS_60})
    return dataclasses.replace(context, lists={"owners": owners(count)})


def text_spans(page) -> list[tuple[str, float, float]]:
    """(text, left x, right x) of every run drawn on ``page``, in points."""
    spans = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and font_dict is not None:
            x = tm[4] * cm[0] + cm[4]
            width = sum(
                stringWidth(char, font_chain("body").font_for(char) or "Helvetica", font_size)
                for char in text
            )
            spans.append((text, x, x + width))

    page.extract_text(visitor_text=visit)
    return spans


def test_the_address_is_sixty_characters():
    assert len(ADDRESS_60) == 60


@pytest.mark.parametrize("slug", ["info-change", "unit-change"])
def test_a_long_other_change_wraps_inside_its_cell(slug):
    form = load_form(slug)
    context = make_context(**{"change.other": OTHER_CHANGE, "box.other": "1"})
    reader = read_pdf(render_pdf(form, [context]))
    assert len(reader.pages) == 1
    assert OTHER_CHANGE in squash(reader.pages[0].extract_text())
    right_border = A4[0] - form.page_value("margin_right", 26) * 2.834645669
    spans = text_spans(reader.pages[0])
    assert spans
    overflowing = [(text, right) for text, _left, right in spans if right > right_border + 0.5]
    assert overflowing == []


def test_three_co_owners_and_a_long_address_keep_the_stamp_with_the_declaration():
    reader = read_pdf(render_pdf(load_form("loan"), [loan_context(3)]))
    assert len(reader.pages) == 1
    text = squash(reader.pages[0].extract_text())
    for expected in (
        ADDRESS_60,
        "双方保证以上所述信息和提供的材料真实有效",
        "房主（张大山）签字",
        "房主（李秀兰）签字",
        "房主（张小山）签字",
        "借住人签字",
        "2026年11月22日",
        "（申请单位加盖公章）",
    ):
        assert expected in text, expected


def test_a_sign_off_that_must_move_takes_the_declarations_last_line_with_it():
    """Allowed two pages, a form too long for one never leaves its stamp alone on page 2."""
    form = dataclasses.replace(load_form("loan"), page={"pages": 2})
    reader = read_pdf(render_pdf(form, [loan_context(8)]))
    assert len(reader.pages) == 2
    second = squash(reader.pages[1].extract_text())
    assert "（申请单位加盖公章）" in second
    for expected in ("房主（周小舟）签字", "借住人签字", "2026年11月22日", "双方保证以上所述"):
        assert expected in second, expected


def test_a_form_too_long_at_7_pt_runs_on_to_a_continuation_page(tmp_path):
    """Never refused: the type shrinks to 7 pt at the least, the rest goes on a 续页."""

    def smallest(reader) -> float:
        sizes: set[float] = set()

        def visit(text, cm, tm, font_dict, font_size):
            if text.strip():
                sizes.add(round(font_size * tm[0] * cm[0], 2))

        for page in reader.pages:
            page.extract_text(visitor_text=visit)
        return min(sizes)

    # Eight owners and a 60-character address: set smaller, still on the form's one page.
    [path] = write_forms(load_form("loan"), [loan_context(8)], tmp_path, DAY)
    reader = read_pdf(path.read_bytes())
    assert len(reader.pages) == 1 and 7.0 <= smallest(reader) < 14
    # Thirty owners cannot fit at 7 pt: the rest runs on to a page headed 续页.
    [path] = write_forms(load_form("loan"), [loan_context(30)], tmp_path / "more", DAY)
    reader = read_pdf(path.read_bytes())
    assert len(reader.pages) >= 2 and smallest(reader) >= 7.0
    assert "房屋借住声明（续页）" in squash(reader.pages[1].extract_text())
    assert "（续页）" not in squash(reader.pages[0].extract_text())
    # The form's own page says at its cut that the text goes on; the 续页 does not.
    assert "（续见续页）" in squash(reader.pages[0].extract_text())
    assert "（续见续页）" not in squash(reader.pages[-1].extract_text())


def test_a_form_that_fits_says_nothing_about_a_continuation(tmp_path):
    [path] = write_forms(load_form("loan"), [loan_context(8)], tmp_path, DAY)
    text = squash(pdf_text(path.read_bytes()))
    assert "续见续页" not in text and "（续页）" not in text
