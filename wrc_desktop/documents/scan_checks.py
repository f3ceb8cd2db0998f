"""What a reviewer checks in a scan, checked when it is attached and again in the 上传清单.

002 四、（一）: "上传附件中的材料应为原件的四边轮廓、信息清晰有效且为正方向的PDF彩色扫描件". Each
finding cites those words and says whether the app can fix it (with the clerk's consent: the
upload kit turns pages upright by their EXIF orientation and converts every image to PDF) or
the clerk must scan again:

- black-and-white or greyscale where colour is asked (channels compared on a thumbnail);
- too few pixels for the page: below :data:`MIN_DPI` at the document's real size (the
  resolution the scanner recorded, else the size of what the image shows — a card at
  85.6 × 54 mm in a card item, otherwise an A4 page);
- stored on its side or upside down (EXIF orientation). The page's own text direction is
  not read (that needs an OCR reader, not part of the app): :data:`DIRECTION_NOT_READ` says
  so for every page, never that a page is upright;
- a blank page (almost no variation in brightness);
- content touching the border: ink in the outermost strip of a side, so an edge of the
  original is probably cut off ("四边轮廓").

A PDF the clerk attached is checked through the images it embeds (a scanner's PDF holds one
image a page); a page without images (a printed form) has nothing to check.
Pillow and pypdf only.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageStat, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .scans import CARD, IMAGE_SUFFIXES, PDF_SUFFIXES

SOURCE = "002 四、特别说明（一）"
QUOTE = "上传附件中的材料应为原件的四边轮廓、信息清晰有效且为正方向的PDF彩色扫描件"
DIRECTION_NOT_READ = "页面方向未按文字核对（仅依据图片的 EXIF 方向信息）"
MIN_DPI = 150  # below this at real size, small print (a 小五 character is about 3 mm) turns coarse
A4_SHORT_INCHES = 210 / 25.4
CARD_SHORT_INCHES = CARD[1] / 72  # CARD is in points
GREY_SPREAD = 6  # mean channel difference (0–255) below which a colour image holds only grey
BLANK_DEVIATION = 4.0  # brightness standard deviation below which a page is blank
EDGE_STRIP = 0.01  # the outermost 1 % of a side
EDGE_INK = 0.03  # share of dark pixels in that strip that says something runs off the edge
INK_LEVEL = 110  # a pixel darker than this is ink, not paper or shadow
THUMBNAIL = 400


@dataclass(frozen=True)
class ScanFinding:
    """One thing a reviewer would reject; ``fixable``: the upload kit fixes it when it is built."""

    file: str
    page: int  # 1-based within the file
    code: str  # colour / resolution / orientation / blank / edge
    message: str
    fixable: bool = False
    source: str = SOURCE

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
    image: Image.Image, name: str, *, page: int = 1, card: bool = False, colour: bool = True
) -> list[ScanFinding]:
    """The reviewer's checks on one image (already opened; EXIF orientation as stored)."""
    findings = []
    orientation = image.getexif().get(0x0112, 1)
    if orientation in (3, 6, 8):
        turned = {3: "上下颠倒", 6: "向右横放", 8: "向左横放"}[orientation]
        findings.append(
            ScanFinding(name, page, "orientation", f"图片按 EXIF 记录为{turned}", fixable=True)
        )
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


def check_scan(path: Path, *, card: bool = False, colour: bool = True) -> list[ScanFinding]:
    """Every finding for one attached file (an image, or the images a PDF embeds)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in IMAGE_SUFFIXES:
            with Image.open(path) as image:
                image.draft("RGB", (2480, 2480))
                return check_image(image, path.name, card=card, colour=colour)
        if suffix in PDF_SUFFIXES:
            return _check_pdf(path, colour=colour)
    except (UnidentifiedImageError, OSError, PdfReadError, ValueError):
        return [ScanFinding(path.name, 1, "unreadable", "无法读取，未能检查扫描质量")]
    return []


def _check_pdf(path: Path, *, colour: bool) -> list[ScanFinding]:
    findings = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        images = list(page.images)
        if len(images) != 1:  # a printed or generated page: not a scan
            continue
        with Image.open(io.BytesIO(images[0].data)) as image:
            # A scanner's PDF page is the image: its real size is the page's size.
            width_inches = float(page.mediabox.width) / 72
            height_inches = float(page.mediabox.height) / 72
            image.info["dpi"] = (
                image.width / max(width_inches, 0.01),
                image.height / max(height_inches, 0.01),
            )
            findings += check_image(image, path.name, page=number, colour=colour)
    return findings
