"""`invoke publish` reads SITEURL and the id authority as the build does (site_address).

plugins/siteurl.py once parsed them itself: it stripped spaces from SITEURL and
looked at CHAPTERS_ID_AUTHORITY only when set, so ' https://iops.example.org '
passed the check and then failed the build with a message about the authority
'iops.example.org '. Now a SITEURL the check accepts is one the build accepts.
"""

from __future__ import annotations

import pytest

from plugins.site.settings import SettingsError, site_address, site_settings
from plugins.siteurl import public_siteurl_problem

PUBLIC = "https://iops.example.org"


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"SITEURL": PUBLIC}, None),
        ({"SITEURL": PUBLIC + "/"}, None),
        ({"SITEURL": "https://example.org/iops"}, None),
        ({"SITEURL": PUBLIC, "CHAPTERS_ID_AUTHORITY": "iops.example.org"}, None),
        ({"SITEURL": PUBLIC, "CHAPTERS_ID_AUTHORITY": "web@iops.example.org"}, None),
        ({}, "SITEURL is not set"),
        ({"SITEURL": ""}, "SITEURL is not set"),
        ({"SITEURL": "   "}, "SITEURL is not set"),
        ({"SITEURL": "iops.example.org"}, "is not an absolute address"),
        ({"SITEURL": " " + PUBLIC + " "}, "is not an absolute address"),
        ({"SITEURL": "http://localhost:8000"}, "is a local address"),
        ({"SITEURL": "http://10.0.0.2"}, "is a local address"),
        ({"SITEURL": PUBLIC + "/?v=1"}, "has a query or fragment"),
        (
            {"SITEURL": PUBLIC, "CHAPTERS_ID_AUTHORITY": "web@localhost"},
            "CHAPTERS_ID_AUTHORITY = 'web@localhost' is a local name",
        ),
    ],
)
def test_publish_accepts_a_public_siteurl_the_build_reads_the_same(settings, says):
    problem = public_siteurl_problem(settings)
    if says is None:
        assert problem is None
        parsed = site_settings(settings)  # the build accepts it too
        address, found = site_address(settings)
        assert found == []
        assert (parsed.siteurl, parsed.authority) == (
            address.siteurl,
            address.authority,
        )
        assert not parsed.siteurl.endswith("/")
    else:
        assert problem is not None and says in problem


def test_the_authority_is_siteurls_host_unless_pinned():
    address, found = site_address({"SITEURL": "https://IOPS.example.org/x/"})
    assert (address.siteurl, address.base_url, address.authority) == (
        "https://IOPS.example.org/x",
        "https://IOPS.example.org/x",
        "iops.example.org",
    )
    assert found == []
    local, _ = site_address({})
    assert (local.siteurl, local.base_url, local.authority) == (
        "",
        "http://localhost:8000",
        "chapterhouse.invalid",
    )


def test_a_siteurl_with_spaces_around_it_is_refused_by_the_build_as_by_publish():
    with pytest.raises(SettingsError, match="SITEURL = ' https://iops"):
        site_settings({"SITEURL": " " + PUBLIC})
