"""Scans and photos → one upright PDF per checklist item (002 四、（一）: "正方向的 PDF 彩色扫描件").

Every image goes on an upright A4 page, turned upright by its EXIF orientation, at its
real size where that is known and scaled down only when it does not fit:

- a scanner records its resolution (dpi), so a 300-dpi scan of a certificate prints at
  the certificate's size;
- in an item that holds identity cards (:data:`CARD_ITEMS`), a photo shaped like a card
  (ISO/IEC 7810 ID-1, 85.6 × 54 mm) is printed at that size, and a card's front and back
  share one page, one above the other — as a photocopy of an ID card looks;
- an image of unknown size is taken to show a page and fills the page inside the margins,
  but is never enlarged beyond :data:`MIN_PLACED_DPI` (a 300 × 200 phone photo stays about
  8 cm wide instead of turning into 40-dpi blocks); the scan checks report it as too coarse.

A JPEG that needs no turning is embedded as is (no re-encoding: fast, and no loss);
anything else is re-encoded as a JPEG, a large phone photo first reduced to print
resolution. PDFs the clerk attached are appended page by page as they are (a landscape
page stays landscape). The clerk's files are only read, never changed. Only Pillow,
reportlab and pypdf are used.

Pillow refuses images beyond its decompression-bomb limit (about 179 megapixels)
with an exception of its own. A 1200-dpi A3 scan (about 280 megapixels) is
legitimate: a JPEG up to :data:`MAX_JPEG_PIXELS` is decoded at a reduced scale
(``draft``) and reduced to print resolution; anything larger, or another format
beyond :data:`MAX_OTHER_PIXELS`, is refused with a message saying what to do.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..rules.errors import WrcError
from .fonts import font_chain
from .plain_document import _render_lock

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png"})
PDF_SUFFIXES = frozenset({".pdf"})
ACCEPTED = IMAGE_SUFFIXES | PDF_SUFFIXES
MAX_SIDE = 2480  # pixels: A4 at 300 dpi; larger photos are reduced
MARGIN = 14.0  # points around the image (5 mm), so printers do not crop it
FOOTER = 12 * mm  # kept free at the foot of the page for the bundle's page number
CARD = (85.6 * mm, 54 * mm)  # ISO/IEC 7810 ID-1: 居民身份证, 北京市居住证
CARD_RATIO_TOLERANCE = 0.07  # a photo within 7 % of the card's 1.585 is taken for a card
CARD_GAP = 12 * mm  # between a card's front and back
# Checklist items that hold identity cards (front and back), possibly with other pages.
CARD_ITEMS = frozenset(
    {
        "id_card",
        "agent_id",
        "owner_id",
        "residence_permit",
        "spouse_id_hukou",
        "spouse_owner_documents",
        "child_hukou",
    }
)
MIN_DPI = 50  # below this a recorded resolution is a placeholder, not a measurement
MIN_PLACED_DPI = 96  # an image of unknown size is never enlarged past this (screen resolution)
JPEG_QUALITY = 88
MAX_JPEG_PIXELS = 330_000_000  # A3 at 1200 dpi is 14 031 × 19 843 ≈ 278 M: decoded at 1/8 scale
MAX_OTHER_PIXELS = 120_000_000  # a PNG is decoded whole (3 bytes a pixel): A4 at 1200 dpi fits
_PIXEL_LIMIT = threading.Lock()


def _too_large(name: str, width: int, height: int) -> WrcError:
    return WrcError(
        f"图片“{name}”尺寸过大（{width} × {height} 像素），无法处理；请在扫描软件中选择 300 dpi"
        "（或 600 dpi）重新扫描，或另存为较小的 JPG 后再添加"
    )


@contextmanager
def _open_image(path: Path) -> Iterator[Image.Image]:
    """The image, opened with this module's own size bound instead of Pillow's bomb limit."""
    with _PIXEL_LIMIT:  # Pillow reads its limit from a global while opening
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None
        try:
            image = Image.open(path)
        finally:
            Image.MAX_IMAGE_PIXELS = saved
    try:
        width, height = image.size
        limit = MAX_JPEG_PIXELS if image.format == "JPEG" else MAX_OTHER_PIXELS
        if width * height > limit:
            raise _too_large(path.name, width, height)
        yield image
    finally:
        image.close()


def check_file(path: Path) -> None:
    """Refuse a file that cannot go into the folder, before it is copied (message names the file)."""
    path = Path(path)
    if not path.is_file():
        raise WrcError(f"文件“{path}”不存在")
    suffix = path.suffix.lower()
    if suffix not in ACCEPTED:
        raise WrcError(
            f"“{path.name}”的类型 {suffix or '（无扩展名）'} 不能作为材料，请使用 PDF、JPG 或 PNG"
        )
    if suffix in IMAGE_SUFFIXES:
        try:
            with _open_image(path) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
            raise WrcError(
                f"“{path.name}”不是可读取的图片（文件可能已损坏，或并非 JPG/PNG 格式）"
            ) from None
    else:
        _read_pdf(path)


def _read_pdf(path: Path) -> PdfReader:
    try:
        reader = PdfReader(path)
        locked = reader.is_encrypted and not reader.decrypt("")
        pages = 0 if locked else len(reader.pages)
    except (PdfReadError, OSError, ValueError):
        raise WrcError(f"“{path.name}”不是可读取的 PDF（文件可能已损坏）") from None
    if locked:
        raise WrcError(f"“{path.name}”有打开密码，请先去掉密码再添加")
    if not pages:
        raise WrcError(f"“{path.name}”没有页面")
    return reader


@dataclass(frozen=True)
class ScanImage:
    """One upright image ready to draw; ``size`` is its real size in points, when known."""

    source: ImageReader
    pixels: tuple[int, int]
    size: tuple[float, float] | None

    @property
    def is_card_shaped(self) -> bool:
        width, height = self.pixels
        ratio = max(width, height) / min(width, height)
        card = CARD[0] / CARD[1]
        return abs(ratio - card) <= card * CARD_RATIO_TOLERANCE


def _real_size(image: Image.Image, width: int, height: int) -> tuple[float, float] | None:
    """The image's size on paper from the resolution its scanner recorded, if it recorded one."""
    dpi = image.info.get("dpi")
    try:
        dpi_x, dpi_y = (float(value) for value in dpi)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    if min(dpi_x, dpi_y) < MIN_DPI:
        return None
    return width / dpi_x * 72, height / dpi_y * 72


