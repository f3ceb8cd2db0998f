"""A 海淀 and a 东城 renewal taken by the CLI from refusal to a complete upload kit (issue 27)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from tests.cases.test_cli_cases import run
from wrc_desktop.cli import main
from wrc_desktop.documents.scan_checks import direction_readable

# What the list says of each file's direction: by its text where the OCR extra is installed.
DIRECTION_SAID = "已按文字方向核对" if direction_readable() else "未按文字方向核对"


def colour_scan(path: Path) -> Path:
    """A colour A4 scan at 300 dpi with content inside its edges: the checks find nothing."""
    page = Image.new("RGB", (2480, 3508), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((200, 200, 2280, 500), fill=(190, 30, 30))
    for line in range(20):
        draw.rectangle((200, 700 + line * 120, 2280, 720 + line * 120), fill=(20, 40, 150))
    page.save(path, dpi=(300, 300), quality=85)
    return path


def holder_due(capsys, district: str) -> dict:
    """A holder of the district whose renewal is due now (the demo's warning)."""
    main(["holders", "--json"])
    holders = json.loads(capsys.readouterr().out)
    return next(
        h
        for h in holders
        if h["unit"]["district"] == district
        and h["status"] == "active"
        and h["permit_state"] not in ("正常", "已失效")
        # 东城 extends a permit first issued from 2023 on by itself: a renewal needs an older one
        and (district != "dongcheng" or h["permits"][0]["first_issued"] < "2020")
    )


@pytest.mark.parametrize("district", ["haidian", "dongcheng"])
def test_a_renewal_goes_from_refusal_to_a_complete_upload_kit(capsys, tmp_path, district):
    assert main(["demo", "--today", "2026-11-22", "--holders", "60"]) == 0
    capsys.readouterr()
    holder = holder_due(capsys, district)
    submit = "2026-12-01" if district == "haidian" else holder["latest_submission"]
    code, out, err = run(
        capsys, "case", "new", "--holder", holder["id_number"], "--kind", "renewal",
        "--submit", submit, "--json",
    )  # fmt: skip
    assert code == 0, err
    number = json.loads(out)["number"]
    code, out, err = run(capsys, "case", "assemble", number)
    assert code == 2 and "尚不能提交" in err  # the warning: nothing is built yet
    code, out, _ = run(capsys, "case", "checklist", number, "--json")
    items = json.loads(out)["items"]
    scan = colour_scan(tmp_path / "scan.jpg")
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (413, 579), (240, 240, 250)).save(photo, dpi=(300, 300))
    for index, item in enumerate(items, start=1):
        options = ["--date", "2026-11-20"]
        if item["key"] == "integrity_declaration":
            options = ["--date", "2026-11-24"]  # dated after every other material
        if item["validity"] in ("labor_contract", "id_card", "document", "rental_contract"):
            options += ["--valid-until", "2029-12-31"]
        file = photo if item["key"] == "system_photo" else scan
        code, out, err = run(capsys, "case", "attach", number, str(index), str(file), *options)
        assert code == 0, err
        if item["key"] != "system_photo":
            assert "扫描检查" not in out, out  # a good colour scan passes every check
    code, out, err = run(capsys, "case", "assemble", number)
    assert code == 0, err
    assert "上传清单：" in out and "上传清单.pdf" in out
    assert "尚无扫描件（必交）" not in out
    code, out, _ = run(capsys, "case", "assemble", number, "--json")
    result = json.loads(out)
    kit = Path(result["upload_list"]).parent
    files = sorted(p.relative_to(kit).as_posix() for p in kit.rglob("*") if p.is_file())
    assert len(files) == len(items) + 1
    assert all(name.startswith(("单位上传/", "申请人上传/", "上传清单")) for name in files)
    text = "".join(page.extract_text() for page in PdfReader(kit / "上传清单.pdf").pages)
    assert DIRECTION_SAID in text
    if district == "haidian":
        assert "单位上传/劳动合同.pdf" in files and "申请人上传/证件照片.jpg" in files
        assert "全程线上办理" in text
    else:  # 东城's guide names no attachment: every slot is 其他材料, marked unverified
        assert all(row["module"] == "其他材料" and row["unverified"] for row in result["uploads"])
        assert "未核实" in text
