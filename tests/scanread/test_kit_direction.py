"""Pages upright by their text: found when a scan is attached, turned in the upload kit.

002 asks for "正方向的PDF彩色扫描件". With the OCR extra a page on its side or upside down is a
finding at attach, its turn is recorded beside the scan and the kit places the page upright
(the clerk's file untouched); without it the 上传清单 says the direction was checked by EXIF
only. The pages are generated contracts (bundled CJK font), rendered back with pdftoppm.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import subprocess
from dataclasses import asdict
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.scanread.conftest import needs_ocr
from tests.scanread.docgen import contract
from wrc_desktop.documents import scan_checks
from wrc_desktop.documents.scan_checks import (
    QUOTE,
    TURNS_FILE,
    record,
    record_turns,
    recorded_turns,
    scan_report,
)
from wrc_desktop.documents.upload_kit import build_kit, kit_entry
from wrc_desktop.documents.upload_list import upload_rows
from wrc_desktop.rules.checklists import UploadSlot

SLOT = UploadSlot("单位", "员工列表", "劳动合同", source="002", quote="…", unverified=False)
DPI = 200  # recorded, so the resolution check is satisfied and only the direction is at stake


def _page(folder: Path, name: str, turn: int) -> Path:
    """A generated colour contract page, stored turned ``turn``° counter-clockwise."""
    page, _truth = contract(random.Random(7))
    page = page.convert("RGB").rotate(turn, expand=True, fillcolor="white")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if path.suffix == ".pdf":  # a scanner's PDF: one image a page
        page.save(path, "PDF", resolution=DPI)
    else:
        page.save(path, dpi=(DPI, DPI))
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rendered(pdf: Path, folder: Path) -> list[Image.Image]:
    """Each page of ``pdf`` as a viewer shows it (pdftoppm honours the page's rotation)."""
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is needed to look at the pages"
    folder.mkdir(parents=True, exist_ok=True)
    prefix = folder / "page"
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(p) for p in sorted(folder.glob("page*.png"))]


@needs_ocr
@pytest.mark.slow
def test_a_page_on_its_side_or_upside_down_is_found_at_attach_citing_the_guide(tmp_path):
    originals = tmp_path / "_原件"
    sideways = _page(originals, "合同-横放.png", 90)
    upside_down = _page(originals, "合同-倒置.pdf", 180)
    upright = _page(originals, "合同-正.png", 0)

    [finding] = [f for f in scan_report(sideways).findings if f.code == "direction"]
    assert finding.turn == 270 and finding.fixable
    assert "向左横放" in finding.message or "向右横放" in finding.message
    assert QUOTE in finding.cited and "002" in finding.cited
    [finding] = [f for f in scan_report(upside_down).findings if f.code == "direction"]
    assert finding.turn == 180 and "上下颠倒" in finding.message
    assert not [f for f in scan_report(upright).findings if f.code == "direction"]

    # Each turn is recorded beside the scans by content, so the kit does not read them again.
    kept = json.loads((originals / TURNS_FILE).read_text(encoding="utf-8"))
    assert {digest: entry["turns"] for digest, entry in kept.items()} == {
        _digest(sideways): [270],
        _digest(upside_down): [180],
        _digest(upright): [0],
    }
    assert recorded_turns(sideways) == [270]


@needs_ocr
def test_a_recorded_turn_is_used_without_reading_the_page_again(tmp_path):
    path = _page(tmp_path, "合同.png", 0)
    assert scan_report(path).turns == [0]
    # What the record says wins over the page (it is not read again): a record saying 180
    # makes it a finding though the page stands upright.
    (tmp_path / TURNS_FILE).write_text(json.dumps({_digest(path): [180]}), encoding="utf-8")
    report = scan_report(path)
    assert report.turns == [180] and report.turned_pages == 1
    # Another content under the same name is read afresh.
    _page(tmp_path, "合同.png", 90).touch()
    assert scan_report(path).turns == [270]


@needs_ocr
@pytest.mark.slow
def test_the_kit_places_turned_pages_upright_and_leaves_the_scans_untouched(tmp_path):
    from wrc_desktop.scanread import upright_turn

    originals = tmp_path / "case" / "_原件"
    files = [
        _page(originals, "1-横放.png", 90),
        _page(originals, "2-倒置.pdf", 180),
        _page(originals, "3-正.png", 0),
    ]
    before = {path: _digest(path) for path in files}
    for path in files:  # attached: checked, and the turns recorded
        scan_report(path)
    entry = kit_entry(1, "劳动合同", "单位", SLOT, files)
    built, made = build_kit([entry], tmp_path / "kit")

    [slot_pdf] = built.values()
    assert len(PdfReader(slot_pdf).pages) == 3
    pages = _rendered(slot_pdf, tmp_path / "rendered")
    assert [upright_turn(page) for page in pages] == [0, 0, 0]
    assert all(page.height > page.width for page in pages)  # A4 portrait, as the page stands
    assert {path: _digest(path) for path in files} == before  # the clerk's files unchanged
    [row] = upload_rows(made)
    assert "方向：已按文字方向核对，已转正 2 页" in row["checks"]
    assert not any("未按文字方向核对" in check for check in row["checks"])


