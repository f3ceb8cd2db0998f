"""Each form, filled and blank, read back from the PDF: values, page size, fonts, wrapping."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4

from wrc_desktop.documents import FORM_SLUGS, blank_context, load_form, render_pdf
from wrc_desktop.documents.context import BLANK_DATE

from .conftest import make_context, pdf_text, read_pdf, squash

# What each filled form must show (keys of the context).
SHOWS = {
    "authorization": [
        "bureau.name",
        "unit.legal_rep",
        "unit.name",
        "agent.name",
        "agent.gender",
        "agent.id_number",
        "agent.department",
        "agent.title",
        "agent.phone",
        "date",
    ],
    "declaration": ["holder.name", "unit.name", "date"],
    "loan": [
        "holder.name",
        "holder.id_number",
        "loan.since",
        "loan.address",
        "loan.relation",
        "date",
    ],
    "info-change": ["holder.name", "holder.id_number", "permit.certificate_no", "date"],
    "unit-change": ["unit.name", "date"],
    "registration": [
        "bureau.name",
        "unit.name",
        "unit.uscc",
        "holder.name",
        "holder.id_number",
        "agent.name",
        "agent.id_number",
        "date",
    ],
    "leaving": ["holder.name", "holder.id_number", "holder.left_on", "unit.name", "date"],
    "unit-housing": [
        "bureau.name",
        "holder.name",
        "holder.id_number",
        "residence.address",
        "unit.name",
        "date",
    ],
    "unit-declaration": ["bureau.name", "unit.name", "unit.uscc", "year", "date"],
}


def test_every_form_has_expectations():
    assert set(SHOWS) == set(FORM_SLUGS)


@pytest.mark.parametrize("slug", FORM_SLUGS)
def test_filled_form_shows_its_values_on_one_a4_page(slug):
    context = make_context()
    form = load_form(slug)
    data = render_pdf(form, [context])
    reader = read_pdf(data)
    text = squash(pdf_text(data))
    assert squash(form.title) in text
    for key in SHOWS[slug]:
        assert squash(context.values[key]) in text, f"{slug}: {key} missing"
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (round(A4[0]), round(A4[1]))


@pytest.mark.parametrize("slug", FORM_SLUGS)
def test_blank_form_has_no_values_but_its_wording(slug):
    form = load_form(slug)
    data = render_pdf(form, [blank_context()])
    text = squash(pdf_text(data))
    assert squash(form.title) in text
    assert "张三" not in text and "北京市海淀区" not in text
    assert ("＿" in text) or ("年月日" in text)
    assert len(read_pdf(data).pages) == 1


def test_loan_names_every_owner_with_a_signature_line():
    context = make_context()
    context.lists["owners"] = [
        {"owner.name": "张大山", "owner.id_number": "11010519491231002X"},
        {"owner.name": "李秀兰", "owner.id_number": "110105195001010020"},
    ]
    text = squash(pdf_text(render_pdf(load_form("loan"), [context])))
    for name, number in (("张大山", "11010519491231002X"), ("李秀兰", "110105195001010020")):
        assert f"{name}，身份证号{number}" in text
        assert f"房主（{name}）签字" in text
    assert "借住人签字" in text
    assert "申请单位加盖公章" in text


def test_fonts_are_embedded_subsets():
    data = render_pdf(load_form("declaration"), [make_context(**{"holder.name": "王䶮"})])
    fonts = []
    for page in read_pdf(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            fonts.append(font["/BaseFont"])
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
    assert fonts and all(str(name).lstrip("/")[6] == "+" for name in fonts), (
        fonts
    )  # "AAAAAA+Name": a subset


def test_combined_document_has_one_form_per_context():
    contexts = [make_context(**{"holder.name": name}) for name in ("张三", "李四", "王五")]
    data = render_pdf(load_form("declaration"), contexts)
    reader = read_pdf(data)
    assert len(reader.pages) == 3
    assert [
        next(n for n in ("张三", "李四", "王五") if n in page.extract_text())
        for page in reader.pages
    ] == ["张三", "李四", "王五"]


def test_blank_date_keeps_its_spaces():
    text = pdf_text(render_pdf(load_form("leaving"), [blank_context()]))
    assert "年" in text and "月" in text and "日" in text
    assert BLANK_DATE.count("\xa0") > 10  # no-break spaces survive reportlab's line breaking
