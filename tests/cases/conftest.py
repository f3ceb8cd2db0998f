"""A small register for the case tests: one unit per district, holders with permits and family."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image, ImageDraw

from tests.helpers import holder_data, id_number, permit_data, unit_data, uscc_code
from wrc_desktop.store import holder_records, unit_records

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def people(register):
    """Ids: units by district slug, and holders 'dong' (Dongcheng, borrowed housing, spouse and child)
    and 'hai' (Haidian, renewal due)."""
    with register.session() as session:
        dong = unit_records.create_unit(
            session,
            data=unit_data(
                name="北京东华文化传媒有限公司",
                district="东城区",
                uscc=uscc_code("91110101MA01DNGX"),
            ),
        )
        hai = unit_records.create_unit(
            session,
            data=unit_data(
                name="北京智源星图科技有限公司",
                district="海淀区",
                uscc=uscc_code("91110108MA01HAXD"),
            ),
        )
        unit_records.replace_agents(
            session,
            dong.id,
            agents=[
                {
                    "name": "王经办",
                    "id_number": id_number("110101", "19900517", "002"),
                    "department": "人力资源部",
                    "title": "专员",
                    "phone": "13800000000",
                }
            ],
        )
        unit_records.replace_agents(
            session,
            hai.id,
            agents=[
                {
                    "name": "赵经办",
                    "id_number": id_number("110108", "19910517", "002"),
                    "department": "人力资源部",
                    "title": "专员",
                    "phone": "13800000001",
                }
            ],
        )
        first = holder_records.create_holder(
            session,
            unit_id=dong.id,
            holder=holder_data(
                name="张三",
                id_number=id_number("110101", "19880307", "123"),
                housing_kind="borrowed",
                degree="bachelor",
                degree_date="2010-07-01",
                address="北京市东城区东四十条 1 号",
            ),
            family=[
                {
                    "relation": "spouse",
                    "name": "李梅",
                    "birth_date": "1989-05-01",
                    "employer": "北京某公司",
                },
                {"relation": "child", "name": "张小明", "birth_date": "2014-03-01"},
            ],
        )
        second = holder_records.create_holder(
            session,
            unit_id=hai.id,
            holder=holder_data(
                name="王五",
                id_number=id_number("110108", "19850611", "135"),
                housing_kind="residence-permit",
                contract_start="2024-03-01",
                contract_end="2028-02-29",
            ),
            permit=permit_data(
                certificate_no="京工居2024000200",
                start=dt.date(2024, 1, 10),
                expiry=dt.date(2027, 1, 9),
                first_issued=dt.date(2018, 1, 10),
            ),
        )
        family = {m.name: m.id for m in holder_records.holder_detail(session, first.id).family}
        return {
            "dong_unit": dong.id,
            "hai_unit": hai.id,
            "dong": first.id,
            "hai": second.id,
            "family": family,
        }


@pytest.fixture
def scans(tmp_path):
    """Two "photos" of a page: one upright, one stored sideways with EXIF orientation 6; and a PDF."""
    folder = tmp_path / "scans"
    folder.mkdir()
    page = Image.new("RGB", (827, 1169), "white")
    ImageDraw.Draw(page).rectangle((40, 40, 787, 300), outline="black", width=6)
    page.save(folder / "upright.jpg", quality=85)
    sideways = page.rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    sideways.save(folder / "sideways.jpg", exif=exif, quality=85)
    page.convert("RGBA").save(folder / "page.png")
    page.save(folder / "doc.pdf", "PDF", resolution=100)
    return folder
