"""Identity numbers: 居民身份证, 港澳台居民居住证 and the unit's USCC.

The checks themselves are python-stdnum's; this module turns its exceptions
into messages the clerk understands and derives birth date and gender.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from .errors import FieldError

# 港澳台居民居住证: 81 Hong Kong, 82 Macao, 83 Taiwan; otherwise shaped like a RIC.
HMT_PREFIXES = ("81", "82", "83")
PROVINCE_CODES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
    }
)


_DASHES = frozenset("-‐‑‒–—―－﹣")
EXCEL_DAMAGE = (
    "末尾的“000”通常是 Excel 把号码当作数字保存造成的（只保留 15 位有效数字，后几位变成 0）；"
    "请在原表中把该列设为“文本”格式，重新填写完整号码后再导入"
)


def normalise_text(text: str) -> str:
    """NFKC: full-width ３ and Ｘ become 3 and X, so one person never gets two records."""
    return unicodedata.normalize("NFKC", text or "")


def odd_characters(text: str) -> str:
    """The characters of ``text`` that have no place in an identifier even after NFKC.

    Full-width letters, digits and spaces are simply normalised; superscripts, circled
    digits and the like change meaning under NFKC (¹ → 1), so they are refused, not
    guessed at.
    """
    odd = []
    for ch in text or "":
        if ch.isascii() or ch.isspace() or ch in _DASHES or 0xFF01 <= ord(ch) <= 0xFF5E:
            continue
        if unicodedata.normalize("NFKC", ch) != ch or unicodedata.category(ch)[0] in "NCS":
            odd.append(ch)
    return "".join(dict.fromkeys(odd))


def compact_id(number: str) -> str:
    """The form every ID number is stored and compared in: NFKC, no spaces or dashes, upper case.

    Passports and other documents use the same form, so the same number written with a
    space or a dash is the same person.
    """
    text = normalise_text(number)
    if text.isalnum():  # the usual case, nothing to take out (letters and digits are neither)
        return text.upper()
    return "".join(ch for ch in text if not ch.isspace() and ch not in _DASHES).upper()


def looks_damaged_by_excel(number: str) -> bool:
    """An 18-digit number ending in 000: how an ID typed into a number cell usually arrives."""
    compacted = compact_id(number)
    return len(compacted) == 18 and compacted.isdigit() and compacted.endswith("000")


def validate_id_number(
    number: str, id_type: str = "resident", *, field: str = "id_number", label: str = "证件号码"
) -> str:
    """Return the number in its stored form, or raise :class:`FieldError`.

    ``id_type`` is ``resident`` (居民身份证), ``hmt`` (港澳台居民居住证), or
    ``passport``/``other`` (free text, only required to be present).
    """
    text = (number or "").strip()
    if not text:
        raise FieldError(field, "不能为空", label=label)
    shown = masked_for_messages(text)  # messages and logs never carry a full ID number
    odd = odd_characters(text)
    if odd:
        raise FieldError(field, f"“{shown}”含有特殊字符“{odd}”，请只填写数字和字母", label=label)
    compacted = compact_id(text)
    if id_type in ("passport", "other"):
        if len(compacted) > 40:
            raise FieldError(field, f"“{shown[:20]}…”过长（最多 40 个字符）", label=label)
        if not compacted.isascii() or not compacted.isalnum():
            raise FieldError(
                field, f"“{shown}”含有无效字符（证件号码只能由字母和数字组成）", label=label
            )
        return compacted
    kind = "港澳台居民居住证号码" if id_type == "hmt" else "身份证号码"
    if len(compacted) != 18:
        raise FieldError(field, f"“{shown}”应为 18 位{kind}，实际 {len(compacted)} 位", label=label)
    digits = "0123456789"
    if any(ch not in digits for ch in compacted[:17]) or compacted[17] not in digits + "X":
        raise FieldError(
            field, f"“{shown}”含有无效字符：前 17 位须为数字，末位为数字或 X", label=label
        )
    if id_type == "hmt" and not compacted.startswith(HMT_PREFIXES):
        raise FieldError(
            field, f"“{shown}”不是港澳台居民居住证号码（应以 81、82 或 83 开头）", label=label
        )
    if id_type == "resident" and compacted.startswith(HMT_PREFIXES):
        raise FieldError(
            field,
            f"“{shown}”以 {compacted[:2]} 开头，是港澳台居民居住证号码，请选择对应证件类型",
            label=label,
        )
    expected = ric.calc_check_digit(compacted)  # uses the first 17 digits
    if compacted[17] != expected:
        hint = f"；{EXCEL_DAMAGE}" if looks_damaged_by_excel(compacted) else ""
        raise FieldError(field, f"“{shown}”校验位错误（末位应为 {expected}）{hint}", label=label)
    try:
        ric.get_birth_date(compacted)
    except stdnum_errors.ValidationError:
        raise FieldError(
            field, f"“{shown}”中的出生日期 {compacted[6:14]} 不存在", label=label
        ) from None
    # Only the province is checked: county codes are reassigned over the years and a
    # number issued under an old code stays valid for life.
    if id_type == "resident" and compacted[:2] not in PROVINCE_CODES:
        raise FieldError(
            field, f"“{shown}”的前两位 {compacted[:2]} 不是有效的省级行政区代码", label=label
        )
    return compacted


def guess_id_type(number: str) -> str:
    """``hmt`` for 81/82/83 numbers of 18 characters, ``resident`` for other 18-character numbers, else ``other``."""
    compacted = compact_id(number)
    if len(compacted) == 18 and compacted[:17].isascii() and compacted[:17].isdigit():
        return "hmt" if compacted.startswith(HMT_PREFIXES) else "resident"
    return "other"


def birth_date_of(number: str) -> dt.date:
    """Birth date from a validated 18-digit number."""
    return ric.get_birth_date(compact_id(number))


def gender_of(number: str) -> str:
    """``M`` or ``F`` from the 17th digit (odd for men) of a validated number."""
    return "M" if int(compact_id(number)[16]) % 2 else "F"


def masked_for_messages(text: str) -> str:
    """``text`` as a message may quote it: masked once it is long enough to identify a person."""
    compacted = compact_id(text)
    return mask_id(compacted) if len(compacted) >= 15 else text


def mask_id(number: str) -> str:
    """Hide the birth date and sequence digits: 110105********002X."""
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[14:]
    if len(number) > 4:
        return number[:2] + "*" * (len(number) - 4) + number[-2:]
    return "*" * len(number)


def validate_uscc(code: str, *, field: str = "uscc", label: str = "统一社会信用代码") -> str:
    text = (code or "").strip()
    if not text:
        raise FieldError(field, "不能为空", label=label)
    compacted = uscc.compact(text)
    try:
        return uscc.validate(compacted)
    except stdnum_errors.InvalidLength:
        raise FieldError(
            field, f"“{text}”应为 18 位，实际 {len(compacted)} 位", label=label
        ) from None
    except stdnum_errors.InvalidChecksum:
        expected = uscc.calc_check_digit(compacted)
        raise FieldError(field, f"“{text}”校验位错误（末位应为 {expected}）", label=label) from None
    except stdnum_errors.ValidationError:
        raise FieldError(
            field, f"“{text}”格式无效（应为 18 位数字和大写字母，不含 I、O、Z、S、V）", label=label
        ) from None
