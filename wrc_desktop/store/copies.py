"""What an edit screen shows of a record, as plain values, and whether that copy has gone stale.

A dialog keeps these values (and the record's ``version``) when it opens and hands
them back as ``seen`` when it saves; :mod:`.versions` compares them with the stored
record to name, field by field, what changed meanwhile. Labels are the ones the
clerk reads in the dialogs (:mod:`wrc_desktop.rules.validation`), codes are shown as
their Chinese labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..rules import validation, vocab
from . import versions
from .models import Agent, FamilyMember, Unit

if TYPE_CHECKING:
    from .holder_records import HolderDetail
    from .permit_records import PermitHistory

HOLDER_LABELS = {
    **validation.HOLDER_LABELS,
    "unit": "单位",
    "permit": "工作居住证",
    "family": "随往人员",
}
HOLDER_CHOICES = {
    "id_type": vocab.ID_TYPES,
    "gender": vocab.GENDERS,
    "status": vocab.HOLDER_STATUS,
    "degree": vocab.DEGREES,
    "housing_kind": vocab.HOUSING_KINDS,
    "retirement_track": vocab.RETIREMENT_TRACKS,
}
PERMIT_LABELS = validation.PERMIT_LABELS
PERMIT_CHOICES = {"status": vocab.PERMIT_STATUS}
UNIT_LABELS = {**validation.UNIT_LABELS, **vocab.UNIT_FLAGS, "agents": "经办人"}
UNIT_CHOICES = {"district": vocab.DISTRICTS, "kind": vocab.UNIT_KINDS}
# Parts of a unit or holder edited in the same dialog: (labels, choices) by what the clerk calls them.
_MEMBERS = {
    "经办人": (validation.AGENT_LABELS, {"gender": vocab.GENDERS}),
    "随往人员": (
        validation.FAMILY_LABELS,
        {"relation": vocab.RELATIONS, "gender": vocab.GENDERS, "id_type": vocab.ID_TYPES},
    ),
}


def holder_copy(detail: HolderDetail) -> dict[str, Any]:
    """What the holder dialog shows of a holder: its fields, unit, whether it has a permit, family's names."""
    values = {name: getattr(detail.holder, name) for name in validation.HOLDER_LABELS}
    values["unit"] = detail.unit.name
    # Whether a permit is registered at all; its own fields are checked with the permit's version.
    values["permit"] = "已登记" if detail.permits else "未登记"
    values["family"] = family_summary(detail.family)
    return values


def family_summary(members: Sequence[FamilyMember]) -> str:
    return "、".join(f"{m.name}（{vocab.label(vocab.RELATIONS, m.relation)}）" for m in members)


def permit_copy(history: PermitHistory) -> dict[str, Any]:
    """What the holder dialog shows of a permit: its own fields and the current period."""
    period = history.current
    return {
        "certificate_no": history.permit.certificate_no,
        "first_issued": history.permit.first_issued,
        "status": history.permit.status,
        "start": period.start if period else None,
        "expiry": period.expiry if period else None,
    }


def unit_copy(unit: Unit, agents: Sequence[Agent]) -> dict[str, Any]:
    """What the unit dialog shows of a unit: its fields, flags and the agents' names."""
    values = {name: getattr(unit, name) for name in UNIT_LABELS if name != "agents"}
    values["agents"] = "、".join(a.name for a in agents)
    return values


def member_copy(row: Agent | FamilyMember) -> dict[str, Any]:
    """An agent or family member as a table row shows it: handed back with the row's values when saving."""
    return {"id": row.id, "version": row.version, "seen": row.model_dump()}


def stale_member(
    row: Agent | FamilyMember | None, raw: Mapping[str, Any], what: str
) -> versions.StaleCopy | None:
    """A family member or agent the caller names by ``id``, with the ``version`` and ``seen`` values it read."""
    if raw.get("version") is None:
        return (
            None  # not from a copy: a row the caller names but that is gone is simply added again
        )
    if row is None:
        return versions.StaleCopy(
            f"{what} {(raw.get('seen') or raw).get('name', '')}".strip(), gone=True
        )
    labels, choices = _MEMBERS[what]
    return versions.stale_copy(
        subject=f"{what} {row.name}",
        current_version=row.version,
        current=row.model_dump(),
        expected_version=raw.get("version"),
        seen=raw.get("seen"),
        labels=labels,
        choices=choices,
    )
