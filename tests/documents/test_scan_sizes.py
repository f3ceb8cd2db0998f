"""Images beyond Pillow's decompression-bomb limit: a huge scan is downscaled, a bomb is refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from pypdf import PdfReader

from wrc_desktop.documents import scans
from wrc_desktop.rules.errors import WrcError


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (how a decompression bomb looks)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_with_a_message(tmp_path):
    bomb = tmp_path / "扫描件.png"
    bomb.write_bytes(_png_claiming(40_000, 40_000))
    assert 2 * Image.MAX_IMAGE_PIXELS < 40_000 * 40_000  # Pillow itself would raise its own error
    with pytest.raises(WrcError, match="尺寸过大（40000 × 40000 像素）.*300 dpi"):
        scans.check_file(bomb)
    with pytest.raises(WrcError, match="尺寸过大"):
        scans.item_pdf([bomb], title="材料")
    assert Image.MAX_IMAGE_PIXELS == 89_478_485  # Pillow's own limit is left as it was


def test_a_scan_beyond_pillows_limit_but_within_ours_is_downscaled(tmp_path, monkeypatch):
    """A 1200-dpi A3 scan (278 megapixels) in miniature: Pillow's limit lowered, ours above the image."""
    monkeypatch.setattr(
        Image, "MAX_IMAGE_PIXELS", 5_000_000
    )  # the 17 MP scan is over twice beyond it
    monkeypatch.setattr(scans, "MAX_JPEG_PIXELS", 20_000_000)
    scan = tmp_path / "A3.jpg"
    Image.new("RGB", (3508, 4961), "white").save(scan, "JPEG", quality=50)
    scans.check_file(scan)
    data, pages = scans.item_pdf([scan], title="A3 扫描件")
    assert pages == 1
    (image,) = PdfReader(io.BytesIO(data)).pages[0].images
    assert max(Image.open(io.BytesIO(image.data)).size) <= scans.MAX_SIDE


def test_other_formats_have_a_lower_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(scans, "MAX_OTHER_PIXELS", 1_000_000)
    png = tmp_path / "大图.png"
    Image.new("RGB", (1200, 1000), "white").save(png)
    with pytest.raises(WrcError, match="大图.png.*尺寸过大"):
        scans.check_file(png)
