"""What the scans of a case's item say, proposed beside the fields it would fill; stored only
when the clerk accepts.

A scan attached to an item is read (:mod:`wrc_desktop.scanread`, offline) and each value it
fills becomes a :class:`Proposal`: the item's 日期 or 有效期至, or the case's monthly incomes,
with the words it was read from and a confidence. Nothing is written until :func:`accept`.
What the scan says about whom and which unit (the holder's name and ID number, the contract's
party and the income record's 扣缴义务人 — per 002's note one and the same unit) is compared
with the register: a difference is a :class:`Mismatch` the clerk sees beside the proposals.
When the clerk has reviewed a reading (accepted or not, :func:`record_review`), its
differences are kept on the scan's attachment and the case check lists each as a problem
(:mod:`wrc_desktop.rules.scan_mismatches`) until the scan is replaced or dismissed (:func:`dismiss`).
The case window reopens a kept reading (:func:`has_reading`, ``read_item(kept_only=True)``)
without reading the scans again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..rules.errors import WrcError
from ..rules.identity import mask_id
from .changes import Changes
from .core import Desk

log = logging.getLogger("wrc.scanread")

# Which read value fills which field, by the kind of document read.
ITEM_FIELDS: dict[str, dict[str, str]] = {
    "id-card": {"valid_until": "valid_until"},
    "contract": {"term_to": "valid_until"},
    "permit": {"valid_until": "valid_until"},
    "income-record": {"dated": "dated"},
    "tax-certificate": {"dated": "dated"},
}
# Checklist items whose documents have a reader: the window offers to read only these.
READ_ITEMS = frozenset({"id_card", "labor_contract", "income_proof", "income_3y", "tax_3y"})
FIELD_LABELS = {"dated": "日期", "valid_until": "有效期至", "incomes": "近几个月应税收入"}
UNIT_FIELDS = {"employer": "劳动合同的用人单位", "withholding_agent": "扣缴义务人"}
PERSON_FIELDS = {"name": "姓名", "employee": "劳动合同的劳动者"}

_cache: dict[str, Any] = {}  # sha256 of a scan → its reading (a scan's text does not change)
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class Proposal:
    """A value read from a scan for one field, beside what the field holds now."""

    target: str  # dated / valid_until (the item's) or incomes (the case's)
    label: str
    value: Any
    current: Any
    source: str
    confidence: float
    file: str

    @property
    def changes_something(self) -> bool:
        return self.value != self.current

    def as_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["changes"] = self.changes_something
        return data


@dataclass(frozen=True)
class Mismatch:
    """The scan names someone or something else than the register does (one Chinese line)."""

    field: str
    message: str
    file: str
    attachment_id: int | None = None


@dataclass
class ItemReading:
    case_id: int
    key: str
    attachment_ids: list[int] = field(default_factory=list)  # the scans read, in order
    readings: dict[int, Any] = field(default_factory=dict)  # attachment id → its Reading
    proposals: list[Proposal] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    read: list[dict[str, Any]] = field(default_factory=list)  # each file's values, masked

    def as_dict(self) -> dict[str, Any]:
        return {
            "item": self.key,
            "proposals": [p.as_dict() for p in self.proposals],
            "mismatches": [dataclasses.asdict(m) for m in self.mismatches],
            "notes": list(self.notes),
            "read": self.read,
        }


def available() -> bool:
    from .. import scanread

    return scanread.available()


def missing_extra_message() -> str:
    from .. import scanread

    return scanread.MISSING_EXTRA


def read_scan(path: Path | str, kind: str | None = None):
    """One file as read (:class:`wrc_desktop.scanread.Reading`); a clear line without the extra."""
    from .. import scanread

    try:
        return scanread.read_file(Path(path), kind)
    except scanread.OcrUnavailable:
        raise WrcError(scanread.MISSING_EXTRA) from None


def masked(reading) -> dict[str, Any]:
    """A reading as plain data with every ID number masked (outputs never carry one whole)."""
    from ..logging_setup import mask_text

    data = reading.as_dict()
    for value in data["values"]:
        value["source"] = mask_text(value["source"])
        if value["field"] == "id_number":
            value["value"] = mask_id(value["value"])
    return data


def _known_reading(sha256: str, kept: str = ""):
    """The file's reading without OCR: this process's, or the one kept on its attachment."""
    from ..scanread import stored

    with _cache_lock:
        found = _cache.get(sha256) if sha256 else None
    if found is None:
        found = stored.loads(kept) if kept else None
    return found


def has_reading(row) -> bool:
    """Whether an item's scans were read already (kept on an attachment, or read in this
    process and not yet reviewed): the case window can show them again without OCR."""
    return row.key in READ_ITEMS and any(
        a.kind == "file" and _known_reading(a.sha256, a.reading) is not None
        for a in row.attachments
    )


def _cached_read(path: Path, sha256: str, kept: str = ""):
    """The file's reading: this process's, the one kept on its attachment, or read now."""
    found = _known_reading(sha256, kept)
    if found is None:
        found = read_scan(path)
        if sha256:
            with _cache_lock:
                _cache[sha256] = found
    return found


def _plain_name(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"[\s()（）·.]", "", text)


def read_item(
    desk: Desk,
    case_id: int,
    key: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    kept_only: bool = False,
) -> ItemReading:
    """Read every scan of item ``key`` and propose what it fills (nothing is stored).

    ``kept_only``: only what was read before (:func:`has_reading`); a scan never read is
    named in a note and not read now (reopening from the case window runs no OCR).
    """
    from . import cases

    view = cases.view(desk, case_id)
    row = next((r for r in view.rows if r.key == key), None)
    if row is None:
        raise WrcError(f"办理事项 {view.case.number} 的材料清单中没有“{key}”")
    folder = cases.folder(desk, case_id)
    files = [a for a in row.attachments if a.kind == "file"]
    result = ItemReading(case_id, key)
    if not files:
        result.notes.append("此项材料还没有扫描件")
        return result
    for number, attachment in enumerate(files, start=1):
        if progress is not None:
            progress(number - 1, len(files))
        name = attachment.original_name or Path(attachment.path).name
        if kept_only:
            reading = _known_reading(attachment.sha256, attachment.reading)
            if reading is None:
                result.notes.append(f"{name}：尚未识别")
                continue
        else:
            reading = _cached_read(folder / attachment.path, attachment.sha256, attachment.reading)
        result.read.append({"file": name, **masked(reading)})
        result.notes += [f"{name}：{note}" for note in reading.notes]
        _propose(result, reading, name, row, view)
        result.mismatches += _mismatches(reading, name, view, attachment.id)
        if attachment.id is not None:
            result.attachment_ids.append(attachment.id)
            result.readings[attachment.id] = reading
    if progress is not None:
        progress(len(files), len(files))
    return result


def _propose(result: ItemReading, reading, name: str, row, view) -> None:
    from ..scanread.income import whole_yuan

    state = row.state
    for read_field, target in ITEM_FIELDS.get(reading.kind, {}).items():
        found = reading.get(read_field)
        if found is None or not isinstance(found.value, dt.date):
            continue  # 长期: no end date to store
        if any(p.target == target for p in result.proposals):
            continue  # the first file that says it (a card's back, the record's first page)
        current = getattr(state, target, None)
        result.proposals.append(
            Proposal(
                target,
                FIELD_LABELS[target],
                found.value,
                current,
                found.source,
                found.confidence,
                name,
            )
        )
    incomes = reading.get("incomes")
    if incomes is not None and not any(p.target == "incomes" for p in result.proposals):
        months = sorted(incomes.value, key=lambda m: m["month"])
        amounts = [whole_yuan(m["amount"]) for m in months]
        result.proposals.append(
            Proposal(
                "incomes",
                FIELD_LABELS["incomes"],
                amounts,
                _incomes(view.case.incomes),
                "；".join(f"{m['month']} {m['amount']:,.2f}" for m in months),
                incomes.confidence,
                name,
            )
        )


def _incomes(stored: str) -> list[int]:
    try:
        value = json.loads(stored or "[]")
    except ValueError:
        return []
    return [int(v) for v in value] if isinstance(value, list) else []


def _mismatches(reading, name: str, view, attachment_id: int | None) -> list[Mismatch]:
    found = []
    number = reading.get("id_number")
    if number is not None and number.value != view.holder.id_number:
        found.append(
            Mismatch(
                "id_number",
                f"扫描件上的证件号码 {mask_id(number.value)} 与持证人"
                f"（{mask_id(view.holder.id_number)}）不一致",
                name,
                attachment_id,
            )
        )
    # A name read from the scan against the register's: the holder's, then the unit's.
    compared = (
        (PERSON_FIELDS, view.holder.name, "持证人", ""),
        (UNIT_FIELDS, view.unit.name, "聘用单位", "（单位、合同甲方与扣缴义务人应为同一单位）"),
    )
    for fields, expected, whose, why in compared:
        for read_field, label in fields.items():
            value = reading.get(read_field)
            if value is not None and _plain_name(value.value) != _plain_name(expected):
                message = f"扫描件上的{label}“{value.value}”与{whose}“{expected}”不一致{why}"
                found.append(Mismatch(read_field, message, name, attachment_id))
    return found


def accept(
    desk: Desk, case_id: int, key: str, *, chosen: Sequence[str] | None = None
) -> list[Proposal]:
    """Store what the item's scans propose (``chosen``: only these targets); returns what was stored.

    The reading counts as reviewed: its differences with the register are kept (:func:`record_review`).
    """
    from . import cases

    reading = read_item(desk, case_id, key)
    record_review(desk, reading)
    stored = [
        p
        for p in reading.proposals
        if (chosen is None or p.target in chosen) and p.changes_something
    ]
    item_values = {p.target: p.value.isoformat() for p in stored if p.target != "incomes"}
    if item_values:
        cases.update_item(desk, case_id, key, **item_values)
    incomes = next((p.value for p in stored if p.target == "incomes"), None)
    if incomes is not None:
        cases.update(desk, case_id, data={"incomes": incomes})
    return stored


def record_review(desk: Desk, reading: ItemReading) -> Changes:
    """The clerk has seen ``reading``: keep each read scan's differences with the register,
    and what it was read to say (so it is not read again).

    A scan read again with the same differences keeps a dismissal; with none, it has none.
    """
    from ..scanread import stored
    from ..store import scan_readings

    with desk._session() as session:
        for attachment_id in reading.attachment_ids:
            if attachment_id in reading.readings:
                kept = stored.dumps(reading.readings[attachment_id])
                scan_readings.keep_reading(session, attachment_id, kept)
            found = [
                (m.field, m.message) for m in reading.mismatches if m.attachment_id == attachment_id
            ]
            scan_readings.record_mismatches(session, attachment_id, found)
    return Changes.of_case(reading.case_id)


def dismiss(desk: Desk, case_id: int, key: str) -> list[str]:
    """The clerk checked the originals: the item's scans' differences no longer block the case.

    Returns the names of the scans whose differences were dismissed; a clear line if none has any.
    """
    from ..store import scan_readings
    from . import cases

    row = next((r for r in cases.view(desk, case_id).rows if r.key == key), None)
    pending = [
        a
        for a in (row.attachments if row else [])
        if a.kind == "file" and not a.mismatches_dismissed and scan_readings.stored_mismatches(a)
    ]
    if not pending:
        raise WrcError(f"“{key}”的扫描件没有待核对的不一致")
    with desk._session() as session:
        for attachment in pending:
            if attachment.id is not None:
                scan_readings.dismiss_mismatches(session, attachment.id)
    return [a.original_name or Path(a.path).name for a in pending]


def changes(case_id: int) -> Changes:
    """What :func:`accept` changes: the case (its items' dates, its incomes)."""
    return Changes.of_case(case_id)
