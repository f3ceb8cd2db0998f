"""Hand-made .xlsx files: the sheet XML written as a test needs it (merged ranges, formulas
with and without cached values, error cells, rows out of order), as tools other than Excel
write them."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils.cell import get_column_letter

DATE_STYLE = 1  # cellXfs index of the yyyy-mm-dd style below

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData>{rows}</sheetData>{merges}
</worksheet>"""


def text(value: str) -> str:
    """An inline text cell's inside."""
    return f"<is><t>{escape(value)}</t></is>"


def cell(
    ref: str,
    value: object = None,
    *,
    formula: str | None = None,
    cached: object = None,
    error: str | None = None,
    style: int | None = None,
    shared: tuple[str, str | None] | None = None,
) -> str:
    """One ``<c>``: a value (text → inline string, number), an error, or a formula with or
    without a cached value; ``shared`` = (si, ref of the range or None for a dependent cell)."""
    attrs = f' r="{ref}"' + (f' s="{style}"' if style is not None else "")
    inner = ""
    if formula is not None or shared is not None:
        if shared is not None:
            si, span = shared
            span_attr = f' ref="{span}"' if span else ""
            inner = f'<f t="shared" si="{si}"{span_attr}>{escape(formula or "")}</f>'
        else:
            inner = f"<f>{escape(formula or '')}</f>"
        if cached is not None:
            kind = ' t="str"' if isinstance(cached, str) else ""
            return f"<c{attrs}{kind}>{inner}<v>{escape(str(cached))}</v></c>"
        return f"<c{attrs}>{inner}</c>"
    if error is not None:
        return f'<c{attrs} t="e"><v>{escape(error)}</v></c>'
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c{attrs} t="inlineStr">{text(value)}</c>'
    return f"<c{attrs}><v>{value}</v></c>"


def row(number: int, cells: Sequence[object]) -> str:
    """A ``<row>`` of plain values from column A (already written ``<c>`` strings kept)."""
    parts = []
    for index, value in enumerate(cells, start=1):
        ref = f"{get_column_letter(index)}{number}"
        parts.append(
            value if isinstance(value, str) and value.startswith("<c") else cell(ref, value)
        )
    return f'<row r="{number}">{"".join(parts)}</row>'


def write_xlsx(
    path: Path, rows: Sequence[str], merges: Sequence[str] = (), sheet: str = "花名册"
) -> Path:
    merged = (
        f'<mergeCells count="{len(merges)}">'
        + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        + "</mergeCells>"
        if merges
        else ""
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet)))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr(
            "xl/worksheets/sheet1.xml", _SHEET.format(rows="".join(rows), merges=merged)
        )
    return path
