"""PDF forms for holders of the register, in the fonts the clerk chose (the desk's preferences).

Each form is worded as the holder's district words it (:func:`documents.load_form`), and a
filled form is refused when it does not fit the holder's facts (housing, missing values).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..documents import FormOptions, build_context, load_form, render_pdf, write_atomic
from ..documents.context import FORM_CHANGE_BOXES, MissingFacts, check_form
from ..documents.definition import FORM_SLUGS, FormDefinition
from ..rules.errors import WrcError
from ..rules.vocab import DISTRICTS
from ..store import holder_records, unit_records
from .core import Desk

__all__ = [
    "FORM_CHANGE_BOXES",
    "FORM_SLUGS",
    "FormDefinition",
    "FormOptions",
    "MissingFacts",
    "agent_names",
    "find_holder_id",
    "form_for",
    "generate_files",
    "holder_district",
    "render",
    "save",
    "titles",
]


def titles() -> dict[str, str]:
    """Every form's slug and title (in the default wording), in the order the forms are offered."""
    return {slug: load_form(slug).title for slug in FORM_SLUGS}


def find_holder_id(desk: Desk, id_number: str) -> int | None:
    with desk._session() as session:
        holder = holder_records.find_holder(session, id_number)
        return holder.id if holder is not None else None


def holder_district(desk: Desk, holder_ids: Sequence[int | None]) -> str | None:
    """The one district of the holders' units (None: no holder); refused when they differ."""
    with desk._session() as session:
        districts = {
            unit_records.get_unit(
                session, holder_records.get_holder(session, holder_id).unit_id
            ).district
            for holder_id in holder_ids
            if holder_id is not None
        }
    if len(districts) > 1:
        names = "、".join(sorted(DISTRICTS.get(d, d) for d in districts))
        raise WrcError(f"所选持证人属于不同的区（{names}），各区表格措辞不同：请按区分别生成")
    return districts.pop() if districts else None


def form_for(
    desk: Desk, slug: str, holder_ids: Sequence[int | None], district: str | None = None
) -> FormDefinition:
    """Form ``slug`` in the wording of the holders' district (or ``district`` for a blank form)."""
    return load_form(slug, holder_district(desk, holder_ids) or district)


def render(
    desk: Desk,
    slug: str,
    holder_ids: Sequence[int | None],
    options: FormOptions,
    *,
    district: str | None = None,
) -> bytes:
    """One PDF of form ``slug`` with a page set per holder (``None``: a form for no holder)."""
    desk.preferences()  # applies the clerk's font choice before anything is laid out
    form, rules = form_for(desk, slug, holder_ids, district), desk.rules()
    with desk._session() as session:
        contexts = [build_context(session, h, options, rules=rules) for h in holder_ids]
    for context in contexts:
        check_form(form, context)
    return render_pdf(form, contexts, title=form.title)


def save(
    desk: Desk,
    slug: str,
    holder_ids: Sequence[int | None],
    options: FormOptions,
    out: Path,
    *,
    district: str | None = None,
) -> FormDefinition:
    """Form ``slug`` rendered as :func:`render` does, written to ``out`` whole or not at all;
    returns the form (its title names what was made). :class:`MissingFacts` when the holder's
    facts do not fill it."""
    form = form_for(desk, slug, holder_ids, district)
    write_atomic(out, render(desk, slug, holder_ids, options, district=district))
    return form


def generate_files(desk: Desk, request, folder, *, progress=None, cancelled=None) -> list:
    """The PDFs of a :class:`~wrc_desktop.documents.FormRequest` into ``folder`` (the forms dialog).

    One file each: every holder's form in the wording of the holder's district. One
    combined file needs the holders of one district (refused otherwise).
    """
    from dataclasses import replace

    from ..documents import Cancelled, generate

    desk.preferences()
    holder_ids = list(request.holder_ids)
    if request.combined or request.options.blank or len(holder_ids) <= 1:
        groups = [holder_ids]
    else:
        by_district: dict[str | None, list[int]] = {}
        for holder_id in holder_ids:
            by_district.setdefault(holder_district(desk, [holder_id]), []).append(holder_id)
        groups = list(by_district.values())
    written: list = []
    taken: set[str] = set()  # two 张伟 in two districts still get two files
    total = len(holder_ids)
    for group in groups:
        done = len(written)

        def step(count: int, _total: int, done: int = done) -> None:
            if progress:
                progress(done + count, total)

        form = form_for(desk, request.form, group, request.options.district)
        options = request.options
        if options.blank and not options.district:
            # a blank form for chosen holders is addressed to their district's bureau
            options = replace(options, district=holder_district(desk, group))
        try:
            with desk._session() as session:
                written += generate(
                    session,
                    replace(request, holder_ids=group, options=options),
                    folder,
                    progress=step,
                    cancelled=cancelled,
                    form=form,
                    taken=taken,
                    rules=desk.rules(),
                )
        except Cancelled as error:
            raise Cancelled(written + error.written) from None
    return written


def agent_names(desk: Desk, holder_id: int) -> list[str]:
    """The agents of the unit of ``holder_id`` (the authorization letter names one)."""
    with desk._session() as session:
        unit_id = holder_records.get_holder(session, holder_id).unit_id
        return [agent.name for agent in unit_records.list_agents(session, unit_id)]
