"""The fixes the app can make to an attached scan, applied only with the clerk's consent.

002 四、（一） asks for "正方向的PDF彩色扫描件". What :mod:`.scan_checks` finds and the app can
put right without a new scan:

- a page stored on its side or upside down — turned by its EXIF orientation, or by the turn
  a text-direction reading recorded on the finding (a ``turn`` in degrees clockwise);
- a page scanned a few degrees askew — straightened (the angle whose horizontal ink profile
  is sharpest: text lines line up with the pixel rows; Pillow only);
- an image where the system takes a PDF — converted to a colour PDF page at its real size
  (the resolution it records, else a card or an A4 page, as the checks read it);
- a file over the online system's per-file limit (not in the guides: a preference, its
  default marked 未核实) — recompressed, and scaled down no further than :data:`MIN_DPI`.

Applying writes a NEW file beside the original (a temporary name, then a rename: all or
nothing); the original scan is never changed. ``.wrc-fixes.json`` in the case folder records
each original's fixed version with the original's SHA-256: the upload kit takes the fixed
file while the original is the one it was made from. The system photo stays a JPG. A PDF the clerk
attached is left as it is (its pages are not re-encoded).
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageOps
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ..atomic import write_bytes, write_text
from .case_files import sha256_of
from .scan_checks import MIN_DPI, ScanFinding, effective_dpi, record, recorded, scan_report
from .scans import IMAGE_SUFFIXES

FIXED_MARK = "（已修正）"
FIXES_RECORD = ".wrc-fixes.json"
MAX_SKEW = 5.0  # degrees: beyond this a page was not fed askew, it was laid on the glass so
SKEW_STEP = 0.5
MIN_SKEW = 0.5  # below this nobody sees it, and resampling costs sharpness
PROFILE_WIDTH = 500
QUALITIES = (85, 75, 65)
EXIF_TURNS = {3: 180, 6: 90, 8: 270}  # EXIF orientation → degrees clockwise to upright
UNVERIFIED_LIMIT = "未核实"


@dataclass(frozen=True)
class ScanFix:
    """One fix for one file; ``text`` says in Chinese what applying it does."""

    code: str  # turn / deskew / pdf / compress
    text: str
    degrees: float = 0.0  # turn: clockwise; deskew: counter-clockwise correction
    size: int = 0  # compress: the expected size in bytes


def turn_text(degrees: int) -> str:
    if degrees == 180:
        return "转正 180°（上下颠倒）"
    return "向右转正 90°" if degrees == 90 else "向左转正 90°"


def fixed_name(path: Path, *, photo: bool) -> str:
    return f"{path.stem}{FIXED_MARK}{'.jpg' if photo else '.pdf'}"


def _turn_of(findings: list[ScanFinding]) -> int:
    """Degrees clockwise the page's text direction says to turn after its EXIF turn."""
    for finding in findings:
        # The text-direction check records ``turn`` on its finding where the reader is installed.
        turn = getattr(finding, "turn", 0)
        if finding.code != "orientation" and isinstance(turn, int) and turn % 360:
            return turn % 360
    return 0


def skew_angle(image: Image.Image) -> float:
    """The small rotation (degrees, counter-clockwise positive) that levels the text lines."""
    ink = ImageOps.invert(image.convert("L"))
    ink.thumbnail((PROFILE_WIDTH, PROFILE_WIDTH))

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0)
        rows = turned.resize((1, turned.height), Image.Resampling.BOX)  # each row's mean ink
        values = list(rows.tobytes())  # mode L: one byte a row
        mean = sum(values) / len(values)
        return sum((v - mean) ** 2 for v in values)

    def sharpest(angles: list[float]) -> float:
        # the smaller turn wins a tie: a straight page stays as it is
        return max(angles, key=lambda angle: (sharpness(angle), -abs(angle)))

    steps = int(MAX_SKEW / SKEW_STEP)
    best = sharpest([step * SKEW_STEP for step in range(-steps, steps + 1)])
    fine = sharpest([round(best + offset / 10, 1) for offset in range(-3, 4)])
    return fine


