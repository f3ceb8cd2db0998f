"""Roster import: read a clerk's spreadsheet, preview what it would do, then write it in one go.

Two steps, so nothing is written before the clerk has seen the outcome:

1. :func:`read_roster` (in :mod:`.roster_read`) opens the file safely, finds the header (with the
   clerk's mapping answers for unknown columns) and returns raw rows.
2. :func:`plan_import` validates every row with ``rules.validation`` (the one
   place records are checked), matches existing holders by ID number and
   returns a :class:`ImportPlan`: rows to create, rows to update, rows
   unchanged, and every bad row with its row number, column and reason.

:func:`commit_import` writes a plan in the caller's transaction: all rows, or
(explicitly) only the valid ones. A plan with errors is refused otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from sqlmodel import Session, col
from sqlmodel import select as orm_select

from ..collector import collector_paused
from ..rules.errors import ValidationErrors, WrcError
from ..rules.identity import (
    EXCEL_DAMAGE,
    compact_id,
    looks_damaged_by_excel,
    mask_id,
    normalise_text,
)
from ..rules.validation import HOLDER_LABELS, PERMIT_LABELS, clean_holder, clean_permit
from ..store import imports, unit_records
from ..store.bulk import NewHolder
from ..store.models import Unit
from .import_plan import ImportPlan, PlannedRow, RowError
from .roster_changes import (
    FieldChange,
    compact,
    describe_changes,
    existing_holders,
    find_existing,
    ignored_values,
)
from .roster_columns import (
    FIELDS,
    PERMIT_FIELDS,
    ColumnMap,
    cell_value,
    present,
)
from .roster_history import (
    HISTORY_SHEET,
    agrees_with,
    plan_history,
    without_row_numbers,
)
from .roster_read import (
    PROGRESS_EVERY,
    Cancelled,
    Progress,
    Roster,
    SeveralSheets,
    SheetChoice,
    read_roster,
    roster_sheets,
)
from .xlsx_sheet import CellIssue

__all__ = [  # the reading step (roster_read) is part of the import's interface
    "Cancelled",
    "FieldChange",
    "ImportPlan",
    "PlannedRow",
    "Progress",
    "Roster",
    "RowError",
    "SeveralSheets",
    "SheetChoice",
    "commit_import",
    "plan_import",
    "read_roster",
    "renames_message",
    "roster_sheets",
]


# ---------------------------------------------------------------- step 2: validating


@collector_paused()  # thousands of rows and their changes, none cyclic
def plan_import(
    session: Session,
    roster: Roster,
    *,
    unit: str | None = None,
    confirmed_ids: Collection[str] = (),
    confirmed_rows: Collection[int] = (),
    today: dt.date,
    progress: Progress | None = None,
) -> ImportPlan:
    """Validate every row and decide, per row, create / update / unchanged / reject. Writes nothing.

    ``today`` is the day the dates are judged plausible on (the desk's clock).

    ``confirmed_ids`` (or, from the import window, ``confirmed_rows``) are ID numbers
    ending in 000 the clerk has checked one by one; otherwise such a number is
    refused as probably damaged by Excel.
    """
    columns = roster.columns
    missing = columns.missing_required()
    if missing:
        raise WrcError(f"表中缺少必需的列：{'、'.join(missing)}（请在映射步骤中指定对应的列）")
    plan = ImportPlan(roster)
    confirmed = {compact_id(number) for number in confirmed_ids}
    default_unit = _resolve_default_unit(session, unit)
    all_units = list(session.exec(_select_units()))
    units = {normalise_text(u.name).strip(): u for u in all_units}
    units.update({compact_id(u.uscc): u for u in all_units if u.uscc})
    units_by_id = {u.id: u for u in all_units}
    unit_names = {u.id: u.name for u in all_units}
    existing = existing_holders(session)
    histories = _histories(roster, plan, units, default_unit, today)
    seen: dict[str, int] = {}
    has_permit_columns = any(name in PERMIT_FIELDS for name in columns.fields.values())
    id_column = _column_name(columns, "id_number")
    for position, (number, cells) in enumerate(roster.rows, start=1):
        if progress is not None and position % PROGRESS_EVERY == 0:
            progress("核对", position, len(roster.rows))
        raw = {
            name: cell_value(cells[index] if index < len(cells) else None, name)
            for index, name in columns.fields.items()
        }
        errors: list[RowError] = []

        def fail(
            field_name: str, message: str, number: int = number, errors: list = errors
        ) -> None:
            errors.append(RowError(number, _column_name(columns, field_name), message))

        unreadable = _report_cell_issues(raw, fail)

        unit_text, unit_record = _row_unit(raw.pop("unit", ""), units, default_unit, fail)
        id_number = _row_id_number(raw, fail)
        match = find_existing(existing, id_number)
        if match is not None and not (unit_text or unit):  # a known holder stays put
            unit_record = units_by_id.get(match["unit_id"], unit_record)
        holder_raw = {k: v for k, v in raw.items() if k not in PERMIT_FIELDS}
        permit_raw = {k: v for k, v in raw.items() if k in PERMIT_FIELDS}
        if match is not None:  # fields the file leaves empty keep their stored value
            holder_raw = {**match["holder"], **{k: v for k, v in holder_raw.items() if present(v)}}
        holder_values, permit_values = _clean_row(
            holder_raw, permit_raw if has_permit_columns else {}, unreadable, today, fail
        )
        history = histories.get(id_number) if match is None else None
        history_unused = len(histories.get(id_number) or ()) if match is not None else 0
        if history is not None:
            _check_history(history, permit_values, fail)
        suspect = (
            id_number.endswith("000")  # (cheaply ruled out for all others)
            and number not in confirmed_rows
            and _excel_suspect(id_number, confirmed, errors, id_column)
        )
        if suspect:
            fail(
                "id_number",
                f"{mask_id(id_number)} 可能不完整：{EXCEL_DAMAGE}。如号码确实以 000 结尾，"
                "请核对原始证件后逐个确认（命令行：--confirm-id 完整号码；导入窗口：勾选该行的行号）",
            )
        if holder_values is not None:
            _check_duplicate(seen, holder_values["id_number"], number, fail)
        if match is not None and permit_values is not None:
            _check_not_older(match, permit_values, fail)
        name = str(raw.get("name") or "")
        unit_name = unit_record.name if unit_record else ""
        if errors or unit_record is None or holder_values is None:
            if unit_record is None and not errors:
                fail("unit", "登记册中还没有单位：请先创建单位")
            plan.errors.extend(errors)
            plan.rows.append(
                PlannedRow(
                    number, "reject", name, mask_id(id_number), unit_name, excel_suspect=suspect
                )
            )
            continue
        masked = mask_id(holder_values["id_number"])
        assert unit_record.id is not None  # the units were read from the register
        if match is None:
            plan.creates.append(
                NewHolder(
                    unit_record.id,
                    holder_values,
                    permit_values,
                    history=without_row_numbers(history or []),
                )
            )
            plan.rows.append(PlannedRow(number, "create", holder_values["name"], masked, unit_name))
            continue
        changes = describe_changes(match, holder_values, permit_values, unit_record, unit_names)
        given = {
            "status" if k == "permit_status" else k for k, v in permit_raw.items() if present(v)
        }
        ignored = ignored_values(match, given, permit_values, history_unused)
        if changes:
            plan.updates.append(
                imports.HolderUpdate(
                    match["id"],
                    unit_record.id,
                    holder_values,
                    permit_values,
                    expected_version=match["version"],
                    seen=match["holder"],
                    stored=match["row"],
                )
            )
        plan.rows.append(
            PlannedRow(
                number,
                "update" if changes else "unchanged",
                holder_values["name"],
                masked,
                unit_name,
                changes,
                ignored=ignored,
            )
        )
    return plan


def _excel_suspect(
    id_number: str, confirmed: Collection[str], errors: list[RowError], id_column: str
) -> bool:
    """An ID ending 000 as Excel leaves it, not confirmed by the clerk, not already refused
    (a bad check digit has already said so)."""
    return (
        looks_damaged_by_excel(id_number)
        and id_number not in confirmed
        and not any(e.column == id_column for e in errors)
    )


def _check_duplicate(seen: dict[str, int], id_number: str, number: int, fail) -> None:
    """One row per person: a number met on an earlier row is reported with that row."""
    first = seen.setdefault(id_number, number)
    if first != number:
        fail("id_number", f"证件号码与第 {first} 行重复")


def _row_unit(
    value: object, units: Mapping[str, Unit], default_unit: Unit | None, fail
) -> tuple[str, Unit | None]:
    """The unit the row names (by name or USCC) or else the default; an unknown one reported."""
    unit_text = normalise_text(str(value or "")).strip()
    if not unit_text:
        return "", default_unit
    found = units.get(unit_text) or units.get(compact_id(unit_text))
    if found is None:
        fail("unit", f"单位“{unit_text}”不在登记册中（请先添加该单位，或改用已登记的单位名称）")
    return unit_text, found


def _row_id_number(raw: dict[str, Any], fail) -> str:
    """The row's ID number compacted; one Excel stored as a number is reported (digits lost)."""
    if isinstance(raw.get("id_number"), (int, float)):
        fail(
            "id_number",
            "证件号码被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写",
        )
        raw["id_number"] = ""
    return compact(str(raw.get("id_number") or ""))


def _clean_row(
    holder_raw: dict[str, Any],
    permit_raw: dict[str, Any],
    unreadable: set[str],
    today: dt.date,
    fail,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The row's holder and permit (None when the row gives no permit) in stored form; each
    bad field reported, except those whose cell was already reported as unreadable."""
    holder_values = permit_values = None
    try:
        holder_values = clean_holder(holder_raw, today=today)
    except ValidationErrors as error:
        for e in error.errors:
            if e.field not in unreadable:
                fail(e.field, e.message)
    if any(present(v) for v in permit_raw.values()):
        permit_raw = {**permit_raw, "status": permit_raw.get("permit_status")}
        permit_raw.pop("permit_status", None)
        try:
            permit_values = clean_permit(permit_raw, today=today)
        except ValidationErrors as error:
            for e in error.errors:
                name = "permit_status" if e.field == "status" else e.field
                if name not in unreadable:
                    fail(name, e.message)
    return holder_values, permit_values


def _check_history(history: list[dict[str, Any]], permit: dict[str, Any] | None, fail) -> None:
    """A new holder's 证件历史 rows agree with the roster row (or their errors are listed)."""
    if history and not agrees_with(history, permit):
        fail("expiry", f"与工作表“{HISTORY_SHEET}”中该人最新的证件记录不一致")
    if not history:  # its rows are wrong; they are listed under that sheet
        fail("id_number", f"工作表“{HISTORY_SHEET}”中该人的证件记录有误")


def _check_not_older(match: dict[str, Any], permit: dict[str, Any], fail) -> None:
    """The register is never overwritten by an older expiry."""
    if match["expiry"] is not None and permit["expiry"] < match["expiry"]:
        fail(
            "expiry",
            f"{permit['expiry'].isoformat()} 早于登记册中的当前有效期至 "
            f"{match['expiry'].isoformat()}（登记册不会被旧数据覆盖）",
        )


def _report_cell_issues(raw: dict[str, Any], fail) -> set[str]:
    """Report each cell Excel shows no importable value in (an error value, a formula without
    result …) and empty it; returns the fields concerned."""
    found = [name for name, value in raw.items() if isinstance(value, CellIssue)]
    for name in found:
        fail(name, raw[name].reason)
        raw[name] = None
    return set(found)


def _histories(
    roster: Roster,
    plan: ImportPlan,
    units: Mapping[str, Unit],
    default_unit: Unit | None,
    today: dt.date,
) -> dict[str, list[dict[str, Any]]]:
    """The 证件历史 sheet by ID number; an ID with a bad row maps to [] (its roster row is rejected)."""
    sheet = roster.history
    if sheet is None:
        return {}

    def fail(row: int, field_name: str, message: str) -> None:
        plan.errors.append(
            RowError(row, _column_name(sheet.columns, field_name), message, HISTORY_SHEET)
        )

    return plan_history(sheet, units, default_unit, today, fail)


def _column_name(columns: ColumnMap, field_name: str) -> str:
    if field_name in FIELDS:
        return columns.header_of(field_name)
    return HOLDER_LABELS.get(field_name) or PERMIT_LABELS.get(field_name) or field_name


def _select_units():
    return orm_select(Unit).order_by(col(Unit.id))


def _resolve_default_unit(session: Session, unit: str | None) -> Unit | None:
    if unit:
        found = unit_records.find_unit(session, unit)
        if found is None:
            names = (
                "、".join(u.name for u in unit_records.list_units(session))
                or "（登记册中还没有单位）"
            )
            raise WrcError(f"单位“{unit}”不在登记册中（现有单位：{names}）")
        return found
    unit_id = unit_records.get_default_unit_id(session)
    return session.get(Unit, unit_id) if unit_id is not None else None


# ---------------------------------------------------------------- step 3: writing


@collector_paused()
def commit_import(
    session: Session, plan: ImportPlan, *, valid_only: bool = False, accept_renames: bool = False
) -> imports.ImportOutcome:
    """Write the plan in the caller's transaction.

    Refused when rows are bad unless ``valid_only``, and when a row renames a
    holder or moves them to another unit unless ``accept_renames``.
    """
    if plan.to_confirm and not accept_renames:
        raise WrcError(renames_message(plan))
    if plan.errors and not valid_only:
        rows = plan.rejected_rows
        raise WrcError(
            f"有 {len(rows)} 行数据有误（第 {'、'.join(map(str, rows[:10]))}"
            f"{' 等' if len(rows) > 10 else ''} 行），未导入任何数据；"
            "请改正后重新导入，或选择“仅导入无误的行”"
        )
    if not plan.creates and not plan.updates:
        raise WrcError("没有需要导入的新数据（所有行都与登记册一致或有误）")
    return imports.apply_import(
        session,
        creates=plan.creates,
        updates=plan.updates,
        file_name=plan.roster.path.name,
        rejected=len(plan.rejected_rows),
        valid_only=valid_only,
    )


def renames_message(plan: ImportPlan) -> str:
    """Why the plan waits for the clerk: which rows rename a holder or move them to another unit."""
    rows = plan.to_confirm
    shown = "；".join(
        f"第 {r.row} 行 " + "，".join(str(c) for c in r.changes if c.needs_confirmation)
        for r in rows[:5]
    )
    more = f" 等 {len(rows)} 行" if len(rows) > 5 else ""
    return (
        f"{shown}{more}：同一证件号码的姓名或单位与登记册不同，可能是填错了人；未写入任何数据。"
        "核对无误后请确认（命令行：--accept-renames；导入窗口：勾选“确认改名或调动”）"
    )
