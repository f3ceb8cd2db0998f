"""Writing forms into a folder: safe file names, atomic writes, batches with progress and cancel.

This is what the GUI and the case folder call. A file is first written to a
temporary name in the target folder and then renamed into place, so the clerk
never finds a half-written PDF; a cancelled batch keeps the files already
finished and leaves no temporary file behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from ..atomic import safe_filename, write_bytes
from ..rules.context import RulesContext
from ..rules.errors import WrcError
from .context import FormContext, FormOptions, build_context, check_form
from .definition import FormDefinition, load_form
from .render import render_pdf

Progress = Callable[[int, int], None]  # (done, total)
IsCancelled = Callable[[], bool]


class Cancelled(WrcError):
    """The clerk cancelled a batch; ``written`` lists the files already finished."""

    def __init__(self, written: list[Path]) -> None:
        self.written = written
        super().__init__(f"已取消：已生成 {len(written)} 个文件")


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    return write_bytes(path, data)


def output_name(form: FormDefinition, context: FormContext, on: dt.date) -> str:
    who = "空白" if context.blank or not context.holder_name else context.holder_name
    return safe_filename(f"{form.file_label}_{who}_{on:%Y%m%d}", ".pdf", default="表格")


@dataclass
class FormRequest:
    """What the clerk chose: which form, for whom, how."""

    form: str  # slug, see definition.FORM_SLUGS
    holder_ids: Sequence[int]  # may be empty for a blank form
    options: FormOptions
    combined: bool = False  # one file for everybody instead of one file each


def generate(
    session: Session,
    request: FormRequest,
    folder: Path,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    form: FormDefinition | None = None,
    taken: set[str] | None = None,
    rules: RulesContext,
) -> list[Path]:
    """Make the requested forms in ``folder``; returns the files written.

    Every holder's values are read and checked (ID numbers, glyphs, the facts the
    form needs) before the first file is written, so a bad record stops the batch
    before it starts. ``form``: the definition in the holders' district's wording;
    ``taken``: file names already written by this batch (one call per district).
    """
    form = form or load_form(request.form)
    holder_ids: list[int | None] = list(request.holder_ids) or [None]
    if request.options.blank:
        holder_ids = holder_ids[:1] if not request.combined else holder_ids
    contexts = [
        build_context(session, holder_id, request.options, rules=rules) for holder_id in holder_ids
    ]
    for context in contexts:
        check_form(form, context)
    return write_forms(
        form,
        contexts,
        folder,
        request.options.on,
        combined=request.combined,
        progress=progress,
        cancelled=cancelled,
        taken=taken,
    )


def write_forms(
    form: FormDefinition,
    contexts: Sequence[FormContext],
    folder: Path,
    on: dt.date,
    *,
    combined: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    taken: set[str] | None = None,
) -> list[Path]:
    """Render ``contexts`` into ``folder``: one file each, or one combined file."""
    total = len(contexts)
    if combined and total > 1:

        def form_done(index: int) -> None:  # called while reportlab lays out the combined file
            if cancelled and cancelled():
                raise Cancelled([])
            if progress:
                progress(index + 1, total)

        data = render_pdf(form, contexts, title=form.title, on_form_done=form_done)
        return [
            write_atomic(
                folder / safe_filename(f"{form.file_label}_合并{total}份_{on:%Y%m%d}", ".pdf"), data
            )
        ]
    written: list[Path] = []
    used: set[str] = taken if taken is not None else set()
    for index, context in enumerate(contexts):
        if cancelled and cancelled():
            raise Cancelled(written)
        name = _unique(output_name(form, context, on), used)
        written.append(write_atomic(folder / name, render_pdf(form, [context])))
        if progress:
            progress(index + 1, total)
    return written


def _unique(name: str, used: set[str]) -> str:
    """Two holders with the same name get 张伟_…pdf and 张伟_…(2).pdf."""
    stem, suffix = name[:-4], name[-4:]
    candidate, number = name, 2
    while candidate in used:
        candidate = f"{stem}({number}){suffix}"
        number += 1
    used.add(candidate)
    return candidate
