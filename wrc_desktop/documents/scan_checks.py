"""What a reviewer checks in a scan, checked when it is attached and again in the 上传清单.

002 四、（一）: "上传附件中的材料应为原件的四边轮廓、信息清晰有效且为正方向的PDF彩色扫描件". Each
finding cites those words and says whether the app can fix it (with the clerk's consent: the
upload kit turns pages upright by their EXIF orientation and converts every image to PDF) or
the clerk must scan again:

- black-and-white or greyscale where colour is asked (channels compared on a thumbnail);
- too few pixels for the page: below :data:`MIN_DPI` at the document's real size (the
  resolution the scanner recorded, else the size of what the image shows — a card at
  85.6 × 54 mm in a card item, otherwise an A4 page);
- stored on its side or upside down: by EXIF orientation always, and by the page's own text
  direction where the optional OCR reader is installed (:func:`direction_readable`). The
  turn each page needs and the findings are recorded beside the file (:data:`TURNS_FILE`, by
  the file's SHA-256) by the check that runs when it is attached, so the upload kit turns
  the page and lists the findings without reading the file again (it never reads a page's
  direction itself: :data:`DIRECTION_UNCHECKED`). Without the reader the 上传清单 says the
  direction was checked by EXIF only (:data:`DIRECTION_NOT_READ`), never that a page is upright;
- a blank page (almost no variation in brightness);
- content touching the border: ink in the outermost strip of a side, so an edge of the
  original is probably cut off ("四边轮廓").

A PDF the clerk attached is checked through the images it embeds (a scanner's PDF holds one
image a page); a page without images (a printed form) has nothing to check.
Pillow and pypdf (and the OCR extra's direction model when installed).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageStat, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .scans import CARD, IMAGE_SUFFIXES, PDF_SUFFIXES

SOURCE = "002 四、特别说明（一）"
QUOTE = "上传附件中的材料应为原件的四边轮廓、信息清晰有效且为正方向的PDF彩色扫描件"
DIRECTION_NOT_READ = "方向：仅按 EXIF 核对，未按文字方向核对（未安装识别组件）"
DIRECTION_READ = "方向：已按文字方向核对"
# Installed, but the check after attaching did not finish (or ran before it was installed):
# the kit does not read pages itself, so that its build takes a predictable time.
DIRECTION_UNCHECKED = (
    "方向：未按文字方向核对（添加后的检查未完成），请在办理事项窗口选中此项材料"
    "（或运行 wrc case fix <办理事项> {number} --dry-run）后重新整理"
)
TURNS_FILE = ".~方向核对.json"  # beside the scans; ".~": kept out of the folder's zip
TURN_WORDS = {90: "向左横放", 180: "上下颠倒", 270: "向右横放"}  # by the counter-clockwise turn
MIN_DPI = 150  # below this at real size, small print (a 小五 character is about 3 mm) turns coarse
A4_SHORT_INCHES = 210 / 25.4
CARD_SHORT_INCHES = CARD[1] / 72  # CARD is in points
GREY_SPREAD = 6  # mean channel difference (0–255) below which a colour image holds only grey
BLANK_DEVIATION = 4.0  # brightness standard deviation below which a page is blank
EDGE_STRIP = 0.01  # the outermost 1 % of a side
EDGE_INK = 0.03  # share of dark pixels in that strip that says something runs off the edge
INK_LEVEL = 110  # a pixel darker than this is ink, not paper or shadow
THUMBNAIL = 400

log = logging.getLogger("wrc.scans")


@dataclass(frozen=True)
class ScanFinding:
    """One thing a reviewer would reject; ``fixable``: the upload kit fixes it when it is built."""

    file: str
    page: int  # 1-based within the file
    code: str  # colour / resolution / orientation / blank / edge
    message: str
    fixable: bool = False
    source: str = SOURCE
    turn: int = 0  # direction: degrees (counter-clockwise) that stand the page upright

    @property
    def text(self) -> str:
        where = f"“{self.file}”" + (f"第 {self.page} 页" if self.page > 1 else "")
        fix = "（整理上传材料时自动更正）" if self.fixable else ""
        return f"{where}：{self.message}{fix}（依据 {self.source}）"

    @property
    def cited(self) -> str:
        """The finding with the guide's words, for a message on its own (attaching a file)."""
        return f"{self.text[:-1]}：“{QUOTE}”）"


def effective_dpi(image: Image.Image, size: tuple[int, int], *, card: bool) -> float:
    """Pixels per inch at the document's real size (recorded resolution, else a card or A4)."""
    recorded = image.info.get("dpi")
    try:
        dpi = min(float(value) for value in recorded)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        dpi = 0.0
    if dpi >= 50:  # below that a recorded resolution is a placeholder
        return dpi
    short = min(size)
    return short / (CARD_SHORT_INCHES if card else A4_SHORT_INCHES)


def is_greyscale(image: Image.Image) -> bool:
    if image.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return True
    rgb = image.convert("RGB")
    rgb.thumbnail((THUMBNAIL, THUMBNAIL))
    red, green, blue = rgb.split()
    spreads = [
        ImageStat.Stat(ImageChops.difference(first, second)).mean[0]
        for first, second in ((red, green), (green, blue), (red, blue))
    ]
    return max(spreads) < GREY_SPREAD


