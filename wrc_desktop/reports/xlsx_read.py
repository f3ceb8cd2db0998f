"""Opening a spreadsheet the clerk chose, refusing anything malformed or hostile with a clear message.

A genuine .xlsx never declares a DTD, so any part that does (the way to an
entity-expansion "billion laughs" or an external reference) is refused before
openpyxl sees it, whichever XML parser openpyxl then uses (defusedxml for the
sheets; lxml, with entity resolution off, for the other parts). This module
turns that and every other way a file can be wrong (not a zip, an encrypted or
old-format Excel file, a zip bomb, a damaged workbook) into one Chinese sentence.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.xml.constants import ARC_STYLE, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from ..rules.errors import WrcError
from .xlsx_sheet import SheetError, Styles, apply_merges, dense_rows, parse_sheet, read_styles

try:  # defusedxml's refusals; openpyxl raises them while reading the parts
    from defusedxml import DefusedXmlException
except ImportError:  # pragma: no cover - defusedxml is a declared dependency
    DefusedXmlException = ()  # type: ignore[assignment,misc]
try:  # lxml's parse errors (openpyxl uses lxml for the workbook parts when installed)
    from lxml.etree import LxmlError
except ImportError:  # pragma: no cover - lxml is a declared dependency
    LxmlError = ()  # type: ignore[assignment,misc]

_PARSE_ERRORS = (ParseError, LxmlError)
_PROLOG_BYTES = 4096  # a DOCTYPE can only stand before the root element

_ZIP = b"PK\x03\x04"
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
MAX_UNPACKED = 512 * 1024 * 1024  # a roster of 100 000 people unpacks to far less
MAX_RATIO = 300  # ordinary sheets compress ~5–30×; far more means a zip bomb
MAX_PART = 256 * 1024 * 1024  # one sheet of 100 000 rows × 40 columns is well below
PART_RATIO_FROM = 4 * 1024 * 1024  # parts above this must compress like real cells do
MAX_ROWS = 100_000
MAX_READ_SECONDS = (
    600.0  # 100 000 rows × 40 columns take well under this; a crafted file is stopped
)
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit, empty rows included


class UnreadableFile(WrcError):
    """The file cannot be read as a roster; the message says why."""


def check_file(path: Path) -> None:
    """Raise :class:`UnreadableFile` for anything but a plausible, safe .xlsx."""
    if not path.is_file():
        raise UnreadableFile(f"找不到文件 {path}")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            data = head + handle.read(64 * 1024 * 1024) if head.startswith(_OLE) else head
    except OSError as error:
        raise UnreadableFile(f"无法读取文件 {path.name}：{error.strerror or error}") from None
    if not head:
        raise UnreadableFile(f"文件 {path.name} 是空文件")
    if head.startswith(_OLE):
        if _ENCRYPTED in data:
            raise UnreadableFile(
                f"文件 {path.name} 设置了打开密码，无法读取；请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入"
            )
        raise UnreadableFile(
            f"文件 {path.name} 是旧版 Excel 97-2003（.xls）格式；请在 Excel/WPS 中另存为 .xlsx 后再导入"
        )
    if not head.startswith(_ZIP):
        hint = (
            "（看起来是文本或 CSV 文件，请在 Excel/WPS 中另存为 .xlsx）"
            if _looks_like_text(path)
            else ""
        )
        raise UnreadableFile(f"文件 {path.name} 不是 .xlsx 格式的 Excel 工作簿{hint}")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise UnreadableFile(f"文件 {path.name} 已损坏，无法作为 .xlsx 工作簿打开") from None
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise UnreadableFile(f"文件 {path.name} 是压缩包，但不是 Excel 工作簿（缺少工作表内容）")
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if (
        unpacked > MAX_UNPACKED
        or (unpacked > 20 * 1024 * 1024 and unpacked / packed > MAX_RATIO)
        or any(_part_too_big(info) for info in infos)
    ):
        raise UnreadableFile(
            f"文件 {path.name} 解压后异常庞大（{unpacked // (1024 * 1024)} MB），疑似恶意构造，已拒绝读取"
        )
    if _declares_a_dtd(path, infos):
        raise UnreadableFile(_unsafe(path))


def _part_too_big(info: zipfile.ZipInfo) -> bool:
    """One part beyond its bound: padding (a huge XML comment) compresses far better than cells."""
    size = info.file_size
    if size > MAX_PART:
        return True
    return size > PART_RATIO_FROM and size / max(1, info.compress_size) > MAX_RATIO


def _declares_a_dtd(path: Path, infos: list[zipfile.ZipInfo]) -> bool:
    """True when any XML part of the package has a DOCTYPE (Excel never writes one)."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as part:
                        prolog = part.read(_PROLOG_BYTES).upper()
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        return True
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise UnreadableFile(f"文件 {path.name} 已损坏，无法作为 .xlsx 工作簿打开") from None
    return False


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(2048)
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError:
        try:
            sample.decode("gb18030")
            return b"\x00" not in sample
        except UnicodeDecodeError:
            return False


def open_workbook(path: Path) -> openpyxl.Workbook:
    """A read-only workbook (cached values, not formulas), or :class:`UnreadableFile`."""
    return open_book(path).workbook


