"""Search keys for the register: what the clerk may type to find a holder.

A holder is found by name, ID number, certificate number, department, and the
name's pinyin — initials (``zs`` finds 张三) or in full (``zhangsan``). Keys are
built once per row after the register's rows are shown, off the UI thread
(:func:`search_keys_of`), so each keystroke is a plain substring test over
prepared strings.

pypinyin takes ~0.13 s to import and ~20 µs per call, which the first paint of
a large register cannot afford; readings are therefore cached per character
(names share a few thousand characters) and the import happens on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # named for the types only: desk.records brings the case modules
    from ...desk.records import RegisterRow

# Characters whose reading as a surname differs from pypinyin's most common
# reading (曾 is "ceng" in pypinyin, "zeng" as a surname). The common reading
# is kept as well, for a clerk who types it.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "盖": "ge",
    "乐": "yue",
    "覃": "qin",
    "尉": "yu",
    "缪": "miao",
    "翟": "zhai",
    "种": "chong",
    "召": "shao",
    "繁": "po",
    "员": "yun",
    "秘": "bi",
    "能": "nai",
    "黑": "he",
    "长": "chang",
    "重": "chong",
    "宓": "mi",
    "洗": "xian",
}

SEPARATOR = "\x00"  # cannot be typed (nor is it whitespace), so a match never spans two fields


@cache
def reading(char: str) -> str:
    """The toneless pinyin of one Han character, or "" for anything else."""
    if not "\u3400" <= char <= "\U0003134f":
        return ""
    from pypinyin import lazy_pinyin

    result = lazy_pinyin(char, errors="ignore")
    text = result[0] if result else ""
    return text if text.isascii() and text.isalpha() else ""


def pinyin_forms(name: str) -> list[str]:
    """Initials and full pinyin of a name, e.g. 张三 → ["zs", "zhangsan"] (surname variants added)."""
    readings = [reading(char) for char in name]
    if not any(readings):
        return []
    forms = ["".join(r[:1] for r in readings), "".join(readings)]
    surname = SURNAME_READINGS.get(name[:1])
    if surname and surname != readings[0]:
        variant = [surname, *readings[1:]]
        forms += ["".join(r[:1] for r in variant), "".join(variant)]
    return forms


def search_key(
    name: str, id_number: str, certificate_no: str, department: str, forms: list[str] | None = None
) -> str:
    """One lower-cased string, without spaces, holding every searchable form of a holder.

    ``forms`` are the name's :func:`pinyin_forms` when the caller has them already.
    """
    forms = pinyin_forms(name) if forms is None else forms
    key = SEPARATOR.join([name, id_number, certificate_no, department, *forms])
    return key.replace(" ", "").replace("\u3000", "").lower()


def normalize_query(text: str) -> str:
    """What the clerk typed, as it is compared with :func:`search_key` (spaces and case ignored)."""
    return text.replace(" ", "").replace("\u3000", "").strip().lower()


def search_keys_of(rows: Sequence[RegisterRow]) -> tuple[list[str], list[str]]:
    """Each row's search key and pinyin sort key, on any thread (50,000 rows: ~0.5 s)."""
    keys: list[str] = []
    pinyin: list[str] = []
    for r in rows:
        forms = pinyin_forms(r.name)
        keys.append(search_key(r.name, r.id_number, r.certificate_no, r.department, forms))
        pinyin.append(forms[1] if forms else r.name.lower())
    return keys, pinyin


@dataclass(frozen=True, eq=False)
class SearchKeys:
    """Search keys made off the UI thread, and the rows (and edits) they were made from."""

    rows: list[RegisterRow]
    edits: int
    keys: list[str]
    pinyin: list[str]