def _upright(image: Image.Image, text_turn: int) -> Image.Image:
    """Turned by EXIF, then by what the text direction says is left to turn."""
    upright = ImageOps.exif_transpose(image)
    if text_turn:
        upright = upright.rotate(-text_turn, expand=True)
    return upright


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def _pdf(jpeg: bytes, size: tuple[int, int], dpi: float) -> bytes:
    """One colour page at the image's real size, the JPEG embedded as it is."""
    # A hair under, to the 1/100 pt the PDF keeps: read back, the page is never below ``dpi``.
    width, height = (math.floor(pixels / dpi * 7200 - 0.5) / 100 for pixels in size)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    page.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, width, height)
    page.showPage()
    page.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class _Plan:
    turn: int  # degrees clockwise in all (EXIF and text direction): what the clerk is told
    text_turn: int  # the part the text direction adds after the EXIF turn
    skew: float
    dpi: float
    photo: bool


def _render(image: Image.Image, plan: _Plan, limit: int) -> tuple[bytes, bool]:
    """The fixed file's bytes; ``True`` when it had to be compressed to fit ``limit``."""
    page = _upright(image, plan.text_turn)
    if plan.skew:
        page = page.convert("RGB").rotate(
            plan.skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white"
        )
    data = _encode(page, 1.0, QUALITIES[0], plan)
    if len(data) <= limit:
        return data, False
    # The size goes with the pixel count: scale down by the square root of what is too much
    # (a little more, for the JPEG's overhead), never below MIN_DPI at the real size.
    floor = min(1.0, MIN_DPI / plan.dpi)
    scale = max(floor, min(1.0, (limit / len(data)) ** 0.5 * 0.95))
    for quality in QUALITIES:
        data = _encode(page, scale, quality, plan)
        if len(data) <= limit:
            return data, True
    return _encode(page, floor, QUALITIES[-1], plan), True


def _encode(page: Image.Image, scale: float, quality: int, plan: _Plan) -> bytes:
    if scale < 1:
        size = (round(page.width * scale), round(page.height * scale))
        page = page.resize(size, Image.Resampling.LANCZOS)
    jpeg = _jpeg(page, quality)
    return jpeg if plan.photo else _pdf(jpeg, page.size, plan.dpi * scale)


def _plan(image: Image.Image, findings: list[ScanFinding], *, card: bool, photo: bool) -> _Plan:
    text_turn = _turn_of(findings)
    turn = (EXIF_TURNS.get(image.getexif().get(0x0112, 1), 0) + text_turn) % 360
    upright = _upright(image, text_turn)
    # A portrait has no text lines to level: the system photo is only turned and compressed.
    skew = 0.0 if photo else skew_angle(upright)
    dpi = effective_dpi(image, upright.size, card=card)
    return _Plan(turn, text_turn, skew if abs(skew) >= MIN_SKEW else 0.0, dpi, photo)


def _describe(plan: _Plan, compressed: int, max_mb: float) -> list[ScanFix]:
    fixes = []
    if plan.turn:
        fixes.append(ScanFix("turn", turn_text(plan.turn), plan.turn))
    if plan.skew:
        fixes.append(ScanFix("deskew", f"纠正倾斜 {abs(plan.skew):.1f}°", plan.skew))
    if not plan.photo:
        fixes.append(ScanFix("pdf", f"转为彩色 PDF（按实际尺寸，约 {plan.dpi:.0f} dpi）"))
    if compressed:
        limit = f"上限 {max_mb:g} MB，{UNVERIFIED_LIMIT}"
        text = (
            f"压缩到 {compressed / 1048576:.1f} MB（{limit}）"
            if compressed <= max_mb * 1048576
            # not below MIN_DPI: a rescan at a lower resolution or in fewer pages is the way
            else f"压缩到 {compressed / 1048576:.1f} MB，仍超过{limit}，请分开扫描或重新扫描"
        )
        fixes.append(ScanFix("compress", text, size=compressed))
    return fixes


