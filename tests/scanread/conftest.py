"""Scan reading: the generated documents (made once per run) and what the engine read from them."""

from __future__ import annotations

import pytest

from tests.scanread.docgen import make_set

SET_SIZE = 60

needs_ocr = pytest.mark.skipif(
    not __import__("wrc_desktop.scanread", fromlist=["available"]).available(),
    reason='OCR extra not installed (pip install -e ".[ocr]")',
)


@pytest.fixture(scope="session")
def generated_set(tmp_path_factory):
    """:data:`SET_SIZE` generated scans of the five kinds with their truth (seeded)."""
    return make_set(tmp_path_factory.mktemp("scans"), SET_SIZE)


@pytest.fixture(scope="session")
def readings(generated_set):
    """Each generated scan as read by the engine (read once for every test that asks)."""
    from wrc_desktop.scanread import available, read_file

    if not available():
        pytest.skip('OCR extra not installed (pip install -e ".[ocr]")')
    return [(doc, read_file(doc.path)) for doc in generated_set]


@pytest.fixture
def renewal(register, tmp_path):
    """A desk over a fresh register and a Haidian renewal case (see renewal_case.py)."""
    from tests.scanread.renewal_case import make_renewal

    return make_renewal(register, tmp_path)
