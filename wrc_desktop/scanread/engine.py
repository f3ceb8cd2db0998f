"""The OCR engine (RapidOCR on ONNX Runtime), loaded once per process from models in its package.

``rapidocr`` (maintained) ships PP-OCRv6 detection and recognition and the PP-OCR direction
model inside its wheel; the engine is given those files' paths, so nothing is downloaded at
run time (its own configuration would fetch a model it does not find). It is an optional
extra (``pip install -e ".[ocr]"``): :func:`available` says whether it is installed and
:data:`MISSING_EXTRA` what to tell the clerk when it is not.

A page that lies sideways or upside down is read once: the engine's direction model turns
each line upright as it reads it; the boxes' shapes and that model on the longest of them
say how the page lies, and the lines are placed as on the upright page.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import statistics
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from PIL import Image

log = logging.getLogger("wrc.scanread")

MISSING_EXTRA = (
    '未安装文字识别组件：在程序目录运行 pip install -e ".[ocr]" 后即可从扫描件读取日期和金额'
)
MODEL_FILES = {
    "Det.model_path": "PP-OCRv6_det_small.onnx",
    "Rec.model_path": "PP-OCRv6_rec_small.onnx",
    "Cls.model_path": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}
READ_SIDE = 2000  # pixels: a 300-dpi A4 scan is reduced to about 170 dpi, plenty for print
PROBE_BOXES = 7  # longest boxes the direction model looks at
TALL = 1.5  # a box this much taller than wide holds sideways text
TEXT_SCORE = 0.8  # a probed box read this surely holds text (a rule or bar reads as "_" or "")

Sides = tuple[float, float, float, float]  # left, top, right, bottom
_lock = threading.Lock()
# The engine keeps the switches of its last call (det/cls/rec) in itself: two threads reading
# at once (the window's scan check and its proposals) would run each other's switches.
_reading = threading.Lock()
_engine: Any = None


class OcrUnavailable(RuntimeError):
    """The optional OCR extra is not installed (the message is :data:`MISSING_EXTRA`)."""

    def __init__(self) -> None:
        super().__init__(MISSING_EXTRA)


@dataclass(frozen=True)
class TextLine:
    """One line of text as read, with its box on the upright page (pixels) and its score."""

    text: str
    left: float
    top: float
    right: float
    bottom: float
    score: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Page:
    lines: tuple[TextLine, ...]
    turned: int  # degrees the page was turned (counter-clockwise) to stand upright
    size: tuple[int, int]  # the upright page's width and height as read


def available() -> bool:
    """Whether the OCR extra (rapidocr and onnxruntime) is installed."""
    return all(importlib.util.find_spec(name) for name in ("rapidocr", "onnxruntime"))


def model_paths() -> dict[str, Path]:
    """The model files inside the installed ``rapidocr`` package, by engine setting."""
    if not available():
        raise OcrUnavailable
    folder = Path(str(resources.files("rapidocr"))) / "models"
    return {setting: folder / name for setting, name in MODEL_FILES.items()}


def engine() -> Any:
    """The engine, built on first use (about two seconds) and kept for the process."""
    global _engine
    with _lock:
        if _engine is None:
            paths = model_paths()
            missing = [p.name for p in paths.values() if not p.is_file()]
            if missing:
                raise OcrUnavailable
            from rapidocr import RapidOCR

            params: dict[str, Any] = {k: str(v) for k, v in paths.items()}
            params.update(
                {
                    "Global.log_level": "warning",
                    "Global.max_side_len": READ_SIDE,
                    "Det.limit_type": "max",
                    "Det.limit_side_len": 1280,
                }
            )
            _engine = RapidOCR(params=params)
            log.info("OCR engine loaded")
        return _engine


def _array(image: Image.Image, side: int):
    import numpy as np

    image = image.convert("RGB")
    if max(image.size) > side:
        image = image.copy()
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
    return np.asarray(image)[:, :, ::-1].copy()  # the engine takes OpenCV's BGR order


def _box_sides(box) -> Sides:
    xs = [float(point[0]) for point in box]
    ys = [float(point[1]) for point in box]
    return min(xs), min(ys), max(xs), max(ys)


def _turn_needed(ocr: Any, pixels, boxes: list[Sides]) -> int:
    """Degrees (counter-clockwise, 0/90/180/270) that turn the page upright.

    Most boxes taller than wide: the page lies sideways. The direction model, shown the
    longest boxes (sideways ones turned clockwise first), says which way up they stand;
    only boxes that read as text, stood as the model says, vote (a page of rules and
    pictures has no direction to find and stays as it lies).
    """
    import numpy as np

    tall = [b for b in boxes if (b[3] - b[1]) > TALL * (b[2] - b[0])]
    sideways = len(tall) > len(boxes) / 2
    chosen = sorted(tall if sideways else boxes, key=lambda b: -max(b[2] - b[0], b[3] - b[1]))
    flipped, votes = 0.0, 0
    for left, top, right, bottom in chosen[:PROBE_BOXES]:
        crop = pixels[int(top) : int(bottom) + 1, int(left) : int(right) + 1]
        if sideways:  # the crop turned clockwise: upright if the page must be turned so too
            crop = np.ascontiguousarray(np.rot90(crop, -1))
        result = ocr(crop, use_det=False, use_cls=True, use_rec=False)
        label, score = (result.cls_res or [("0", 0.0)])[0]
        if not _holds_text(
            ocr, np.ascontiguousarray(np.rot90(crop, 2)) if label == "180" else crop
        ):
            continue  # a rule, a stamp or a photo's edge: its "direction" says nothing
        votes += 1
        flipped += float(score) if label == "180" else -float(score)
    if not votes:  # no line of text to tell by: the page is taken as it lies
        return 0
    if sideways:  # upright once turned clockwise (PIL's 270), unless the probe said upside down
        return 90 if flipped > 0 else 270
    return 180 if flipped > 0 else 0


def _holds_text(ocr: Any, crop) -> bool:
    """Whether ``crop``, as the direction model would stand it, reads as text (not a bar)."""
    result = ocr(crop, use_det=False, use_cls=False, use_rec=True)
    text = (result.txts or ("",))[0]
    score = float((result.scores or (0.0,))[0])
    return score >= TEXT_SCORE and sum(ch.isalnum() for ch in text) >= 2


def _turn_point(x: float, y: float, turn: int, size: tuple[int, int]) -> tuple[float, float]:
    """Where (x, y) stands once its page (width, height) is turned ``turn``° counter-clockwise."""
    width, height = size
    if turn == 90:
        return y, width - x
    if turn == 180:
        return width - x, height - y
    if turn == 270:
        return height - y, x
    return x, y


def _skew(quads: list[list[tuple[float, float]]]) -> float:
    """The page's skew (radians): the median slope of the long edges of long boxes."""
    slopes = []
    for quad in quads:
        edges = sorted(
            ((quad[i], quad[(i + 1) % 4]) for i in range(4)), key=lambda e: math.dist(*e)
        )
        (x0, y0), (x1, y1) = edges[-1]
        if math.dist(*edges[-1]) < 2.5 * math.dist(*edges[0]):
            continue  # a short box's slope says little
        if x1 < x0:
            x0, y0, x1, y1 = x1, y1, x0, y0
        angle = math.atan2(y1 - y0, x1 - x0)
        if abs(angle) < math.radians(15):
            slopes.append(angle)
    return statistics.median(slopes) if slopes else 0.0