def _image_source(path: Path, turn: int = 0) -> ScanImage:
    """An upright image for reportlab; JPEGs pass through untouched when possible.

    ``turn``: degrees (counter-clockwise) the EXIF-upright image still needs by its text
    (:mod:`.scan_checks`); the file itself is never changed.
    """
    turn %= 360
    try:
        with _open_image(path) as image:
            orientation = image.getexif().get(0x0112, 1)
            width, height = image.size
            if (orientation in (5, 6, 7, 8)) != (turn in (90, 270)):  # a quarter: sides swap
                width, height = height, width
            size = _real_size(image, width, height)
            if (
                image.format == "JPEG"
                and orientation == 1
                and not turn
                and image.mode in ("RGB", "L")
                and max(width, height) <= MAX_SIDE * 1.25
            ):
                return ScanImage(ImageReader(str(path)), (width, height), size)
            if image.format == "JPEG":
                # Decode at a reduced scale: much faster for photos.
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            upright = ImageOps.exif_transpose(image)
            if turn:
                upright = upright.rotate(turn, expand=True)
            if upright.mode in ("RGBA", "LA", "P"):
                upright = upright.convert("RGBA")
                background = Image.new("RGB", upright.size, "white")
                background.paste(upright, mask=upright.getchannel("A"))
                upright = background
            elif upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            if max(upright.size) > MAX_SIDE:
                upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            upright.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=False)
            buffer.seek(0)
            return ScanImage(ImageReader(buffer), (width, height), size)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise WrcError(
            f"无法读取图片“{path.name}”（文件可能已损坏，或并非 JPG/PNG 格式）"
        ) from None


def _fit(size: tuple[float, float], box: tuple[float, float], *, grow: bool) -> tuple[float, float]:
    """``size`` scaled down to fit ``box`` (and up to fill it when ``grow``)."""
    scale = min(box[0] / size[0], box[1] / size[1])
    if not grow:
        scale = min(scale, 1.0)
    return size[0] * scale, size[1] * scale


def _card_size(image: ScanImage) -> tuple[float, float]:
    width, height = image.pixels
    return CARD if width >= height else (CARD[1], CARD[0])


