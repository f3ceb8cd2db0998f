"""Roster import: read a clerk's spreadsheet, preview what it would do, then write it in one go.

Two steps, so nothing is written before the clerk has seen the outcome:

1. :func:`read_roster` opens the file safely, finds the header (with the
   clerk's mapping answers for unknown columns) and returns raw rows.
2. :func:`plan_import` validates every row with ``rules.records`` (the one
   place records are checked), matches existing holders by ID number and
   returns a :class:`ImportPlan`: rows to create, rows to update, rows
   unchanged, and every bad row with its row number, column and reason.

:func:`commit_import` writes a plan in the caller's transaction: all rows, or
(explicitly) only the valid ones. A plan with errors is refused otherwise.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session
from sqlmodel import select as orm_select

from ..rules.errors import ValidationErrors, WrcError
from ..rules.identity import compact_id, mask_id
from ..rules.records import HOLDER_LABELS, PERMIT_LABELS, clean_holder, clean_permit
from ..store import imports, repo
from ..store.bulk import NewHolder
from ..store.models import Holder, Permit, PermitPeriod, Unit
from .roster_columns import (
    DATE_FIELDS,
    FIELDS,
    PERMIT_FIELDS,
    ColumnMap,
    apply_mapping,
    find_header,
)
from .xlsx_read import UnreadableFile, open_workbook, sheet_rows

_HOLDER_KEYS = [name for name in HOLDER_LABELS]


@dataclass
class Roster:
    """The rows of the chosen sheet under its header."""

    path: Path
    sheet: str
    columns: ColumnMap
    rows: list[tuple[int, tuple]]  # (1-based row number in the sheet, cell values)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the header as written in the file (or the field's name if the file has no such column)
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        return f"第 {self.row} 行“{self.column}”：{self.message}"


@dataclass
class PlannedRow:
    row: int
    action: str  # create / update / unchanged / reject
    name: str
    id_masked: str
    unit: str
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    roster: Roster
    creates: list[NewHolder] = field(default_factory=list)
    updates: list[imports.HolderUpdate] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.rows if r.action == "unchanged")

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.roster.path.name, "sheet": self.roster.sheet, "created": len(self.creates),
                "updated": len(self.updates), "unchanged": self.unchanged,
                "rejected": len(self.rejected_rows), "errors": [e.as_dict() for e in self.errors]}


# ---------------------------------------------------------------- step 1: reading


def read_roster(path: str | Path, mapping: Mapping[str, str] | None = None) -> Roster:
    """The sheet whose header names most known fields, its rows and column mapping (with the clerk's answers)."""
    path = Path(path)
    workbook = open_workbook(path)
    best: Roster | None = None
    try:
        for sheet in workbook.sheetnames:
            rows = list(sheet_rows(path, workbook, sheet))
            columns = find_header(rows)
            if columns is None or (best is not None and len(columns.fields) <= len(best.columns.fields)):
                continue
            body = [(number, tuple(cells)) for number, cells in enumerate(rows, start=1)
                    if number > columns.header_row and any(_present(c) for c in cells)]
            best = Roster(path, sheet, columns, body)
    finally:
        workbook.close()
    if best is None:
        raise UnreadableFile(f"文件 {path.name} 中没有找到表头：前 10 行中应有“姓名”“身份证号码”等列名"
                             "（可下载导入模板对照）")
    if mapping:
        best.columns = apply_mapping(best.columns, mapping)
    return best


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell_text(value: object, field_name: str) -> object:
    """A cell as the rules expect it; numbers Excel made of digit strings become text again."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # only a crafted file holds these; the field's check then says what is wrong
    if isinstance(value, (int, float)):
        if field_name in DATE_FIELDS:
            # 20260105 typed into a number cell, not an Excel serial date
            return str(int(value)) if 19000101 <= value <= 29991231 and value == int(value) else value
        if field_name == "id_number":
            return value  # checked separately: precision is already lost
        return str(int(value)) if value == int(value) else str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    return str(value)


# ---------------------------------------------------------------- step 2: validating


def plan_import(session: Session, roster: Roster, *, unit: str | None = None) -> ImportPlan:
    """Validate every row and decide, per row, create / update / unchanged / reject. Writes nothing."""
    columns = roster.columns
    missing = columns.missing_required()
    if missing:
        raise WrcError(f"表中缺少必需的列：{'、'.join(missing)}（请在映射步骤中指定对应的列）")
    plan = ImportPlan(roster)
    default_unit = _resolve_default_unit(session, unit)
    units = {u.name: u for u in session.exec(_select_units())}
    units.update({u.uscc: u for u in list(units.values())})
    existing = _existing_holders(session)
    seen: dict[str, int] = {}
    has_permit_columns = any(name in PERMIT_FIELDS for name in columns.fields.values())
    for number, cells in roster.rows:
        raw = {name: _cell_text(cells[index] if index < len(cells) else None, name)
               for index, name in columns.fields.items()}
        errors: list[RowError] = []

        def fail(field_name: str, message: str, number: int = number, errors: list = errors) -> None:
            errors.append(RowError(number, _column_name(columns, field_name), message))

        unit_record = default_unit
        unit_text = str(raw.pop("unit", "") or "").strip()
        if unit_text:
            unit_record = units.get(unit_text) or units.get(unit_text.upper())
            if unit_record is None:
                fail("unit", f"单位“{unit_text}”不在登记册中（请先添加该单位，或改用已登记的单位名称）")
        if isinstance(raw.get("id_number"), (int, float)):
            fail("id_number", "证件号码被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写")
            raw["id_number"] = ""
        id_number = compact_id(str(raw.get("id_number") or ""))
        match = existing.get(id_number)
        holder_raw = {k: v for k, v in raw.items() if k not in PERMIT_FIELDS}
        permit_raw = {k: v for k, v in raw.items() if k in PERMIT_FIELDS}
        if match is not None:  # fields the file leaves empty keep their stored value
            holder_raw = {**match["holder"], **{k: v for k, v in holder_raw.items() if _present(v)}}
        holder_values = permit_values = None
        try:
            holder_values = clean_holder(holder_raw)
        except ValidationErrors as error:
            for e in error.errors:
                fail(e.field, e.message)
        if has_permit_columns and any(_present(v) for v in permit_raw.values()):
            try:
                permit_values = clean_permit(permit_raw)
            except ValidationErrors as error:
                for e in error.errors:
                    fail(e.field, e.message)
        if holder_values is not None:
            first = seen.setdefault(holder_values["id_number"], number)
            if first != number:
                fail("id_number", f"证件号码与第 {first} 行重复")
        if match is not None and permit_values is not None and match["expiry"] is not None \
                and permit_values["expiry"] < match["expiry"]:
            fail("expiry", f"{permit_values['expiry'].isoformat()} 早于登记册中的当前有效期至 "
                           f"{match['expiry'].isoformat()}（登记册不会被旧数据覆盖）")
        name = str(raw.get("name") or "")
        unit_name = unit_record.name if unit_record else ""
        if errors or unit_record is None or holder_values is None:
            if unit_record is None and not errors:
                fail("unit", "登记册中还没有单位：请先创建单位")
            plan.errors.extend(errors)
            plan.rows.append(PlannedRow(number, "reject", name, mask_id(id_number), unit_name))
            continue
        masked = mask_id(holder_values["id_number"])
        if match is None:
            plan.creates.append(NewHolder(unit_record.id, holder_values, permit_values))
            plan.rows.append(PlannedRow(number, "create", holder_values["name"], masked, unit_name))
            continue
        changes = _describe_changes(match, holder_values, permit_values, unit_record)
        if changes:
            plan.updates.append(imports.HolderUpdate(match["id"], unit_record.id, holder_values, permit_values))
        plan.rows.append(PlannedRow(number, "update" if changes else "unchanged", holder_values["name"], masked,
                                    unit_name, changes))
    return plan


def _column_name(columns: ColumnMap, field_name: str) -> str:
    if field_name in FIELDS:
        return columns.header_of(field_name)
    return HOLDER_LABELS.get(field_name) or PERMIT_LABELS.get(field_name) or field_name


def _select_units():
    return orm_select(Unit).order_by(Unit.id)


def _resolve_default_unit(session: Session, unit: str | None) -> Unit | None:
    if unit:
        found = repo.find_unit(session, unit)
        if found is None:
            names = "、".join(u.name for u in repo.list_units(session)) or "（登记册中还没有单位）"
            raise WrcError(f"单位“{unit}”不在登记册中（现有单位：{names}）")
        return found
    unit_id = repo.get_default_unit_id(session)
    return session.get(Unit, unit_id) if unit_id is not None else None


def _existing_holders(session: Session) -> dict[str, dict[str, Any]]:
    """Every stored holder by ID number, with stored fields and current permit (one query each)."""
    h = Holder.__table__.c
    columns = [h.id, h.unit_id, *(h[name] for name in _HOLDER_KEYS)]
    found: dict[str, dict[str, Any]] = {}
    for row in session.connection().execute(select(*columns)):
        data = row._mapping
        found[data["id_number"]] = {"id": data["id"], "unit_id": data["unit_id"],
                                    "holder": {k: data[k] for k in _HOLDER_KEYS},
                                    "certificate_no": "", "expiry": None}
    p, pp = Permit.__table__.c, PermitPeriod.__table__.c
    by_id = {entry["id"]: entry for entry in found.values()}
    statement = select(p.holder_id, p.certificate_no, pp.expiry).join(PermitPeriod.__table__, pp.permit_id == p.id)
    for holder_id, certificate_no, expiry in session.connection().execute(statement.order_by(p.id, pp.expiry)):
        entry = by_id.get(holder_id)
        if entry is not None:  # the latest permit's latest period wins (ordered last)
            entry["certificate_no"], entry["expiry"] = certificate_no, expiry
    return found


def _describe_changes(match: dict[str, Any], holder: dict[str, Any], permit: dict[str, Any] | None,
                      unit: Unit) -> list[str]:
    changes = []
    for key, new in holder.items():
        old = match["holder"].get(key)
        if (old or None) != (new or None):
            changes.append(f"{HOLDER_LABELS.get(key, key)}：{_show(old)} → {_show(new)}")
    if unit.id != match["unit_id"]:
        changes.append(f"单位 → {unit.name}")
    if permit:
        if permit.get("certificate_no") and permit["certificate_no"] != match["certificate_no"]:
            changes.append(f"{PERMIT_LABELS['certificate_no']}：{_show(match['certificate_no'])} → "
                           f"{permit['certificate_no']}")
        if match["expiry"] is None or permit["expiry"] > match["expiry"]:
            changes.append(f"{PERMIT_LABELS['expiry']}：{_show(match['expiry'])} → {permit['expiry'].isoformat()}")
    return changes


def _show(value: object) -> str:
    if value is None or value == "":
        return "（空）"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# ---------------------------------------------------------------- step 3: writing


def commit_import(session: Session, plan: ImportPlan, *, valid_only: bool = False) -> imports.ImportOutcome:
    """Write the plan in the caller's transaction; refused when rows are bad unless ``valid_only``."""
    if plan.errors and not valid_only:
        rows = plan.rejected_rows
        raise WrcError(f"有 {len(rows)} 行数据有误（第 {'、'.join(map(str, rows[:10]))}"
                       f"{' 等' if len(rows) > 10 else ''} 行），未导入任何数据；"
                       "请改正后重新导入，或选择“仅导入无误的行”")
    if not plan.creates and not plan.updates:
        raise WrcError("没有需要导入的新数据（所有行都与登记册一致或有误）")
    return imports.apply_import(session, creates=plan.creates, updates=plan.updates,
                                file_name=plan.roster.path.name, rejected=len(plan.rejected_rows),
                                valid_only=valid_only)
