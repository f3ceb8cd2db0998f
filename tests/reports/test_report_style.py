"""The reports drive xlsxwriter through its public calls only, and cut text to Excel's limit themselves."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import openpyxl
import pytest
from xlsxwriter import Workbook

import wrc_desktop
from wrc_desktop.reports import report_style as style
from wrc_desktop.reports.cells import MAX_CELL_UNITS, fit_text, utf16_len, utf16_truncate

PACKAGE = Path(wrc_desktop.__file__).parent
XLSXWRITER_CLASSES = {"Workbook", "Worksheet", "Format", "Chart", "ZipFile", "XMLwriter"}


def back_doors(source: str) -> list[str]:
    """What in ``source`` reaches inside xlsxwriter: a private name imported from it, a subclass of
    its classes, an assignment into its modules, or (in a module that uses it) a private attribute
    of anything but the module's own objects (``self``, ``cls``)."""
    tree = ast.parse(source)
    found: list[str] = []
    uses_xlsxwriter = False
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("xlsxwriter"):
            uses_xlsxwriter = True
            found += [f"imports {a.name}" for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.Import) and any(
            a.name.startswith("xlsxwriter") for a in node.names
        ):
            uses_xlsxwriter = True
        elif isinstance(node, ast.ClassDef):
            bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
            found += [f"subclasses {name}" for name in bases & XLSXWRITER_CLASSES]
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [
                f"assigns {ast.unparse(t)}" for t in targets if "xlsxwriter" in ast.unparse(t)
            ]
    if uses_xlsxwriter:
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            ):
                found.append(f"reads {ast.unparse(node)}")
    return found


def test_the_check_finds_each_back_door_the_report_used_to_take():
    old = """
import xlsxwriter.workbook as xlsxwriter_workbook
from xlsxwriter.utility import _preserve_whitespace, _utf16_len
from xlsxwriter.worksheet import Worksheet

class ReportSheet(Worksheet):
    def write_rows_xml(self, rows):
        self._write_single_row(3)

def style(fmt, sheet):
    xlsxwriter_workbook.ZipFile = None
    sheet.table.pop(3)
    return fmt._get_xf_index()
"""
    assert back_doors(old) == [
        "imports _preserve_whitespace",
        "imports _utf16_len",
        "subclasses Worksheet",
        "assigns xlsxwriter_workbook.ZipFile",
        "reads fmt._get_xf_index",
    ]
    # A module of ours keeps its own private attributes.
    assert (
        back_doors(
            "from xlsxwriter import Workbook\nclass A:\n    def f(self):\n        self._x = 1"
        )
        == []
    )


def test_no_module_reaches_inside_xlsxwriter():
    modules = sorted(PACKAGE.rglob("*.py"))
    users = [m for m in modules if "xlsxwriter" in m.read_text("utf-8")]
    assert users  # the report modules are among those read
    leaks = {
        str(m.relative_to(PACKAGE)): found
        for m in users
        if (found := back_doors(m.read_text("utf-8")))
    }
    assert leaks == {}


@pytest.mark.parametrize(
    ("text", "units"),
    [("普通文字", 4), ("😀a", 3), ("a" * 10, 10), ("", 0), ("\U00020000中", 3)],
)
def test_utf16_length_counts_characters_beyond_the_basic_plane_twice(text, units):
    assert utf16_len(text) == units == len(text.encode("utf-16-le")) // 2


def test_long_text_is_cut_at_excels_limit_without_splitting_a_character(tmp_path):
    emoji_end = "a" * (MAX_CELL_UNITS - 1) + "😀b"  # the emoji would straddle the limit
    assert utf16_truncate(emoji_end, MAX_CELL_UNITS) == "a" * (MAX_CELL_UNITS - 1)
    assert utf16_truncate("😀😀", 3) == "😀"
    assert fit_text("短") == "短"
    cjk = "中" * (MAX_CELL_UNITS + 5)
    assert fit_text(cjk) == "中" * MAX_CELL_UNITS
    # Written through xlsxwriter, the cut text is taken as it is: no warning, nothing cut again.
    path = tmp_path / "long.xlsx"
    book = Workbook(str(path), {**style.WORKBOOK_OPTIONS, "constant_memory": True})
    sheet = book.add_worksheet("s")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sheet.write_string(0, 0, fit_text(emoji_end)) == 0
        assert sheet.write_string(1, 0, fit_text(cjk)) == 0
    book.close()
    cells = openpyxl.load_workbook(path)["s"]
    assert (
        cells["A1"].value == "a" * (MAX_CELL_UNITS - 1) and len(cells["A2"].value) == MAX_CELL_UNITS
    )


def test_the_collector_resumes_as_it_was_even_after_a_failure():
    import gc

    from wrc_desktop.collector import collector_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("the report failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()