@needs_ocr
def test_an_upright_page_is_placed_as_it_is_and_said_checked(tmp_path):
    path = _page(tmp_path / "_原件", "合同.png", 0)
    scan_report(path)  # the check when it is attached
    _built, made = build_kit([kit_entry(1, "劳动合同", "单位", SLOT, [path])], tmp_path / "kit")
    assert made[0].direction_read and made[0].turned == 0
    [row] = upload_rows(made)
    assert "方向：已按文字方向核对" in row["checks"]
    assert not any("已转正" in check for check in row["checks"])


def test_without_the_reader_the_list_says_the_direction_was_checked_by_exif_only(tmp_path):
    originals = tmp_path / "_原件"
    sideways = _page(originals, "合同-横放.png", 90)
    report = scan_report(sideways, read_direction=False)
    assert report.turns == [None] and not report.direction_read
    assert not [f for f in report.findings if f.code == "direction"]
    assert not (originals / TURNS_FILE).exists()  # nothing checked, nothing recorded

    entry = kit_entry(1, "劳动合同", "单位", SLOT, [sideways])
    built, made = build_kit([entry], tmp_path / "kit", read_direction=False)
    [row] = upload_rows(made)
    assert "方向：仅按 EXIF 核对，未按文字方向核对（未安装识别组件）" in row["checks"]
    assert not any("已按文字方向核对" in check for check in row["checks"])
    [slot_pdf] = built.values()
    page = PdfReader(slot_pdf).pages[0]
    assert page.rotation == 0  # nothing turned without a check


def test_the_kit_reads_no_page_and_says_which_files_were_not_checked(tmp_path):
    """With the reader installed, a scan whose check after attaching did not finish is not read
    while the kit is built (its wait stays short and the same): the list says so and how."""
    originals = tmp_path / "_原件"
    sideways = _page(originals, "合同-横放.png", 90)
    entry = kit_entry(3, "劳动合同", "单位", SLOT, [sideways])
    _built, made = build_kit([entry], tmp_path / "kit", read_direction=True)
    [row] = upload_rows(made)
    [said] = [check for check in row["checks"] if check.startswith("方向：")]
    assert said == (
        "方向：未按文字方向核对（添加后的检查未完成），请在办理事项窗口选中此项材料"
        "（或运行 wrc case fix <办理事项> 3 --dry-run）后重新整理"
    )
    assert not made[0].direction_read and made[0].unchecked
    assert not (originals / TURNS_FILE).exists()  # nothing was read, so nothing recorded


def test_the_kit_lists_what_the_check_at_attach_recorded(tmp_path):
    """The findings and turns recorded at attach are what the kit lists and applies: a record
    saying the page is blank and upside down wins over the page (it is not read again)."""
    originals = tmp_path / "_原件"
    path = _page(originals, "合同.png", 0)
    record_turns(path, [180])
    blank = scan_checks.ScanFinding(path.name, 1, "blank", "空白页，请检查是否扫描了正确的一面")
    record(path, "findings", "card=0,colour=1", [asdict(blank)])
    built, made = build_kit([kit_entry(1, "劳动合同", "单位", SLOT, [path])], tmp_path / "kit")
    [row] = upload_rows(made)
    assert any("“合同.png”：空白页" in check for check in row["checks"])
    assert "方向：已按文字方向核对，已转正 1 页" in row["checks"]
    [slot_pdf] = built.values()
    assert len(PdfReader(slot_pdf).pages) == 1


def test_the_availability_switch_is_the_ocr_extras(tmp_path):
    from wrc_desktop import scanread

    assert scan_checks.direction_readable() == scanread.available()


@needs_ocr
@pytest.mark.slow
def test_the_case_window_checks_an_attached_page_by_its_text_and_records_the_turn(
    renewal, qtbot, tmp_path
):
    from wrc_desktop.desk import cases as desk_cases
    from wrc_desktop.gui.case.case_window import CaseWindow
    from wrc_desktop.gui.case.scan_proposals_view import ProposalDialog
    from wrc_desktop.gui.doors.operations import RegisterOps

    desk, case_id = renewal
    sideways = _page(tmp_path / "scans", "合同.png", 90)
    ops = RegisterOps(desk)
    window = CaseWindow(ops, case_id)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.view is not None)
    assert window.attach("labor_contract", [str(sideways)])
    qtbot.waitUntil(lambda: "扫描检查：" in window.notice.text(), timeout=60_000)
    # Stored with its top to the left: worded as EXIF orientation 6 is ("向右横放").
    assert "按文字方向，页面向右横放，须为正方向" in window.notice.text()
    assert "002" in window.notice.text()
    for dialog in window.findChildren(ProposalDialog):  # the proposals offered meanwhile
        qtbot.waitUntil(lambda d=dialog: d.reading is not None, timeout=60_000)
    assert ops.wait()
    [attachment] = next(
        r for r in desk_cases.view(desk, case_id).rows if r.key == "labor_contract"
    ).attachments
    copy = desk_cases.folder(desk, case_id) / attachment.path
    assert recorded_turns(copy) == [270]
