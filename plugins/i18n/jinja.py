"""Jinja's i18n extension with gettext that speaks each page's language.

The callables are installed per environment and read the language from the
page being rendered (its ``item`` or ``chapter``, see language.py), in the
way the i18n_subsites plugin installs per-language callables, but without a
copy of the site per language. ``Message`` values from Python are translated
as they are written into the page (the environment's ``finalize``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from babel.support import NullTranslations
from jinja2 import Environment, pass_context
from markupsafe import Markup

from .language import interface_language, page_language
from .messages import Message

ENGLISH = NullTranslations()


class Languages:
    """The catalogues of one build and the site's default language."""

    def __init__(
        self, catalogues: Mapping[str, NullTranslations], default: str
    ) -> None:
        self.catalogues = dict(catalogues)
        self.default = default
        # Pages call gettext ~35 times each: the interface language and catalogue
        # of a page language are looked up once a build, not on every call.
        self._interface: dict[str, str] = {}
        self._translations: dict[str, NullTranslations] = {}

    def page(self, context) -> str:
        return page_language(context, self.default)

    def interface(self, context) -> str:
        lang = self.page(context)
        shown = self._interface.get(lang)
        if shown is None:
            shown = interface_language(lang, self.catalogues, self.default)
            self._interface[lang] = shown
        return shown

    def translations(self, context) -> NullTranslations:
        lang = self.page(context)
        found = self._translations.get(lang)
        if found is None:
            found = self.catalogues.get(self.interface(context), ENGLISH)
            self._translations[lang] = found
        return found


def install(
    env: Environment,
    languages: Languages,
    render: Callable[[Any, str], str],
) -> None:
    """Give ``env`` gettext/ngettext, ``page_lang()``, the lang attributes and Message output.

    The lang attributes: ``interface_lang_attr()`` on the interface's wrappers,
    ``content_lang_attr()`` on contributors' text inside them, and
    ``settings_lang_attr()`` on text from the site's settings, written in the
    site's default language.

    ``render(value, lang)`` writes a message's parameter (a date, a number) in ``lang``.
    """
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")

    @pass_context
    def gettext(context, text: str) -> str:
        return languages.translations(context).gettext(text)

    @pass_context
    def ngettext(context, singular: str, plural: str, n: int) -> str:
        return languages.translations(context).ngettext(singular, plural, n)

    @pass_context
    def pgettext(context, msgctxt: str, text: str) -> str:
        return languages.translations(context).pgettext(msgctxt, text)

    @pass_context
    def page_lang(context) -> str:
        return languages.page(context)

    @pass_context
    def interface_lang(context) -> str:
        return languages.interface(context)

    @pass_context
    def interface_lang_attr(context) -> Markup:
        """' lang="en"' on the interface's wrappers when the page's language has no catalogue."""
        shown = languages.interface(context)
        if shown == languages.page(context):
            return Markup("")
        return Markup(' lang="{}"').format(shown)

    @pass_context
    def content_lang_attr(context) -> Markup:
        """' lang="xx"' on contributors' text inside such wrappers, so it keeps the page's language."""
        page = languages.page(context)
        if languages.interface(context) == page:
            return Markup("")
        return Markup(' lang="{}"').format(page)

    @pass_context
    def settings_lang_attr(context) -> Markup:
        """' lang="<default>"' on the site settings' text (the tagline, area names) where it is read in another language."""
        if languages.interface(context) == languages.default:
            return Markup("")
        return Markup(' lang="{}"').format(languages.default)

    @pass_context
    def finalize(context, value):
        """A Message written into the page, in the page's interface language."""
        if isinstance(value, Message):
            lang = languages.interface(context)
            return value.translate(
                languages.translations(context), lambda v: render(v, lang)
            )
        return value

    env.policies["ext.i18n.trimmed"] = True  # msgids without the template's line breaks
    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext)
    env.filters["translated"] = finalize  # for a Message passed into {% trans %}
    env.globals.update(
        page_lang=page_lang,
        interface_lang=interface_lang,
        interface_lang_attr=interface_lang_attr,
        content_lang_attr=content_lang_attr,
        settings_lang_attr=settings_lang_attr,
    )
    env.finalize = finalize


def localised(function: Callable[..., Any], languages: Languages) -> Callable[..., Any]:
    """A filter taking ``lang=`` as one that reads it from the page being rendered."""

    @pass_context
    def in_page_language(context, *args, **kwargs):
        return function(*args, lang=languages.interface(context), **kwargs)

    return in_page_language
