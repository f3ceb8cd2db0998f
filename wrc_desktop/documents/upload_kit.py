"""The upload kit: a case as the online system (北京国际人才网) takes it.

``<case folder>/上传/`` holds one folder per login — ``单位上传/`` and ``申请人上传/`` — and in
each, one file per slot of the system, named by the slot: a colour PDF (the scans turned
upright by their EXIF orientation and, where the OCR extra is installed, by their text's
direction as recorded when they were attached; images at their real size), the system photo
as a JPG. The clerk's scan files are never changed.
``上传/上传清单.pdf`` lists every slot: where it goes (login → module → attachment name),
its file, what must be on the paper before it is scanned (tick boxes, from the item's
preparation), and what the reviewer's checks found (:mod:`.scan_checks`) — for every file,
whether its direction was checked by its text (and how many pages were turned) or by EXIF
only, never that it is upright without a check.

The slot data come from the checklist (``upload`` of each item, quoting 002 and 000); a slot
no guide names goes to "其他材料" and says 未核实. The kit is built in the assembly's temporary
folder and moved in with the rest (all or nothing). The online system's per-file size limit
is not in the guides: :data:`DEFAULT_MAX_MB` is a default, marked unverified.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps

from ..atomic import safe_filename
from ..rules.checklists import UploadSlot, upload_slot
from ..rules.errors import WrcError
from .scan_checks import (
    DIRECTION_NOT_READ,
    DIRECTION_READ,
    DIRECTION_UNCHECKED,
    direction_readable,
    scan_report,
)
from .scans import IMAGE_SUFFIXES, item_pdf

UPLOAD_DIR = "上传"
LOGIN_DIRS = {"单位": "单位上传", "申请人": "申请人上传"}
LIST_NAME = "上传清单.pdf"
DEFAULT_MAX_MB = 10.0  # 未核实: the guides give no per-file limit
PHOTO_QUALITY = 92
UNVERIFIED = "未核实 — 请向区人力社保局确认"


@dataclass(frozen=True)
class KitEntry:
    """One checklist item's slot in the online system, with the clerk's files for it."""

    number: int  # the item's number in the case's checklist
    title: str
    slot: UploadSlot
    files: tuple[Path, ...]
    preparation: tuple[str, ...]  # what must be on the paper before it is scanned
    required: bool = True
    cards: bool = False

    @property
    def where(self) -> str:
        return f"{self.slot.login}账号 → {self.slot.module} → {self.slot.slot}"


@dataclass
class KitFile:
    """What :func:`build_kit` made for one entry."""

    entry: KitEntry
    relative: str  # "上传/单位上传/劳动合同.pdf"; "" when the item has no file yet
    pages: int = 0
    size: int = 0
    findings: list[str] = field(default_factory=list)
    direction_read: bool = False  # every page's direction checked by its text
    turned: int = 0  # pages turned upright by their text
    photo: bool = False  # the system's 证件照片 (JPG): upright by EXIF, it has no text
    unchecked: bool = False  # the reader is installed, but a file's check was not recorded


def preparation_steps(preparation: str) -> tuple[str, ...]:
    """The item's preparation as separate tick boxes (the data separates steps with "；")."""
    return tuple(step.strip(" 。") for step in preparation.split("；") if step.strip(" 。"))


def kit_entry(
    number: int,
    title: str,
    provider: str,
    slot: UploadSlot | None,
    files: Sequence[Path],
    *,
    preparation: str = "",
    required: bool = True,
    cards: bool = False,
) -> KitEntry:
    return KitEntry(
        number,
        title,
        slot or upload_slot(None, provider, title),
        tuple(files),
        preparation_steps(preparation),
        required,
        cards,
    )


def kit_relative(slot: UploadSlot, suffix: str, taken: set[str]) -> str:
    folder = f"{UPLOAD_DIR}/{LOGIN_DIRS.get(slot.login, LOGIN_DIRS['申请人'])}"
    stem = safe_filename(slot.slot, max_length=40)
    name, number = f"{folder}/{stem}{suffix}", 2
    while name in taken:  # two items under one attachment name: numbered, never overwritten
        name, number = f"{folder}/{stem}（{number}）{suffix}", number + 1
    taken.add(name)
    return name


def photo_jpeg(path: Path) -> bytes:
    """The system photo as the JPG the system takes: upright, colour (RGB), no transparency."""
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise WrcError(f"证件照片“{path.name}”须为 JPG 或 PNG 图片")
    with Image.open(path) as image:
        upright = ImageOps.exif_transpose(image).convert("RGB")
        buffer = io.BytesIO()
        upright.save(buffer, "JPEG", quality=PHOTO_QUALITY)
    return buffer.getvalue()


