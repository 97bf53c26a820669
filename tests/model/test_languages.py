"""A chapter's and an item's language: one rule (plugins/model/languages.py) for every use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from plugins.model.chapters import Chapter
from plugins.model.items import Item
from plugins.model.languages import chapter_language, chapter_languages, item_language
from plugins.model.translations import pair_translations


def chapter(slug: str, *languages: str) -> Chapter:
    return Chapter(
        slug=slug,
        path=f"chapters/{slug}/chapter.yaml",
        name=slug.title(),
        level="local",
        country="NO",
        languages=languages,
    )


def post(chapter: str | None, lang: str | None = None, translation=None) -> Item:
    name = f"first.{translation}.md" if translation else "first.md"
    path = f"chapters/{chapter}/posts/{name}" if chapter else f"content/posts/{name}"
    return Item(
        path=path,
        source=Path(path),
        chapter=chapter,
        kind="posts",
        slug="first",
        title="First",
        date=None if translation else dt.datetime(2014, 10, 1),
        lang=translation or lang,
        translation=translation,
    )


CHAPTERS = {"oslo": chapter("oslo", "nb", "en"), "leeds": chapter("leeds")}


@pytest.mark.parametrize(
    ("declared", "languages"),
    [
        (("nb", "en"), ("nb", "en")),
        (("nb",), ("nb",)),
        ((), ("de",)),  # declares none: the site's default
    ],
)
def test_a_chapter_is_in_its_declared_languages_else_the_default(declared, languages):
    assert chapter_languages(chapter("x", *declared), "de") == languages
    assert chapter_language(chapter("x", *declared), "de") == languages[0]


def test_no_chapter_is_in_the_default_language():
    assert chapter_languages(None, "de") == ("de",)
    assert chapter_language(None, "de") == "de"


@pytest.mark.parametrize(
    ("item", "lang"),
    [
        (post("oslo", lang="es"), "es"),  # its own lang first
        (post("oslo"), "nb"),  # else its chapter's first language
        (post("leeds"), "de"),  # a chapter that declares none: the default
        (post(None), "de"),  # international content: the default
        (post("oslo", translation="en"), "en"),  # a translation: its file name's
        (post("gone"), "de"),  # a chapter not in the federation
    ],
)
def test_an_item_is_in_its_lang_else_its_chapters_first_else_the_default(item, lang):
    assert item_language(item, CHAPTERS, "de") == lang


def test_a_translation_into_the_language_of_a_chapter_that_declares_none_is_refused():
    # The translations once took such an original to be in no language and
    # accepted first.en.md as a second English version of it.
    _, translations, problems = pair_translations(
        [post("leeds"), post("leeds", translation="en")], CHAPTERS, "en"
    )
    assert [p.message for p in problems] == [
        "is a second 'en' version of chapters/leeds/posts/first.md, which is "
        "already in 'en'"
    ]
    assert translations == {}


def test_a_translation_into_another_language_than_the_default_is_paired():
    _, translations, problems = pair_translations(
        [post("leeds"), post("leeds", translation="nb")], CHAPTERS, "en"
    )
    assert problems == []
    assert [t.lang for t in translations["chapters/leeds/posts/first.md"]] == ["nb"]
