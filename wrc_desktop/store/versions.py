"""Optimistic concurrency: an edit made from an older copy of a record is refused, never saved.

Every editable record carries a ``version`` that the ORM raises on each update
(:func:`.models.version_column`). A caller that edits from a copy the clerk looked
at (a dialog, a second window) passes the version its copy was read at and the
values its copy showed. When the record has moved on, the edit is refused with
:class:`StaleRecord`, whose message names each field that changed, old → new.

Why the caller passes the values it showed rather than this module reading the
audit trail: not every write is audited field by field (Core bulk writes, a
family list summarised as names), and an audit entry does not say which version
it produced. The copy's own values compared with the stored ones always name
exactly what the clerk would overwrite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..rules.errors import WrcError

RELOAD_HINT = "您的修改未保存，请重新载入后再修改。"
_LONG = 40  # longer texts (notes) are cut in the message
_MASKED = ("id_number",)  # never a full ID number in a message


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label} {self.old} → {self.new}"


@dataclass(frozen=True)
class StaleCopy:
    """One record that moved on since the caller's copy was read."""

    subject: str  # e.g. "持证人 张伟"
    changes: tuple[FieldChange, ...] = ()
    gone: bool = False
    by: str = ""  # the clerk who saved the newer version, when the register knows

    def describe(self) -> str:
        if self.gone:
            return f"{self.subject} 已在您打开后被删除"
        if not self.changes:
            who = f"经办人 {self.by} 的" if self.by else "其他"
            return f"{self.subject} 的信息已在您打开后被{who}操作保存"
        who = f"经办人 {self.by} " if self.by else ""
        return f"{self.subject} 的信息已在您打开后被{who}修改：" + "；".join(map(str, self.changes))


class StaleRecord(WrcError):
    """An edit from an older copy; the message (shown as is) names what changed since, old → new."""

    def __init__(self, stale: Iterable[StaleCopy]) -> None:
        self.stale = list(stale)
        super().__init__("".join(s.describe() + "。" for s in self.stale) + RELOAD_HINT)


def show(field: str, value: Any, choices: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """A value as the clerk reads it: dates as ISO, codes as labels, ID numbers masked, long text cut."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    if choices and field in choices:
        text = choices[field].get(text, text)
    if field in _MASKED:
        # Only a refused edit words its values: the identity rules load with that message.
        from ..rules.identity import mask_id

        text = mask_id(text)
    return text if len(text) <= _LONG else text[:_LONG] + "…"


def _same(old: Any, new: Any) -> bool:
    """Equal as the clerk reads them: None and "" are both empty, a date equals its ISO text."""

    def norm(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        return str(value)

    return norm(old) == norm(new)


def stale_copy(
    *,
    subject: str,
    current_version: int,
    current: Mapping[str, Any],
    expected_version: int | None,
    seen: Mapping[str, Any] | None,
    labels: Mapping[str, str],
    choices: Mapping[str, Mapping[str, str]] | None = None,
    by: str = "",
) -> StaleCopy | None:
    """None when the copy is current (or the caller edits without a copy: ``expected_version`` None).

    ``seen`` holds the values the copy showed; each field of ``labels`` whose
    stored value differs is named, old → new (bookkeeping such as ids and the
    version itself is not the clerk's to read).
    """
    if expected_version is None or expected_version == current_version:
        return None
    shown = seen or {}
    changes = tuple(
        FieldChange(label, show(field, shown[field], choices), show(field, current[field], choices))
        for field, label in labels.items()
        if field in shown and field in current and not _same(shown[field], current[field])
    )
    return StaleCopy(subject, changes, by=by)


def refuse(stale: Sequence[StaleCopy | None]) -> None:
    """Raise :class:`StaleRecord` naming every stale copy; nothing when all are current."""
    found = [s for s in stale if s is not None]
    if found:
        raise StaleRecord(found)


@contextmanager
def guarded(subject: str) -> Iterator[None]:
    """The last line of defence: a row changed between this unit of work's read and its write.

    The ORM's ``UPDATE … WHERE version = :read`` then matches nothing (a second
    clerk on a shared server, a Core write in the same transaction); the clerk
    hears it the same way as a stale copy, and the unit of work rolls back.
    """
    # Only a unit of work that writes comes here, with the ORM already loaded: the desk's
    # reads name StaleRecord without it.
    from sqlalchemy.orm.exc import StaleDataError

    try:
        yield
    except StaleDataError:
        raise StaleRecord([StaleCopy(subject)]) from None
