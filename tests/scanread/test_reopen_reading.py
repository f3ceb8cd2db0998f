"""识别结果…: the case window shows what an item's scans were read to say again, without OCR."""

from __future__ import annotations

import os
import uuid

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from tests.scanread.conftest import needs_ocr
from tests.scanread.renewal_case import CONTRACT_END, item_row, make_scans
from wrc_desktop.desk import cases as desk_cases
from wrc_desktop.desk import scan_proposals
from wrc_desktop.gui.case.scan_proposals_view import ProposalDialog
from wrc_desktop.gui.doors.operations import RegisterOps

pytestmark = [needs_ocr, pytest.mark.slow]
KEY = "labor_contract"


def _shot(widget, name: str) -> None:
    folder = os.environ.get("WRC_SCREENSHOTS")
    if folder:
        scale = os.environ.get("QT_SCALE_FACTOR", "1")
        widget.grab().save(os.path.join(folder, f"{name}-{scale}.png"))


def _scan(tmp_path):
    """The renewal's contract scan, made a file of its own: a reading of the same content made
    by an earlier test in this process (kept by SHA-256) must not count as this one's."""
    path = make_scans(tmp_path / "scans")[KEY]
    info = PngInfo()
    info.add_text("Comment", uuid.uuid4().hex)
    with Image.open(path) as image:
        image.load()
    image.save(path, pnginfo=info)
    return path


def test_a_scan_never_read_is_not_read_when_its_reading_is_asked_for_again(renewal, tmp_path):
    desk, case_id = renewal
    desk_cases.attach(desk, case_id, KEY, [_scan(tmp_path)])
    assert not scan_proposals.has_reading(item_row(desk, case_id, KEY))
    again = scan_proposals.read_item(desk, case_id, KEY, kept_only=True)
    assert again.proposals == [] and again.notes == ["contract.png：尚未识别"]


def test_the_case_window_reopens_the_proposals_from_the_kept_reading(renewal, qtbot, tmp_path):
    from wrc_desktop.gui.case.case_window import CaseWindow

    desk, case_id = renewal
    desk_cases.attach(desk, case_id, KEY, [_scan(tmp_path)])
    ops = RegisterOps(desk)
    window = CaseWindow(ops, case_id)
    qtbot.addWidget(window)
    window.resize(1366, 720)
    qtbot.waitUntil(lambda: window.view is not None)
    window.show()
    window.tree.select_key(KEY)
    assert not window.reading_button.isEnabled()  # nothing read yet: nothing to show again

    # Attached and read once; the clerk closed the dialog without taking anything.
    reading = scan_proposals.read_item(desk, case_id, KEY)
    scan_proposals.record_review(desk, reading)
    # The file now says nothing (a blank page under the same record): what is shown again
    # can only come from the reading kept, not from a second OCR.
    folder = desk_cases.folder(desk, case_id)
    [attachment] = item_row(desk, case_id, KEY).attachments
    Image.new("RGB", (600, 800), "white").save(folder / attachment.path)

    window.refresh()
    assert ops.wait()
    qtbot.waitUntil(lambda: window.tree.topLevelItemCount() > 0)
    window.tree.select_key(KEY)
    assert window.reading_button.isEnabled()
    _shot(window, "case-window-reading-button")
    window.reading_button.click()
    [dialog] = window.findChildren(ProposalDialog)
    qtbot.waitUntil(lambda: dialog.reading is not None, timeout=60_000)
    assert dialog.windowTitle().startswith("识别结果 — ")
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "有效期至"
    assert dialog.table.item(0, 2).text() == CONTRACT_END.isoformat()
    assert dialog.table.item(0, 3).text() == "（空）"
    _shot(dialog, "scan-reading-reopened")
    assert item_row(desk, case_id, KEY).state.valid_until is None  # shown, not stored
    dialog.store()  # 采用所选
    assert ops.wait()
    assert item_row(desk, case_id, KEY).state.valid_until == CONTRACT_END
