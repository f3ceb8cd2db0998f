"""Assembling a case folder for printing and upload, all or nothing, and zipping it for the archive.

:func:`plan_assembly` reads what is needed from the register (quick; any thread);
:func:`assemble` does the file work without touching the register (a worker thread):

- one PDF per item with files, numbered in checklist order (``01 身份证.pdf`` …) as
  in the bundle's 材料目录, which also lists what the clerk holds on paper only,
- ``全部材料.pdf``, the print bundle for the bureau (:mod:`.bundle`): a 材料目录, then
  every item's pages, numbered, with one bookmark per item,
- ``内部核对单（不提交）.pdf``, the clerk's check sheet with every item's state, dates and
  problems — never part of the bundle,
- ``上传/``, the upload kit for the online system with its ``上传清单.pdf`` (:mod:`.upload_kit`);
  a scan the clerk agreed to fix (:mod:`.scan_fixes`) goes in as its fixed version.

A district that takes uploads only (its policy's online-only flag) gets no counter bundle:
no numbered files and no ``全部材料.pdf``, only the check sheet and the upload kit.

A case that cannot be submitted yet (blocking problems) is refused before anything is
built (:class:`NotSubmittable`, listing the problems), unless the clerk asks for a draft,
which says 草稿 on every page of the bundle.

Everything is built in a temporary folder next to the case folder and only then moved
in, so a failure while building (an unreadable scan, a cancel) leaves the folder as it was.
A failure while moving in (on Windows: a PDF open in a viewer) can leave some files updated
and others not yet; the next assembly finishes the job. ``.wrc-manifest.json`` lists what
the app wrote (name → SHA-256) and is saved even when moving in fails, so it always
describes what is on disk: a file not in it, or changed since, is the clerk's and is never
deleted or overwritten — the app's file is written under another name instead.
Reassembling an unchanged case rewrites nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlmodel import Session

from ..atomic import safe_filename
from ..rules.case_checks import ITEM_STATES
from ..rules.context import RulesContext
from ..rules.errors import WrcError
from ..rules.materials import COPY, ORIGINAL
from ..rules.vocab import HOUSING_KINDS, ID_TYPES
from ..store import case_views
from .bundle import BundleHead, BundlePart, build_bundle
from .case_files import ensure_folder, sha256_of
from .case_zip import MANIFEST
from .cover_sheet import CoverData, CoverRow, render_cover
from .output import Cancelled, write_atomic
from .scan_fixes import fixed_version
from .scans import CARD_ITEMS, item_pdf
from .upload_kit import (
    DEFAULT_MAX_MB,
    LIST_NAME,
    UPLOAD_DIR,
    EntryCheck,
    KitEntry,
    check_entry,
    kit_entry,
)
from .upload_list import ListHead, upload_rows, write_upload

COVER_NAME = "内部核对单（不提交）.pdf"
MERGED_NAME = "全部材料.pdf"
TITLE_CHARS = 40  # keeps "<root>/<year>/<folder>/<NN title>.pdf" well inside Windows' path limit

Progress = Callable[[int, int], None]


class NotSubmittable(WrcError):
    """The case has blocking problems: the bundle is not built unless a draft is asked for."""

    def __init__(self, case_number: str, problems: tuple[str, ...]) -> None:
        self.problems = problems
        listed = "；".join(f"{index}. {text}" for index, text in enumerate(problems, start=1))
        super().__init__(
            f"办理事项 {case_number} 尚不能提交，有 {len(problems)} 个问题须先解决：{listed}"
        )


@dataclass(frozen=True)
class PlannedItem:
    number: int  # in the 材料目录 and the file name: 1, 2, 3 … without gaps
    title: str
    files: tuple[Path, ...]  # empty: the clerk holds it on paper only
    row_number: int = 0  # in the case's checklist (the check sheet's numbering)
    copy_kind: str = ""  # 原件 / 复印件, as the 材料目录 states it
    cards: bool = False  # identity cards: printed at card size, front and back on one page
    unsigned: tuple[Path, ...] = ()  # the app's generated forms: printed in a draft only

    @property
    def filename(self) -> str:
        return safe_filename(f"{self.number:02d} {short_title(self.title)}", ".pdf")


def short_title(title: str) -> str:
    """A long title loses its parenthesised explanation in file names (the cover and bookmarks keep it)."""
    head = title.split("（", 1)[0]
    if len(title) > 24 and len(head) >= 4:
        title = head
    return title[:TITLE_CHARS]


@dataclass(frozen=True)
class AssemblyPlan:
    folder: Path
    items: tuple[PlannedItem, ...]
    cover: CoverData
    head: BundleHead
    blocking: tuple[str, ...] = ()  # problems that must be solved before the case is submitted
    kit: tuple[KitEntry, ...] = ()  # every checklist item's slot in the online system
    list_head: ListHead | None = None
    unfixed: tuple[tuple[int, tuple[Path, ...]], ...] = ()  # checklist number → scans not fixed
    max_mb: float = DEFAULT_MAX_MB  # the online system's per-file limit (未核实; a preference)
    # The district still takes paper (its policy is not online-only): numbered files and
    # 全部材料.pdf for the counter; an online-only district gets the upload kit only.
    counter_bundle: bool = True

    def refuse_unless_submittable(self) -> None:
        """Raise :class:`NotSubmittable` when the case has blocking problems."""
        if self.blocking:
            raise NotSubmittable(self.cover.case_number, self.blocking)


@dataclass
class AssemblyResult:
    folder: Path
    written: list[Path] = field(default_factory=list)  # files replaced or created this time
    unchanged: list[Path] = field(default_factory=list)  # already up to date
    removed: list[Path] = field(default_factory=list)  # the app's own files no longer needed
    kept: list[Path] = field(default_factory=list)  # the clerk's files that were in the way
    merged: Path | None = None
    cover: Path | None = None  # the clerk's check sheet (not part of the bundle)
    pages: int = 0
    draft: bool = False
    upload_list: Path | None = None  # 上传/上传清单.pdf
    uploads: list[dict] = field(default_factory=list)  # the 上传清单's rows

    def as_dict(self) -> dict:
        return {
            "folder": str(self.folder),
            "merged": str(self.merged) if self.merged is not None else None,
            "cover": str(self.cover),
            "upload_list": str(self.upload_list),
            "uploads": self.uploads,
            "pages": self.pages,
            "draft": self.draft,
            "written": [str(p) for p in self.written],
            "unchanged": [str(p) for p in self.unchanged],
            "removed": [str(p) for p in self.removed],
            "kept": [str(p) for p in self.kept],
        }


def plan_assembly(
    session: Session, case_id: int, *, root: Path, rules: RulesContext
) -> AssemblyPlan:
    """What goes into the folder: each item's scans (a paper original is listed 另附) and the cover."""
    today = rules.today
    folder = ensure_folder(session, case_id, root=root)
    view = case_views.case_view(session, case_id, rules=rules)
    items: list[PlannedItem] = []
    kit = []
    unfixed: list[tuple[int, tuple[Path, ...]]] = []
    for row in view.rows:
        # Only what the clerk attached goes in: a form the app generated is unsigned, and the
        # bureau takes the signed one, as a scan or on paper (listed 另附) — never the blank.
        scans = [a for a in row.attachments if a.kind == "file"]
        originals = tuple(folder / a.path for a in scans)
        missing = [p.name for p in originals if not p.is_file()]
        if missing:
            raise WrcError(
                f"第 {row.number} 项“{row.title}”的文件已不在办理事项文件夹中：{'、'.join(missing)}"
            )
        # A scan the clerk agreed to fix goes in as its fixed version; the others as they are,
        # and the 上传清单 says which suggested fixes were not applied.
        fixed = [fixed_version(folder, a.path) for a in scans]
        paths = tuple(f or o for f, o in zip(fixed, originals, strict=True))
        unfixed.append(
            (row.number, tuple(o for f, o in zip(fixed, originals, strict=True) if not f))
        )
        kit.append(
            kit_entry(
                row.number,
                row.title,
                row.item.provider if row.item else "申请人",
                row.item.upload if row.item else None,
                paths,
                preparation=row.item.preparation if row.item else "",
                required=row.item.required if row.item else False,
                cards=row.key in CARD_ITEMS,
            )
        )
        forms = tuple(folder / a.path for a in row.attachments if a.kind == "form")
        forms = tuple(path for path in forms if path.is_file())
        if paths or row.state.collected or forms:  # files, paper only (另附), or a draft's forms
            # The checklist's word (rules.materials.paper_kind); an item no longer on it: its
            # generated form is an original, anything else a copy.
            copy_kind = row.item.paper if row.item else (ORIGINAL if row.state.forms else COPY)
            items.append(
                PlannedItem(
                    len(items) + 1,
                    row.title,
                    paths,
                    row.number,
                    copy_kind,
                    cards=row.key in CARD_ITEMS,
                    unsigned=() if paths or row.state.collected else forms,
                )
            )
    problems_by_item: dict[str, int] = {}
    for problem in view.check.problems:
        if problem.blocking and problem.item:
            problems_by_item[problem.item] = problems_by_item.get(problem.item, 0) + 1
    rows = tuple(
        CoverRow(
            r.number,
            r.title,
            r.item.provider if r.item else "",
            ITEM_STATES[r.state.state],
            r.item.required if r.item else False,
            r.state.dated,
            r.state.valid_until,
            r.valid_through,
            0,
            problems_by_item.get(r.key, 0),
        )
        for r in view.rows
    )
    problems = tuple(
        (
            p.blocking,
            f"{p.subject}：{p.message}"
            + (f"（依据：{p.source}）" if p.source else "")
            + ("（未核实）" if p.unverified else ""),
        )
        for p in view.check.problems
    )
    cover = CoverData(
        view.case.number,
        view.holder.name,
        view.unit.name,
        view.checklist.district_name,
        view.kind_label,
        view.status_label,
        view.case.clause,
        HOUSING_KINDS.get(view.case.housing or "", ""),
        view.case.submit_on,
        today,
        view.check.can_submit,
        view.checklist.source,
        view.checklist.unverified,
        rows,
        problems,
    )
    holder, unit = view.holder, view.unit
    head = BundleHead(
        view.case.number,
        view.kind_label,
        view.checklist.district_name,
        unit.name,
        unit.uscc,
        holder.name,
        ID_TYPES.get(holder.id_type, "证件号码"),
        holder.id_number,
        view.case.submit_on,
    )
    blocking = tuple(f"{p.subject}：{p.message}" for p in view.check.blocking)
    online = view.checklist.online
    list_head = ListHead(
        view.case.number,
        view.kind_label,
        view.checklist.district_name,
        unit.name,
        holder.name,
        online.online_only,
        online.source,
        online.quote,
        today,
    )
    return AssemblyPlan(
        folder,
        tuple(items),
        cover,
        head,
        blocking,
        tuple(kit),
        list_head,
        tuple(unfixed),
        counter_bundle=not online.online_only,
    )


