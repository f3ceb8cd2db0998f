"""The roster template the clerk downloads, fills in and imports.

Generated rather than shipped as a file, so its headers can never drift from
the names the import recognises (:data:`roster_columns.FIELDS`): every one of them
is a column. It teaches itself (:mod:`.roster_guide`): an example row the import
skips, drop-downs on the fixed-value columns, and a 说明 sheet for every column and
the 证件历史 sheet. ID and certificate columns are formatted as text so Excel does
not turn an 18-digit number into 1.10105E+17.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..rules import vocab
from .files import write_atomically
from .roster_columns import DATE_FIELDS, FIELDS, REQUIRED
from .roster_guide import FILLED_ROWS, GUIDE_SHEET, add_choices, add_example, hint, write_guide
from .roster_history import HISTORY_FIELDS, HISTORY_HEADERS, HISTORY_SHEET

_ORDER = [
    "unit",
    "name",
    "id_type",
    "id_number",
    "gender",
    "birth_date",
    "phone",
    "department",
    "job_title",
    "hire_date",
    "contract_start",
    "contract_end",
    "social_insurance_start",
    "degree",
    "degree_date",
    "degree_foreign",
    "professional_title",
    "address",
    "housing_kind",
    "status",
    "left_on",
    "certificate_no",
    "first_issued",
    "start",
    "expiry",
    "retirement_track",
    "permit_status",
    "notes",
]
# Every column the import accepts: those above in a clerk's order, then any other (a column
# added to roster_columns.FIELDS appears here without a second list to keep in step).
TEMPLATE_FIELDS = [name for name in _ORDER if name in FIELDS] + [
    name for name in FIELDS if name not in _ORDER
]
TEXT_FIELDS = ("id_number", "certificate_no", "phone")


def write_template(out: str | Path) -> Path:
    """Write the template to ``out`` (through a temporary file)."""

    def write(temp: Path) -> None:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "人员名单"
        fill = PatternFill("solid", fgColor="305496")
        required_fill = PatternFill("solid", fgColor="C00000")
        for index, name in enumerate(TEMPLATE_FIELDS, start=1):
            label = FIELDS[name][1][0]
            cell = sheet.cell(row=1, column=index, value=label)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = required_fill if name in REQUIRED else fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
            if hint(name):
                cell.comment = Comment(hint(name), "工作居住证办理助手")
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = (
                24 if name in ("unit", "id_number", "notes", "address") else 14
            )
            if name in TEXT_FIELDS:
                for row in range(2, FILLED_ROWS + 2):  # text: long digit strings stay exact
                    sheet.cell(row=row, column=index).number_format = "@"
            elif name in DATE_FIELDS:
                for row in range(2, FILLED_ROWS + 2):
                    sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
        add_example(sheet, TEMPLATE_FIELDS)
        add_choices(sheet, TEMPLATE_FIELDS, 2, FILLED_ROWS + 1)
        sheet.freeze_panes = "A2"
        write_guide(
            workbook.create_sheet(GUIDE_SHEET), TEMPLATE_FIELDS, history_headers=HISTORY_HEADERS
        )
        workbook.save(temp)

    return write_atomically(out, write)


# ---------------------------------------------------------------- the register in the template's shape

EXPORT_FIELDS = TEMPLATE_FIELDS  # every column the import recognises
_CHOICES = {
    "id_type": vocab.ID_TYPES,
    "gender": vocab.GENDERS,
    "degree": vocab.DEGREES,
    "housing_kind": vocab.HOUSING_KINDS,
    "retirement_track": vocab.RETIREMENT_TRACKS,
    "status": vocab.HOLDER_STATUS,
    "permit_status": vocab.PERMIT_STATUS,
}


def export_register(session, out: str | Path) -> Path:
    """The whole register as an import file: one row per holder with the current permit, and every
    permit and validity period on the 证件历史 sheet. Importing it into an empty register (with the
    same units) gives the same holders, permits and history. Full ID numbers: keep the file safe."""
    holders, history = _register_rows(session)

    def write(temp: Path) -> None:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "人员名单"
        _table(sheet, [FIELDS[name][1][0] for name in EXPORT_FIELDS], EXPORT_FIELDS, holders)
        add_choices(sheet, EXPORT_FIELDS, 2, max(len(holders), FILLED_ROWS) + 1)
        _table(workbook.create_sheet(HISTORY_SHEET), HISTORY_HEADERS, list(HISTORY_FIELDS), history)
        write_guide(
            workbook.create_sheet(GUIDE_SHEET), EXPORT_FIELDS, history_headers=HISTORY_HEADERS
        )
        workbook.save(temp)

    return write_atomically(out, write)


def _table(sheet, headers: list[str], fields: list[str], rows: list[dict]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(name, row.get(name)) for name in fields])
    for index, name in enumerate(fields, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = (
            22 if name in ("unit", "id_number", "notes", "address") else 13
        )
        style = "@" if name in TEXT_FIELDS else "yyyy-mm-dd" if name in DATE_FIELDS else None
        if style:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = style
    sheet.freeze_panes = "A2"


def _cell(name: str, value):
    if name in _CHOICES:
        return _CHOICES[name].get(value, value) if value is not None else None
    if name == "degree_foreign":
        return "是" if value else "否"
    return value if value != "" else None


def _register_rows(session) -> tuple[list[dict], list[dict]]:
    """Holder rows (with the current permit) and history rows, oldest permit and period first."""
    from sqlalchemy import inspect, select

    from ..store.models import Holder, Permit, PermitPeriod, Unit

    h, p, pp, u = (
        inspect(Holder).local_table.c,
        inspect(Permit).local_table.c,
        inspect(PermitPeriod).local_table.c,
        inspect(Unit).local_table.c,
    )
    units = dict(session.connection().execute(select(u.id, u.name)).all())
    holders: dict[int, dict] = {}
    for record in session.connection().execute(select(inspect(Holder).local_table).order_by(h.id)):
        data = dict(record._mapping)
        data["unit"] = units.get(data["unit_id"], "")
        holders[data["id"]] = data
    history = []
    statement = (
        select(
            p.holder_id, p.unit_id, p.certificate_no, p.first_issued, p.status, pp.start, pp.expiry
        )
        .join(inspect(PermitPeriod).local_table, pp.permit_id == p.id)
        .order_by(p.holder_id, p.id, pp.expiry)
    )
    for holder_id, unit_id, number, first, status, start, expiry in session.connection().execute(
        statement
    ):
        holder = holders.get(holder_id)
        if holder is None:
            continue
        entry = {
            "id_number": holder["id_number"],
            "unit": units.get(unit_id, ""),
            "certificate_no": number,
            "first_issued": first,
            "start": start,
            "expiry": expiry,
            "permit_status": status,
        }
        history.append(entry)
        # Rows come oldest first: the last one written here is the current permit.
        holder.update(
            {
                k: entry[k]
                for k in ("certificate_no", "first_issued", "start", "expiry", "permit_status")
            }
        )
    return list(holders.values()), history
