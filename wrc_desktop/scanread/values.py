"""What a reader returns, and the parsing of the dates, months and amounts documents print.

Documents write one date many ways: 2024年3月1日, 2024.03.01, 2024-3-1, 2024/03/01,
20240301, with full-width digits, spaces inside, or an OCR ``O`` for ``0``; an end may be
长期 / 至今 / 无固定期限. Amounts come as 12,345.67 / 12345.67元 / ¥12 345.67.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

OPEN_END = "长期"  # the value of an end date that has none (长期, 至今, 无固定期限)
OPEN_END_WORDS = ("长期", "至今", "无固定期限", "永久")

# Characters OCR confuses with digits, corrected only inside a run that is otherwise digits.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1"})
_DASH = "\\-‐‑‒–—―~～至到"
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    # 日 unread: only when the day follows 月 directly (2024年02月 18000.50 is a month and an amount)
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(\d{1,2})(?![\d.,])"),
    re.compile(r"(?<!\d)(\d{4})\s*[.\-/．]\s*(\d{1,2})\s*[.\-/．]\s*(\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"),
    # 2015.03.012035.03.01: OCR lost the dash between two dates; each day has two digits.
    re.compile(r"(\d{4})[.\-/．](\d{2})[.\-/．](\d{2})"),
)
_MONTH_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)"),
    re.compile(r"(?<!\d)(\d{4})\s*[.\-/．]\s*(\d{1,2})(?![\d.\-/．])"),
    re.compile(r"(?<![\d.])(\d{4})(0[1-9]|1[0-2])(?![\d.])"),
)
_AMOUNT = re.compile(r"(?<![\d.])(\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(\d{1,2}))?(?![\d])")


@dataclass(frozen=True)
class ReadValue:
    """One value read from a document: what it fills, the value, the words it came from."""

    field: str
    value: Any  # dt.date, OPEN_END, str, int, or a list of dicts for tables
    source: str
    confidence: float
    label: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "label": self.label,
            "value": _plain(self.value),
            "source": self.source,
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Reading:
    """Everything read from one document."""

    kind: str
    values: list[ReadValue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be read, in Chinese
    turned: int = 0
    seconds: float = 0.0

    def get(self, name: str) -> ReadValue | None:
        return next((v for v in self.values if v.field == name), None)

    def value(self, name: str) -> Any:
        found = self.get(name)
        return found.value if found else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "values": [v.as_dict() for v in self.values],
            "notes": list(self.notes),
            "turned": self.turned,
            "seconds": round(self.seconds, 2),
        }


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def normalise(text: str) -> str:
    """Full-width letters, digits and punctuation as ASCII (NFKC); 〇 as 0; spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).replace("〇", "0").replace("Ｏ", "0")
    return re.sub(r"\s+", " ", text).strip()


def fix_digits(text: str) -> str:
    """OCR look-alikes (O, l, I) read as digits where they stand between or after digits."""
    return re.sub(
        r"(?<=\d)[OoDlI|](?![A-Za-z])|(?<=[\d.\-/年月])[OoDlI|](?=\d)",
        lambda m: m.group(0).translate(_DIGIT_LOOKALIKES),
        text,
    )


def _valid(year: str, month: str, day: str) -> dt.date | None:
    try:
        value = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if 1900 <= value.year <= 2200 else None


def find_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every date in ``text`` with where it stands (start, end), in order of position."""
    text = fix_digits(normalise(text))
    found: list[tuple[dt.date, int, int]] = []
    taken: list[range] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() in span for span in taken):
                continue
            value = _valid(*match.groups())
            if value is not None:
                found.append((value, match.start(), match.end()))
                taken.append(range(match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


def first_date(text: str) -> dt.date | None:
    dates = find_dates(text)
    return dates[0][0] if dates else None


def has_open_end(text: str) -> bool:
    flat = normalise(text).replace(" ", "")
    return any(word in flat for word in OPEN_END_WORDS)


def period(text: str) -> tuple[dt.date | None, dt.date | str | None]:
    """The start and end of a period (2024年3月1日起至2027年2月28日止, 2020.05.01-长期 ...)."""
    dates = find_dates(text)
    start = dates[0][0] if dates else None
    if len(dates) >= 2:
        return start, dates[1][0]
    tail = normalise(text)[dates[0][2] :] if dates else normalise(text)
    if has_open_end(tail) or "无固定期限" in compact(text):
        return start, OPEN_END
    return start, None


def find_months(text: str) -> list[tuple[dt.date, int, int]]:
    """Every month (as its first day) in ``text``: 2024年03月, 2024-03, 2024.03, 202403."""
    text = fix_digits(normalise(text))
    found: list[tuple[dt.date, int, int]] = []
    for pattern in _MONTH_PATTERNS:
        for match in pattern.finditer(text):
            year, month = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12 and 1990 <= year <= 2200:
                found.append((dt.date(year, month, 1), match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


def amounts(text: str) -> list[float]:
    """The amounts in ``text`` (12,345.67 / 12345.67元 / ¥12 345.67), in order."""
    text = fix_digits(normalise(text)).replace("¥", " ").replace("￥", " ")
    text = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", ",", text)  # 12 345.67: a thousands space
    values = []
    for match in _AMOUNT.finditer(text):
        whole = match.group(1).replace(",", "").replace("，", "")
        cents = match.group(2) or ""
        values.append(float(f"{whole}.{cents}" if cents else whole))
    return values


def compact(text: str) -> str:
    """``text`` without spaces and with ASCII punctuation, for label matching."""
    return normalise(text).replace(" ", "")


def strip_label(text: str, labels: tuple[str, ...]) -> str:
    """What follows the first of ``labels`` in ``text`` (and a colon after it), trimmed."""
    flat = normalise(text)
    for label in labels:
        pattern = r"\s*".join(map(re.escape, label))
        match = re.search(pattern + r"\s*[:：]?\s*", flat)
        if match:
            return flat[match.end() :].strip(" :：")
    return flat
