"""The register table's columns, their headers and what one row sorts by in each; the filter."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

from ...rules.glossary import STATE_WORDS

if TYPE_CHECKING:  # named for the types only: desk.records brings the case modules
    from ...desk.records import RegisterRow


class Column(IntEnum):
    NAME = 0
    ID_NUMBER = 1
    UNIT = 2
    DEPARTMENT = 3
    CERTIFICATE = 4
    EXPIRY = 5
    DAYS_LEFT = 6
    STATUS = 7
    CONTRACT_END = 8


HEADERS = [
    "姓名",
    "身份证号",
    "单位",
    "部门",
    "证书编号",
    "有效期至",
    "剩余（距期限）",
    "状态",
    "劳动合同到期",
]


@dataclass(frozen=True)
class RegisterFilter:
    """What the clerk asked to see; ``status`` is a label from the status filter, or None for all."""

    text: str = ""
    status: str | None = None
    unit_id: int | None = None
    show_left: bool = False


CENTRED = {Column.EXPIRY, Column.DAYS_LEFT, Column.STATUS, Column.CONTRACT_END}
# The states the status filter offers: every state word of the glossary, in its order.
FILTER_STATES = STATE_WORDS


def row_sort_value(column: int, row: RegisterRow, label: str) -> object:
    """What one row sorts by in ``column`` (as :meth:`RegisterModel._sort_keys` uses it)."""
    values = {
        Column.NAME: row.name,
        Column.ID_NUMBER: row.id_number,
        Column.UNIT: row.unit_name,
        Column.DEPARTMENT: row.department,
        Column.CERTIFICATE: row.certificate_no,
        Column.EXPIRY: row.expiry,
        Column.STATUS: (label, row.expiry),
        Column.CONTRACT_END: row.contract_end,
    }
    return values.get(Column(column))
