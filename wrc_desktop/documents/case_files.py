"""A case's folder on disk and the files in it: the folder's name, attaching files, generating forms.

``<case root>/<year>/<case number> <name> <kind>/`` — the name made safe for Windows by
:func:`wrc_desktop.atomic.safe_filename` whatever the holder's name. Attached files are copied into
``_原件/<item>/`` (written to a temporary name, then renamed); generated forms go into
``表格/`` and attach themselves to their checklist items.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import event
from sqlmodel import Session

from ..atomic import copy_file, safe_filename
from ..rules.context import RulesContext
from ..rules.errors import WrcError
from ..rules.vocab import CASE_KINDS
from ..store import case_items, case_views, cases, holder_records
from ..store.case_facts import read_facts
from ..store.case_models import CaseAttachment
from . import case_forms
from .context import FormOptions, LoanDetails, build_context, check_form
from .output import output_name, write_atomic
from .render import render_pdf
from .scans import check_file

log = logging.getLogger("wrc.documents")

ORIGINALS = "_原件"  # the clerk's files as attached, per item
FORMS = "表格"  # forms generated for the case, to print, sign and stamp
# The info-change form's boxes per case kind (003 附件5).
CHANGE_BOXES = {
    "employer-change": "employer",
    "address-change": "address",
    "family-change": "family",
    "general-change": "other",
}


def folder_name(number: str, holder_name: str, kind: str) -> str:
    """``2026-0001 张三 续签`` — safe on Windows for any name (``../CON`` included), length-limited."""
    name = holder_name.strip()[:20]
    return safe_filename(f"{number} {name} {CASE_KINDS.get(kind, kind)}")


def ensure_folder(session: Session, case_id: int, *, root: Path) -> Path:
    """The case's folder (named and recorded on first use), created if missing."""
    case = cases.get_case(session, case_id)
    if not case.folder:
        holder = holder_records.get_holder(session, case.holder_id)
        year = case.number.split("-")[0]
        cases.set_folder(
            session, case_id, folder=f"{year}/{folder_name(case.number, holder.name, case.kind)}"
        )
    folder = resolve_folder(root, case.folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def resolve_folder(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would land outside ``root``."""
    root = Path(root).resolve()
    folder = (root / relative).resolve()
    if root not in folder.parents:
        raise WrcError(f"办理事项文件夹“{relative}”不在办理事项根目录 {root} 之内")
    return folder


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy_atomic(source: Path, target: Path) -> None:
    copy_file(source, target)


def _free_name(folder: Path, name: str) -> Path:
    stem, suffix = os.path.splitext(name)
    candidate, number = folder / name, 2
    while candidate.exists():
        candidate = folder / f"{stem}({number}){suffix}"
        number += 1
    return candidate


def attach_files(
    session: Session,
    case_id: int,
    key: str,
    files: Sequence[Path | str],
    *,
    root: Path,
    rules: RulesContext,
    dated: object = cases.UNSET,
    valid_until: object = cases.UNSET,
) -> list[CaseAttachment]:
    """Copy ``files`` into the case folder and attach them to item ``key`` (all checked before any is copied)."""
    if not files:
        raise WrcError("请选择要添加的文件")
    paths = [Path(f) for f in files]
    for path in paths:
        check_file(path)
    case = cases.get_case(session, case_id)
    checklist = case_views.case_checklist(session, case, rules=rules)
    if key not in checklist.item_keys():
        raise WrcError(
            f"办理事项 {case.number} 的材料清单中没有“{key}”（可用：{'、'.join(checklist.item_keys())}）"
        )
    folder = ensure_folder(session, case_id, root=root) / ORIGINALS / safe_filename(key)
    folder.mkdir(parents=True, exist_ok=True)
    added = []
    for path in paths:
        target = _free_name(folder, safe_filename(path.stem, path.suffix.lower()))
        _copy_atomic(path, target)
        relative = target.relative_to(resolve_folder(root, case.folder)).as_posix()
        added.append(
            case_items.add_attachment(
                session,
                case_id,
                key,
                path=relative,
                original_name=path.name,
                kind="file",
                sha256=sha256_of(target),
                rules=rules,
            )
        )
    if dated is not cases.UNSET or valid_until is not cases.UNSET:
        case_items.update_item(
            session, case_id, key, dated=dated, valid_until=valid_until, rules=rules
        )
    return added


def scan_findings(session: Session, case_id: int, key: str, *, root: Path) -> list[str]:
    """What a reviewer would reject in item ``key``'s attached scans (:mod:`.scan_checks`)."""
    from .scan_checks import check_scan
    from .scans import CARD_ITEMS

    case = cases.get_case(session, case_id)
    if not case.folder:
        return []
    folder = resolve_folder(root, case.folder)
    found: list[str] = []
    for attachment in case_items.attachments_by_item(session, case_id).get(key, []):
        path = folder / attachment.path
        if attachment.kind == "file" and path.is_file():
            found += [f.text for f in check_scan(path, card=key.split(".")[0] in CARD_ITEMS)]
    return found


def detach(session: Session, attachment_id: int, *, root: Path) -> None:
    """Forget an attachment and delete the copy the app made (never a file outside ``_原件``/``表格``)."""
    attachment = case_items.remove_attachment(session, attachment_id)
    case = cases.get_case(session, attachment.case_id)
    path = resolve_folder(root, case.folder) / attachment.path
    if (
        attachment.path.split("/")[0] in (ORIGINALS, FORMS)
        and path.is_file()
        and sha256_of(path) == attachment.sha256
    ):
        path.unlink()


def _moving_loan(kind: str, loan: LoanDetails | None) -> LoanDetails | None:
    """The loan facts of a case moving the holder: the declaration states the *new* home.

    Until the change is approved the register still holds the old address, so a room
    number cannot be added to it; only the whole new address (``--address``) is printed,
    and the declaration is refused without one (never filled with the old address).
    """
    if kind != "address-change" or loan is None or loan.address:
        return loan
    return replace(loan, room="")


@dataclass(frozen=True)
class RenderedForm:
    key: str  # the checklist item the form is attached to
    name: str  # the file's name
    data: bytes
    day: dt.date  # the date printed on it


@dataclass(frozen=True)
class RenderedForms:
    """A case's forms drawn from the register as it stood (``version``), not yet written."""

    case_id: int
    version: int
    forms: tuple[RenderedForm, ...]


def render_forms(
    session: Session,
    case_id: int,
    *,
    on: dt.date,
    rules: RulesContext,
    loan: LoanDetails | None = None,
    dates: Mapping[str, dt.date] | None = None,
) -> RenderedForms:
    """Every form of the case's checklist drawn in memory; nothing is written.

    The forms are worded as the case's district words them and dated by
    :func:`.case_forms.plan` from ``on`` (the clerk's own ``dates`` per form slug and the
    case's facts first), so that the district's date rules hold; the loan's facts are the
    case's unless ``loan`` is given. A missing value (e.g. the leaving date) or a character
    no font has stops here, before anything is written. Only reads: the window draws them
    beside the register's writer, then :func:`attach_forms` writes them on it.
    """
    case = cases.get_case(session, case_id)
    box = CHANGE_BOXES.get(case.kind)
    planned = case_forms.plan(session, case_id, rules=rules, on=on, dates=dates)
    if loan is None:
        loan = read_facts(session, case_id)[0].loan
    loan = _moving_loan(case.kind, loan)
    drawn = []
    for key, form, day in ((p.key, p.form, p.dated) for p in planned):
        options = FormOptions(on=day, loan=loan, changes=frozenset({box}) if box else frozenset())
        context = build_context(session, case.holder_id, options, rules=rules)
        context.housing = case.housing or context.housing  # this application's housing proof
        check_form(form, context)
        name = output_name(form, context, day)
        drawn.append(RenderedForm(key, name, render_pdf(form, [context], title=form.title), day))
    return RenderedForms(case_id, case.version, tuple(drawn))


def attach_forms(
    session: Session, rendered: RenderedForms, *, root: Path, rules: RulesContext
) -> list[Path]:
    """Write ``rendered`` into ``表格/`` and attach each form to its item.

    Refused when the case changed since the forms were drawn (another clerk's facts, a new
    kind): they would print what the register no longer says. The new files are written
    (each to a temporary name, then renamed) beside the unsigned forms they replace, never
    over them; the old files are deleted only once the transaction commits. If anything
    fails first, the files just written are removed again and the old forms stay where the
    register (rolled back) says they are.
    """
    case_id = rendered.case_id
    if cases.get_case(session, case_id).version != rendered.version:
        raise WrcError("办理事项在生成表格期间已被修改，表格未保存；请重新生成")
    folder = ensure_folder(session, case_id, root=root)
    old = case_items.attachments_by_item(session, case_id)
    written: list[tuple[Path, str]] = []  # (file, sha256) written by this call
    # (file, relative path, sha256) of the replaced unsigned forms
    superseded: list[tuple[Path, str, str]] = []
    try:
        for drawn in rendered.forms:
            # Never over an existing file: the old unsigned form is still the register's until the commit,
            # and a file the clerk changed is theirs.
            target = _free_name(folder / FORMS, drawn.name)
            write_atomic(target, drawn.data)
            written.append((target, sha256_of(target)))
        for drawn in rendered.forms:
            for attachment in old.get(drawn.key, []):
                if attachment.kind == "form":  # a regenerated form replaces the unsigned one
                    assert attachment.id is not None  # read from the register
                    case_items.remove_attachment(session, attachment.id)
                    superseded.append(
                        (folder / attachment.path, attachment.path, attachment.sha256)
                    )
        for drawn, (target, digest) in zip(rendered.forms, written, strict=True):
            case_items.add_attachment(
                session,
                case_id,
                drawn.key,
                path=f"{FORMS}/{target.name}",
                original_name=drawn.name,
                kind="form",
                sha256=digest,
                rules=rules,
            )
            # The item carries the form's date unless the clerk attached the signed paper.
            if not any(a.kind == "file" for a in old.get(drawn.key, [])):
                case_items.update_item(session, case_id, drawn.key, dated=drawn.day, rules=rules)
    except BaseException:
        _remove_files(written)
        raise
    _after_transaction(
        session,
        committed=lambda: _remove_files(
            [
                (path, digest)
                for path, relative, digest in superseded
                if relative.split("/")[0] == FORMS
            ]
        ),
        rolled_back=lambda: _remove_files(written),
    )
    return [target for target, _digest in written]


def generate_forms(
    session: Session,
    case_id: int,
    *,
    root: Path,
    on: dt.date,
    rules: RulesContext,
    loan: LoanDetails | None = None,
    dates: Mapping[str, dt.date] | None = None,
) -> list[Path]:
    """:func:`render_forms` and :func:`attach_forms` in one unit of work (the command line)."""
    drawn = render_forms(session, case_id, on=on, rules=rules, loan=loan, dates=dates)
    return attach_forms(session, drawn, root=root, rules=rules)


def _remove_files(files: Sequence[tuple[Path, str]]) -> None:
    """Delete the app's files that are still as the app wrote them; one that can't be deleted is left."""
    for path, digest in files:
        try:
            if path.is_file() and sha256_of(path) == digest:
                path.unlink()
        except OSError:
            log.warning("could not delete %s", path, exc_info=True)


def _after_transaction(
    session: Session, *, committed: Callable[[], None], rolled_back: Callable[[], None]
) -> None:
    """Run ``committed`` once the session's transaction commits, or ``rolled_back`` if it rolls back instead."""
    pending = [True]

    def on_commit(_session: Session) -> None:
        if pending and pending.pop():
            committed()

    def on_rollback(_session: Session) -> None:
        if pending and pending.pop():
            rolled_back()

    event.listen(session, "after_commit", on_commit)
    event.listen(session, "after_rollback", on_rollback)
