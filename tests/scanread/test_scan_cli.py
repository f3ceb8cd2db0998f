"""``wrc scan read``: what was read as JSON (ID numbers masked), a PDF's own text read without
OCR, and one Chinese line with exit status 2 for a file that cannot be read."""

from __future__ import annotations

import io
import json

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from tests.helpers import id_number
from wrc_desktop.cli import main
from wrc_desktop.paths import resource_path

NUMBER = id_number("110108", "19850611", "135")


def _text_pdf(path, lines):
    pdfmetrics.registerFont(TTFont("WenKai", str(resource_path("fonts", "LXGWWenKai-Regular.ttf"))))
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("WenKai", 14)
    for number, line in enumerate(lines):
        canvas.drawString(60, 780 - 28 * number, line)
    canvas.save()
    return path


def test_a_permit_pdf_with_its_own_text_is_read_and_the_id_number_is_masked(
    tmp_path, capsys, isolated_data_dir
):
    pdf = _text_pdf(
        tmp_path / "permit.pdf",
        [
            "北京市工作居住证",
            "姓名：王五",
            f"身份证号码：{NUMBER}",
            "证件编号：京工居2024000200",
            "有效期限：2024年1月10日至2027年1月9日",
        ],
    )
    assert main(["scan", "read", str(pdf), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    values = {v["field"]: v["value"] for v in data["values"]}
    assert data["kind"] == "permit"
    assert values["certificate_no"] == "京工居2024000200"
    assert (values["valid_from"], values["valid_until"]) == ("2024-01-10", "2027-01-09")
    assert values["id_number"] == "110108********1358"[:6] + "********" + NUMBER[-4:]
    assert NUMBER not in json.dumps(data, ensure_ascii=False)
    assert all(v["source"] and 0 < v["confidence"] <= 1 for v in data["values"])


def test_the_kind_can_be_named_and_the_plain_output_names_each_value(
    tmp_path, capsys, isolated_data_dir
):
    pdf = _text_pdf(
        tmp_path / "contract.pdf",
        [
            "劳动合同书",
            "甲方（用人单位）：北京星河科技有限公司",
            "乙方（劳动者）：王五",
            "合同期限：自2024年3月1日起至2027年2月28日止",
        ],
    )
    assert main(["scan", "read", str(pdf), "--kind", "contract"]) == 0
    out = capsys.readouterr().out
    assert "合同期限至：2027-02-28" in out and "用人单位：北京星河科技有限公司" in out


def test_a_file_that_cannot_be_read_is_one_line_and_exit_2(tmp_path, capsys, isolated_data_dir):
    broken = tmp_path / "scan.jpg"
    broken.write_bytes(b"not an image")
    assert main(["scan", "read", str(broken)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "“scan.jpg”不是可读取的图片或 PDF（文件可能已损坏）"
    assert main(["scan", "read", str(tmp_path / "missing.png")]) == 2
    assert "不存在" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        main(["scan", "read", str(broken), "--kind", "passport"])
    assert refused.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_case_attach_counts_the_files_read_on_a_terminal_and_stays_quiet_otherwise():
    from wrc_desktop.cli.scan_cmds import terminal_progress

    assert terminal_progress(io.StringIO()) is None  # piped: stderr carries no progress
    terminal = _Terminal()
    show = terminal_progress(terminal)
    assert show is not None
    for done in range(4):
        show(done, 3)
    assert terminal.getvalue().split("\r")[1:] == [
        "正在读取 1/3 …",
        "正在读取 2/3 …",
        "正在读取 3/3 …",
        "已读取 3 个文件\n",
    ]
