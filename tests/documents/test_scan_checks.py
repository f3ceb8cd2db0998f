"""The reviewer's scan checks on generated images (002 四（一）: colour, upright, four edges, legible)."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from wrc_desktop.documents.scan_checks import DIRECTION_NOT_READ, QUOTE, check_scan

A4_300 = (2480, 3508)


def _page(size=A4_300, colour="white", ink=(20, 40, 160), margin=0.08):
    """A page with a coloured heading and a box of text lines well inside its edges."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    left, top = int(width * margin), int(height * margin)
    draw.rectangle((left, top, width - left, top + height // 12), fill=(200, 30, 30))
    for line in range(12):
        y = top + height // 8 + line * height // 20
        draw.rectangle((left, y, width - left, y + max(2, height // 200)), fill=ink)
    return image


def _codes(path, **options):
    return sorted({finding.code for finding in check_scan(path, **options)})


def test_a_good_colour_scan_at_300_dpi_passes(tmp_path):
    path = tmp_path / "good.jpg"
    _page().save(path, dpi=(300, 300), quality=90)
    assert _codes(path) == []


def test_greyscale_and_black_and_white_are_found(tmp_path):
    grey = tmp_path / "grey.jpg"
    _page().convert("L").save(grey, dpi=(300, 300))
    rgb_grey = tmp_path / "rgb-grey.png"
    _page().convert("L").convert("RGB").save(rgb_grey, dpi=(300, 300))
    assert _codes(grey) == ["colour"]
    assert _codes(rgb_grey) == ["colour"]  # stored as RGB, but only grey in it
    assert _codes(grey, colour=False) == []
    [finding] = check_scan(grey)
    assert QUOTE in finding.cited and "002" in finding.text


@pytest.mark.parametrize(("dpi", "low"), [(72, True), (300, False)])
def test_too_few_pixels_for_the_page(tmp_path, dpi, low):
    path = tmp_path / f"{dpi}.jpg"
    size = (round(8.27 * dpi), round(11.69 * dpi))
    _page(size).save(path, dpi=(dpi, dpi))
    assert ("resolution" in _codes(path)) is low


def test_an_image_without_a_recorded_resolution_is_measured_at_a4(tmp_path):
    phone = tmp_path / "phone.png"
    _page((300, 424)).save(phone)  # no dpi: a page 300 pixels wide is about 36 dpi at A4
    [finding] = [f for f in check_scan(phone) if f.code == "resolution"]
    assert "约 36 dpi" in finding.message
    card = tmp_path / "card.png"
    _page((1011, 638), margin=0.1).save(card)  # 1011 px over 85.6 mm: 300 dpi at card size
    assert "resolution" not in _codes(card, card=True)
    assert "resolution" in _codes(card)  # read as an A4 page it is far too coarse


@pytest.mark.parametrize(
    ("orientation", "words"), [(6, "向右横放"), (8, "向左横放"), (3, "上下颠倒")]
)
def test_exif_orientation_on_its_side_or_upside_down(tmp_path, orientation, words):
    path = tmp_path / f"turned{orientation}.jpg"
    exif = Image.Exif()
    exif[0x0112] = orientation
    page = _page()
    stored = page.rotate(180) if orientation == 3 else page.rotate(90, expand=True)
    stored.save(path, exif=exif, dpi=(300, 300))
    [finding] = check_scan(path)
    assert finding.code == "orientation" and finding.fixable and words in finding.message


def test_a_blank_page(tmp_path):
    path = tmp_path / "blank.jpg"
    Image.new("RGB", A4_300, (250, 250, 248)).save(path, dpi=(300, 300))
    assert _codes(path) == ["blank"]


def test_content_touching_the_border_means_an_edge_is_cut(tmp_path):
    path = tmp_path / "cut.jpg"
    page = _page(margin=0.08)
    ImageDraw.Draw(page).rectangle((1800, 600, 2480, 1400), fill=(10, 10, 90))  # runs off the right
    page.save(path, dpi=(300, 300))
    [finding] = check_scan(path)
    assert finding.code == "edge" and "右" in finding.message and not finding.fixable


def test_a_scanners_pdf_is_checked_through_its_page_images(tmp_path):
    path = tmp_path / "scan.pdf"
    _page((620, 877)).convert("L").save(path, "PDF", resolution=75)  # a grey A4 page at 75 dpi
    assert _codes(path) == ["colour", "resolution"]
    good = tmp_path / "good.pdf"
    _page().save(good, "PDF", resolution=300)
    assert _codes(good) == []


def test_the_direction_is_never_claimed_checked():
    assert "未" in DIRECTION_NOT_READ and "EXIF" in DIRECTION_NOT_READ
