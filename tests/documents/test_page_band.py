"""Page numbers go in a band at the foot of each material's page, never over its content."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from wrc_desktop.documents.bundle import PAGE_BAND, BundleHead, BundlePart, build_bundle


def test_a_full_page_scan_is_shrunk_above_the_page_number_band(tmp_path):
    scan = tmp_path / "full.pdf"
    canvas = Canvas(str(scan), pagesize=A4)
    canvas.rect(0, 0, A4[0], A4[1], fill=1)  # content to every edge, as a full-page scan
    canvas.showPage()
    canvas.save()
    head = BundleHead(
        "2026-0009", "续签", "东城区", "某单位", "9111", "张三", "居民身份证", "", None
    )
    data, pages = build_bundle(head, [BundlePart(1, "劳动合同", "复印件", scan, 1)])
    assert pages == 2
    page = PdfReader(io.BytesIO(data)).pages[1]
    content = page.get_contents().get_data().decode("latin-1")
    # The material's drawing is scaled into the area above the band, centred.
    scale = (A4[1] - PAGE_BAND) / A4[1]
    first = content.split(" cm", 1)[0].split()[-6:]
    a, _b, _c, d, x, y = (float(number) for number in first)
    assert a == d == pytest.approx(scale) and y == pytest.approx(PAGE_BAND)
    assert x == pytest.approx(A4[0] * (1 - scale) / 2)
    assert "第 2 页 共 2 页" in page.extract_text()
