"""应用建议的修正… in the case window (issue 27): enabled when the selected item's scans have
fixes, applied only on 确定, the original kept; the button turns off once they are applied."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtWidgets import QMessageBox

from tests.gui_cases.test_cases_gui import _ops, case_id, haidian_holder  # noqa: F401  (fixtures)

EXIF_ORIENTATION = 0x0112


def sideways_scan(path: Path) -> Path:
    """A colour A4 page at 150 dpi a phone stored on its side (EXIF 6)."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((120, 120, 1120, 300), fill=(190, 30, 30))
    for line in range(20):
        draw.rectangle((120, 400 + line * 60, 1120, 410 + line * 60), fill=(20, 40, 150))
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 6
    page.transpose(Image.Transpose.ROTATE_90).save(path, dpi=(150, 150), exif=exif)
    return path


def test_the_button_offers_the_fixes_and_applies_them_on_ok(
    qtbot,
    demo_register,
    case_id,  # noqa: F811  (the fixture imported above)
    tmp_path,
    monkeypatch,
):
    from wrc_desktop.gui.case.case_window import CaseWindow

    window = CaseWindow(_ops(demo_register, tmp_path), case_id)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.view is not None)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    window.tree.setCurrentItem(window.tree.topLevelItem(0))
    fixes = window.scan_fixes
    assert not fixes.button.isEnabled()  # no scan yet: nothing to fix
    assert window.attach(window.tree.current_key(), [str(sideways_scan(tmp_path / "a.jpg"))])
    assert window.ops.wait()
    window.tree.setCurrentItem(window.tree.topLevelItem(0))
    qtbot.waitUntil(fixes.button.isEnabled, timeout=20000)
    assert "a.jpg → a（已修正）.pdf：向右转正 90°；转为彩色 PDF" in fixes.message()
    window.grab().save(str(tmp_path / "scan_fixes_button.png"))

    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Ok]
    asked: list[str] = []

    def answer(box: QMessageBox) -> QMessageBox.StandardButton:
        asked.append(box.text())
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    fixes.offer()  # 取消: nothing is written
    assert window.ops.wait()
    folder = tmp_path / "cases" / window.view.case.folder / "_原件"
    assert _scans(folder) == ["a.jpg"]
    fixes.offer()  # 确定
    assert window.ops.wait()
    qtbot.waitUntil(lambda: bool(shown))
    assert _scans(folder) == ["a.jpg", "a（已修正）.pdf"]
    assert "修正后复查：未发现问题" in shown[0] and "原文件保留" in shown[0]
    assert "向右转正 90°" in asked[0]
    qtbot.waitUntil(lambda: bool(fixes.found) and fixes.found[0].applied, timeout=20000)
    assert not fixes.button.isEnabled()  # applied: nothing left to offer


def _scans(folder) -> list[str]:
    """The clerk's files and the fixed versions; not the pages' direction record (.~)."""
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".~"))
