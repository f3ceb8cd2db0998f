"""Bordered form tables (003 附件5/附件6): cells with spans, minimum heights and check boxes.

A row in the TOML is ``{ cells = [...], height = 14 }`` (height in mm, a
minimum); a cell is a string or ``{ text = "...", span = 3, align = "left",
valign = "top" }``. A cell's text is split into lines: ``>>`` right-aligns a
line, ``==`` centres it, ``..`` indents it by two characters, ``[]`` makes a
row of check boxes and an empty line leaves half a line of space.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

if TYPE_CHECKING:
    from .render import _Builder

_PREFIXES: dict[str, dict[str, Any]] = {
    ">>": {"align": "right"},
    "==": {"align": "center"},
    "..": {"align": "justify", "indent": 2},
}


def _cell_flowables(builder: _Builder, text: str, size: float, align: str) -> list:
    # A form that would run over sets its cells a little tighter (1.6 → 1.43 of the size)
    # and gives up some of the empty lines left to write in.
    leading = size * (1.35 + 0.25 * builder.squeeze)
    flowables: list = []
    for raw in text.strip("\n").split("\n"):
        line = raw.strip()
        if not line:
            flowables.append(Spacer(1, leading / 2 * max(builder.squeeze, 0.5)))
            continue
        if line.startswith("[]"):
            flowables.append(builder.check_row(line[2:], size, leading))
            continue
        options: dict[str, Any] = {"align": align, "indent": 0}
        for prefix, extra in _PREFIXES.items():
            if line.startswith(prefix):
                options.update(extra)
                line = line[len(prefix) :].strip()
                break
        style = builder.style({}, size=size, leading=leading, **options)
        flowables.append(builder.para(line, style))
    return flowables


def build_table(builder: _Builder, block: dict[str, Any]) -> Table:
    size = float(block.get("size", 14)) * builder.scale  # smaller when the form must shrink
    weights = [float(w) for w in block["widths"]]
    widths = [builder.width * w / sum(weights) for w in weights]
    columns = len(widths)
    data, heights = [], []
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.8, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), size * 0.4),
        ("RIGHTPADDING", (0, 0), (-1, -1), size * 0.4),
        ("TOPPADDING", (0, 0), (-1, -1), size * 0.3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.4),
    ]
    for row_index, row in enumerate(block["rows"]):
        cells: list = []
        needed = 0.0
        column = 0
        for cell in row["cells"]:
            spec = {"text": cell} if isinstance(cell, str) else dict(cell)
            span = int(spec.get("span", 1))
            align = spec.get("align", "center" if span == 1 and columns > 1 else "left")
            flowables = _cell_flowables(builder, spec["text"], size, align)
            inner = sum(widths[column : column + span]) - size * 0.8
            needed = max(needed, sum(f.wrap(inner, 10_000)[1] for f in flowables) + size * 0.7)
            cells.append(flowables)
            cells += [""] * (span - 1)
            if span > 1:
                commands.append(("SPAN", (column, row_index), (column + span - 1, row_index)))
            if "valign" in spec:
                commands.append(
                    ("VALIGN", (column, row_index), (column, row_index), spec["valign"].upper())
                )
            column += span
        if column != columns:
            raise ValueError(
                f"{builder.form.slug}.toml: table row {row_index + 1} spans {column} of {columns} columns"
            )
        data.append(cells)
        # A row is at least its TOML height, and taller when its text needs it: never clipped.
        # A form that would run over gives up a little of its rows' room to write and stamp
        # in, never more than 15 % (a stamp is 4 cm across).
        minimum = float(row.get("height", 0)) * mm * max(builder.squeeze, 0.85)
        heights.append(max(minimum, needed))
    table = Table(data, colWidths=widths, rowHeights=heights)
    # Empty cells would otherwise set reportlab's default Helvetica, an unembedded font.
    table.setStyle(TableStyle([*commands, ("FONTNAME", (0, 0), (-1, -1), builder.chain.primary)]))
    return table