def assemble(
    plan: AssemblyPlan,
    *,
    draft: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> AssemblyResult:
    """Build every file in a temporary folder, then move them into the case folder.

    A case with blocking problems raises :class:`NotSubmittable` before anything is
    built, unless ``draft``: then the bundle says 草稿 on every page. A district that takes
    uploads only gets no counter bundle (no ``全部材料.pdf``, no numbered files).
    """
    if not draft:
        plan.refuse_unless_submittable()
    # A draft shows the generated forms where nothing signed is there yet; a final bundle never
    # holds an unsigned form (the bureau takes the signed one).
    kept = [
        replace(item, files=item.unsigned) if draft and item.unsigned else item
        for item in plan.items
        if item.files or (item.unsigned and draft) or not item.unsigned
    ]
    items = tuple(replace(item, number=number) for number, item in enumerate(kept, start=1))
    plan = replace(plan, items=items)
    folder = plan.folder
    folder.mkdir(parents=True, exist_ok=True)
    total = len(plan.items) + 3
    temp = Path(tempfile.mkdtemp(prefix=f".~{folder.name[:30]}.", suffix=".tmp", dir=folder.parent))
    try:
        built: dict[str, Path] = {}
        pages = 0
        page_counts: dict[int, int] = {}
        # What the checks at attach recorded (no page is read here): the counter's files and the
        # upload kit are one rendering of each item, its pages turned upright by their text.
        checks = {entry.number: check_entry(entry) for entry in plan.kit if entry.files}
        made_pdfs: dict[tuple[Path, ...], tuple[bytes, int]] = {}
        if plan.counter_bundle:
            pages = _build_counter(
                plan, temp, built, page_counts, draft, progress, cancelled, (checks, made_pdfs)
            )
        rows = tuple(replace(row, pages=page_counts.get(row.number, 0)) for row in plan.cover.rows)
        (temp / COVER_NAME).write_bytes(render_cover(replace(plan.cover, rows=rows)))
        built[COVER_NAME] = temp / COVER_NAME
        if progress:
            progress(total - 1, total)
        made = write_upload(
            plan.kit,
            plan.list_head,
            temp,
            built,
            unfixed=dict(plan.unfixed),
            max_mb=plan.max_mb,
            shared=(checks, made_pdfs),
        )
        if cancelled and cancelled():
            raise Cancelled([])
        result = _move_into_place(folder, built)
        result.pages = pages
        result.draft = draft
        result.uploads = upload_rows(made)
        if plan.list_head is not None:
            result.upload_list = folder / UPLOAD_DIR / LIST_NAME
        if progress:
            progress(total, total)
        return result
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _build_counter(
    plan: AssemblyPlan,
    temp: Path,
    built: dict[str, Path],
    page_counts: dict[int, int],
    draft: bool,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    shared: tuple[dict[int, EntryCheck], dict[tuple[Path, ...], tuple[bytes, int]]],
) -> int:
    """The numbered files and ``全部材料.pdf`` for the counter; returns the bundle's pages.

    ``shared``: the entries' recorded checks (by checklist number), and the item PDFs made
    here by their files, for the upload kit to take as they are.
    """
    checks, made_pdfs = shared
    total = len(plan.items) + 3
    for done, item in enumerate(plan.items, start=1):
        if cancelled and cancelled():
            raise Cancelled([])
        if not item.files:  # held on paper only: listed in the 材料目录, no file
            continue
        check = checks.get(item.row_number)
        data, pages = item_pdf(
            item.files,
            title=f"{item.number:02d} {item.title}",
            cards=item.cards,
            turns=check.turns if check else None,
        )
        made_pdfs[item.files] = (data, pages)
        path = temp / item.filename
        path.write_bytes(data)
        built[item.filename] = path
        page_counts[item.row_number] = pages
        if progress:
            progress(done, total)
    parts = [
        BundlePart(
            i.number,
            i.title,
            i.copy_kind,
            built[i.filename] if i.files else None,
            page_counts.get(i.row_number, 0),
        )
        for i in plan.items
    ]
    merged, pages = build_bundle(plan.head, parts, draft=draft)
    (temp / MERGED_NAME).write_bytes(merged)
    built[MERGED_NAME] = temp / MERGED_NAME
    return pages


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
        return {str(k): str(v) for k, v in data.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _put(source: Path, target: Path) -> None:
    """Move a built file into the case folder, replacing the app's old one."""
    target.parent.mkdir(parents=True, exist_ok=True)  # the upload kit's login folders
    os.replace(source, target)


def _move_into_place(folder: Path, built: dict[str, Path]) -> AssemblyResult:
    """Move the built files in and drop the app's files no longer needed.

    The manifest is saved whatever happens: the files moved (or removed) so far with their
    new state, the app's files not reached yet with their old entries — so a file moved in
    before a failure is still known as the app's and is updated, not written beside, next time.
    """
    result = AssemblyResult(folder)
    old = _read_manifest(folder)
    ours = {
        name
        for name, digest in old.items()
        if (folder / name).is_file() and sha256_of(folder / name) == digest
    }
    # What is on disk now; updated as each file is moved.
    manifest = {name: old[name] for name in ours}
    placed: set[str] = set()
    try:
        for name, source in built.items():
            digest = sha256_of(source)
            target = folder / name
            if target.exists() and name not in ours:
                result.kept.append(target)
                name = _beside(folder, name, ours)
                target = folder / name
            if target.exists() and name in ours and old.get(name) == digest:
                result.unchanged.append(target)
            else:
                _put(source, target)
                manifest[name] = digest
                result.written.append(target)
            placed.add(name)
            if source.name == MERGED_NAME:
                result.merged = target
            elif source.name == COVER_NAME:
                result.cover = target
        for name in sorted(ours - placed):
            (folder / name).unlink()
            del manifest[name]
            result.removed.append(folder / name)
    finally:
        write_atomic(
            folder / MANIFEST,
            json.dumps({"files": manifest}, ensure_ascii=False, indent=1).encode("utf-8"),
        )
    return result


def _beside(folder: Path, name: str, ours: set[str]) -> str:
    """A name for the app's file next to the clerk's file of the same name (stable across reassemblies)."""
    stem, suffix = os.path.splitext(name)
    candidate, number = f"{stem} (程序生成){suffix}", 2
    while (folder / candidate).exists() and candidate not in ours:
        candidate = f"{stem} (程序生成)({number}){suffix}"
        number += 1
    return candidate
