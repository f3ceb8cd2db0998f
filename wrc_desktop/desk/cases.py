"""Cases (办理事项) under the desk's rules context: views, checks, files, forms and the bundle.

Every check a case window, the cases page, the cover sheet, ``wrc case …`` and the
blocking test of "已提交" show is computed by :func:`wrc_desktop.store.case_views.case_view`
with the same context, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..collector import collector_paused
from ..documents.context import LoanDetails
from ..rules import next_application as fits
from ..rules.age_block import AgeBlock, age_block
from ..rules.dates import parse_date
from ..rules.errors import FieldError, ValidationErrors
from ..rules.vocab import CASE_KINDS
from ..store import case_items, case_list, case_views
from ..store import cases as store_cases
from ..store.case_models import Case
from ..store.models import Holder
from ..store.queries import register_rows
from . import case_lifecycle
from .changes import Changes, stored_id
from .core import Desk

if TYPE_CHECKING:
    from ..documents.case_files import RenderedForms
    from ..documents.case_folder import AssemblyPlan

# The case folders and forms (reportlab, pypdf) are imported by the functions that make them:
# listing or checking cases (``wrc case list``) need not load them.

UNSET = store_cases.UNSET
# What a window showed of an item / a case, passed back with an edit.
item_copy = case_items.item_copy
case_copy = store_cases.case_copy


def view(desk: Desk, case_id: int, today: dt.date | None = None) -> case_views.CaseView:
    rules = desk.rules(today)
    with desk._session() as session:
        return case_views.case_view(session, case_id, rules=rules)


def heads(desk: Desk, *, open_only: bool = True) -> list[case_list.CaseHead]:
    """Every case (or every open one) as the register records it, the newest first."""
    with desk._session() as session:
        return case_list.case_heads(session, open_only=open_only)


def summaries(
    desk: Desk,
    *,
    open_only: bool = True,
    horizon_days: int = 30,
    case_ids: Sequence[int] | None = None,
) -> list[case_list.CaseSummary]:
    """The cases (or those of ``case_ids``) with what their checks say, the newest first."""
    rules = desk.rules()
    # Hundreds of cases' records and checks, alive until the rows are made: a pass of the
    # cycle collector every few hundred objects would walk the whole program meanwhile.
    with desk._session() as session, collector_paused():
        return case_list.open_case_summaries(
            session,
            rules=rules,
            open_only=open_only,
            horizon_days=horizon_days,
            case_ids=case_ids,
        )


def find(desk: Desk, reference: str) -> Case:
    with desk._session() as session:
        return store_cases.find_case(session, reference)


def suggest(
    desk: Desk, holder_id: int, today: dt.date | None = None, *, kind: str | None = None
) -> fits.NextApplication:
    """The application that fits the holder now and its planned date (the dialog's defaults);
    with ``kind``, the defaults for that application when the clerk chooses another."""
    source = desk.deadlines(today)
    with desk._session() as session:
        rows = register_rows(session, holder_ids=[holder_id])
    if not rows:
        return fits.NextApplication(None, None, None, "登记册中没有该持证人")
    row = rows[0]
    policy = source.policy(row.district)
    found = fits.next_application(
        source.state(row),
        policy,
        source.today,
        source.calendar,
        permit_status=row.permit_status,
        left_on=row.left_on,
    )
    if found.kind in fits.RENEWAL_KINDS:
        with desk._session() as session:
            blocked = _age_block(session, row, policy, source.today)
        if blocked is not None and blocked.certain:
            # Past the age limit: nothing to file, and a renewal or a new application chosen
            # anyway keeps the reason (creation refuses the renewal with it).
            found = fits.NextApplication(None, None, None, blocked.reason)
            if kind in (*fits.RENEWAL_KINDS, "new"):
                return fits.NextApplication(kind, None, None, blocked.reason)
    if kind is None or kind == found.kind:
        return found
    return fits.for_kind(kind, found, policy, source.today, source.calendar)


def _age_block(session, row, policy, on: dt.date) -> AgeBlock | None:
    """Whether the holder of the register's ``row`` is past the district's age limit on ``on``."""
    holder = session.get(Holder, row.holder_id)
    track = holder.retirement_track if holder is not None else None
    return age_block(policy, row.birth_date, row.gender, track, on)


def refusal(desk: Desk, *, holder_id: int, kind: str, submit_on: Any = None) -> str | None:
    """Why a case of ``kind`` planned for ``submit_on`` contradicts the holder's permit (None: it does not)."""
    source = desk.deadlines()
    with desk._session() as session:
        rows = register_rows(session, holder_ids=[holder_id])
    if not rows:
        return None  # the store names the unknown holder
    day = submit_on if isinstance(submit_on, dt.date) or submit_on is None else _date(submit_on)
    row = rows[0]
    problem = fits.refusal(kind, source.state(row), day, first_issued=row.first_issued)
    if problem is None and kind in (*fits.RENEWAL_KINDS, "new"):
        # One answer on age: the due list proposes no renewal for this holder either.
        with desk._session() as session:
            blocked = _age_block(session, row, source.policy(row.district), day or source.today)
        if blocked is not None and blocked.certain:
            problem = f"{row.name}{blocked.reason}"
    return problem


def _date(value: Any) -> dt.date | None:
    try:
        return parse_date(value) if value not in ("", None) else None
    except (ValueError, FieldError):
        return None  # the store reports a bad date with its field


def create(
    desk: Desk,
    *,
    holder_id: int,
    kind: str,
    clause: Any = None,
    housing: Any = UNSET,
    family_ids: Sequence[int] = (),
    submit_on: Any = None,
    notes: str = "",
) -> tuple[int, Changes]:
    """A new case with its folder under the case root; returns its id.

    Refused, with nothing written, when the kind contradicts the permit's state (a renewal of
    a lost permit, a renewal the district no longer files, a date on which the permit is lost).
    """
    from ..documents import case_files

    problem = refusal(desk, holder_id=holder_id, kind=kind, submit_on=submit_on)
    if problem is not None:
        raise ValidationErrors([FieldError("kind", problem, label="办理事项")])
    rules, root = desk.rules(), desk.case_root
    with desk._session() as session:
        # One open case per task: a second renewal (or a 注销 beside a 离职) would make two bundles.
        for open_case in store_cases.list_cases(session, holder_id=holder_id, open_only=True):
            if fits.same_task(kind, open_case.kind):
                raise ValidationErrors(
                    [
                        FieldError(
                            "kind",
                            f"该持证人已有未完结的办理事项 {open_case.number}"
                            f"（{CASE_KINDS.get(open_case.kind, open_case.kind)}）："
                            "请打开该事项继续办理",
                            label="办理事项",
                        )
                    ]
                )
        case = case_lifecycle.create_case(
            session,
            holder_id=holder_id,
            kind=kind,
            rules=rules,
            clause=clause,
            housing=housing,
            family_ids=family_ids,
            submit_on=submit_on,
            notes=notes,
        )
        case_id = stored_id(case)
        case_files.ensure_folder(session, case_id, root=root)
        return case_id, Changes.of_case(case_id, holder_id)


def update(desk: Desk, case_id: int, *, data: dict[str, Any]) -> Changes:
    """Change a case's facts; a new planned date on which the permit is lost is refused."""
    day = _date(data.get("submit_on")) if "submit_on" in data else None
    if day is not None:
        source = desk.deadlines()
        with desk._session() as session:
            case = session.get(Case, case_id)
            kind, planned = (case.kind, case.submit_on) if case else ("", None)
            rows = register_rows(session, holder_ids=[case.holder_id]) if case else []
        if rows and day != planned:
            problem = fits.date_refusal(kind, source.state(rows[0]), day)
            if problem is not None:
                raise ValidationErrors([FieldError("submit_on", problem, label="计划提交日期")])
    with desk._session() as session:
        case = store_cases.update_case(session, case_id, data=data)
        return Changes.of_case(case_id, case.holder_id)


def update_item(desk: Desk, case_id: int, key: str, **values: Any) -> Changes:
    """Record an item's state and dates; ``values`` are plain values captured when the clerk saved."""
    rules = desk.rules()
    with desk._session() as session:
        case_items.update_item(session, case_id, key, rules=rules, **values)
    return Changes.of_case(case_id)


def set_status(
    desk: Desk,
    case_id: int,
    *,
    status: str,
    on: Any,
    note: str = "",
    expiry: Any = None,
    force: bool = False,
    expected_version: int | None = None,
    seen: dict | None = None,
) -> Changes:
    rules = desk.rules()
    with desk._session() as session:
        case = case_lifecycle.set_status(
            session,
            case_id,
            status=status,
            on=on,
            rules=rules,
            note=note,
            expiry=expiry,
            force=force,
            expected_version=expected_version,
            seen=seen,
        )
        return Changes.of_case(case_id, case.holder_id)


def suggest_expiry(desk: Desk, case_id: int, *, on: dt.date) -> dt.date | None:
    rules = desk.rules()
    with desk._session() as session:
        return case_lifecycle.suggest_expiry(session, case_id, on=on, rules=rules)


def attach(
    desk: Desk,
    case_id: int,
    key: str,
    files: Sequence[Path | str],
    *,
    dated: Any = UNSET,
    valid_until: Any = UNSET,
) -> Changes:
    from ..documents import case_files

    rules, root = desk.rules(), desk.case_root
    with desk._session() as session:
        case_files.attach_files(
            session,
            case_id,
            key,
            files,
            root=root,
            rules=rules,
            dated=dated,
            valid_until=valid_until,
        )
    return Changes.of_case(case_id)


def scan_findings(desk: Desk, case_id: int, key: str) -> list[str]:
    """The check after attaching: the reviewer's checks on an item's scans (colour, resolution,
    EXIF turn, text direction, blank, edges) and the fixes that apply (:mod:`.scan_fixes`).

    Both are recorded beside the scans, so assembling the case reads no page again: the window
    runs this as long work once the files are attached, ``wrc case attach`` before it prints.
    """
    from ..documents import case_files
    from . import scan_fixes

    with desk._session() as session:
        found = case_files.scan_findings(session, case_id, key, root=desk.case_root)
    scan_fixes.suggested(desk, case_id, key)  # kept for the 上传清单's 建议的修正未应用
    return found


def upload_preview(view: case_views.CaseView) -> list[dict]:
    """The 上传清单 of a case as it stands: each slot and the file it will get (no file is read)."""
    from ..documents.upload_kit import kit_entry
    from ..documents.upload_list import preview_rows

    entries = [
        kit_entry(
            row.number,
            row.title,
            row.item.provider if row.item else "申请人",
            row.item.upload if row.item else None,
            [Path(a.path) for a in row.attachments if a.kind == "file"],
            preparation=row.item.preparation if row.item else "",
            required=row.item.required if row.item else False,
        )
        for row in view.rows
    ]
    return preview_rows(entries)


def detach(desk: Desk, attachment_id: int) -> Changes:
    from ..documents import case_files

    root = desk.case_root
    with desk._session() as session:
        case_id = case_items.attachment_case(session, attachment_id)
        case_files.detach(session, attachment_id, root=root)
    return Changes.of_case(case_id)


def generate_forms(
    desk: Desk,
    case_id: int,
    *,
    on: dt.date,
    loan: LoanDetails | None = None,
    dates: Mapping[str, dt.date] | None = None,
) -> list[Path]:
    """The case's forms, dated so the district's rules hold (``dates``: the clerk's, per form slug)."""
    from ..documents import case_files

    rules, root = desk.rules(), desk.case_root
    with desk._session() as session:
        return case_files.generate_forms(
            session, case_id, root=root, on=on, rules=rules, loan=loan, dates=dates
        )


def draw_forms(desk: Desk, case_id: int, *, on: dt.date) -> RenderedForms:
    """The case's forms drawn in memory from the register as it stands — a read: the window
    runs it beside the writer, then :func:`attach_forms` on it."""
    from ..documents import case_files

    rules = desk.rules()
    with desk._session() as session:
        return case_files.render_forms(session, case_id, on=on, rules=rules)


def attach_forms(desk: Desk, drawn: RenderedForms) -> tuple[list[Path], Changes]:
    """Write the drawn forms into the case's folder and attach them (refused if the case
    changed since they were drawn)."""
    from ..documents import case_files

    rules, root = desk.rules(), desk.case_root
    with desk._session() as session:
        paths = case_files.attach_forms(session, drawn, root=root, rules=rules)
    return paths, Changes.of_case(drawn.case_id)


def folder(desk: Desk, case_id: int) -> Path:
    """The case's folder (made when missing) — a write: the folder's name is recorded."""
    from ..documents import case_files

    root = desk.case_root
    with desk._session() as session:
        return case_files.ensure_folder(session, case_id, root=root)


def plan_assembly(desk: Desk, case_id: int, today: dt.date | None = None) -> AssemblyPlan:
    from ..documents import case_folder

    rules, root = desk.rules(today), desk.case_root
    with desk._session() as session:
        return case_folder.plan_assembly(session, case_id, root=root, rules=rules)


def assign(desk: Desk, case_id: int, clerk: str) -> Changes:
    """Hand a case on to another clerk (on a shared register, the one who will carry it on)."""
    name = clerk.strip()
    if not name or len(name) > 60:
        raise FieldError("assigned_to", "请填写接手的经办人（最多 60 个字符）", label="经办人")
    with desk._session() as session:
        case = store_cases.assign_case(session, case_id, clerk=name)
        return Changes.of_case(case_id, case.holder_id)
