"""Fonts for the printed forms: loading once per process, fallback per character.

A CJK TrueType file is 15–21 MB and parsing it is the slow part of making a
PDF, so every file is parsed once and registered with reportlab under a stable
name; reportlab embeds only the glyphs used (a subset) in each document.

A glyph a font lacks prints as nothing, without any error from reportlab. So
before anything is drawn every character is looked up in the chain's cmaps and
a character no font has raises :class:`MissingGlyphError`, naming it and the
field it came from.
"""

from __future__ import annotations

import logging
import os
import struct
import threading
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..paths import resource_path
from ..rules.errors import WrcError
from .font_files import font_file_problem

log = logging.getLogger("wrc.documents")

# Characters that need no glyph: line breaks are layout, not ink.
_NO_GLYPH_NEEDED = frozenset("\n")


class MissingGlyphError(WrcError):
    """A character that no available font can print."""

    def __init__(self, char: str, label: str, fonts: Sequence[str]) -> None:
        self.char = char
        self.label = label
        self.codepoint = ord(char)
        super().__init__(
            f"“{label}”中的字符“{char}”（U+{ord(char):04X}）在可用字体（{'、'.join(fonts)}）中都没有字形，"
            "打印出来会是空白或方框。请核对该字段，或在设置中添加含有此字的字体。"
        )


@dataclass(frozen=True)
class FontSpec:
    path: Path
    subfont: int = 0
    label: str = ""


@dataclass
class FontSettings:
    """The clerk's choices (settings): system fonts, then bundled, then extra font files (a
    fallback for the characters the others lack)."""

    extra_fonts: list[Path] = field(default_factory=list)
    use_system_fonts: bool = True


@dataclass(frozen=True)
class LoadedFont:
    name: str  # the name registered with reportlab
    label: str
    codepoints: frozenset[int]


class FontChain:
    """An ordered list of fonts; a character prints in the first one that has it."""

    def __init__(self, fonts: Sequence[LoadedFont]) -> None:
        if not fonts:
            raise WrcError("没有可用的中文字体：请检查安装目录下的 resources/fonts")
        self.fonts = list(fonts)
        self.primary = self.fonts[0].name

    def font_for(self, char: str) -> str | None:
        code = ord(char)
        for font in self.fonts:
            if code in font.codepoints:
                return font.name
        return None

    def check(self, text: str, label: str) -> None:
        """Raise :class:`MissingGlyphError` for the first character no font has."""
        for char in text:
            if char not in _NO_GLYPH_NEEDED and self.font_for(char) is None:
                raise MissingGlyphError(char, label, [f.label for f in self.fonts])

    def runs(self, text: str, label: str) -> list[tuple[str, str]]:
        """``text`` split into (font name, text) runs."""
        self.check(text, label)
        result: list[tuple[str, str]] = []
        for char in text:
            name = self.primary if char in _NO_GLYPH_NEEDED else self.font_for(char) or self.primary
            if result and result[-1][0] == name:
                result[-1] = (name, result[-1][1] + char)
            else:
                result.append((name, char))
        return result

    def markup(self, text: str, label: str) -> str:
        """Escaped Paragraph markup; characters the primary font lacks get a ``<font>`` tag."""
        parts = []
        for name, run in self.runs(text, label):
            escaped = escape(run).replace("\n", "<br/>")
            parts.append(
                escaped if name == self.primary else f'<font face="{name}">{escaped}</font>'
            )
        return "".join(parts)


def to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """The ToUnicode CMap of one embedded subset, each code mapped to its UTF-16BE text.

    reportlab writes every target as ``<%04X>``, so a character beyond the BMP (𠮷 U+20BB7)
    becomes five hex digits that viewers read as two wrong BMP characters ("₻"): it prints
    but copies out as something else. UTF-16BE gives it as a surrogate pair, as the PDF
    reference asks.
    """
    entries = [
        f"<{code:02X}> <{chr(value).encode('utf-16-be').hex().upper()}>"
        for code, value in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


# reportlab looks the function up in its module each time it embeds a subset.
ttfonts.makeToUnicodeCMap = to_unicode_cmap

_lock = threading.Lock()
_loaded: dict[tuple[str, int], LoadedFont] = {}
_chains: dict[tuple[str, tuple], FontChain] = {}
_settings = FontSettings()


def set_font_settings(settings: FontSettings) -> None:
    """Apply the clerk's font settings to forms made from now on."""
    global _settings
    with _lock:
        _settings = settings
        _chains.clear()


def font_chain(role: str = "body") -> FontChain:
    """The chain for ``title`` or ``body`` text, loading the fonts on first use."""
    with _lock:
        key = (role, (tuple(_settings.extra_fonts), _settings.use_system_fonts))
        chain = _chains.get(key)
        if chain is None:
            specs = _specs(role, _settings)
            chain = FontChain(
                [font for font in (_load(spec) for spec in specs) if font is not None]
            )
            _chains[key] = chain
        return chain


def _specs(role: str, settings: FontSettings) -> list[FontSpec]:
    config = tomllib.loads(resource_path("fonts", "fonts.toml").read_text(encoding="utf-8"))
    specs: list[FontSpec] = []
    if settings.use_system_fonts:
        for entry in config.get("system", {}).get(role, []):
            found = _find_system_font(entry["file"])
            if found is not None:
                specs.append(
                    FontSpec(found, entry.get("subfont", 0), entry.get("label", found.stem))
                )
    for entry in config["bundled"]:
        specs.append(
            FontSpec(resource_path("fonts", entry["file"]), entry.get("subfont", 0), entry["label"])
        )
    # A font the clerk added (for one rare name) is a fallback for the characters the others
    # lack — never the face of every character and digit of every form.
    specs += [FontSpec(Path(p), 0, Path(p).stem) for p in settings.extra_fonts]
    unique: dict[tuple[Path, int], FontSpec] = {}
    for spec in specs:
        unique.setdefault((spec.path, spec.subfont), spec)
    return list(unique.values())


def system_font_dirs() -> list[Path]:
    """Where Windows keeps fonts (machine-wide, then the user's own installs)."""
    folders = []
    if os.environ.get("WINDIR"):
        folders.append(Path(os.environ["WINDIR"]) / "Fonts")
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return folders


def _find_system_font(filename: str) -> Path | None:
    for folder in system_font_dirs():
        candidate = folder / filename
        if candidate.is_file():
            return candidate
    return None


def _load(spec: FontSpec) -> LoadedFont | None:
    key = (str(spec.path), spec.subfont)
    if key in _loaded:
        return _loaded[key]
    name = f"WRC-{spec.path.stem}-{spec.subfont}"
    problem = font_file_problem(spec.path) or (None if spec.path.exists() else "不存在")
    if problem:
        log.warning("字体 %s %s，已跳过", spec.path, problem)
        return None
    try:
        font = TTFont(name, str(spec.path), subfontIndex=spec.subfont)
    except (
        OSError,
        TTFError,
        ValueError,
        KeyError,
        IndexError,
        struct.error,  # a truncated file ends inside a table
    ) as error:  # a damaged or CFF-flavoured file: skip it, the bundled fonts follow
        log.warning("字体 %s 无法载入，已跳过：%s", spec.path, error)
        return None
    pdfmetrics.registerFont(font)
    loaded = LoadedFont(name, spec.label or spec.path.stem, frozenset(font.face.charToGlyph))
    _loaded[key] = loaded
    return loaded


def preload(roles: Iterable[str] = ("title", "body")) -> None:
    """Parse the font files now (e.g. in a worker at start-up) so the first form is quick."""
    for role in roles:
        font_chain(role)
