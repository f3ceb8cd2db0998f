"""PDF forms for holders of the register, in the fonts the clerk chose (the desk's preferences)."""

from __future__ import annotations

from collections.abc import Sequence

from ..documents import FormOptions, build_context, load_form, render_pdf
from ..store import repo
from .core import Desk


def find_holder_id(desk: Desk, id_number: str) -> int | None:
    with desk.session() as session:
        holder = repo.find_holder(session, id_number)
        return holder.id if holder is not None else None


def render(desk: Desk, slug: str, holder_ids: Sequence[int | None], options: FormOptions) -> bytes:
    """One PDF of form ``slug`` with a page set per holder (``None``: a form for no holder)."""
    desk.preferences()  # applies the clerk's font choice before anything is laid out
    with desk.session() as session:
        contexts = [build_context(session, holder_id, options) for holder_id in holder_ids]
    form = load_form(slug)
    return render_pdf(form, contexts, title=form.title)


def generate_files(desk: Desk, request, folder, *, progress=None, cancelled=None) -> list:
    """The PDFs of a :class:`~wrc_desktop.documents.FormRequest` into ``folder`` (the forms dialog)."""
    from ..documents import generate

    desk.preferences()
    with desk.session() as session:
        return generate(session, request, folder, progress=progress, cancelled=cancelled)


def agent_names(desk: Desk, holder_id: int) -> list[str]:
    """The agents of the unit of ``holder_id`` (the authorization letter names one)."""
    with desk.session() as session:
        unit_id = repo.get_holder(session, holder_id).unit_id
        return [agent.name for agent in repo.list_agents(session, unit_id)]
