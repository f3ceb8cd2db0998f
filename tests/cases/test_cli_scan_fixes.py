"""``wrc case fix`` and ``attach --fix`` (issue 27): the fixes are listed, applied only when asked,
the original scan is kept, and the upload kit takes the fixed version (海淀: no counter bundle)."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from tests.cases.test_cli_cases import run
from tests.cases.test_cli_upload_kit import colour_scan, holder_due
from wrc_desktop.cli import main

EXIF_ORIENTATION = 0x0112


def sideways_scan(tmp_path: Path) -> Path:
    """A colour A4 scan a phone stored on its side (EXIF 6: turn right to show it upright)."""
    upright = colour_scan(tmp_path / "upright.jpg")
    path = tmp_path / "sideways.jpg"
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 6
    with Image.open(upright) as image:
        image.transpose(Image.Transpose.ROTATE_90).save(path, dpi=(300, 300), exif=exif)
    return path


def haidian_renewal(capsys) -> str:
    assert main(["demo", "--today", "2026-11-22", "--holders", "60"]) == 0
    capsys.readouterr()
    holder = holder_due(capsys, "haidian")
    code, out, err = run(
        capsys, "case", "new", "--holder", holder["id_number"], "--kind", "renewal",
        "--submit", "2026-12-01", "--json",
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out)["number"]


def contract_row(rows: list[dict]) -> dict:
    return next(row for row in rows if "劳动" in row["title"] or "聘用" in row["title"])


def test_fixes_are_listed_applied_on_request_and_used_by_the_kit(capsys, tmp_path):
    number = haidian_renewal(capsys)
    scan = sideways_scan(tmp_path)
    code, out, err = run(capsys, "case", "attach", number, "labor_contract", str(scan))
    assert code == 0, err
    assert "已修正" not in out  # nothing is changed without the clerk's consent

    code, out, err = run(capsys, "case", "fix", number, "labor_contract", "--dry-run")
    assert code == 0, err
    assert (
        out.strip()
        == "sideways.jpg → sideways（已修正）.pdf：向右转正 90°；转为彩色 PDF（按实际尺寸，约 300 dpi）"
    )

    code, out, err = run(capsys, "case", "assemble", number, "--draft", "--json")
    assert code == 0, err
    before = json.loads(out)
    assert before["merged"] is None  # 海淀 takes uploads only: no 全部材料.pdf
    notes = contract_row(before["uploads"])["checks"]
    assert any("“sideways.jpg”建议的修正未应用：向右转正 90°" in note for note in notes)

    code, out, err = run(capsys, "case", "fix", number, "labor_contract")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0].startswith(
        "已修正：sideways.jpg → sideways（已修正）.pdf（原文件保留）：向右转正 90°"
    )
    assert lines[1] == "修正后复查：未发现问题"
    folder = Path(before["folder"])
    originals = folder / "_原件" / "labor_contract"
    scans = sorted(p.name for p in originals.iterdir() if not p.name.startswith(".~"))
    assert scans == ["sideways.jpg", "sideways（已修正）.pdf"]  # (.~: the pages' direction record)

    code, out, err = run(capsys, "case", "fix", number, "labor_contract", "--dry-run")
    assert "（已应用）" in out

    code, out, err = run(capsys, "case", "assemble", number, "--draft", "--json")
    assert code == 0, err
    after = json.loads(out)
    row = contract_row(after["uploads"])
    assert not any("建议的修正未应用" in note for note in row["checks"])
    page = PdfReader(folder / row["file"]).pages[0]
    assert float(page.mediabox.width) < float(page.mediabox.height)  # the fixed, upright page
    assert not any(Path(p).name.startswith("01 ") for p in after["written"] + after["unchanged"])

    code, out, err = run(capsys, "case", "assemble", number, "--draft")
    assert "本区全程线上办理：不生成窗口提交用的合并文件与编号文件" in out


def test_attach_with_fix_applies_and_rechecks(capsys, tmp_path):
    number = haidian_renewal(capsys)
    code, out, err = run(
        capsys, "case", "attach", number, "labor_contract", str(sideways_scan(tmp_path)), "--fix"
    )
    assert code == 0, err
    assert "已修正：sideways.jpg → sideways（已修正）.pdf（原文件保留）：向右转正 90°" in out
    assert "修正后复查：未发现问题" in out


def test_fix_refuses_an_unknown_item_with_one_line(capsys):
    number = haidian_renewal(capsys)
    code, out, err = run(capsys, "case", "fix", number, "no_such_item")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "no_such_item" in err and "Traceback" not in err
