"""Fixing an item's attached scans with the clerk's consent — the case window and ``wrc case fix``.

:func:`suggested` lists, for each scan of an item, the fixes that apply
(:mod:`wrc_desktop.documents.scan_fixes`: turn upright, straighten, convert to PDF, compress
to the size limit of the preferences) — it reads the images, so the window runs it as long
work. :func:`apply` writes each fixed file beside its original (the original is kept), records
it as the scan's fixed version, and checks the fixed file again; the upload kit then takes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..documents import scan_fixes
from ..documents.case_files import resolve_folder
from ..documents.scan_checks import ScanFinding, check_scan
from ..documents.scans import CARD_ITEMS
from ..rules.errors import WrcError
from ..store import case_views
from .changes import Changes
from .core import Desk


@dataclass(frozen=True)
class FileFixes:
    """One attached scan and what fixing it does."""

    name: str  # as the clerk knows it (the name it was attached under)
    original: str  # relative to the case folder
    fixed_name: str  # the new file written beside it
    fixes: tuple[scan_fixes.ScanFix, ...]
    applied: bool = False  # its fixed version is recorded and still current

    @property
    def lines(self) -> list[str]:
        return [fix.text for fix in self.fixes]


@dataclass
class FixResult:
    """What :func:`apply` did: one fixed file per scan, and what the checks find in it."""

    fixed: list[tuple[FileFixes, Path]] = field(default_factory=list)
    rechecked: list[str] = field(default_factory=list)  # findings still on the fixed files
    changes: Changes = field(default_factory=Changes)


@dataclass(frozen=True)
class _Scan:
    path: Path
    relative: str
    name: str
    card: bool
    photo: bool


def _scans(desk: Desk, case_id: int, key: str) -> tuple[Path, list[_Scan]]:
    rules = desk.rules()
    with desk._session() as session:
        view = case_views.case_view(session, case_id, rules=rules)
    row = next((r for r in view.rows if r.key == key), None)
    if row is None:
        raise WrcError(f"办理事项 {view.case.number} 的材料清单中没有“{key}”")
    if not view.case.folder:
        return Path(), []
    folder = resolve_folder(desk.case_root, view.case.folder)
    photo = bool(row.item and row.item.upload and row.item.upload.format == "jpg")
    card = key.split(".")[0] in CARD_ITEMS
    scans = [
        _Scan(folder / a.path, a.path, a.original_name or Path(a.path).name, card, photo)
        for a in row.attachments
        if a.kind == "file" and (folder / a.path).is_file()
    ]
    return folder, scans


def _findings(scan: _Scan) -> list[ScanFinding]:
    return check_scan(scan.path, card=scan.card)


def suggested(desk: Desk, case_id: int, key: str) -> list[FileFixes]:
    """Every attached scan of item ``key`` that a fix applies to (reads the images: long work)."""
    max_mb = desk.preferences().upload_max_mb
    folder, scans = _scans(desk, case_id, key)
    found = []
    for scan in scans:
        fixes = scan_fixes.suggested_fixes(
            scan.path, _findings(scan), max_mb=max_mb, card=scan.card, photo=scan.photo
        )
        if fixes:
            found.append(
                FileFixes(
                    scan.name,
                    scan.relative,
                    scan_fixes.fixed_name(scan.path, photo=scan.photo),
                    tuple(fixes),
                    scan_fixes.fixed_version(folder, scan.relative) is not None,
                )
            )
    return found


def apply(desk: Desk, case_id: int, key: str) -> FixResult:
    """Apply every suggested fix of item ``key``: new files beside the originals, recorded."""
    max_mb = desk.preferences().upload_max_mb
    folder, scans = _scans(desk, case_id, key)
    result = FixResult(changes=Changes.of_case(case_id))
    for scan in scans:
        findings = _findings(scan)
        fixes = scan_fixes.suggested_fixes(
            scan.path, findings, max_mb=max_mb, card=scan.card, photo=scan.photo
        )
        if not fixes:
            continue
        written = scan_fixes.apply_fixes(
            scan.path, findings, max_mb=max_mb, card=scan.card, photo=scan.photo
        )
        relative = written.relative_to(folder).as_posix()
        scan_fixes.record_fixed(folder, scan.relative, relative, fixes)
        entry = FileFixes(scan.name, scan.relative, written.name, tuple(fixes), True)
        result.fixed.append((entry, written))
        result.rechecked += [f.text for f in check_scan(written, card=scan.card)]
    return result
