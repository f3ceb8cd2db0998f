"""Pieces every document reader uses: names, ID numbers, a labelled date."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..rules.errors import FieldError
from ..rules.identity import validate_id_number
from .engine import TextLine
from .layout import Found, value_after
from .values import ReadValue, find_dates, fix_digits, normalise

_ID = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{16}[\dXx])(?![0-9A-Za-z])")
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")
# Words that end a name or a unit's name on the same line (the next label).
_STOPS = ("性别", "民族", "出生", "身份", "证件", "住址", "联系", "电话", "法定", "地址", "统一")
_UNIT_END = re.compile(
    r"(有限责任公司|股份有限公司|有限公司|公司|事务所|研究院|研究所|中心|医院|大学|学院|银行|集团)"
)


def id_numbers(lines: Sequence[TextLine]) -> list[tuple[str, TextLine, bool]]:
    """Every 18-character ID number on the page, its line, and whether its check digit is right."""
    found = []
    for line in lines:
        flat = fix_digits(normalise(line.text)).replace(" ", "")
        for match in _ID.finditer(flat):
            number = match.group(1).upper()
            try:
                validate_id_number(number)
                valid = True
            except FieldError:
                valid = False
            found.append((number, line, valid))
    return found


def id_number_value(lines: Sequence[TextLine], field: str = "id_number") -> ReadValue | None:
    """The page's ID number (one with a right check digit first), as a value."""
    found = sorted(id_numbers(lines), key=lambda item: not item[2])
    if not found:
        return None
    number, line, valid = found[0]
    return ReadValue(field, number, line.text, line.score * (1.0 if valid else 0.3), "证件号码")


def cut_at_stop(text: str) -> str:
    for stop in _STOPS:
        index = text.find(stop)
        if index > 0:
            text = text[:index]
    return text.strip()


def person_name(found: Found | None) -> tuple[str, Found] | None:
    """A person's name at the start of ``found``'s text (2–5 Chinese characters)."""
    if found is None:
        return None
    match = _NAME.search(cut_at_stop(found.text.replace(" ", "")))
    return (match.group(0), found) if match else None


def unit_name(found: Found | None) -> tuple[str, Found] | None:
    """A unit's name at the start of ``found``'s text, up to its legal form (有限公司 …)."""
    if found is None:
        return None
    text = cut_at_stop(normalise(found.text).replace(" ", ""))
    text = re.sub(r"^[(（]?(盖章|公章)[)）]?", "", text)
    end = None
    for match in _UNIT_END.finditer(text):
        end = match.end()
    if end is not None:
        text = text[:end]
    text = text.strip(":：;；,，。.()（）")
    chinese = len(re.findall(r"[\u4e00-\u9fff]", text))
    return (text, found) if chinese >= 4 else None


def labelled_date(
    lines: Sequence[TextLine], field: str, labels: Sequence[str], label: str
) -> ReadValue | None:
    found = value_after(lines, labels)
    if found is None:
        return None
    dates = find_dates(found.text)
    if not dates:
        return None
    return ReadValue(field, dates[0][0], found.source, found.score, label)