def is_blank(grey: Image.Image) -> bool:
    return ImageStat.Stat(grey).stddev[0] < BLANK_DEVIATION


def cut_edges(grey: Image.Image) -> list[str]:
    """The sides (上/下/左/右) where ink reaches the outermost strip of the image."""
    width, height = grey.size
    strip_x = max(1, round(width * EDGE_STRIP))
    strip_y = max(1, round(height * EDGE_STRIP))
    strips = {
        "上": (0, 0, width, strip_y),
        "下": (0, height - strip_y, width, height),
        "左": (0, 0, strip_x, height),
        "右": (width - strip_x, 0, width, height),
    }
    sides = []
    for side, box in strips.items():
        region = grey.crop(box)
        histogram = region.histogram()
        ink = sum(histogram[:INK_LEVEL]) / max(1, region.width * region.height)
        if ink > EDGE_INK:
            sides.append(side)
    return sides


def check_image(
    image: Image.Image,
    name: str,
    *,
    page: int = 1,
    card: bool = False,
    colour: bool = True,
    turn: int | None = None,
) -> list[ScanFinding]:
    """The reviewer's checks on one image (already opened; EXIF orientation as stored).

    ``turn``: what the page's text says it needs to stand upright (:func:`text_turn`, after
    EXIF), None when its direction was not read.
    """
    findings = []
    orientation = image.getexif().get(0x0112, 1)
    if orientation in (3, 6, 8):
        turned = {3: "上下颠倒", 6: "向右横放", 8: "向左横放"}[orientation]
        findings.append(
            ScanFinding(name, page, "orientation", f"图片按 EXIF 记录为{turned}", fixable=True)
        )
    if turn:
        findings.append(direction_finding(name, page, turn))
    upright = ImageOps.exif_transpose(image)
    dpi = effective_dpi(image, upright.size, card=card)
    if dpi < MIN_DPI:
        findings.append(
            ScanFinding(
                name,
                page,
                "resolution",
                f"分辨率不足：按{'证件' if card else ' A4 页面'}实际尺寸约 {dpi:.0f} dpi，"
                f"低于 {MIN_DPI} dpi，请用扫描仪以 300 dpi 重新扫描",
            )
        )
    grey = upright.convert("L")
    grey.thumbnail((THUMBNAIL * 2, THUMBNAIL * 2))
    if is_blank(grey):  # nothing on it: its colour and edges say nothing
        findings.append(ScanFinding(name, page, "blank", "空白页，请检查是否扫描了正确的一面"))
    else:
        if colour and is_greyscale(upright):
            findings.append(
                ScanFinding(
                    name, page, "colour", "黑白或灰度扫描件，须为彩色扫描件，请以彩色模式重新扫描"
                )
            )
        sides = cut_edges(grey)
        if sides:
            findings.append(
                ScanFinding(
                    name,
                    page,
                    "edge",
                    f"内容触及图片{'、'.join(sides)}边缘，原件四边可能未扫全，请留出边距重新扫描",
                )
            )
    return findings


@dataclass
class ScanReport:
    """One file's findings, and the turn each page needs by its text (None: not read)."""

    findings: list[ScanFinding] = field(default_factory=list)
    turns: list[int | None] = field(default_factory=list)

    @property
    def direction_read(self) -> bool:
        return bool(self.turns) and all(turn is not None for turn in self.turns)

    @property
    def turned_pages(self) -> int:
        return sum(1 for turn in self.turns if turn)


def direction_readable() -> bool:
    """Whether a page's text direction can be read: the optional OCR extra is installed."""
    from ..scanread import available

    return available()


def text_turn(upright: Image.Image) -> int | None:
    """Degrees (counter-clockwise) the EXIF-upright ``upright`` needs by its text; None if unread."""
    from ..scanread import OcrUnavailable, upright_turn

    try:
        return upright_turn(upright)
    except OcrUnavailable:  # installed without its model files: as if not installed
        return None


