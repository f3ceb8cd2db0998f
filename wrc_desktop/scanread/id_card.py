"""居民身份证: the front's name and number (check digit), the back's 有效期限 (or 长期)."""

from __future__ import annotations

from collections.abc import Sequence

from .common import id_number_value, person_name
from .engine import TextLine
from .layout import row_texts, value_after
from .values import OPEN_END, ReadValue, find_dates, has_open_end, period

KIND = "id-card"


def read(lines: Sequence[TextLine]) -> list[ReadValue]:
    values: list[ReadValue] = []
    name = person_name(value_after(lines, ("姓名",), below=False))
    if name is not None:
        values.append(ReadValue("name", name[0], name[1].source, name[1].score, "姓名"))
    number = id_number_value(lines)
    if number is not None:
        values.append(number)
    values += validity(lines)
    return values


def validity(lines: Sequence[TextLine]) -> list[ReadValue]:
    """有效期限 2015.03.01-2035.03.01 / 2020.05.01-长期, by its label or by its shape."""
    found = value_after(lines, ("有效期限", "有效期"))
    candidates = [(found.text, found.source, found.score)] if found else []
    candidates += [
        (text, text, score)
        for text, score in row_texts(lines)
        if len(find_dates(text)) >= 2 or (find_dates(text) and has_open_end(text))
    ]
    for text, source, score in candidates:
        start, end = period(text)
        if start is None or end is None:
            continue
        values = [ReadValue("valid_from", start, source, score, "有效期起")]
        values.append(ReadValue("valid_until", end, source, score, "有效期至"))
        return values
    return []


__all__ = ["KIND", "OPEN_END", "read", "validity"]