class _RosterReader(ExcelReader):
    """openpyxl's reader (``load_workbook``) with a leaner table of shared strings.

    openpyxl builds a rich-text object for every shared string only to take its plain
    text; a roster saved by Excel or WPS holds tens of thousands of them, and that took
    a third of the time of reading one. The texts are the same (:func:`shared_strings`).
    """

    sheet_parts: dict[str, str]

    def read_worksheets(self) -> None:
        """openpyxl's, noting each worksheet's part so :func:`sheet_rows` can read it."""
        self.sheet_parts = {
            sheet.name: rel.target
            for sheet, rel in self.parser.find_sheets()
            if "chartsheet" not in rel.Type
        }
        super().read_worksheets()

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = shared_strings(source)


_SI, _T, _R = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("si", "t", "r"))


def shared_strings(source) -> list[str]:
    """The plain texts of a shared-strings part, as openpyxl's ``read_string_table`` gives them:
    the item's text, then its runs' texts; phonetic guides (``rPh``) left out.

    Parsed with openpyxl's own ``iterparse`` (defusedxml's, which refuses a DTD).
    """
    strings = []
    for _, node in iterparse(source):
        if node.tag == _SI:
            parts = [child.text or "" for child in node if child.tag == _T]
            parts += [t.text or "" for run in node if run.tag == _R for t in run if t.tag == _T]
            strings.append("".join(parts).replace("x005F_", ""))
            node.clear()
    return strings


def _caused_by_defusedxml(error: BaseException | None) -> bool:
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def _unsafe(path: Path) -> str:
    return (
        f"文件 {path.name} 含有不安全的 XML 内容（实体定义或外部引用，可能是恶意文件），已拒绝读取"
    )


def visible_sheets(workbook: openpyxl.Workbook) -> list[str]:
    """The sheets a clerk sees in Excel, in tab order (hidden and very hidden ones left out)."""
    return [
        sheet.title
        for sheet in workbook.worksheets
        if getattr(sheet, "sheet_state", "visible") == "visible"
    ]


class Book:
    """An opened roster file: openpyxl's read-only workbook (sheet names and states, shared
    strings, styles) and the sheet parts, which :func:`sheet_rows` reads itself."""

    def __init__(self, path: Path, reader: _RosterReader) -> None:
        self.path = path
        self.reader = reader
        self.workbook = reader.wb
        self.sheetnames: list[str] = reader.wb.sheetnames
        self._styles: Styles | None = None

    def visible_sheets(self) -> list[str]:
        return visible_sheets(self.workbook)

    def styles(self) -> Styles:
        if self._styles is None:
            epoch = self.workbook.epoch
            try:
                with self.reader.archive.open(ARC_STYLE) as source:
                    self._styles = read_styles(source, epoch)
            except KeyError:  # a workbook without styles shows every number as a number
                self._styles = Styles(frozenset(), epoch)
        return self._styles

    def open_part(self, sheet_name: str):
        return self.reader.archive.open(self.reader.sheet_parts[sheet_name])

    def close(self) -> None:
        self.workbook.close()


def open_book(path: Path) -> Book:
    """The roster file opened for :func:`sheet_rows`, or :class:`UnreadableFile`."""
    path = Path(path)
    check_file(path)
    try:
        reader = _RosterReader(path, read_only=True, data_only=True)
        reader.read()
        return Book(path, reader)
    except DefusedXmlException:
        raise UnreadableFile(_unsafe(path)) from None
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        *_PARSE_ERRORS,
        ValueError,
        TypeError,
        OSError,
    ) as error:
        if _caused_by_defusedxml(error):
            raise UnreadableFile(_unsafe(path)) from None
        raise UnreadableFile(
            f"文件 {path.name} 已损坏或不是有效的 .xlsx 工作簿，无法读取"
        ) from None


def sheet_rows(
    path: Path, book: Book, sheet_name: str, *, limit: int | None = None
) -> Iterator[tuple]:
    """The sheet's rows as value tuples, as Excel shows them (:mod:`.xlsx_sheet`), row 1 first.

    The ``<dimension>`` tag a file declares is ignored (Excel ignores it too): a
    stale tag would otherwise hide rows or whole columns. ``limit`` stops after
    that many rows (enough to find the header). A hostile part found mid-read
    still ends in :class:`UnreadableFile`.
    """
    deadline = time.monotonic() + MAX_READ_SECONDS

    def watch(count: int, filled: int, last: int) -> None:
        if count % 1000 == 0 and time.monotonic() > deadline:
            raise UnreadableFile(
                f"工作表“{sheet_name}”读取超时（超过 {int(MAX_READ_SECONDS)} 秒），"
                "文件可能过大或被恶意构造；请分批导入"
            )
        if filled > MAX_ROWS + 20 or last > MAX_SHEET_ROWS:
            raise UnreadableFile(f"工作表“{sheet_name}”超过 {MAX_ROWS} 行，请分批导入")

    if sheet_name not in book.reader.sheet_parts:  # a chart sheet has no cells
        return
    strings = book.reader.shared_strings
    try:
        with book.open_part(sheet_name) as source:
            rows, merges = parse_sheet(
                source, sheet_name, strings, book.styles(), limit=limit, watch=watch
            )
        apply_merges(sheet_name, rows, merges)
    except DefusedXmlException:
        raise UnreadableFile(_unsafe(path)) from None
    except SheetError as error:
        raise UnreadableFile(f"文件 {path.name} 的{error}") from None
    except (*_PARSE_ERRORS, KeyError, zipfile.BadZipFile, ValueError, TypeError) as error:
        if isinstance(error, UnreadableFile):
            raise
        if _caused_by_defusedxml(error):
            raise UnreadableFile(_unsafe(path)) from None
        raise UnreadableFile(f"文件 {path.name} 的工作表“{sheet_name}”已损坏，无法读取") from None
    yield from dense_rows(rows)
