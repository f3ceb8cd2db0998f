"""Which document a page is, from its words; each kind's reader."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from . import contract, id_card, income, permit, tax
from .engine import TextLine
from .values import ReadValue, compact

READERS: dict[str, Callable[[Sequence[TextLine]], list[ReadValue]]] = {
    id_card.KIND: id_card.read,
    contract.KIND: contract.read,
    permit.KIND: permit.read,
    income.KIND: income.read,
    tax.KIND: tax.read,
}
KIND_LABELS = {
    "id-card": "居民身份证",
    "contract": "劳动合同",
    "permit": "北京市工作居住证",
    "income-record": "申报收入查询记录/纳税记录",
    "tax-certificate": "税收完税证明",
}
# First match wins: a contract quotes 居民身份证 too, a tax record 收入.
_SIGNS = (
    ("tax-certificate", ("完税证明",)),
    ("income-record", ("纳税记录", "申报收入", "收入纳税明细", "扣缴义务人", "所得期间")),
    ("permit", ("工作居住证",)),
    ("contract", ("劳动合同", "用人单位", "甲方")),
    ("id-card", ("公民身份号码", "签发机关", "居民身份证", "有效期限", "住址")),
)


def guess_kind(lines: Sequence[TextLine]) -> str | None:
    text = compact(" ".join(line.text for line in lines))
    for kind, words in _SIGNS:
        if any(word in text for word in words):
            return kind
    return None
