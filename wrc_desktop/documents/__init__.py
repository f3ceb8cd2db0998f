"""PDF forms the clerk prints, has signed and stamped, scans and uploads.

The public API, for the GUI and the case folder::

    from wrc_desktop.documents import FormOptions, FormRequest, generate
    files = generate(session, FormRequest("authorization", [holder_id], FormOptions(on=today)), folder)

- :func:`generate` — forms for holders of the register into a folder (one each or combined),
  with ``progress(done, total)`` and ``cancelled()`` callbacks for a worker thread;
- :func:`build_context` + :func:`render_pdf` — the bytes of one form, e.g. for a preview;
- :func:`all_forms` / :func:`load_form` — titles and slugs for a form chooser;
- :func:`preload` — parse the fonts early (they take most of the first form's time).

Wording and layout live in ``resources/forms/<slug>.toml``; fonts in ``resources/fonts``.
This package never imports Qt.
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use (PEP 562), so that ``import wrc_desktop.documents.definition``
# (the CLI's list of forms) does not pull in reportlab for every command.
_EXPORTS = {
    "FormContext": "context",
    "FormOptions": "context",
    "LoanDetails": "context",
    "blank_context": "context",
    "build_context": "context",
    "FORM_SLUGS": "definition",
    "FormDefinition": "definition",
    "all_forms": "definition",
    "load_form": "definition",
    "FontSettings": "fonts",
    "MissingGlyphError": "fonts",
    "preload": "fonts",
    "set_font_settings": "fonts",
    "Cancelled": "output",
    "FormRequest": "output",
    "generate": "output",
    "write_atomic": "output",
    "write_forms": "output",
    "render_pdf": "render",
}
__all__ = [
    "FORM_SLUGS",
    "Cancelled",
    "FontSettings",
    "FormContext",
    "FormDefinition",
    "FormOptions",
    "FormRequest",
    "LoanDetails",
    "MissingGlyphError",
    "all_forms",
    "blank_context",
    "build_context",
    "generate",
    "load_form",
    "preload",
    "render_pdf",
    "set_font_settings",
    "write_atomic",
    "write_forms",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