def _pages(images: Sequence[ScanImage], cards: bool) -> list[list[tuple[ScanImage, float, float]]]:
    """Images grouped per page with their printed width and height: a card's two sides share one."""
    box = (A4[0] - 2 * MARGIN, A4[1] - MARGIN - FOOTER)
    pages: list[list[tuple[ScanImage, float, float]]] = []
    pending_card: list[tuple[ScanImage, float, float]] = []
    for image in images:
        if cards and image.is_card_shaped:
            pending_card.append((image, *_fit(_card_size(image), box, grow=False)))
            if len(pending_card) == 2:
                pages.append(pending_card)
                pending_card = []
            continue
        if pending_card:
            pages.append(pending_card)
            pending_card = []
        if image.size is not None:
            pages.append([(image, *_fit(image.size, box, grow=False))])
        else:  # unknown size: a page, filling the box, but never stretched into coarse blocks
            largest = (image.pixels[0] / MIN_PLACED_DPI * 72, image.pixels[1] / MIN_PLACED_DPI * 72)
            pages.append([(image, *_fit(largest, box, grow=False))])
    if pending_card:
        pages.append(pending_card)
    return pages


def images_to_pdf(
    paths: Sequence[Path],
    *,
    title: str = "",
    cards: bool = False,
    turns: Mapping[Path, Sequence[int]] | None = None,
) -> bytes:
    """The images on upright A4 pages, at real size where known (see the module's notes).

    ``turns``: per file, the turn its page needs by its text (see :func:`item_pdf`).
    """
    turns = turns or {}
    images = [_image_source(Path(path), _first(turns.get(Path(path)))) for path in paths]
    buffer = io.BytesIO()
    # reportlab wraps images in ASCII85 text by default, in pure Python when its C accelerator is
    # missing: most of the time for 20 scans. Binary streams are smaller and fast. The setting is
    # global, so it is changed only while holding the lock every PDF rendering takes.
    with _render_lock:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            canvas = Canvas(
                buffer,
                pagesize=A4,
                invariant=True,
                pageCompression=0,
                # reportlab names Helvetica (never embedded) unless told another initial font
                initialFontName=font_chain("body").primary,
            )
            canvas.setTitle(title)
            canvas.setCreator("WRC Desk")
            middle = FOOTER + (A4[1] - MARGIN - FOOTER) / 2
            for page in _pages(images, cards):
                stack = sum(height for _image, _width, height in page)
                stack += CARD_GAP * (len(page) - 1)
                top = middle + stack / 2
                for image, width, height in page:
                    top -= height
                    canvas.drawImage(image.source, (A4[0] - width) / 2, top, width, height)
                    top -= CARD_GAP
                canvas.showPage()
            canvas.save()
        finally:
            rl_config.useA85 = saved
    return buffer.getvalue()


def _first(turns: Sequence[int] | None) -> int:
    return turns[0] if turns else 0


def item_pdf(
    paths: Sequence[Path],
    *,
    title: str = "",
    cards: bool = False,
    turns: Mapping[Path, Sequence[int]] | None = None,
) -> tuple[bytes, int]:
    """All of an item's files, in order, as one PDF; returns the bytes and the page count.

    ``cards``: the item holds identity cards (:data:`CARD_ITEMS`), printed at card size.
    ``turns``: per file, the degrees (counter-clockwise) each page needs to stand upright by
    its text (:func:`.scan_checks.scan_report`): an image is turned before it is placed, a PDF
    page is given the rotation (the files themselves are never changed).
    """
    turns = turns or {}
    if not paths:
        raise ValueError("item_pdf needs at least one file")
    writer = PdfWriter()
    run: list[Path] = []

    def flush_images() -> None:
        if run:
            made = images_to_pdf(run, title=title, cards=cards, turns=turns)
            writer.append(PdfReader(io.BytesIO(made)))
            run.clear()

    for path in map(Path, paths):
        if path.suffix.lower() in IMAGE_SUFFIXES:
            run.append(path)
            continue
        if path.suffix.lower() not in PDF_SUFFIXES:
            raise WrcError(f"“{path.name}”不能作为材料，请使用 PDF、JPG 或 PNG")
        flush_images()
        first = len(writer.pages)
        writer.append(_read_pdf(path))
        for page, turn in zip(writer.pages[first:], turns.get(path, ()), strict=False):
            if turn % 360:  # /Rotate turns clockwise; the turn is counter-clockwise
                page.rotate((360 - turn) % 360)
    flush_images()
    writer.add_metadata({"/Title": title, "/Creator": "WRC Desk"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages)
