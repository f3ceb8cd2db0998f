"""Typed edits are never thrown away without asking: one guard for every editing dialog and tab.

A form is *dirty* when what it shows now differs from what it showed when its data arrived
(a snapshot of its values, compared by value) — not when a key was pressed: typing a letter
and deleting it again leaves nothing to lose, and the dialog closes silently.

A dialog asks :meth:`UnsavedGuard.may_discard` from its ``reject()``, which Esc, 取消 and the
window's close button all go through (``QDialog.closeEvent`` calls ``reject()`` and keeps the
window open when it is still visible afterwards). The question offers 保存 where saving is
possible, 放弃 and 继续编辑; 继续编辑 is the default and the answer to Esc, so a second Esc
out of habit keeps the text.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

QUESTION = "放弃未保存的修改？"
SAVE, DISCARD, KEEP_EDITING = "保存", "放弃", "继续编辑"


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    KEEP_EDITING = "keep"


def ask_discard(parent: QWidget, *, can_save: bool, title: str = "") -> Choice:
    """The question itself: 保存 / 放弃 / 继续编辑 (保存 only where the form can be saved)."""
    box = QMessageBox(parent)
    box.setObjectName("unsavedQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title or parent.windowTitle() or "未保存的修改")
    box.setText(QUESTION)
    box.setInformativeText("您在此处做的修改还没有保存。")
    save = box.addButton(SAVE, QMessageBox.ButtonRole.AcceptRole) if can_save else None
    discard = box.addButton(DISCARD, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(KEEP_EDITING, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if save is not None and clicked is save:
        return Choice.SAVE
    if clicked is discard:
        return Choice.DISCARD
    return Choice.KEEP_EDITING


class UnsavedGuard:
    """Compares a form's values with those it was loaded with; asks before they are discarded.

    ``values`` returns the form's current values as plain, comparable data. ``save`` starts
    the form's own save (which closes the form when it succeeds); None where nothing can be
    saved. ``can_save`` says whether saving is possible right now (a read-only record: no).
    Until :meth:`loaded` is called the form shows nothing of its own yet and is never dirty.
    """

    def __init__(
        self,
        owner: QWidget,
        values: Callable[[], object],
        *,
        save: Callable[[], object] | None = None,
        can_save: Callable[[], bool] | None = None,
        ask: Callable[..., Choice] = ask_discard,
    ) -> None:
        # Weakly: the form keeps its guard, and a guard keeping the form would make a cycle that
        # only the garbage collector breaks — deleting a parentless dialog at a random moment.
        self._owner = weakref.ref(owner)
        self._values = _weakly(values)
        self._save = _weakly(save) if save is not None else None
        self._can_save = _weakly(can_save) if can_save is not None else (lambda: save is not None)
        self._ask = ask
        self._loaded: object = _NOTHING

    def loaded(self) -> None:
        """The form now shows its data (or a new record's blanks): the values to compare with."""
        self._loaded = self._values()

    def forget(self) -> None:
        """The form is about to be filled again (a reload): nothing to lose until it is."""
        self._loaded = _NOTHING

    def is_dirty(self) -> bool:
        return self._loaded is not _NOTHING and self._values() != self._loaded

    def save(self) -> object:
        """Start the form's own save (what it answers: a settings tab's True when saved)."""
        return self._save() if self._save is not None else False

    def decide(self) -> Choice | None:
        """The clerk's answer to the question; None when nothing changed (nothing is asked)."""
        if not self.is_dirty():
            return None
        can_save = self._save is not None and self._can_save()
        owner = self._owner()
        if owner is None:
            return None
        choice = self._ask(owner, can_save=can_save)
        return choice if can_save or choice is not Choice.SAVE else Choice.KEEP_EDITING

    def may_discard(self) -> bool:
        """True when the form may close now: nothing changed, or the clerk chose 放弃.

        保存 starts the form's save and answers False: the save closes the form when it
        succeeds, and on a refusal the form stays open showing why.
        """
        choice = self.decide()
        if choice is Choice.SAVE and self._save is not None:
            self._save()
            return False
        return choice is None or choice is Choice.DISCARD


_NOTHING = object()


def _weakly(function: Callable[[], Any]) -> Callable[[], Any]:
    """``function`` without keeping its object alive (a bound method); others as they are."""
    if not inspect.ismethod(function):
        return function
    method = weakref.WeakMethod(function)

    def call() -> Any:
        bound = method()
        return bound() if bound is not None else None

    return call