def _upright_boxes(raw_boxes, turn: int, size: tuple[int, int]) -> list[Sides]:
    """Each box's sides on the upright, unskewed page (skew undone, so that rows stay rows)."""
    quads = [[_turn_point(float(x), float(y), turn, size) for x, y in box] for box in raw_boxes]
    angle = _skew(quads)
    cos, sin = math.cos(-angle), math.sin(-angle)
    boxes: list[Sides] = []
    for quad in quads:
        points = [(x * cos - y * sin, x * sin + y * cos) for x, y in quad]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def read_page(image: Image.Image) -> Page:
    """The text lines of one page image, placed as on the upright page.

    The engine's direction model already reads each line the right way up (a sideways line's
    crop is turned by the engine); only the lines' places are turned, so a turned page is read
    once, not twice.
    """
    ocr = engine()
    pixels = _array(image, READ_SIDE)
    with _reading:
        return _read_pixels(ocr, pixels)


def _read_pixels(ocr: Any, pixels) -> Page:
    # The engine keeps the switches of its last call: each call names all three.
    result = ocr(pixels, use_det=True, use_cls=True, use_rec=True)
    height, width = pixels.shape[:2]
    found = list(
        zip(
            [] if result.boxes is None else [_box_sides(b) for b in result.boxes],
            result.txts or (),
            result.scores or (),
            strict=False,
        )
    )
    turn = _turn_needed(ocr, pixels, [box for box, _t, _s in found]) if found else 0
    raw = [] if result.boxes is None else list(result.boxes)
    boxes = _upright_boxes(raw, turn, (width, height))
    lines = [
        TextLine(str(text), left, top, right, bottom, float(score))
        for (left, top, right, bottom), (_sides, text, score) in zip(boxes, found, strict=False)
    ]
    size = (height, width) if turn in (90, 270) else (width, height)
    return Page(tuple(lines), turn, size)


def upright_turn(image: Image.Image) -> int:
    """Degrees (counter-clockwise) that stand ``image`` upright, by its text's direction.

    Detection and the direction model, with recognition of the few probed lines only (to
    tell text from rules): for a caller that turns pages before printing them, as the upload
    kit's PDFs must be upright.
    """
    ocr = engine()
    pixels = _array(image, READ_SIDE)
    with _reading:
        found = ocr(pixels, use_det=True, use_cls=False, use_rec=False)
        boxes = [] if found.boxes is None else [_box_sides(b) for b in found.boxes]
        return _turn_needed(ocr, pixels, boxes) if boxes else 0
