"""A reading as text to keep with its scan, and back, so one file is read by OCR once.

The register keeps the reading of an attached scan on its attachment once the clerk has
seen it (:func:`wrc_desktop.desk.scan_proposals.record_review`); the window and
``wrc case item --accept-read`` in another process then use it instead of reading the file
again. Dates are tagged (``{"date": "2028-02-29"}``) so they come back as dates. A text of
another :data:`FORMAT` (the readers changed what they return) or one that cannot be parsed
is no reading: the file is read again.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .values import Reading, ReadValue

FORMAT = 1


def dumps(reading: Reading) -> str:
    return json.dumps(
        {
            "format": FORMAT,
            "kind": reading.kind,
            "values": [
                {
                    "field": v.field,
                    "value": _tagged(v.value),
                    "source": v.source,
                    "confidence": v.confidence,
                    "label": v.label,
                }
                for v in reading.values
            ],
            "notes": list(reading.notes),
            "turned": reading.turned,
            "seconds": reading.seconds,
        },
        ensure_ascii=False,
    )


def loads(text: str) -> Reading | None:
    """The reading kept in ``text``; None when there is none of this format."""
    try:
        data = json.loads(text or "null")
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        values = [
            ReadValue(
                str(v["field"]),
                _untagged(v["value"]),
                str(v["source"]),
                float(v["confidence"]),
                str(v.get("label", "")),
            )
            for v in data["values"]
        ]
        return Reading(
            str(data["kind"]),
            values,
            [str(n) for n in data.get("notes", [])],
            int(data.get("turned", 0)),
            float(data.get("seconds", 0.0)),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _tagged(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    if isinstance(value, dict):
        return {"items": {k: _tagged(v) for k, v in value.items()}}
    return value


def _untagged(value: Any) -> Any:
    if isinstance(value, list):
        return [_untagged(v) for v in value]
    if isinstance(value, dict) and set(value) == {"date"}:
        return dt.date.fromisoformat(value["date"])
    if isinstance(value, dict) and set(value) == {"items"}:
        return {k: _untagged(v) for k, v in value["items"].items()}
    if isinstance(value, dict):
        raise TypeError("未知的读取值")
    return value
