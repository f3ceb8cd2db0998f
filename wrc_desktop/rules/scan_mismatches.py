"""Scans that name another person or unit than the register: a problem of the case's checklist.

When the clerk reviews what a scan was read to say (:mod:`wrc_desktop.desk.scan_proposals`),
what names someone or something else than the register — another name, another ID number,
another unit as the contract's party or as 扣缴义务人 (per 002's note the unit, the
contract's party and the withholding agent are one) — is kept on the attachment. Until the
clerk replaces that scan or dismisses the difference after checking it, the case check
raises one blocking problem per difference, naming the scan and what differs. The message
says it is a reading: the reader may have misread, so the clerk looks at the scan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .case_findings import CaseProblem

if TYPE_CHECKING:
    from .case_findings import ItemState
    from .checklists import Checklist

RULE = "scan.mismatch"


@dataclass(frozen=True)
class ScanMismatch:
    """One difference a scan showed: the file's name, the field read, the Chinese line shown."""

    file: str
    field: str
    message: str


def scan_mismatch_problems(
    checklist: Checklist, states: Mapping[str, ItemState]
) -> list[CaseProblem]:
    """One blocking problem per difference still open on a scan of a checklist item."""
    problems = []
    for item in checklist.items:
        state = states.get(item.key)
        for found in state.scan_mismatches if state else ():
            problems.append(
                CaseProblem(
                    item.key,
                    item.title,
                    None,
                    RULE,
                    f"扫描件“{found.file}”读出：{found.message}；"
                    "请核对原件后更换扫描件，或确认无误后标记为已核对",
                    "",
                    False,
                )
            )
    return problems