def suggested_fixes(
    path: Path,
    findings: list[ScanFinding],
    *,
    max_mb: float,
    card: bool = False,
    photo: bool = False,
) -> list[ScanFix]:
    """The fixes that apply to one attached file (nothing for a PDF or an upright photo)."""
    path = Path(path)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return []
    # What they are depends on the file's content, the turn its text asks for and the limit:
    # kept beside the scan with its checks, so the 上传清单 lists them without rendering.
    variant = f"max_mb={max_mb:g},card={int(card)},photo={int(photo)},turn={_turn_of(findings)}"
    kept = recorded(path, "fixes").get(variant)
    if isinstance(kept, list):
        try:
            return [ScanFix(**fix) for fix in kept]
        except TypeError:  # recorded by another version: made again
            pass
    fixes = _suggested(path, findings, max_mb=max_mb, card=card, photo=photo)
    record(path, "fixes", variant, [asdict(fix) for fix in fixes])
    return fixes


def _suggested(
    path: Path, findings: list[ScanFinding], *, max_mb: float, card: bool, photo: bool
) -> list[ScanFix]:
    limit = int(max_mb * 1024 * 1024)
    with Image.open(path) as image:
        plan = _plan(image, findings, card=card, photo=photo)
        oversized = path.stat().st_size > limit
        compressed = 0
        if oversized or not photo:
            data, squeezed = _render(image, plan, limit)
            compressed = len(data) if squeezed or oversized else 0
    fixes = _describe(plan, compressed, max_mb)
    if photo and not (plan.turn or plan.skew or compressed):
        return []
    return fixes


def apply_fixes(
    path: Path,
    findings: list[ScanFinding],
    *,
    max_mb: float,
    card: bool = False,
    photo: bool = False,
) -> Path:
    """Write the fixed file beside ``path`` (temporary name, then rename); the original is kept."""
    path = Path(path)
    limit = int(max_mb * 1024 * 1024)
    with Image.open(path) as image:
        data, _ = _render(image, _plan(image, findings, card=card, photo=photo), limit)
    target = path.with_name(fixed_name(path, photo=photo))
    return write_bytes(target, data)


def _read_record(folder: Path) -> dict[str, dict]:
    try:
        data = json.loads((Path(folder) / FIXES_RECORD).read_text("utf-8"))
        files = data.get("files", {})
        return {str(k): dict(v) for k, v in files.items() if isinstance(v, dict)}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def record_fixed(folder: Path, original: str, fixed: str, fixes: list[ScanFix]) -> None:
    """Record ``fixed`` (relative to the case folder) as the fixed version of ``original``."""
    folder = Path(folder)
    record = _read_record(folder)
    record[original] = {
        "fixed": fixed,
        "original_sha256": sha256_of(folder / original),
        "fixes": [fix.text for fix in fixes],
    }
    text = json.dumps({"files": record}, ensure_ascii=False, indent=1)
    write_text(folder / FIXES_RECORD, text)


def fixed_version(folder: Path, original: str) -> Path | None:
    """The recorded fixed file of ``original``, if it exists and was made from the file there now."""
    entry = _read_record(folder).get(original)
    if not entry:
        return None
    fixed = Path(folder) / str(entry.get("fixed", ""))
    source = Path(folder) / original
    if not (fixed.is_file() and source.is_file()):
        return None
    return fixed if sha256_of(source) == entry.get("original_sha256") else None


def unapplied_notes(
    files: list[Path], *, max_mb: float, card: bool = False, photo: bool = False
) -> list[str]:
    """For the 上传清单: each file whose suggested fixes were not applied, and what they are.

    Converting to PDF is left out: the kit makes the PDF the system takes in any case.
    """
    notes = []
    for path in files:
        # As recorded when the file was checked: the kit reads no page's direction.
        findings = scan_report(path, card=card, read_direction=False).findings
        fixes = suggested_fixes(path, findings, max_mb=max_mb, card=card, photo=photo)
        wanted = [fix.text for fix in fixes if fix.code != "pdf"]
        if wanted:
            notes.append(
                f"“{path.name}”建议的修正未应用：{'、'.join(wanted)}"
                "（可在办理事项窗口“应用建议的修正…”或 wrc case fix 中应用）"
            )
    return notes
