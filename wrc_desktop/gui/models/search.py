"""Search keys for the register: what the clerk may type to find a holder.

A holder is found by name, ID number, certificate number, department, and the
name's pinyin — initials (``zs`` finds 张三) or in full (``zhangsan``). Keys are
built once per row when the register loads, so each keystroke is a plain
substring test over prepared strings.

pypinyin takes ~0.13 s to import and ~20 µs per call, which the first paint of
a large register cannot afford; readings are therefore cached per character
(names share a few thousand characters) and the import happens on first use.
"""

from __future__ import annotations

from functools import cache

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
