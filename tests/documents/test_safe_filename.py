"""One rule for every file name the app makes (forms, case folders, scans, reports): the
stricter of the two the forms and the reports used to apply each in their own way."""

from __future__ import annotations

import pytest

from wrc_desktop.atomic import MAX_NAME, safe_filename


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("诚信声明_张三_20261122", "诚信声明_张三_20261122.pdf"),
        ('a<b>:c"d/e\\f|g?h*', "a_b__c_d_e_f_g_h_.pdf"),
        ("tab\there", "tab_here.pdf"),
        ("CON", "_CON.pdf"),
        ("nul.txt", "_nul.txt.pdf"),
        ("Com1 .tar", "_Com1 .tar.pdf"),
        ("名字. ", "名字.pdf"),
        ("", "表格.pdf"),
        (" . ", "表格.pdf"),
    ],
)
def test_a_forms_name(stem, expected):
    assert safe_filename(stem, ".pdf", default="表格") == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("到期提醒_20261122.xlsx", "到期提醒_20261122.xlsx"),
        ("LPT3.csv", "_LPT3.csv"),
        ("报表?.xlsx", "报表_.xlsx"),
        ("", "文件"),
        ("aux", "_aux"),
    ],
)
def test_a_name_with_its_own_extension(name, expected):
    assert safe_filename(name) == expected


def test_a_long_name_is_cut_in_the_stem_and_keeps_its_extension():
    assert safe_filename("长" * 500, ".pdf") == "长" * (MAX_NAME - 4) + ".pdf"
    assert safe_filename("长" * 500 + ".xlsx") == "长" * (MAX_NAME - 5) + ".xlsx"
    # an extension too long to be one is cut with the rest
    assert len(safe_filename("长" * 500 + ".这不是一个扩展名而是一句话")) == MAX_NAME


def test_a_cut_never_leaves_a_trailing_dot_or_space():
    """Windows drops them, so the file would not be found under the name the app recorded."""
    for filler in (". ", "  ", ".."):
        name = safe_filename("长" * (MAX_NAME - 6) + filler + "尾巴尾巴", ".pdf")
        assert len(name) <= MAX_NAME
        assert not name.removesuffix(".pdf").endswith((".", " "))
    assert safe_filename("长" * 500, max_length=40) == "长" * 40


def test_a_scans_suffix_is_cleaned_too():
    assert safe_filename("扫描件", ".PDF. ") == "扫描件.PDF"
    assert safe_filename("扫描件", ".p:f") == "扫描件.p_f"
