"""Every value marked verified quotes its guide verbatim (line breaks aside; "……" joins fragments).

The guides are the public texts in ``../shared/seeds/`` beside the checkout; where they are not
there the test is skipped and says so. A paraphrase belongs in a ``note``, and a value no guide
states is marked ``unverified``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
RESOURCES = REPO / "resources"
GUIDE_NUMBER = re.compile(r"(?<![0-9])(00[0-4])(?![0-9])")
# Lines the PDF extraction inserted into 003's text (the tax office's download address in a
# page header); they are not words of the guide and may fall inside a sentence.
_PAGE_NOISE = re.compile(r"^\s*https?://\S+\s*$", re.MULTILINE)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _guides() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"the district guides are not beside this checkout ({SEEDS} is missing)")
    found = {}
    for path in sorted(SEEDS.glob("00[0-4]_*.txt")):
        found[path.name[:3]] = _squeeze(_PAGE_NOISE.sub("", path.read_text("utf-8")))
    if not found:
        pytest.skip(f"no guide texts in {SEEDS}")
    return found


def quoted_in(quote: str, guide: str) -> bool:
    """True when every "……"-separated fragment of ``quote`` is in ``guide``, in order."""
    position = 0
    for fragment in (_squeeze(part) for part in quote.split("……")):
        if not fragment:
            continue
        found = guide.find(fragment, position)
        if found < 0:
            return False
        position = found + len(fragment)
    return True


def _quotes(data: object, where: str) -> Iterator[tuple[str, str, str]]:
    """Every ``quote`` of a value marked verified, and of an unverified one that names a guide.

    An unverified value may borrow another guide's words (海淀's validity cites 001/003); those
    words must be verbatim too. A value with no guide at all says why in a ``note``.
    """
    if isinstance(data, dict):
        source = str(data.get("source", ""))
        if data.get("quote") and (not data.get("unverified", False) or GUIDE_NUMBER.search(source)):
            yield where, source, str(data["quote"])
        for key, value in data.items():
            yield from _quotes(value, f"{where}.{key}" if where else key)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _quotes(value, f"{where}[{index}]")


def _cases() -> list[tuple[str, str, str, str]]:
    cases = []
    for folder in ("policies", "checklists"):
        for path in sorted((RESOURCES / folder).glob("*.toml")):
            data = tomllib.loads(path.read_text("utf-8"))
            for where, source, quote in _quotes(data, ""):
                cases.append(
                    (f"{folder}/{path.name}:{where}", source, quote, str(data.get("guide", "")))
                )
    return cases


CASES = _cases()


def test_the_resources_carry_verified_quotes():
    assert len(CASES) > 100


@pytest.mark.parametrize(
    ("where", "source", "quote", "file_guide"), CASES, ids=[c[0] for c in CASES]
)
def test_verified_quote_is_in_the_guide_it_cites(where, source, quote, file_guide):
    guides = _guides()
    cited = GUIDE_NUMBER.findall(source) or ([file_guide] if file_guide else [])
    assert cited, f"{where}: a quote must name the guide it comes from (source = {source!r})"
    assert any(quoted_in(quote, guides[number]) for number in cited if number in guides), (
        f"{where}: quote not found verbatim in guide {'/'.join(cited)}: {quote!r} "
        "(put a paraphrase into `note`, or mark the value unverified)"
    )


def test_fragments_must_appear_in_order():
    guide = _squeeze("甲乙丙丁\n戊己")
    assert quoted_in("甲乙……戊", guide)
    assert quoted_in("乙丙丁 戊", guide)
    assert not quoted_in("戊……甲", guide)
    assert not quoted_in("甲丙", guide)


def _policy_values() -> list[tuple[str, dict]]:
    values = []
    for path in sorted((RESOURCES / "policies").glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        for section, table in data.items():
            if isinstance(table, dict):
                for key, raw in table.items():
                    if isinstance(raw, dict):
                        values.append((f"{path.name}:{section}.{key}", raw))
    return values


def test_every_verified_policy_value_quotes_its_source():
    """A value with a source and without ``unverified = true`` is shown as verified: it needs the guide's words."""
    bare = [
        where
        for where, raw in _policy_values()
        if raw.get("source") and not raw.get("unverified") and not raw.get("quote")
    ]
    assert bare == []


def test_a_paraphrase_is_a_note_not_a_quote():
    """The values the audit found with editorial text in ``quote`` now carry the guide's words."""
    values = dict(_policy_values())
    for where in (
        "shijingshan.toml:income_test.multiplier_public",
        "xicheng.toml:income_test.multiplier_public",
    ):
        assert "指南" not in values[where]["quote"] and "规范" not in values[where]["quote"]
        assert values[where]["note"]
    assert values["haidian.toml:age_limit.mode"]["quote"] == "申请人应未达退休年龄"
    assert "002" not in values["haidian.toml:age_limit.male"]["source"]
