"""``wrc case`` as a clerk's script runs it, on the demo register, including bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from wrc_desktop.cli import main


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err.strip()


@pytest.fixture
def haidian_holder(capsys):
    assert main(["demo", "--today", "2026-11-22", "--holders", "12"]) == 0
    capsys.readouterr()
    main(["holders", "--json"])
    holders = json.loads(capsys.readouterr().out)
    # Born from 1980: well under 海淀's "未达退休年龄" (an older one is refused a renewal).
    return next(
        h
        for h in holders
        if h["unit"]["district"] == "haidian"
        and h["status"] == "active"
        and h["birth_date"] >= "1980-01-01"
    )


def test_new_checklist_attach_assemble(capsys, haidian_holder, tmp_path, isolated_data_dir):
    from PIL import Image

    code, out, _ = run(
        capsys,
        "case",
        "new",
        "--holder",
        haidian_holder["id_number"],
        "--kind",
        "renewal",
        "--submit",
        "2026-12-01",
        "--json",
    )
    assert code == 0
    created = json.loads(out)
    assert created["number"] == "2026-0001" and created["district"] == "haidian"
    assert created["folder"].startswith(str(isolated_data_dir / "cases" / "2026"))
    code, out, _ = run(capsys, "case", "checklist", "2026-0001", "--json")
    data = json.loads(out)
    # 海淀 also wants the system photo in every case (002 四（一）"系统照片应为申请人近期一寸免冠白底彩色证件照").
    assert [i["key"] for i in data["items"]] == [
        "labor_contract",
        "unit_tax",
        "unit_integrity_declaration",
        "income_proof",
        "integrity_declaration",
        "system_photo",
    ]
    assert (
        data["can_submit"] is False and data["items"][1]["problems"][0]["message"] == "缺少此项材料"
    )
    photo = tmp_path / "合同.jpg"
    Image.new("RGB", (600, 800), "white").save(photo)
    assert (
        run(capsys, "case", "attach", "2026-0001", "1", str(photo), "--valid-until", "2028-01-31")[
            0
        ]
        == 0
    )
    assert run(capsys, "case", "forms", "2026-0001", "--date", "2026-11-22")[0] == 0
    # Unsigned forms and missing materials: refused before anything is built, every problem named.
    folder = Path(created["folder"])
    before = sorted(p.name for p in folder.iterdir())
    code, out, err = run(capsys, "case", "assemble", "2026-0001")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "尚不能提交" in err and "单位纳税材料" in err and "缺少此项材料" in err
    assert "--draft" in err and "未整理任何文件" in err
    assert sorted(p.name for p in folder.iterdir()) == before
    # Asked for explicitly, a draft is built. 海淀 takes uploads only: no counter bundle (the
    # draft-marked 全部材料.pdf of a district that takes paper: tests/cases/test_print_bundle.py).
    code, out, _ = run(capsys, "case", "assemble", "2026-0001", "--draft", "--json")
    result = json.loads(out)
    assert code == 0 and result["merged"] is None and result["pages"] == 0
    assert result["draft"] is True
    assert not (folder / "全部材料.pdf").exists()
    upload_list = PdfReader(result["upload_list"])
    assert "上传清单" in upload_list.pages[0].extract_text()
    code, out, _ = run(capsys, "case", "list")
    assert "2026-0001" in out and "续签" in out and "准备中" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["case", "new", "--holder", "110101199003071234", "--kind", "renewal"], "应为"),
        (["case", "new", "--holder", "X", "--kind", "visa"], "参数 --kind 的值"),
        (["case", "checklist", "2030-0001"], "没有编号为“2030-0001”的办理事项"),
        (["case", "status", "1", "approved"], "没有编号为“1”的办理事项"),
    ],
)
def test_bad_input_exits_2_with_one_chinese_line(capsys, argv, message, isolated_data_dir):
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err and "\n" not in err


def test_bad_item_and_clause(capsys, haidian_holder):
    run(
        capsys,
        "case",
        "new",
        "--holder",
        haidian_holder["id_number"],
        "--kind",
        "new",
        "--clause",
        "9",
    )
    code, _, err = run(
        capsys,
        "case",
        "new",
        "--holder",
        haidian_holder["id_number"],
        "--kind",
        "new",
        "--clause",
        "9",
    )
    assert code == 2 and "申报条款" in err and "1–8" in err
    run(capsys, "case", "new", "--holder", haidian_holder["id_number"], "--kind", "renewal")
    code, _, err = run(capsys, "case", "item", "2026-0001", "42", "--collected")
    assert code == 2 and "没有第 42 项" in err


def test_the_cli_honours_the_case_root_and_fonts_chosen_in_the_window(
    capsys, haidian_holder, tmp_path, qapp
):
    """What the clerk sets on the settings page (Qt side) is what the command line uses: one settings file."""
    from PySide6.QtWidgets import QWidget

    from wrc_desktop.desk import Desk
    from wrc_desktop.documents import fonts
    from wrc_desktop.gui.doors.operations import RegisterOps
    from wrc_desktop.gui.settings.preferences import change_preferences
    from wrc_desktop.paths import resource_path

    chosen = tmp_path / "办理事项文件夹"
    extra = resource_path("fonts", "LXGWWenKai-Regular.ttf")
    desk = Desk.open()
    ops, tab, saved = RegisterOps(desk), QWidget(), []
    change_preferences(  # the settings page's door: the desk checks and writes settings.toml
        ops,
        tab,
        lambda p: p.with_changes(case_root=chosen, use_system_fonts=False, extra_fonts=(extra,)),
        saved=saved.append,
        failed=pytest.fail,
    )
    assert ops.wait() and saved
    desk.close()
    fonts.set_font_settings(
        fonts.FontSettings()
    )  # forget what this process set: the CLI must read the file

    code, out, _ = run(
        capsys,
        "case",
        "new",
        "--holder",
        haidian_holder["id_number"],
        "--kind",
        "renewal",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["folder"].startswith(str(chosen / "2026"))
    code, _, _ = run(
        capsys,
        "form",
        "declaration",
        "--holder",
        haidian_holder["id_number"],
        "--out",
        str(tmp_path / "诚信声明.pdf"),
    )
    assert code == 0 and (tmp_path / "诚信声明.pdf").is_file()
    assert fonts._settings.extra_fonts == [extra] and fonts._settings.use_system_fonts is False
