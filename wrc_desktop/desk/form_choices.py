"""The forms the app fills, and the choices the forms dialog offers, as the GUI may name them.

The documents package lays the forms out; the dialog only needs their list, the request it
hands back to :func:`~wrc_desktop.desk.forms.generate_files`, and the boxes a change form
can tick. Importing this module loads the PDF machinery, so the dialog imports it when it
opens, not when the window starts.
"""

from __future__ import annotations

from ..documents import Cancelled, FormOptions, FormRequest, LoanDetails, all_forms
from ..documents.context import CHANGE_BOXES, FORM_CHANGE_BOXES

__all__ = [
    "CHANGE_BOXES",
    "FORM_CHANGE_BOXES",
    "Cancelled",
    "FormOptions",
    "FormRequest",
    "LoanDetails",
    "all_forms",
]
