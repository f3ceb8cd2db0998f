"""Helpers for the form tests: contexts without a register, and reading PDFs back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from wrc_desktop.documents.context import FormContext, format_date, unit_words

DAY = dt.date(2026, 11, 22)


def make_context(**values: str | None) -> FormContext:
    """A filled context with plausible values; keyword arguments override (``holder_name=`` too)."""
    base: dict[str, str | None] = {
        "bureau.name": "北京市海淀区人力资源和社会保障局",
        "district.name": "海淀区",
        "unit.name": "北京智源星图科技有限公司",
        "unit.legal_rep": "陈立新",
        "unit.uscc": "91110108MA01ABCD0X",
        "unit.address": "北京市海淀区中关村大街 27 号",
        "unit.phone": "010-82561234",
        "agent.name": "刘芳",
        "agent.gender": "女",
        "agent.id_number": "110105199003071236",
        "agent.department": "人力资源部",
        "agent.title": "人事专员",
        "agent.phone": "13812345678",
        "holder.name": "张三",
        "holder.id_number": "110105199003071236",
        "holder.gender": "男",
        "holder.department": "研发中心",
        "holder.job_title": "工程师",
        "holder.hire_date": "2020年3月1日",
        "holder.left_on": "2026年10月31日",
        "holder.address": "北京市海淀区学院路 30 号院 2 号楼 3 单元 501 室",
        "residence.address": "北京市海淀区学院路 30 号院 2 号楼 3 单元 501 室",
        "holder.phone": "13900001111",
        "permit.certificate_no": "京工居2023000006",
        "date": format_date(DAY),
        "year": str(DAY.year),
        "loan.since": "2025年3月1日",
        "loan.address": "北京市朝阳区望京西园三区 312 号楼 1501 室",
        "loan.relation": "父子",
    }
    base.update(values)
    base = {**unit_words(base.get("unit.name")), **base}
    holder_name = base.get("holder.name") or ""
    return FormContext(
        values=base,
        lists={"owners": [{"owner.name": "张大山", "owner.id_number": "11010519491231002X"}]},
        holder_name=holder_name,
    )


def read_pdf(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in read_pdf(data).pages)


def squash(text: str) -> str:
    """Text without the line breaks and spaces that wrapping adds."""
    return "".join(text.split())


@pytest.fixture
def context() -> FormContext:
    return make_context()
