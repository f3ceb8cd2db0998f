"""劳动合同 (first page): the parties and 合同期限 (from, to; 无固定期限 has no end)."""

from __future__ import annotations

from collections.abc import Sequence

from .common import person_name, unit_name
from .engine import TextLine
from .layout import row_texts, value_after
from .values import OPEN_END, ReadValue, compact, find_dates, period

KIND = "contract"
EMPLOYER_LABELS = (
    "甲方(用人单位)",
    "用人单位(甲方)",
    "用人单位名称",
    "甲方名称",
    "用人单位",
    "甲方",
)
EMPLOYEE_LABELS = (
    "乙方(劳动者)",
    "劳动者(乙方)",
    "劳动者姓名",
    "乙方姓名",
    "乙方(员工)",
    "劳动者",
    "员工姓名",
    "乙方",
)
END_WORDS = ("终止", "截止", "届满", "至", "止")


def read(lines: Sequence[TextLine]) -> list[ReadValue]:
    values: list[ReadValue] = []
    unit = unit_name(value_after(lines, EMPLOYER_LABELS))
    if unit is not None:
        values.append(ReadValue("employer", unit[0], unit[1].source, unit[1].score, "用人单位"))
    name = person_name(value_after(lines, EMPLOYEE_LABELS))
    if name is not None:
        values.append(ReadValue("employee", name[0], name[1].source, name[1].score, "劳动者"))
    values += term(lines)
    return values


def _term_rows(lines: Sequence[TextLine]) -> list[tuple[str, float]]:
    """Rows that state the term: dates near 期限/自…至, the row after a 合同期限 heading too."""
    texts = row_texts(lines)
    chosen = []
    for index, (text, score) in enumerate(texts):
        if not find_dates(text):
            continue
        heading = texts[index - 1][0] if index else ""
        words = compact(text) + compact(heading)
        if (
            "期限" in words
            or ("至" in words and "自" in words)
            or "生效" in words
            or "终止" in words
        ):
            chosen.append((text, score))
    return chosen


def term(lines: Sequence[TextLine]) -> list[ReadValue]:
    """合同期限: the first row with a start date; an end date (in it or the next such row:
    生效日期 … / 终止日期 …), or 无固定期限 / 长期."""
    candidates = _term_rows(lines)
    for index, (text, score) in enumerate(candidates):
        start, end = period(text)
        if start is None:
            continue
        if "无固定期限" in compact(text) and len(find_dates(text)) < 2:
            end = OPEN_END
        source = text
        if end is None and index + 1 < len(candidates):
            following, next_score = candidates[index + 1]
            if any(word in compact(following) for word in END_WORDS):
                end, source = find_dates(following)[0][0], f"{text} / {following}"
                score = min(score, next_score)
        if end is None:
            continue
        return [
            ReadValue("term_from", start, source, score, "合同期限自"),
            ReadValue("term_to", end, source, score, "合同期限至"),
        ]
    return []
