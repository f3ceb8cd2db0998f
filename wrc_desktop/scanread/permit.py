"""北京市工作居住证: 证件编号, 有效期至 (or the end of 有效期限), the holder's name and unit."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .common import id_number_value, person_name, unit_name
from .engine import TextLine
from .layout import value_after
from .values import ReadValue, compact, fix_digits, normalise, period

KIND = "permit"
NUMBER_LABELS = ("证件编号", "证书编号", "编号", "No.", "NO.", "No")
_NUMBER = re.compile(r"([\u4e00-\u9fffA-Z]{0,4}\d{6,})")


def read(lines: Sequence[TextLine]) -> list[ReadValue]:
    values: list[ReadValue] = []
    number = permit_number(lines)
    if number is not None:
        values.append(number)
    values += validity(lines)
    name = person_name(value_after(lines, ("姓名",), below=False))
    if name is not None:
        values.append(ReadValue("name", name[0], name[1].source, name[1].score, "姓名"))
    unit = unit_name(value_after(lines, ("工作单位", "聘用单位", "单位名称")))
    if unit is not None:
        values.append(ReadValue("employer", unit[0], unit[1].source, unit[1].score, "工作单位"))
    holder_id = id_number_value(lines)
    if holder_id is not None:
        values.append(holder_id)
    return values


def permit_number(lines: Sequence[TextLine]) -> ReadValue | None:
    # Not the holder's 身份证号码 (its label says 证号 too, its value is all digits).
    others = [line for line in lines if "身份" not in compact(line.text)]
    found = value_after(others, NUMBER_LABELS)
    if found is None:
        return None
    text = fix_digits(normalise(found.text)).replace(" ", "")
    match = _NUMBER.search(text.upper() if text.isascii() else text)
    if match is None:
        return None
    return ReadValue("certificate_no", match.group(1), found.source, found.score, "证件编号")


def validity(lines: Sequence[TextLine]) -> list[ReadValue]:
    """有效期至 X, or 有效期限 X 至 Y (its end)."""
    found = value_after(lines, ("有效期至", "有效期限", "有效期", "有效日期"))
    if found is None:
        return []
    start, end = period(found.text)
    values = []
    if start is not None and end is not None:
        values.append(ReadValue("valid_from", start, found.source, found.score, "有效期起"))
        values.append(ReadValue("valid_until", end, found.source, found.score, "有效期至"))
    elif start is not None:
        values.append(ReadValue("valid_until", start, found.source, found.score, "有效期至"))
    return values
