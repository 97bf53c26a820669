"""`invoke screenshots` writes one PNG per page at a phone's and a laptop's width."""

from __future__ import annotations

import struct

import pytest

from plugins.screenshots import SCREENS, Shot, take
from tests.browser.conftest import CHROMIUM

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium package"
)


def test_each_page_is_a_png_at_a_phones_and_a_laptops_width(
    browser, federation_url, tmp_path
):
    shots = [Shot("home", ""), Shot("report", "report/")]
    written = take(federation_url, shots, tmp_path, browser=browser)
    assert [path.name for path in written] == [
        "home-phone.png",
        "report-phone.png",
        "home-desktop.png",
        "report-desktop.png",
    ]
    sizes = [(width, height) for _, width, height in SCREENS for _ in shots]
    for path, size in zip(written, sizes, strict=True):
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == size


def test_a_page_that_does_not_load_is_an_error(browser, federation_url, tmp_path):
    with pytest.raises(ValueError, match="no-such-page/ did not load"):
        take(federation_url, [Shot("gone", "no-such-page/")], tmp_path, browser=browser)
