"""The fixes the app offers for an attached scan (issue 27), on generated images: each fix is
found, nothing changes until it is applied, the original is kept and the fixed file checks clean."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from wrc_desktop.documents.scan_checks import check_scan, record, recorded
from wrc_desktop.documents.scan_fixes import (
    ScanFix,
    apply_fixes,
    fixed_version,
    record_fixed,
    skew_angle,
    suggested_fixes,
    unapplied_notes,
)

A4_300 = (2480, 3508)
A4_72 = (595, 842)
EXIF_ORIENTATION = 0x0112


def _page(size=A4_300, skew: float = 0.0) -> Image.Image:
    """A colour page: a red heading and blue text lines well inside its edges, optionally askew."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    width, height = size
    left, top = int(width * 0.1), int(height * 0.1)
    draw.rectangle((left, top, width - left, top + height // 14), fill=(200, 30, 30))
    for line in range(24):
        y = top + height // 8 + line * height // 34
        draw.rectangle((left, y, width - left, y + max(2, height // 250)), fill=(20, 40, 160))
    if skew:
        image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor="white")
    return image


def _save(image: Image.Image, path, *, dpi=300, orientation: int = 1, quality=90):
    exif = Image.Exif()
    if orientation != 1:
        exif[EXIF_ORIENTATION] = orientation
    image.save(path, dpi=(dpi, dpi), quality=quality, exif=exif)
    return path


def _stored_on_side(image: Image.Image, orientation: int) -> Image.Image:
    """What a camera stores for a page it records with EXIF ``orientation`` (undone on display)."""
    return image.transpose(
        {
            6: Image.Transpose.ROTATE_90,
            8: Image.Transpose.ROTATE_270,
            3: Image.Transpose.ROTATE_180,
        }[orientation]
    )


def _codes(fixes) -> list[str]:
    return [fix.code for fix in fixes]


def _fixes(path, **options):
    return suggested_fixes(path, check_scan(path), max_mb=10, **options)


def test_an_upright_colour_scan_only_needs_converting_to_pdf(tmp_path):
    path = _save(_page(), tmp_path / "good.jpg")
    fixes = _fixes(path)
    assert _codes(fixes) == ["pdf"]
    assert fixes[0].text == "转为彩色 PDF（按实际尺寸，约 300 dpi）"
    assert _fixes(path, photo=True) == []  # the system photo is a JPG already and upright


@pytest.mark.parametrize(
    ("orientation", "text"),
    [(6, "向右转正 90°"), (8, "向左转正 90°"), (3, "转正 180°（上下颠倒）")],
)
def test_a_page_turned_by_exif_is_turned_upright(tmp_path, orientation, text):
    upright = _page()
    path = _save(
        _stored_on_side(upright, orientation), tmp_path / "turned.jpg", orientation=orientation
    )
    fixes = _fixes(path)
    assert _codes(fixes) == ["turn", "pdf"] and fixes[0].text == text
    before = path.read_bytes()
    fixed = apply_fixes(path, check_scan(path), max_mb=10)
    assert path.read_bytes() == before  # the original is kept as it was
    assert fixed.name == "turned（已修正）.pdf" and fixed.parent == path.parent
    page = PdfReader(fixed).pages[0]
    assert float(page.mediabox.width) < float(page.mediabox.height)  # portrait: upright
    assert round(float(page.mediabox.width) / 72 * 25.4) == 210  # A4 at its real size
    assert check_scan(fixed) == []  # the re-check is clean


def test_a_recorded_text_direction_turn_is_taken(tmp_path):
    """The text-direction check records a ``turn`` on its finding: the fix follows it."""
    path = _save(_page().transpose(Image.Transpose.ROTATE_180), tmp_path / "upside.jpg")

    class DirectionFinding:  # the shape of a finding that carries a recorded turn
        code = "direction"
        turn = 180

    fixes = suggested_fixes(path, [DirectionFinding()], max_mb=10)  # type: ignore[list-item]
    assert fixes[0].text == "转正 180°（上下颠倒）"
    assert _fixes(path)[0].code == "pdf"  # without the reading: nothing says it is upside down


@pytest.mark.parametrize("angle", [3.0, -2.5])
def test_a_skewed_page_is_straightened(tmp_path, angle):
    path = _save(_page(skew=angle), tmp_path / "skewed.jpg")
    fixes = _fixes(path)
    assert _codes(fixes) == ["deskew", "pdf"]
    assert fixes[0].text == f"纠正倾斜 {abs(angle):.1f}°"
    fixed = apply_fixes(path, check_scan(path), max_mb=10)
    with Image.open(path) as original:
        assert skew_angle(original) == -angle
    reader = PdfReader(fixed)
    [image] = reader.pages[0].images
    assert abs(skew_angle(image.image)) <= 0.2  # level after the fix
    assert check_scan(fixed) == []


def test_a_straight_page_reads_no_skew():
    assert skew_angle(_page()) == 0.0


def test_an_oversized_scan_is_compressed_under_the_limit(tmp_path):
    a4_200 = (1654, 2339)
    noisy = Image.effect_noise(a4_200, 90).convert("RGB")  # incompressible: a large file
    path = tmp_path / "big.png"
    noisy.save(path, dpi=(200, 200))
    max_mb = 1.5
    assert path.stat().st_size > max_mb * 1048576
    fixes = suggested_fixes(path, check_scan(path), max_mb=max_mb)
    [compress] = [fix for fix in fixes if fix.code == "compress"]
    assert compress.size <= max_mb * 1048576
    assert compress.text == f"压缩到 {compress.size / 1048576:.1f} MB（上限 1.5 MB，未核实）"
    fixed = apply_fixes(path, check_scan(path), max_mb=max_mb)
    assert fixed.stat().st_size == compress.size
    [image] = PdfReader(fixed).pages[0].images
    assert image.image.width / (210 / 25.4) >= 150  # never below 150 dpi at real size
    [tight] = [fix for fix in suggested_fixes(path, [], max_mb=0.5) if fix.code == "compress"]
    assert tight.size > 0.5 * 1048576  # not squeezed below 150 dpi to meet it: said so
    assert tight.text.endswith("仍超过上限 0.5 MB，未核实，请分开扫描或重新扫描")


def test_a_72_dpi_or_grey_scan_is_not_fixed_into_a_good_one(tmp_path):
    """Too few pixels and grey are rescans: the fixes neither claim nor hide them."""
    low = _save(_page(A4_72), tmp_path / "low.jpg", dpi=72)
    grey = tmp_path / "grey.jpg"
    _page().convert("L").save(grey, dpi=(300, 300))
    for path, code in ((low, "resolution"), (grey, "colour")):
        assert _codes(_fixes(path)) == ["pdf"]
        fixed = apply_fixes(path, check_scan(path), max_mb=10)
        assert code in {finding.code for finding in check_scan(fixed)}


def test_a_pdf_is_left_as_it_is(tmp_path):
    path = tmp_path / "scan.pdf"
    _page().save(path, "PDF", resolution=300)
    assert _fixes(path) == []


def test_the_fixed_version_holds_while_the_original_is_unchanged(tmp_path):
    item = tmp_path / "_原件" / "id_card"
    item.mkdir(parents=True)
    original = _save(_stored_on_side(_page(), 6), item / "a.jpg", orientation=6)
    relative = "_原件/id_card/a.jpg"
    assert fixed_version(tmp_path, relative) is None
    assert unapplied_notes([original], max_mb=10) == [
        "“a.jpg”建议的修正未应用：向右转正 90°（可在办理事项窗口“应用建议的修正…”或 wrc case fix 中应用）"
    ]
    fixes = _fixes(original)
    fixed = apply_fixes(original, check_scan(original), max_mb=10)
    record_fixed(tmp_path, relative, fixed.relative_to(tmp_path).as_posix(), fixes)
    assert fixed_version(tmp_path, relative) == fixed
    _save(_page(), original)  # the clerk replaced the scan: the old fix no longer applies
    assert fixed_version(tmp_path, relative) is None


def test_the_upload_limit_is_a_preference_with_an_unverified_default(tmp_path):
    from wrc_desktop.desk import preferences
    from wrc_desktop.rules.errors import WrcError

    assert preferences.load(tmp_path).upload_max_mb == preferences.DEFAULT_UPLOAD_MAX_MB == 10.0
    saved = preferences.load(tmp_path).with_changes(upload_max_mb=6.5)
    preferences.save(tmp_path, saved)
    text = (tmp_path / preferences.FILENAME).read_text("utf-8")
    assert "upload_max_mb = 6.5" in text and "未核实" in text
    assert preferences.load(tmp_path).upload_max_mb == 6.5
    (tmp_path / preferences.FILENAME).write_text("upload_max_mb = true\n", encoding="utf-8")
    with pytest.raises(WrcError, match="upload_max_mb 应为 0.5 到 100 之间的数"):
        preferences.load(tmp_path)


def test_the_suggested_fixes_are_kept_beside_the_scan_for_the_upload_list(tmp_path):
    """Worked out once (the check after attaching), then read from the record by the 上传清单."""
    path = _save(_stored_on_side(_page(), 6), tmp_path / "turned.jpg", orientation=6)
    fixes = suggested_fixes(path, [], max_mb=10)
    assert _codes(fixes) == ["turn", "pdf"]
    variant = "max_mb=10,card=0,photo=0,turn=0"
    assert recorded(path, "fixes") == {variant: [asdict(fix) for fix in fixes]}
    # What the record says is what is listed: the image is not rendered again …
    record(path, "fixes", variant, [asdict(ScanFix("deskew", "纠正倾斜 2.0°", 2.0))])
    assert [fix.text for fix in suggested_fixes(path, [], max_mb=10)] == ["纠正倾斜 2.0°"]
    [note] = unapplied_notes([path], max_mb=10)
    assert "“turned.jpg”建议的修正未应用：纠正倾斜 2.0°" in note
    # … for that limit only: under another limit the fixes are worked out afresh.
    assert _codes(suggested_fixes(path, [], max_mb=5)) == ["turn", "pdf"]
    # Another content under the same name is worked out afresh too.
    _save(_page(), path)
    assert _codes(suggested_fixes(path, [], max_mb=10)) == ["pdf"]
