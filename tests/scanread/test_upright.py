"""The text's direction says how a page lies (the case folder's PDFs must be upright)."""

from __future__ import annotations

import random

from tests.scanread.conftest import needs_ocr
from tests.scanread.docgen import contract
from wrc_desktop.scanread import upright_turn

pytestmark = needs_ocr


def test_a_page_scanned_sideways_or_upside_down_is_found_so_without_reading_it(tmp_path):
    page, _truth = contract(random.Random(3))
    for turn in (0, 90, 180, 270):
        assert upright_turn(page.rotate(turn, expand=True)) == (360 - turn) % 360, turn
