"""The forms of one case: which ones, in the district's wording, with the facts and dates they carry.

The dates are planned by :func:`wrc_desktop.rules.form_dates.plan_form_dates` against the
case's district and planned submission date, so the forms never raise a problem in the
case's own checks; the loan's owners, start and relationship come from the case's facts
(``Case.facts``). :func:`.case_files.generate_forms` writes what is planned here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlmodel import Session

from ..rules.context import RulesContext
from ..rules.errors import WrcError
from ..rules.form_dates import DatedForm, plan_form_dates
from ..rules.materials import Material
from ..store import case_views
from ..store.case_facts import read_facts
from .definition import FORM_SLUGS, FormDefinition, load_form


@dataclass(frozen=True)
class PlannedForm:
    key: str  # the checklist item the form belongs to
    title: str  # the item's title
    form: FormDefinition  # in the case district's wording, titled and filed as the item
    dated: dt.date


def as_material(form: FormDefinition, title: str) -> FormDefinition:
    """``form`` headed and named (file name) by its material's one title, as the checklist, the
    bundle's 材料目录 and the upload kit name it: 西城's 个人诚信声明 and 东城's 诚信声明 (附件 4) are
    one material. The wording below the heading stays the district's (verbatim where verified)."""
    if form.title == title and form.file_label == title:
        return form
    return replace(form, title=title, file_label=title)


def plan(
    session: Session,
    case_id: int,
    *,
    rules: RulesContext,
    on: dt.date,
    dates: Mapping[str, dt.date] | None = None,
) -> list[PlannedForm]:
    """The case's forms with the dates they will carry (the clerk's chosen dates first).

    ``dates`` (form slug → date) add to and override the dates kept in the case's facts.
    """
    view = case_views.case_view(session, case_id, rules=rules)
    case = view.case
    forms = [
        DatedForm(row.key, item.form, row.title, item.material_kind)
        for row in view.rows
        if (item := row.item) is not None and item.form is not None and item.form in FORM_SLUGS
    ]
    if not forms:
        raise WrcError(f"办理事项 {case.number} 的材料清单中没有可由本程序生成的表格")
    facts, _version = read_facts(session, case_id)
    chosen = {**facts.form_dates, **(dates or {})}
    keys = {form.key for form in forms}
    # The clerk's own dated materials (not the forms about to be replaced): the declaration follows them.
    others = [
        Material(
            row.item.material_kind if row.item else "other", label=row.title, dated=row.row.dated
        )
        for row in view.rows
        if row.key not in keys
        and row.row is not None
        and row.row.dated is not None
        and row.state.state != "missing"
        and (row.item is None or row.item.material_kind != "degree")
    ]
    planned = plan_form_dates(
        rules.policy(case.district),
        forms,
        base=on,
        submit=case.submit_on,
        chosen=chosen,
        others=others,
        working=rules.calendar.is_working_day,
    )
    return [
        PlannedForm(
            form.key,
            form.title,
            as_material(load_form(form.slug, case.district), form.title),
            planned[form.key],
        )
        for form in forms
    ]
