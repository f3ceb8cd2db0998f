"""Finding a case and one of its checklist items from what the clerk typed (``wrc case …``)."""

from __future__ import annotations

from ._common import CliError


def case_id_of(desk, reference: str) -> int:
    from ..desk import cases

    found = cases.find(desk, reference).id
    assert found is not None  # a case read from the register has its id
    return found


def item_key_of(desk, case_id: int, text: str) -> str:
    from ..desk import cases

    view = cases.view(desk, case_id)
    number_ = view.case.number
    if text.isdigit():
        number = int(text)
        for row in view.rows:
            if row.number == number:
                return row.key
        raise CliError(f"办理事项 {number_} 的材料清单只有 {len(view.rows)} 项，没有第 {number} 项")
    keys = [row.key for row in view.rows]
    if text not in keys:
        raise CliError(f"办理事项 {number_} 的材料清单中没有“{text}”（可用：{'、'.join(keys)}）")
    return text