def direction_finding(name: str, page: int, turn: int) -> ScanFinding:
    words = TURN_WORDS.get(turn % 360, f"旋转了 {turn}°")
    return ScanFinding(
        name, page, "direction", f"按文字方向，页面{words}，须为正方向", fixable=True, turn=turn
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _records(folder: Path) -> dict[str, object]:
    try:
        kept = json.loads((folder / TURNS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return kept if isinstance(kept, dict) else {}


def _entry(kept: object) -> dict[str, object]:
    """One file's record; an older record holds the pages' turns only (a list)."""
    if isinstance(kept, list):
        return {"turns": kept}
    return dict(kept) if isinstance(kept, dict) else {}


def recorded(path: Path, part: str) -> dict[str, object]:
    """What the checks kept for this file's content under ``part`` (variant → value)."""
    found = _entry(_records(path.parent).get(_sha256(path))).get(part)
    return found if isinstance(found, dict) else {}


def record(path: Path, part: str, variant: str, value: object) -> None:
    """Keep ``value`` for this file's content, beside it (a failure only costs a re-check)."""
    kept = _records(path.parent)
    digest = _sha256(path)
    entry = _entry(kept.get(digest))
    found = entry.get(part)
    entry[part] = {**(found if isinstance(found, dict) else {}), variant: value}
    kept[digest] = entry
    _write_records(path.parent, kept)


def _write_records(folder: Path, kept: dict[str, object]) -> None:
    try:
        (folder / TURNS_FILE).write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    except OSError as error:
        log.warning("scan checks not recorded for a scan: %s", error.strerror)


def recorded_turns(path: Path) -> list[int] | None:
    """The turns recorded for this file's content when its direction was read, if any."""
    found = _entry(_records(path.parent).get(_sha256(path))).get("turns")
    if isinstance(found, list) and all(isinstance(t, int) for t in found):
        return found
    return None


def record_turns(path: Path, turns: list[int]) -> None:
    """Keep ``turns`` beside ``path`` by its content's SHA-256 (a failure only costs a re-read)."""
    kept = _records(path.parent)
    digest = _sha256(path)
    kept[digest] = {**_entry(kept.get(digest)), "turns": turns}
    _write_records(path.parent, kept)


def check_scan(path: Path, *, card: bool = False, colour: bool = True) -> list[ScanFinding]:
    """Every finding for one attached file (an image, or the images a PDF embeds)."""
    return scan_report(path, card=card, colour=colour).findings


def scan_report(
    path: Path, *, card: bool = False, colour: bool = True, read_direction: bool | None = None
) -> ScanReport:
    """One file's findings and pages' turns: checked once, then taken from the record.

    ``read_direction``: whether to read the text's direction when no turn is recorded for the
    file (default: when the OCR extra is installed, :func:`direction_readable`). A recorded
    check is used whatever it says: the upload kit passes False and never reads a page.
    """
    path = Path(path)
    read = direction_readable() if read_direction is None else read_direction
    exists = path.is_file()
    known = recorded_turns(path) if exists else None
    variant = f"card={int(card)},colour={int(colour)}"
    if known is not None:
        kept = _kept_findings(recorded(path, "findings").get(variant))
        if kept is not None:
            turns: list[int | None] = [*known]
            return ScanReport(kept, turns)
    report = _checked(path, card=card, colour=colour, read=read, known=known)
    if exists and known is None and read and report.direction_read:
        record_turns(path, [turn or 0 for turn in report.turns])
    if exists and (known is not None or (read and report.direction_read)):
        record(path, "findings", variant, [asdict(finding) for finding in report.findings])
    return report


def _kept_findings(kept: object) -> list[ScanFinding] | None:
    if not isinstance(kept, list):
        return None
    try:
        return [ScanFinding(**finding) for finding in kept]
    except TypeError:  # recorded by another version: checked again
        return None


def _checked(
    path: Path, *, card: bool, colour: bool, read: bool, known: list[int] | None
) -> ScanReport:
    suffix = path.suffix.lower()
    try:
        if suffix in IMAGE_SUFFIXES:
            with Image.open(path) as image:
                image.draft("RGB", (2480, 2480))
                turn = _known(known, 0) if known else _read_turn(image, read)
                return ScanReport(
                    check_image(image, path.name, card=card, colour=colour, turn=turn), [turn]
                )
        if suffix in PDF_SUFFIXES:
            return _check_pdf(path, colour=colour, read=read, known=known)
        return ScanReport()
    except (UnidentifiedImageError, OSError, PdfReadError, ValueError):
        return ScanReport([ScanFinding(path.name, 1, "unreadable", "无法读取，未能检查扫描质量")])


def _known(known: list[int] | None, index: int) -> int | None:
    return known[index] if known is not None and index < len(known) else None


def _read_turn(image: Image.Image, read: bool, *, rotation: int = 0) -> int | None:
    """The turn by the text of ``image`` as shown (EXIF, then a PDF page's clockwise rotation)."""
    if not read:
        return None
    shown = ImageOps.exif_transpose(image)
    if rotation % 360:
        shown = shown.rotate(-rotation, expand=True)
    return text_turn(shown)


def _check_pdf(path: Path, *, colour: bool, read: bool, known: list[int] | None) -> ScanReport:
    report = ScanReport()
    for number, page in enumerate(PdfReader(path).pages, start=1):
        images = list(page.images)
        if len(images) != 1:  # a printed or generated page: not a scan, printed upright
            report.turns.append(0 if read else None)
            continue
        with Image.open(io.BytesIO(images[0].data)) as image:
            # A scanner's PDF page is the image: its real size is the page's size.
            width_inches = float(page.mediabox.width) / 72
            height_inches = float(page.mediabox.height) / 72
            image.info["dpi"] = (
                image.width / max(width_inches, 0.01),
                image.height / max(height_inches, 0.01),
            )
            if known is not None:
                turn = _known(known, number - 1)
            else:
                turn = _read_turn(image, read, rotation=page.rotation)
            report.turns.append(turn)
            report.findings += check_image(image, path.name, page=number, colour=colour, turn=turn)
    return report
