"""Small registers and roster files for the report, import and due-list tests."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from tests.helpers import holder_data, id_number, permit_data, rules_on, unit_data
from wrc_desktop.store import holder_records, unit_records


def add_unit(
    session,
    name: str = "北京测试科技有限公司",
    district: str = "海淀区",
    body: str = "91110108MA01ABCD",
):
    from tests.helpers import uscc_code

    return unit_records.create_unit(
        session, data=unit_data(name=name, district=district, uscc=uscc_code(body))
    )


def add_holder(
    session,
    unit_id: int,
    *,
    name: str = "张三",
    birth: str = "19900307",
    sequence: str = "123",
    expiry: dt.date | None = None,
    **holder_fields,
):
    permit = permit_data(expiry=expiry, start=None, first_issued=None) if expiry else None
    return holder_records.create_holder(
        session,
        unit_id=unit_id,
        holder=holder_data(
            name=name, id_number=id_number(birth=birth, sequence=sequence), **holder_fields
        ),
        permit=permit,
    )


def save_roster(path, rows: list[list], header: list[str], title: str | None = None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def add_case(session, holder_id: int, kind: str, *, today: dt.date, **fields):
    """A case (办理事项) in 准备中, made the way the case tests make them."""
    from wrc_desktop.desk import case_lifecycle

    return case_lifecycle.create_case(
        session, holder_id=holder_id, kind=kind, rules=rules_on(today), **fields
    )


def borrowed_housing_case(
    session,
    *,
    today: dt.date,
    submit_on: dt.date | None,
    declared: dt.date,
    name: str = "张三",
    sequence: str = "123",
):
    """A Xicheng holder in borrowed housing with a 新办 case whose 房屋借住声明 is dated ``declared``.

    Xicheng, because its guide (000) is the cited source of the 90-day rule.
    """
    from wrc_desktop.store import case_items

    unit = unit_records.find_unit(session, "北京西城测试有限公司") or add_unit(
        session, name="北京西城测试有限公司", district="西城区", body="91110102MA01XCHA"
    )
    holder = add_holder(session, unit.id, name=name, sequence=sequence, housing_kind="borrowed")
    case = add_case(session, holder.id, "new", today=today, clause=1, submit_on=submit_on)
    case_items.update_item(
        session, case.id, "loan_declaration", collected=True, dated=declared, rules=rules_on(today)
    )
    return holder, case
