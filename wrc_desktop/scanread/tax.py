"""税收完税证明: 税款所属期 (each row's from–to) and 填发日期."""

from __future__ import annotations

from collections.abc import Sequence

from .common import person_name
from .engine import TextLine
from .layout import row_texts, value_after
from .values import ReadValue, compact, find_dates

KIND = "tax-certificate"


def read(lines: Sequence[TextLine]) -> list[ReadValue]:
    values: list[ReadValue] = []
    issued = value_after(lines, ("填发日期", "开具日期", "打印日期"), below=False)
    dates = find_dates(issued.text) if issued else []
    if issued and dates:
        values.append(ReadValue("dated", dates[0][0], issued.source, issued.score, "填发日期"))
    name = person_name(value_after(lines, ("纳税人名称", "纳税人姓名", "姓名"), below=False))
    if name is not None:
        values.append(ReadValue("name", name[0], name[1].source, name[1].score, "纳税人名称"))
    periods, sources, scores = [], [], []
    for text, score in row_texts(lines):
        found = find_dates(text)
        if len(found) < 2 or "日期" in compact(text):
            continue
        start, end = found[0][0], found[1][0]
        if start <= end and (end - start).days <= 366:
            periods.append({"from": start, "to": end})
            sources.append(text)
            scores.append(score)
    if periods:
        values.append(ReadValue("periods", periods, "\n".join(sources), min(scores), "税款所属期"))
    return values
