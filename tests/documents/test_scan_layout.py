"""Scans on upright A4 at their real size: ID cards at 85.6 × 54 mm, front and back on one page."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from wrc_desktop.documents import scans

A4_W, A4_H = A4


def placements(page) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) in points of every image drawn on ``page``."""
    found, stack, ctm = [], [], [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = [
                a * A + b * C,
                a * B + b * D,
                c * A + d * C,
                c * B + d * D,
                e * A + f * C + E,
                e * B + f * D + F,
            ]
        elif operator == b"Do":
            found.append((ctm[4], ctm[5], ctm[0], ctm[3]))
    return found


def upright_a4(page) -> bool:
    return (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((A4_W, A4_H))


def photo(path, size, **save) -> object:
    Image.new("RGB", size, (200, 210, 230)).save(path, **save)
    return path


def test_an_id_card_photo_prints_at_card_size_front_above_back(tmp_path):
    front = photo(tmp_path / "正面.jpg", (1200, 760))
    back = photo(tmp_path / "反面.jpg", (1200, 760))
    data, pages = scans.item_pdf([front, back], title="申请人身份证", cards=True)
    assert pages == 1
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert upright_a4(page)
    (x1, y1, w1, h1), (x2, y2, w2, h2) = placements(page)
    for width, height in ((w1, h1), (w2, h2)):
        assert (width / mm, height / mm) == pytest.approx((85.6, 54.0), abs=0.01)
    assert y1 > y2 + h2  # the front above the back, not overlapping
    assert x1 == pytest.approx((A4_W - w1) / 2) and x2 == pytest.approx(x1)  # centred
    before = (front.read_bytes(), back.read_bytes())
    assert (front.read_bytes(), back.read_bytes()) == before  # the originals are only read


def test_a_card_without_its_back_and_a_page_scan_in_the_same_item(tmp_path):
    card = photo(tmp_path / "卡.png", (856, 540))
    hukou = photo(tmp_path / "户口页.jpg", (1417, 2000), dpi=(200, 200))
    data, pages = scans.item_pdf([card, hukou], title="配偶身份证、户口簿", cards=True)
    reader = PdfReader(io.BytesIO(data))
    assert pages == 2 and all(upright_a4(p) for p in reader.pages)
    [(_x, _y, width, height)] = placements(reader.pages[0])
    assert (width / mm, height / mm) == pytest.approx((85.6, 54.0), abs=0.01)
    [(_x, _y, width, height)] = placements(reader.pages[1])
    assert (width / mm, height / mm) == pytest.approx((1417 / 200 * 25.4, 2000 / 200 * 25.4))


def test_a_card_shaped_photo_outside_an_id_item_is_not_shrunk_to_a_card(tmp_path):
    picture = photo(tmp_path / "证书.jpg", (1200, 760))
    data, _pages = scans.item_pdf([picture], title="职称证书")
    page = PdfReader(io.BytesIO(data)).pages[0]
    [(_x, _y, width, _height)] = placements(page)
    assert upright_a4(page) and width > 150 * mm  # unknown size: fills the page's width


def test_a_scan_with_its_resolution_prints_at_real_size_and_only_shrinks_to_fit(tmp_path):
    a5 = photo(tmp_path / "A5.jpg", (1748, 2480), dpi=(300, 300))  # 148 × 210 mm
    poster = photo(tmp_path / "A3.png", (3508, 4961), dpi=(300, 300))  # A3: too large for A4
    wide = photo(tmp_path / "横向.jpg", (3508, 2480), dpi=(300, 300))  # A4 landscape scan
    data, pages = scans.item_pdf([a5, poster, wide], title="材料")
    reader = PdfReader(io.BytesIO(data))
    assert pages == 3 and all(upright_a4(p) for p in reader.pages)
    [(_x, _y, width, height)] = placements(reader.pages[0])
    assert (width / mm, height / mm) == pytest.approx((148.0, 210.0), abs=0.1)
    for page in reader.pages[1:]:
        [(x, y, width, height)] = placements(page)
        assert x >= scans.MARGIN - 0.01 and x + width <= A4_W - scans.MARGIN + 0.01
        assert y >= scans.FOOTER - 0.01 and y + height <= A4_H - scans.MARGIN + 0.01
    [(_x, _y, width, height)] = placements(reader.pages[2])
    assert width / height == pytest.approx(3508 / 2480, rel=1e-3)  # shrunk, not distorted


def test_a_landscape_pdf_stays_landscape(tmp_path):
    path = tmp_path / "横向.pdf"
    canvas = Canvas(str(path), pagesize=landscape(A4))
    canvas.drawString(100, 100, "landscape")
    canvas.showPage()
    canvas.save()
    before = path.read_bytes()
    data, pages = scans.item_pdf([path], title="材料")
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert pages == 1 and float(page.mediabox.width) > float(page.mediabox.height)
    assert path.read_bytes() == before


def test_a_small_image_without_a_resolution_is_not_stretched_to_the_page(tmp_path):
    picture = photo(tmp_path / "手机.png", (300, 200))  # no dpi: was stretched to ~40 dpi
    data, _pages = scans.item_pdf([picture], title="材料")
    [(_x, _y, width, height)] = placements(PdfReader(io.BytesIO(data)).pages[0])
    assert width == pytest.approx(300 / scans.MIN_PLACED_DPI * 72)  # about 79 mm, not 200
    assert width / height == pytest.approx(1.5)
