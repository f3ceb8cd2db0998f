"""The upload kit: one folder per login, one file per slot, and 上传清单.pdf (issue 27)."""

from __future__ import annotations

from PIL import Image
from pypdf import PdfReader

from tests.cases.test_print_bundle import _plan, ready_case  # noqa: F401  (fixture)
from wrc_desktop.documents.case_folder import assemble
from wrc_desktop.documents.scan_checks import direction_readable
from wrc_desktop.documents.upload_kit import LIST_NAME, UPLOAD_DIR

# What the list says of each file's direction: by its text where the OCR extra is installed.
DIRECTION_SAID = "已按文字方向核对" if direction_readable() else "未按文字方向核对"


def test_a_haidian_renewal_becomes_an_upload_kit(register, ready_case):  # noqa: F811
    case_id, root = ready_case
    result = assemble(_plan(register, case_id, root))
    kit = result.folder / UPLOAD_DIR
    names = sorted(p.relative_to(kit).as_posix() for p in kit.rglob("*") if p.is_file())
    assert names == [
        "上传清单.pdf",
        "单位上传/劳动合同.pdf",
        "单位上传/单位纳税材料.pdf",
        "单位上传/单位诚信声明.pdf",
        "申请人上传/持证期间近三年的应税收入材料.pdf",
        "申请人上传/申请人诚信声明.pdf",
        "申请人上传/证件照片.jpg",
    ]
    with Image.open(kit / "申请人上传/证件照片.jpg") as photo:
        assert photo.format == "JPEG" and photo.mode == "RGB"
    contract = PdfReader(kit / "单位上传/劳动合同.pdf")
    assert len(contract.pages) == 2  # the sideways photo stands upright on its page
    assert all(float(p.mediabox.height) > float(p.mediabox.width) for p in contract.pages)
    text = "".join(page.extract_text() for page in PdfReader(kit / LIST_NAME).pages)
    squeezed = text.replace("\n", "").replace(" ", "")
    for expected in (
        "上传清单",
        "单位账号上传",
        "申请人账号上传",
        "员工列表→劳动合同",
        "附件管理→持证期间近三年的应税收入材料",
        "证件照片→证件照片",
        "全程线上办理",
        "新系统上线后，办理方式变更为全程线上申请办理",
        "点击全部员工信息，在职员工列表模块更新上传",
        "逐页加盖申请单位财务章",  # what must be on the paper before the scan
        DIRECTION_SAID,
        "未核实",  # the unit's tax papers: no module named in 002
    ):
        assert expected in squeezed, expected
    assert "方向正确" not in squeezed and "已正向" not in squeezed
    assert result.upload_list == kit / LIST_NAME
    rows = {row["slot"]: row for row in result.uploads}
    assert rows["劳动合同"]["file"] == "上传/单位上传/劳动合同.pdf"
    assert rows["单位纳税材料"]["unverified"] and rows["单位纳税材料"]["module"] == "其他材料"
    # The scans of the fixture are grey drawings at 72 dpi: the reviewer's checks say so.
    assert any("彩色" in check for check in rows["劳动合同"]["checks"])
    # What the app draws never names a font it does not embed (reportlab's default Helvetica).
    for made in (kit / LIST_NAME, kit / "单位上传/劳动合同.pdf"):
        for page in PdfReader(made).pages:
            fonts = page["/Resources"].get("/Font", {})
            names = [str(font.get_object().get("/BaseFont")) for font in fonts.values()]
            assert not [name for name in names if "Helvetica" in name], (made, names)
    # Reassembling an unchanged case on the same day rewrites nothing.
    again = assemble(_plan(register, case_id, root))
    assert not [p for p in again.written if UPLOAD_DIR in p.parts]
