"""What the register holds for each ID number, and what a roster row would change of it.

Every value the importer reads for an existing holder is either a change shown old → new
(:func:`describe_changes`) or listed as not applied, with why (:func:`ignored_values`):
nothing read is dropped without a word.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlmodel import Session

from ..rules import vocab
from ..rules.identity import compact_id, lookup_forms
from ..rules.validation import HOLDER_LABELS, PERMIT_LABELS
from ..store.models import Holder, Permit, PermitPeriod, Unit

_HOLDER_KEYS = list(HOLDER_LABELS)
_TIMESTAMPS = ("created_at", "updated_at")


@dataclass(frozen=True)
class FieldChange:
    """One field of an existing holder that the import would change, old → new."""

    field: str
    label: str
    old: str
    new: str
    needs_confirmation: bool = False  # a different name or another unit: maybe another person
    note: str = ""  # set when the value is not applied: why

    def as_dict(self) -> dict[str, Any]:
        found = {
            "field": self.field,
            "label": self.label,
            "old": self.old,
            "new": self.new,
            "needs_confirmation": self.needs_confirmation,
        }
        return {**found, "not_applied": self.note} if self.note else found

    def __str__(self) -> str:
        if self.note:
            shown = f"{self.old} → {self.new}" if self.old else self.new
            return f"{self.label}：{shown}（未采用：{self.note}）"
        return f"{self.label}：{self.old} → {self.new}"


def existing_holders(session: Session) -> dict[str, dict[str, Any]]:
    """Every stored holder by ID number, with stored fields and current permit (one query each).

    ``row`` is the holder's stored row (timestamps aside): the write takes it instead of
    reading it again when the holder's version has not changed meanwhile.
    """
    columns = [c for c in inspect(Holder).local_table.c if c.name not in _TIMESTAMPS]
    names = [c.name for c in columns]
    found: dict[str, dict[str, Any]] = {}
    for row in session.connection().execute(select(*columns)):
        data = dict(zip(names, row, strict=True))
        found[compact(data["id_number"])] = {
            "id": data["id"],
            "unit_id": data["unit_id"],
            "version": data["version"],
            "holder": {k: data[k] for k in _HOLDER_KEYS},
            "row": data,
            "certificate_no": "",
            "expiry": None,
            "permit": None,  # the latest permit's status, first issue and current start
        }
    p, pp = inspect(Permit).local_table.c, inspect(PermitPeriod).local_table.c
    by_id = {entry["id"]: entry for entry in found.values()}
    statement = select(
        p.holder_id, p.certificate_no, pp.expiry, p.status, p.first_issued, pp.start
    ).join(inspect(PermitPeriod).local_table, pp.permit_id == p.id)
    for (
        holder_id,
        certificate_no,
        expiry,
        status,
        first_issued,
        start,
    ) in session.connection().execute(statement.order_by(p.id, pp.expiry)):
        entry = by_id.get(holder_id)
        if entry is not None:  # the latest permit's latest period wins (ordered last)
            entry["certificate_no"], entry["expiry"] = certificate_no, expiry
            entry["permit"] = (status, first_issued, start)
    return found


def find_existing(existing: Mapping[str, dict[str, Any]], number: str) -> dict[str, Any] | None:
    """The stored holder with this number, an old 15-digit resident ID matching its 18-digit
    form (and the other way round)."""
    found = existing.get(number)
    if found is None and len(number) in (15, 18):
        for form in lookup_forms(number)[1:]:
            found = existing.get(form)
            if found is not None:
                break
    return found


_NOT_APPLIED = "导入不修改已有证件的{what}，请在该人的证件页中修改"


def ignored_values(
    match: Mapping[str, Any],
    given: Collection[str],
    permit: Mapping[str, Any] | None,
    history_rows: int,
) -> list[FieldChange]:
    """Values the file gives for an existing holder that the import does not write, and why.

    A permit's status and first issue date are written only with a new permit (none
    stored yet, or another certificate number); a period's start only with a new period
    (a later expiry). ``given``: the permit fields present in the file (``status`` for 证件状态).
    """
    ignored = []
    if history_rows:
        ignored.append(
            FieldChange(
                "history",
                "证件历史",
                "",
                f"{history_rows} 条记录",
                note="该人已在登记册中，证件历史只在新建人员时导入",
            )
        )
    stored = match["permit"]
    if permit is None or stored is None:
        return ignored
    new_no = permit.get("certificate_no")
    if new_no and match["certificate_no"] and new_no != match["certificate_no"]:
        return ignored  # a new permit: everything the file gives is written
    status, first_issued, start = stored
    if "status" in given and permit.get("status") != status:
        ignored.append(
            FieldChange(
                "status",
                PERMIT_LABELS["status"],
                vocab.label(vocab.PERMIT_STATUS, status),
                vocab.label(vocab.PERMIT_STATUS, permit.get("status")),
                note=_NOT_APPLIED.format(what="状态"),
            )
        )
    if "first_issued" in given and permit.get("first_issued") != first_issued:
        ignored.append(
            FieldChange(
                "first_issued",
                PERMIT_LABELS["first_issued"],
                show(first_issued),
                show(permit.get("first_issued")),
                note=_NOT_APPLIED.format(what="首次发证日期"),
            )
        )
    later = match["expiry"] is None or permit["expiry"] > match["expiry"]
    if "start" in given and not later and permit.get("start") != start:
        ignored.append(
            FieldChange(
                "start",
                PERMIT_LABELS["start"],
                show(start),
                show(permit.get("start")),
                note="有效期至与登记册相同，不新增有效期，故不修改其开始日期",
            )
        )
    return ignored


def compact(number: str) -> str:
    """``compact_id``, without its Unicode normalisation for a number already compact
    (ASCII letters and digits, upper case): ten thousand rows and the whole register pass here."""
    if number.isascii() and number.isalnum() and (number.isdigit() or number.isupper()):
        return number
    return compact_id(number)


def describe_changes(
    match: dict[str, Any],
    holder: dict[str, Any],
    permit: dict[str, Any] | None,
    unit: Unit,
    unit_names: Mapping[int, str],
) -> list[FieldChange]:
    """Every field the import would change, old → new; a rename or a move asks for confirmation."""
    changes = []
    stored = match["holder"]
    for key, new in holder.items():
        old = stored.get(key)
        if old != new and (old or None) != (new or None):  # (most fields are equal)
            changes.append(
                FieldChange(
                    key,
                    HOLDER_LABELS.get(key, key),
                    show(old),
                    show(new),
                    needs_confirmation=key == "name",
                )
            )
    if unit.id != match["unit_id"]:
        changes.append(
            FieldChange(
                "unit",
                "单位",
                unit_names.get(match["unit_id"], "（空）"),
                unit.name,
                needs_confirmation=True,
            )
        )
    if permit:
        new_no = permit.get("certificate_no")
        if new_no and new_no != match["certificate_no"]:
            label = PERMIT_LABELS["certificate_no"]
            if match["certificate_no"]:
                label += "（新证书，旧证书保留在历史中）"
            changes.append(
                FieldChange("certificate_no", label, show(match["certificate_no"]), new_no)
            )
        if (
            match["expiry"] is None
            or permit["expiry"] > match["expiry"]
            or (new_no and new_no != match["certificate_no"] and match["certificate_no"])
        ):
            changes.append(
                FieldChange(
                    "expiry",
                    PERMIT_LABELS["expiry"],
                    show(match["expiry"]),
                    permit["expiry"].isoformat(),
                )
            )
    return changes


def show(value: object) -> str:
    if value is None or value == "":
        return "（空）"
    return value.isoformat() if isinstance(value, dt.date) else str(value)
