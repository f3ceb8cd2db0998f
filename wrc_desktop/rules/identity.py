"""Identity numbers: 居民身份证, 港澳台居民居住证, 外国人永久居留身份证 and the unit's USCC.

The checks themselves are python-stdnum's (the resident ID's and the USCC's; ISO 7064
MOD 11-2 for the permanent residence card); this module turns its exceptions into
messages the clerk understands, derives birth date and gender, and converts an old
15-digit resident ID into the 18-digit form it is stored and matched in.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc
from stdnum.iso7064 import mod_11_2

from .errors import FieldError

# 港澳台居民居住证: 810000 Hong Kong, 820000 Macao, 830000 Taiwan; otherwise shaped like a RIC.
HMT_PREFIXES = ("81", "82", "83")
HMT_AREAS = ("810000", "820000", "830000")
# 外国人永久居留身份证 (2023 format): 9, 2-digit province of issue, 3-digit country code,
# birth date, 2-digit sequence, 1 digit, check digit (ISO 7064 MOD 11-2, as the resident ID).
FOREIGN_PR_PREFIX = "9"
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


def upgrade_15(number: str) -> str | None:
    """The 18-digit form of an old 15-digit resident ID (GB 11643: "19" inserted after the
    6-digit area code, check digit added); None for anything else or an impossible birth date.

    ``110105940315009`` → ``110105199403150091``.
    """
    compacted = compact_id(number)
    if len(compacted) != 15 or not compacted.isdigit():
        return None
    body = compacted[:6] + "19" + compacted[6:]
    try:
        dt.date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        return None
    return body + ric.calc_check_digit(body + "0")  # (stdnum reads the first 17 of 18)


def lookup_forms(number: str) -> tuple[str, ...]:
    """Every stored form one person's number may have: itself, and its 18-digit form when it
    is an old 15-digit resident ID (or the 15-digit form an 18-digit one was issued from)."""
    compacted = compact_id(number)
    upgraded = upgrade_15(compacted)
    if upgraded:
        return (compacted, upgraded)
    if len(compacted) == 18 and compacted[6:8] == "19" and compacted[:17].isdigit():
        old = compacted[:6] + compacted[8:17]
        if upgrade_15(old) == compacted:
            return (compacted, old)
    return (compacted,)


def _looks_like_ric(compacted: str) -> bool:
    """18 characters shaped like a resident ID (17 digits, then a digit or X)."""
    return (
        len(compacted) == 18
        and compacted[:17].isascii()
        and compacted[:17].isdigit()
        and compacted[17] in "0123456789X"
    )


def _check_free_text(compacted: str, shown: str, id_type: str, field: str, label: str) -> str:
    """A passport or other document: letters and digits, and not a resident ID in disguise."""
    if len(compacted) > 40:
        raise FieldError(field, f"“{shown[:20]}…”过长（最多 40 个字符）", label=label)
    if not compacted.isascii() or not compacted.isalnum():
        raise FieldError(
            field, f"“{shown}”含有无效字符（证件号码只能由字母和数字组成）", label=label
        )
    if _looks_like_ric(compacted) or upgrade_15(compacted):
        kind = "护照" if id_type == "passport" else "其他证件"
        raise FieldError(
            field,
            f"“{shown}”是居民身份证号码的格式，证件类型却是“{kind}”；"
            "请把证件类型改为居民身份证（或港澳台居民居住证、外国人永久居留身份证）",
            label=label,
        )
    return compacted


def _check_foreign_pr(compacted: str, shown: str, field: str, label: str) -> str:
    """外国人永久居留身份证 of the 2023 format (18 characters starting with 9)."""
    if len(compacted) != 18 or not compacted.startswith(FOREIGN_PR_PREFIX):
        raise FieldError(
            field,
            f"“{shown}”不是外国人永久居留身份证号码（2023 年版为 18 位，以 9 开头；"
            "旧版 15 位证件请选择“其他证件”）",
            label=label,
        )
    if not compacted[:17].isdigit() or compacted[17] not in "0123456789X":
        raise FieldError(
            field, f"“{shown}”含有无效字符：前 17 位须为数字，末位为数字或 X", label=label
        )
    expected = mod_11_2.calc_check_digit(compacted[:17])
    if compacted[17] != expected:
        raise FieldError(field, f"“{shown}”校验位错误（末位应为 {expected}）", label=label)
    try:
        dt.date(int(compacted[6:10]), int(compacted[10:12]), int(compacted[12:14]))
    except ValueError:
        raise FieldError(
            field, f"“{shown}”中的出生日期 {compacted[6:14]} 不存在", label=label
        ) from None
    return compacted


def validate_id_number(
    number: str, id_type: str = "resident", *, field: str = "id_number", label: str = "证件号码"
) -> str:
    """Return the number in its stored form, or raise :class:`FieldError`.

    ``id_type`` is ``resident`` (居民身份证; an old 15-digit number is returned in its
    18-digit form), ``hmt`` (港澳台居民居住证), ``foreign_pr`` (外国人永久居留身份证) or
    ``passport``/``other`` (letters and digits, never a resident ID's shape).
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
        return _check_free_text(compacted, shown, id_type, field, label)
    if id_type == "foreign_pr":
        return _check_foreign_pr(compacted, shown, field, label)
    if id_type == "resident" and len(compacted) == 15 and compacted.isdigit():
        upgraded = upgrade_15(compacted)
        if upgraded is None:
            raise FieldError(
                field, f"“{shown}”中的出生日期 19{compacted[6:12]} 不存在", label=label
            )
        compacted = upgraded
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
    if id_type == "hmt" and not compacted.startswith(HMT_AREAS):
        raise FieldError(
            field,
            f"“{shown}”的前 6 位应为 810000（香港）、820000（澳门）或 830000（台湾）",
            label=label,
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
        hint = (
            "；以 9 开头的 18 位号码是外国人永久居留身份证，请选择对应证件类型"
            if compacted.startswith(FOREIGN_PR_PREFIX)
            else ""
        )
        raise FieldError(
            field,
            f"“{shown}”的前两位 {compacted[:2]} 不是有效的省级行政区代码{hint}",
            label=label,
        )
    return compacted


def guess_id_type(number: str) -> str:
    """For 18-character numbers ``hmt`` (81/82/83), ``foreign_pr`` (9), else ``resident``;
    ``resident`` for 15 digits (an old resident ID); else ``other``."""
    compacted = compact_id(number)
    if len(compacted) == 18 and compacted[:17].isascii() and compacted[:17].isdigit():
        if compacted.startswith(HMT_PREFIXES):
            return "hmt"
        return "foreign_pr" if compacted.startswith(FOREIGN_PR_PREFIX) else "resident"
    if len(compacted) == 15 and compacted.isascii() and compacted.isdigit():
        return "resident"
    return "other"


def typed_id_type(number: str) -> str:
    """The type to check a number typed on its own as (``--holder``): its shape's type, and
    ``resident`` for other digits (a resident ID of the wrong length gets that message)."""
    guessed = guess_id_type(number)
    if guessed == "other" and compact_id(number).rstrip("X").isdigit():
        return "resident"
    return guessed


def birth_date_of(number: str) -> dt.date:
    """Birth date from a validated 18-digit number."""
    return ric.get_birth_date(compact_id(number))


def foreign_pr_birth_date(number: str) -> dt.date:
    """Birth date from a validated 外国人永久居留身份证 number (2023 format)."""
    compacted = compact_id(number)
    return dt.date(int(compacted[6:10]), int(compacted[10:12]), int(compacted[12:14]))


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
