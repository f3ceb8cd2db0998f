"""The engine and the readers on 60 generated scans of the five kinds (slow: every page is read).

The set is seeded and written to the test's temporary folder; the bench
(``bench/bench_scanread.py``) reads the same set and reports the times.
"""

from __future__ import annotations

import pytest

from tests.scanread.docgen import MAKERS, score

pytestmark = pytest.mark.slow

TARGET = 0.95  # of the dates and numbers, read exactly


def _results(readings):
    for doc, reading in readings:
        values = {v.field: v.value for v in reading.values}
        yield from ((doc, *result) for result in score(doc, values))


def test_the_set_has_every_kind_and_every_spoiling(generated_set):
    assert len(generated_set) >= 60
    assert {doc.kind for doc in generated_set} == set(MAKERS)
    spoiled = " ".join(" ".join(doc.spoiled) for doc in generated_set)
    for word in (
        "turned 90°",
        "turned 180°",
        "turned 270°",
        "skew",
        "blur",
        "greyscale",
        "uneven light",
    ):
        assert word in spoiled, word


def test_dates_and_numbers_are_read_exactly(readings):
    figures = [(doc, field, ok) for doc, field, is_figure, ok in _results(readings) if is_figure]
    wrong = [f"{doc.path.name} {field}" for doc, field, ok in figures if not ok]
    assert len(figures) >= 180
    assert 1 - len(wrong) / len(figures) >= TARGET, wrong


def test_names_and_units_are_read_too(readings):
    texts = [ok for _doc, _field, is_figure, ok in _results(readings) if not is_figure]
    assert sum(texts) / len(texts) >= 0.9


def test_each_document_is_recognised_as_its_kind(readings):
    for doc, reading in readings:
        assert reading.kind == doc.kind.removesuffix("-front").removesuffix("-back"), doc.path.name


def test_turned_pages_are_found_turned(readings):
    for doc, reading in readings:
        turned = next((s for s in doc.spoiled if s.startswith("turned")), "turned 0°")
        expected = (360 - int(turned.split()[1].rstrip("°"))) % 360
        assert reading.turned == expected, doc.path.name


def test_every_value_says_where_it_was_read_and_how_sure(readings):
    for _doc, reading in readings:
        for value in reading.values:
            assert value.source.strip() and 0 < value.confidence <= 1, value
