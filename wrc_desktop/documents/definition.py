"""Form definitions: the wording and layout of each form, read from ``resources/forms/<slug>.toml``.

A definition is data so that a changed template at the bureau means an edited
TOML file, not edited Python. Text may hold placeholders:

- ``{holder.name}``      a value, underlined; blank mode prints an underlined gap
- ``{holder.name:10}``   the same, the gap 10 characters wide
- ``{=date}``            a value printed plain (dates, the recipient line)
- ``{*owners}``          a list, each item formatted by the definition's ``[lists.owners]``

Blocks (``[[blocks]]``, each with a ``type``): ``paragraph`` (text, align,
indent, size, space_before), ``fields`` (rows of label / value pairs on
underlines), ``signatures`` (labelled signing lines, optionally repeated per
list item), ``table`` (a bordered form table) and ``spacer``. Inside a table
cell, a line starting with ``>>`` is right-aligned, ``==`` centred, ``..``
indented, and ``[]`` is a row of check boxes: ``[] box.a 选项甲; box.b 选项乙``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..paths import resource_path
from ..rules.errors import WrcError

PLACEHOLDER = re.compile(
    r"\{(?P<plain>=)?(?P<list>\*)?(?P<key>[a-z_][a-z0-9_.]*)(?::(?P<width>\d+))?\}"
)

BLOCK_TYPES = {"paragraph", "fields", "signatures", "table", "spacer"}


@dataclass(frozen=True)
class ListFormat:
    item: str
    separator: str = "、"


@dataclass(frozen=True)
class FormDefinition:
    slug: str
    title: str
    file_label: str  # used in output file names
    source: str  # where the wording comes from (shown in the GUI's tooltip)
    blocks: tuple[dict[str, Any], ...]
    lists: dict[str, ListFormat] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    page: dict[str, float] = field(default_factory=dict)  # margins in mm, body size/leading in pt
    uses: frozenset[str] = frozenset()  # every placeholder key the form prints
    housing: tuple[str, ...] = ()  # the housing proofs the form is for (rules.vocab); () any
    wording_district: str = ""  # the district whose guide gives this wording verbatim
    district: str = ""  # the district this copy is for ("": any)
    note: str = ""  # what the wording rests on where it is not a guide's verbatim template
    requirement: str = ""  # the guide's own words on what the form must carry (verbatim)

    @property
    def verified(self) -> bool:
        """The wording is the district's own template, quoted verbatim from its guide."""
        return bool(self.wording_district) and self.wording_district == self.district

    @property
    def wording(self) -> str:
        """Where the wording comes from, as the clerk reads it (tooltip, CLI)."""
        if self.verified:
            return self.source
        note = self.note or f"本区指南没有此表的模板，沿用{self.source}的措辞"
        return f"{note}（未核实）"

    def page_value(self, key: str, default: float) -> float:
        return float(self.page.get(key, default))


# The forms in the order the clerk sees them; slugs are the CLI's words.
FORM_SLUGS = (
    "authorization",
    "declaration",
    "loan",
    "info-change",
    "unit-change",
    "registration",
    "leaving",
    "unit-housing",
    "unit-declaration",
)


def variant_path(slug: str, district: str | None):
    """``<slug>@<district>.toml`` where the district's guide has its own wording, else ``<slug>.toml``."""
    if district:
        own = resource_path("forms", f"{slug}@{district}.toml")
        if own.is_file():
            return own
    return resource_path("forms", f"{slug}.toml")


@cache
def load_form(slug: str, district: str | None = None) -> FormDefinition:
    """Form ``slug`` as ``district`` uses it (its own wording where its guide has one)."""
    if slug not in FORM_SLUGS:
        raise WrcError(f"没有名为“{slug}”的表格（可选：{'、'.join(FORM_SLUGS)}）")
    path = variant_path(slug, district)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    blocks = tuple(data.get("blocks", ()))
    for index, block in enumerate(blocks, start=1):
        if block.get("type") not in BLOCK_TYPES:
            raise ValueError(f"{path.name}: block {index} has unknown type {block.get('type')!r}")
    lists = {
        name: ListFormat(spec["item"], spec.get("separator", "、"))
        for name, spec in data.get("lists", {}).items()
    }
    uses = frozenset(_placeholder_keys(data))
    return FormDefinition(
        slug=slug,
        title=data["title"],
        file_label=data.get("file_label", data["title"]),
        source=data.get("source", ""),
        blocks=blocks,
        lists=lists,
        required=tuple(data.get("required", ())),
        page=dict(data.get("page", {})),
        uses=uses,
        housing=tuple(data.get("housing", ())),
        wording_district=data.get("wording_district", ""),
        district=district or "",
        note=data.get("note", ""),
        requirement=data.get("requirement", ""),
    )


def all_forms(district: str | None = None) -> list[FormDefinition]:
    return [load_form(slug, district) for slug in FORM_SLUGS]


def _placeholder_keys(value: Any) -> set[str]:
    keys: set[str] = set()
    if isinstance(value, str):
        keys.update(m.group("key") for m in PLACEHOLDER.finditer(value))
        keys.update(m.group(1) for m in re.finditer(r"(box\.[a-z_]+)", value))
    elif isinstance(value, dict):
        for item in value.values():
            keys |= _placeholder_keys(item)
    elif isinstance(value, list | tuple):
        for item in value:
            keys |= _placeholder_keys(item)
    return keys