@dataclass
class EntryCheck:
    """What the attach checks recorded for one entry's files (:func:`check_entry`)."""

    findings: list[str] = field(default_factory=list)
    turns: dict[Path, list[int]] = field(default_factory=dict)
    read: bool = False  # every page's direction was read by its text
    unchecked: bool = False  # the reader is installed but some file's check is not recorded
    turned: int = 0
    photo: bool = False


def check_entry(entry: KitEntry, *, read_direction: bool | None = None) -> EntryCheck:
    """The entry's findings and pages' turns as the checks at attach recorded them.

    No page is read here: a file whose check is not recorded is checked without its text's
    direction and the list says so (:data:`DIRECTION_UNCHECKED`). ``read_direction``: whether
    the reader is installed (default :func:`direction_readable`).
    """
    readable = direction_readable() if read_direction is None else read_direction
    # A portrait has no text to read the way up from: the system photo turns by EXIF only.
    photo = entry.slot.format == "jpg" and entry.files[0].suffix.lower() in IMAGE_SUFFIXES
    check = EntryCheck(read=True, photo=photo)
    for path in entry.files:
        report = scan_report(path, card=entry.cards, read_direction=False)
        check.findings += [f.text for f in report.findings]
        check.turns[path] = [turn or 0 for turn in report.turns]
        check.read = check.read and report.direction_read
        check.turned += report.turned_pages
        check.unchecked = check.unchecked or (readable and not photo and not report.direction_read)
    return check


def build_kit(
    entries: Sequence[KitEntry],
    temp: Path,
    *,
    max_mb: float = DEFAULT_MAX_MB,
    read_direction: bool | None = None,
    checks: Mapping[int, EntryCheck] | None = None,
    made_pdfs: Mapping[tuple[Path, ...], tuple[bytes, int]] | None = None,
) -> tuple[dict[str, Path], list[KitFile]]:
    """Every slot's file written under ``temp``; returns name → built path, and the list's rows.

    The pages' turns and findings are those recorded when the files were attached
    (:func:`check_entry`; ``checks`` by entry number when already taken). ``made_pdfs``: the
    item PDFs the assembly already made of the same files, turned the same way (the counter's
    numbered files), used as they are rather than rendered again.
    """
    built: dict[str, Path] = {}
    made: list[KitFile] = []
    taken: set[str] = set()
    for entry in entries:
        if not entry.files:
            made.append(KitFile(entry, ""))
            continue
        check = (checks or {}).get(entry.number) or check_entry(
            entry, read_direction=read_direction
        )
        findings = list(check.findings)
        if check.photo:
            data, pages = photo_jpeg(entry.files[0]), 1
            relative = kit_relative(entry.slot, ".jpg", taken)
            if len(entry.files) > 1:
                findings.append(f"证件照片只上传一张，已使用“{entry.files[0].name}”")
        else:
            data, pages = (made_pdfs or {}).get(entry.files) or item_pdf(
                entry.files, title=entry.slot.slot, cards=entry.cards, turns=check.turns
            )
            relative = kit_relative(entry.slot, ".pdf", taken)
        if len(data) > max_mb * 1024 * 1024:
            findings.append(
                f"文件 {len(data) / 1048576:.1f} MB，超过每个附件 {max_mb:g} MB 的上限"
                f"（上限为程序默认值，{UNVERIFIED}），请以较低分辨率（300 dpi）重新扫描"
            )
        target = temp / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        built[relative] = target
        made.append(
            KitFile(
                entry,
                relative,
                pages,
                len(data),
                findings,
                check.read,
                check.turned,
                check.photo,
                check.unchecked,
            )
        )
    return built, made


PHOTO_DIRECTION = "方向：按 EXIF 摆正（证件照片没有文字方向可核对）"


def direction_note(made: KitFile) -> str:
    """How the file's direction was checked: by its text (and the pages turned), or EXIF only."""
    if not made.relative:
        return ""
    if made.photo:
        return PHOTO_DIRECTION
    if made.unchecked:
        return DIRECTION_UNCHECKED.format(number=made.entry.number)
    if not made.direction_read:
        return DIRECTION_NOT_READ
    return DIRECTION_READ + (f"，已转正 {made.turned} 页" if made.turned else "")
