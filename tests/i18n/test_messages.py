"""Messages from Python: English as a str, translated with plural forms when a page is written."""

from __future__ import annotations

import datetime as dt

import pytest

from plugins.freshness.facts import age_in_words
from plugins.i18n.catalogues import load_catalogues
from plugins.i18n.language import interface_language, page_language
from plugins.site.words import long_date, render_value


@pytest.fixture(scope="module")
def catalogues():
    return load_catalogues()


def translate(message, catalogues, lang):
    return message.translate(catalogues[lang], lambda v: render_value(v, lang))


@pytest.mark.parametrize(
    ("then", "lang", "words"),
    [
        (dt.date(2015, 1, 14), "en", "1 day ago"),
        (dt.date(2015, 1, 13), "nb", "for 2 dager siden"),
        (dt.date(2013, 9, 10), "de", "vor 1 Jahr und 4 Monaten"),
        (dt.date(2014, 1, 15), "es", "hace 1 año"),
    ],
)
def test_age_in_words_in_each_language(catalogues, then, lang, words):
    message = age_in_words(then, dt.date(2015, 1, 15))
    assert translate(message, catalogues, lang) == words


def test_a_message_is_its_english_text():
    assert age_in_words(dt.date(2013, 9, 10), dt.date(2015, 1, 15)) == (
        "1 year and 4 months ago"
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "10 September 2013"),
        ("nb", "10. september 2013"),
        ("de", "10. September 2013"),
        ("es", "10 de septiembre de 2013"),
    ],
)
def test_long_date_follows_the_locale(lang, text):
    assert long_date(dt.date(2013, 9, 10), lang) == text


@pytest.mark.parametrize(
    ("lang", "shown"),
    [("nb", "nb"), ("fr", "en"), ("pt-BR", "en"), ("de-AT", "de"), ("en", "en")],
)
def test_interface_language_falls_back_to_primary_then_default(lang, shown):
    assert interface_language(lang, {"en", "nb", "de", "es"}, "en") == shown


def test_page_language_item_then_chapter_then_default():
    class Chapter:
        languages = ("es", "en")

    class Item:
        lang = "de"

    assert page_language({"item": Item(), "chapter": Chapter()}, "en") == "de"
    assert page_language({"chapter": Chapter()}, "en") == "es"
    assert page_language({"chapter": None}, "en") == "en"
