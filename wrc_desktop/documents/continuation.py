"""The marks that tie a form to its 续页: a heading on the continuation page, a note at the cut.

A form whose text does not fit its own pages at 7 pt runs on to pages headed
"<title>（续页）"; the last of the form's own pages says at its foot that the text goes on
("（续见续页）"), so a reviewer holding only the first sheet knows one is missing.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from .flowables import _draw_runs, _width
from .fonts import font_chain

CONTINUATION = "（续页）"
CONTINUED_NOTE = "（续见续页）"
HEADING_SIZE = 10.5
NOTE_SIZE = 10.5


class PageEndDocument(SimpleDocTemplate):
    """A SimpleDocTemplate that calls ``on_page_end(canvas, doc)`` as each page is finished
    (reportlab's ``afterPage`` hook: the page's content is drawn, the page not yet shown)."""

    def __init__(self, *args, on_page_end: Callable | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.on_page_end = on_page_end

    def afterPage(self) -> None:  # reportlab's hook, called before the page is shown
        if self.on_page_end is not None:
            self.on_page_end(self.canv, self)


class ContinuationMarks:
    """The page callbacks for a document of forms, each taking at most ``budget`` own pages.

    ``marks``: per form, the page numbers noted where its story starts and ends (one number
    while the form is still being laid out).
    """

    def __init__(self, title: str, marks: list[list[int]], budget: int) -> None:
        self.heading = f"{title}{CONTINUATION}"
        self.marks = marks
        self.budget = budget

    def _open_form_start(self) -> int | None:
        """The first page of the form being laid out (None: between forms)."""
        current = next((mark for mark in reversed(self.marks) if mark), [])
        return current[0] if len(current) == 1 else None

    def on_page(self, canvas, doc) -> None:
        """At a page's start: a page beyond the form's own is headed 续页."""
        start = self._open_form_start()
        if start is not None and canvas.getPageNumber() - start >= self.budget:
            runs = font_chain("body").runs(self.heading, "续页")
            _draw_runs(canvas, runs, doc.leftMargin, A4[1] - doc.topMargin / 2, HEADING_SIZE)

    def on_page_end(self, canvas, doc) -> None:
        """At a page's end: the form's last own page, with text still to come, says so."""
        start = self._open_form_start()
        if start is not None and canvas.getPageNumber() - start == self.budget - 1:
            runs = font_chain("body").runs(CONTINUED_NOTE, "续页")
            x = A4[0] - doc.rightMargin - _width(runs, NOTE_SIZE)
            _draw_runs(canvas, runs, x, doc.bottomMargin / 2, NOTE_SIZE)
