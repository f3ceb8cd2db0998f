"""The 证件历史 sheet: every permit and validity period of each holder, so a register exported
to the import template comes back whole (not only each holder's current permit).

The register export writes it; the import reads it when present, for holders the
import creates. Each row is one validity period; consecutive rows of one ID
number with the same unit, certificate number and first issue date are one
permit, oldest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..rules.errors import ValidationErrors
from ..rules.identity import compact_id, normalise_text
from ..rules.validation import clean_permit
from ..store.models import Unit
from .roster_columns import FIELDS, ColumnMap, cell_value, find_header, present
from .xlsx_read import sheet_rows
from .xlsx_sheet import CellIssue

HISTORY_SHEET = "证件历史"
HISTORY_FIELDS = (
    "id_number",
    "unit",
    "certificate_no",
    "first_issued",
    "start",
    "expiry",
    "permit_status",
)
HISTORY_HEADERS = [FIELDS[name][1][0] for name in HISTORY_FIELDS]

# fail(row, field, message): how a bad history row is reported (field is a roster field name)
Fail = Callable[[int, str, str], None]


@dataclass
class HistorySheet:
    columns: ColumnMap
    rows: list[tuple[int, tuple]]


def read_history(path: Path, workbook) -> HistorySheet | None:
    """The 证件历史 sheet of an exported register, or None when the file has none."""
    if HISTORY_SHEET not in workbook.sheetnames:
        return None
    rows = list(sheet_rows(path, workbook, HISTORY_SHEET))
    columns = find_header(rows)
    if columns is None or "id_number" not in columns.fields.values():
        return None
    body = [
        (number, tuple(cells))
        for number, cells in enumerate(rows, start=1)
        if number > columns.header_row and any(present(c) for c in cells)
    ]
    return HistorySheet(columns, body)


def plan_history(
    sheet: HistorySheet,
    units: Mapping[str, Unit],
    default_unit: Unit | None,
    today: dt.date,
    fail: Fail,
) -> dict[str, list[dict[str, Any]]]:
    """Every ID number's permits, oldest first, in :class:`~wrc_desktop.store.bulk.NewHolder` history form.

    An ID number with any bad row maps to ``[]``: its history is not half taken.
    """
    found: dict[str, list[dict[str, Any]]] = {}
    bad: set[str] = set()
    for number, cells in sheet.rows:
        raw = {
            name: cell_value(cells[index] if index < len(cells) else None, name)
            for index, name in sheet.columns.fields.items()
        }
        id_number = compact_id(str(raw.get("id_number") or ""))
        issues = [(name, value) for name, value in raw.items() if isinstance(value, CellIssue)]
        for name, issue in issues:  # an error value, a formula without result …
            fail(number, name, issue.reason)
        if issues or not id_number:
            if not issues:
                fail(number, "id_number", "不能为空")
            if id_number:
                bad.add(id_number)
            continue
        unit_text = normalise_text(str(raw.get("unit") or "")).strip()
        unit = (
            (units.get(unit_text) or units.get(compact_id(unit_text)))
            if unit_text
            else default_unit
        )
        if unit is None:
            fail(number, "unit", f"单位“{unit_text}”不在登记册中")
            bad.add(id_number)
            continue
        permit_raw = {k: raw.get(k) for k in ("certificate_no", "first_issued", "start", "expiry")}
        permit_raw["status"] = raw.get("permit_status")
        try:
            values = clean_permit(permit_raw, today=today)
        except ValidationErrors as error:
            for e in error.errors:
                fail(number, "permit_status" if e.field == "status" else e.field, e.message)
            bad.add(id_number)
            continue
        permits = found.setdefault(id_number, [])
        key = (unit.id, values["certificate_no"], values["first_issued"])
        last = permits[-1] if permits else None
        if (
            last is not None
            and (last["unit_id"], last["certificate_no"], last["first_issued"]) == key
        ):
            if values["expiry"] <= last["periods"][-1][1]:
                fail(number, "expiry", f"应晚于上一行的有效期至（{last['periods'][-1][1]}）")
                bad.add(id_number)
                continue
            last["periods"].append((values["start"], values["expiry"]))
            last["status"] = values["status"]
        else:
            permits.append(
                {
                    "unit_id": unit.id,
                    "certificate_no": values["certificate_no"],
                    "first_issued": values["first_issued"],
                    "status": values["status"],
                    "periods": [(values["start"], values["expiry"])],
                    "row": number,
                }
            )
    return {number: ([] if number in bad else permits) for number, permits in found.items()} | {
        number: [] for number in bad
    }


def agrees_with(history: list[dict[str, Any]], permit: Mapping[str, Any] | None) -> bool:
    """Whether a roster row's permit columns match the newest permit of its history."""
    if permit is None:
        return True
    newest = history[-1]
    return (newest["certificate_no"], newest["periods"][-1][1]) == (
        permit.get("certificate_no") or "",
        permit["expiry"],
    )


def without_row_numbers(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in entry.items() if k != "row"} for entry in history]
