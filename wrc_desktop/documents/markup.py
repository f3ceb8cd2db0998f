"""Template text + values → reportlab Paragraph markup, escaped and glyph-checked.

Everything that reaches reportlab's mini-HTML goes through
:meth:`FontChain.markup`, which escapes ``< > &`` and wraps characters the
primary font lacks in a ``<font>`` tag; so a name like ``<b>&`` prints as typed.
"""

from __future__ import annotations

from collections.abc import Mapping

from .context import FormContext, one_line
from .definition import PLACEHOLDER, FormDefinition
from .fonts import FontChain

# A gap for handwriting. Ideographic spaces are collapsed by reportlab's line
# breaking, so the gap is drawn with full-width low lines, as on paper forms.
GAP_CHAR = "\uff3f"
DEFAULT_GAP = 6
TEMPLATE_LABEL = "表格文字"

Item = Mapping[str, str | None]


def lookup(context: FormContext, key: str, item: Item | None = None) -> str | None:
    value = item.get(key) if item is not None and key in item else context.values.get(key)
    if value is None:
        return None
    text = one_line(str(value))
    return text or None


def gap(width: int | None) -> str:
    return GAP_CHAR * (width or DEFAULT_GAP)


def expand(
    text: str,
    context: FormContext,
    chain: FontChain,
    form: FormDefinition,
    *,
    item: Item | None = None,
    underline: bool = True,
) -> str:
    """Paragraph markup for ``text`` with its placeholders filled (or gaps in blank mode)."""
    parts: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(chain.markup(text[position : match.start()], TEMPLATE_LABEL))
        position = match.end()
        key = match.group("key")
        if match.group("list"):
            parts.append(_expand_list(key, context, chain, form))
            continue
        width = int(match.group("width")) if match.group("width") else None
        value = lookup(context, key, item)
        if value is None:
            # A plain placeholder without a width (a table cell) stays empty; others get a line.
            if width or not match.group("plain"):
                parts.append(chain.markup(gap(width), TEMPLATE_LABEL))
        else:
            filled = chain.markup(value, context.label(key))
            plain = match.group("plain") or not underline
            parts.append(filled if plain else f"<u>{filled}</u>")
    parts.append(chain.markup(text[position:], TEMPLATE_LABEL))
    return "".join(parts)


def _expand_list(name: str, context: FormContext, chain: FontChain, form: FormDefinition) -> str:
    spec = form.lists.get(name)
    if spec is None:
        raise ValueError(f"{form.slug}.toml uses {{*{name}}} without a [lists.{name}] table")
    items = context.lists.get(name) or [{}]
    separator = chain.markup(spec.separator, TEMPLATE_LABEL)
    return separator.join(expand(spec.item, context, chain, form, item=item) for item in items)


def plain_text(
    text: str, context: FormContext, chain: FontChain, *, item: Item | None = None
) -> str:
    """``text`` with values filled in, unmarked (for labels drawn on the canvas); checked for glyphs."""
    parts: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(text[position : match.start()])
        position = match.end()
        key = match.group("key")
        value = lookup(context, key, item)
        if value is not None:
            chain.check(value, context.label(key))
        parts.append(value if value is not None else gap(int(match.group("width") or 0) or None))
    parts.append(text[position:])
    result = "".join(parts)
    chain.check(result, TEMPLATE_LABEL)
    return result
