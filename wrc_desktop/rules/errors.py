"""The errors the rules raise: each says in Chinese what is wrong, and with which field."""

from __future__ import annotations

from collections.abc import Iterable


class WrcError(ValueError):
    """Any problem the clerk caused and can fix; the message is shown as is."""


class FieldError(WrcError):
    """One field holds a bad value."""

    def __init__(self, field: str, message: str, *, label: str | None = None) -> None:
        self.field = field
        self.label = label or field
        self.message = message
        super().__init__(f"{self.label}：{message}")


class ValidationErrors(WrcError):
    """Several fields of one record are bad; nothing of the record may be stored."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("；".join(str(e) for e in self.errors))

    def by_field(self) -> dict[str, str]:
        return {e.field: e.message for e in self.errors}
