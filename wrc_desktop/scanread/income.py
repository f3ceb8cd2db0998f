"""《申报收入查询记录》/ 个人所得税纳税记录: month by month income and the 扣缴义务人.

The record is a table: a header row names the columns (所得期间/税款所属期, 收入/收入额,
已申报税额, 扣缴义务人 …), each row below holds one month. A row's figures are taken in
the order the header lists its figure columns, so the income is told from the tax beside it
even when OCR joins two cells into one box.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from .common import person_name, unit_name
from .engine import TextLine
from .layout import Found, rows, value_after
from .values import ReadValue, amounts, compact, find_dates, find_months, normalise

KIND = "income-record"
MONTH_WORDS = ("所得期间", "所属期", "所属月份", "月份", "期间", "年月")
INCOME_WORDS = ("收入额", "应税收入", "本期收入", "收入")
FIGURE_WORDS = (*INCOME_WORDS, "税额", "金额", "所得额", "扣除", "应纳", "已缴", "实缴")
AGENT_WORDS = ("扣缴义务人", "扣缴单位", "支付单位", "任职受雇单位")
SKIP_ROWS = ("查询期间", "查询日期", "打印日期", "开具日期", "合计", "总计")


def _header(grid: list[list[TextLine]]) -> int | None:
    for index, row in enumerate(grid):
        text = compact(" ".join(x.text for x in row))
        has_month = any(w in text for w in MONTH_WORDS)
        # A short header cell (收入) may go unseen: any figure or agent column will do.
        if has_month and any(w in text for w in (*FIGURE_WORDS, *AGENT_WORDS)):
            return index
    return None


def _figure_columns(header: list[TextLine]) -> tuple[int, TextLine | None]:
    """Which of the header's figure columns is the income, and the 扣缴义务人 cell."""
    figures = []
    agent = None
    for cell in header:
        text = compact(cell.text)
        if any(w in text for w in AGENT_WORDS):
            if agent is None and "识别号" not in text and "代码" not in text:
                agent = cell  # not 扣缴义务人纳税人识别号, the column after it
        elif any(w in text for w in FIGURE_WORDS) and not any(w in text for w in MONTH_WORDS):
            figures.append(text)
    income = next(
        (i for i, t in enumerate(figures) if any(w in t for w in INCOME_WORDS) and "税" not in t),
        0,
    )
    return income, agent


def _agent_cell(row: list[TextLine], agent: TextLine | None) -> TextLine | None:
    if agent is None:
        return None
    beside = [x for x in row if x.right > agent.left - agent.height]
    named = [x for x in beside if unit_name(Found(x.text, x.text, x.score))]
    return min(named, key=lambda x: abs(x.left - agent.left)) if named else None


def _row_income(row: list[TextLine], income_index: int) -> tuple[str, float, float] | None:
    """A row's month (first day) as text, its income, and its lowest score.

    The month is written 2024-03 / 2024年03月 / 202403, or as the period 2024-03-01至2024-03-31;
    the figures are those after it.
    """
    text = normalise(" ".join(x.text for x in row))
    if any(word in compact(text) for word in SKIP_ROWS):
        return None  # 查询期间 …, 打印日期 …: not a month's row
    dates = find_dates(text)
    months = find_months(text)
    if dates and (not months or dates[0][1] <= months[0][1]):
        month, end = dates[0][0].replace(day=1), dates[-1][2] if len(dates) < 3 else dates[1][2]
    elif months:
        month, end = months[0][0], months[0][2]
    else:
        return None
    figures = amounts(text[end:])
    if len(figures) <= income_index:
        return None
    return f"{month:%Y-%m}", figures[income_index], min(x.score for x in row)


def read(lines: Sequence[TextLine]) -> list[ReadValue]:
    values: list[ReadValue] = []
    name = person_name(value_after(lines, ("纳税人姓名", "姓名"), below=False))
    if name is not None:
        values.append(ReadValue("name", name[0], name[1].source, name[1].score, "纳税人姓名"))
    grid = rows(lines)
    header_index = _header(grid)
    if header_index is not None:
        values += _table(grid, header_index)
    printed = value_after(lines, ("打印日期", "查询日期", "开具日期", "出具日期"), below=False)
    dates = find_dates(printed.text) if printed else []
    if printed and dates:
        values.append(ReadValue("dated", dates[0][0], printed.source, printed.score, "出具日期"))
    return values


def _table(grid: list[list[TextLine]], header_index: int) -> list[ReadValue]:
    income_index, agent = _figure_columns(grid[header_index])
    months: dict[str, dict] = {}
    sources, scores = [], []
    for row in grid[header_index + 1 :]:
        found = _row_income(row, income_index)
        if found is None:
            continue
        month, amount, score = found
        cell = _agent_cell(row, agent)
        named = unit_name(Found(cell.text, cell.text, cell.score)) if cell else None
        months.setdefault(month, {"month": month, "amount": 0.0, "agents": []})
        months[month]["amount"] = round(months[month]["amount"] + amount, 2)
        if named:
            months[month]["agents"].append(named[0])
        sources.append(" ".join(x.text for x in row))
        scores.append(score)
    if not months:
        return []
    table = [
        {"month": m["month"], "amount": m["amount"], "agent": "、".join(dict.fromkeys(m["agents"]))}
        for m in sorted(months.values(), key=lambda m: m["month"])
    ]
    values = [ReadValue("incomes", table, "\n".join(sources), min(scores), "月度收入")]
    agents = Counter(a for m in months.values() for a in dict.fromkeys(m["agents"]))
    if agents:
        unit, _count = agents.most_common(1)[0]
        values.append(ReadValue("withholding_agent", unit, unit, min(scores), "扣缴义务人"))
    return values


def whole_yuan(amount: float) -> int:
    """An income as the whole yuan the income test takes: cents dropped, never rounded up."""
    return math.floor(amount + 1e-9)
