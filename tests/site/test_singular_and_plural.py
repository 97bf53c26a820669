"""Counts agree with their nouns on every page: '1 chapter', never '1 chapters'."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Site

# One of everything: one national chapter with one local chapter, one chapter
# alone in its area, one stale page, one member count.
SITE = {
    "chapters/norway/chapter.yaml": 'name: IOPS Norway\nlevel: national\ncountry: "NO"\n',
    "chapters/oslo/chapter.yaml": """
        name: IOPS Oslo
        level: local
        parent: norway
        country: "NO"
        updated: "2015-01-10"
        members: {count: 1, women: 1, as_of: "2014-12-01"}
    """,
    "chapters/dublin/chapter.yaml": (
        "name: IOPS Dublin\nlevel: local\ncountry: IE\nupdated: '2015-01-10'\n"
    ),
    "chapters/oslo/posts/hello.md": '---\ntitle: Hello\ndate: "2015-01-02"\n---\nHi.\n',
}
ONE_AND_A_PLURAL = re.compile(
    r"(?<![\d,.])1 (?:local )?(?:chapters|pages|members|women|items|events|posts|"
    r"criteria|membership figures|chapter pages)\b"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("plurals"))
    site.write(SITE)
    code, out = site.build(build_date="2015-01-15")
    assert code == 0, out
    return site


def test_no_page_writes_one_with_a_plural(site):
    pages = [
        p.relative_to(site.output).as_posix().removesuffix("index.html")
        for p in site.output.rglob("*.html")
        if not p.relative_to(site.output).as_posix().startswith("theme/")
    ]
    assert len(pages) > 10
    wrong = {
        url: ONE_AND_A_PLURAL.findall(site.text(url))
        for url in pages
        if ONE_AND_A_PLURAL.search(site.text(url))
    }
    assert wrong == {}


def test_singular_counts_read_naturally(site):
    assert "IOPS Dublin, Ireland: 1 chapter" not in site.text("chapters/")
    assert "United Kingdom and Ireland: 1 chapter" in site.text("chapters/")
    assert "1 page out of date" in site.text("")  # IOPS Norway, never updated
    assert (
        "The one local chapter in IOPS Norway is not yet a working chapter."
        in site.text("chapters/norway/")
    )
    report = site.text("report/")
    feet = site.page("report/").xpath("//table[@class='report']/tfoot/tr/th/text()")
    assert "Total: 1 chapter" in feet
    assert "1 of 3 chapter pages is out of date" in report
    assert "1 member, each counted once (2 chapters gave no member count;" in report
