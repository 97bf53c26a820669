"""Jinja's i18n extension with gettext that speaks each page's language.

The callables are installed per environment and read the language from the
page being rendered (its ``item`` or ``chapter``, see language.py), in the
way the i18n_subsites plugin installs per-language callables, but without a
copy of the site per language. ``Message`` values from Python are translated
as they are written into the page (the environment's ``finalize``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from babel.support import NullTranslations
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .language import babel_locale, interface_language, page_language
from .messages import Message

ENGLISH = NullTranslations()
NO_ATTRIBUTE = Markup("")


class PageLanguage:
    """What the pages in one language are rendered with: worked out once a build.

    ``page``: the page's language; ``interface``: the catalogue's
    (``translations``); the three ``*_lang_attr`` values the templates write;
    ``texts``: each msgid without parameters as the template writes it.
    """

    def __init__(
        self, page: str, interface: str, translations: NullTranslations, default: str
    ) -> None:
        self.page = page
        self.interface = interface
        self.translations = translations
        self.interface_lang_attr = _lang_attr(interface, interface == page)
        self.content_lang_attr = _lang_attr(page, interface == page)
        self.settings_lang_attr = _lang_attr(default, interface == default)
        self.texts: dict[str, Markup] = {}


def _lang_attr(lang: str, same: bool) -> Markup:
    return NO_ATTRIBUTE if same else Markup(' lang="{}"').format(lang)


class Languages:
    """The catalogues of one build and the site's default language."""

    def __init__(
        self, catalogues: Mapping[str, NullTranslations], default: str
    ) -> None:
        self.catalogues = dict(catalogues)
        self.default = default
        self._pages: dict[str, PageLanguage] = {}
        # once_per_language's fragments, by interface language and key.
        self.fragments: dict[tuple, str] = {}

    def of(self, lang: str) -> PageLanguage:
        """The interface language and catalogue of pages in ``lang``."""
        found = self._pages.get(lang)
        if found is None:
            shown = interface_language(lang, self.catalogues, self.default)
            translations = self.catalogues.get(shown, ENGLISH)
            found = self._pages[lang] = PageLanguage(
                lang, shown, translations, self.default
            )
        return found

    def in_context(self, context: PageContext | Mapping[str, Any]) -> PageLanguage:
        """The language of the page ``context`` renders, kept in the context.

        ``context`` may also be a plain mapping (a generator's context, which the
        report and the exchange give the ``translated`` filter): then it is not kept.
        """
        try:
            found = context.page_language
        except AttributeError:
            return self.of(page_language(context, self.default))
        if found is None:
            found = context.page_language = self.of(
                page_language(context, self.default)
            )
        return found


class PageContext(Context):
    """A template context that works out its page's language once.

    Pages call gettext and write values ~300 times each; the language is read
    from the context's ``item`` and ``chapter`` (language.py) on the first
    call and kept. A context derived for a loop's or a block's ``{% set %}``
    variables (Jinja does that for every call made after one) keeps it too,
    unless those variables are an ``item`` or a ``chapter``. The templates
    never assign ``item`` or ``chapter`` at their top level, which would
    change a context's language after its first call (tests/i18n/test_page_context.py).
    """

    page_language: PageLanguage | None = None

    def derived(self, locals=None):
        context = super().derived(locals)
        if locals is None or ("item" not in locals and "chapter" not in locals):
            context.page_language = self.page_language
        return context


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
    env.context_class = PageContext  # where in_context keeps the page's language
    of = languages.in_context

    # gettext, ngettext and pgettext do what Jinja's newstyle callables do around
    # a gettext (jinja2.ext._make_new_gettext): the text as Markup under
    # autoescape, then always % its variables (filled). Jinja's take three calls
    # through the context for each _(); these one, and a text without variables
    # is looked up once per page language.
    @pass_context
    def gettext(context, string: str, /, **variables) -> str:
        texts = of(context)
        autoescape = context.eval_ctx.autoescape
        if not variables and autoescape:
            found = texts.texts.get(string)
            if found is None:
                text = texts.translations.gettext(string)
                found = texts.texts[string] = filled(text, variables, autoescape)
            return found
        text = texts.translations.gettext(string)
        return filled(text, variables, autoescape)

    @pass_context
    def ngettext(context, singular: str, plural: str, n: int, /, **variables) -> str:
        variables.setdefault("num", n)
        text = of(context).translations.ngettext(singular, plural, n)
        return filled(text, variables, context.eval_ctx.autoescape)

    @pass_context
    def pgettext(context, msgctxt: str, string: str, /, **variables) -> str:
        variables.setdefault("context", msgctxt)
        text = of(context).translations.pgettext(msgctxt, string)
        return filled(text, variables, context.eval_ctx.autoescape)

    @pass_context
    def once_per_language(context, *key, caller) -> str:
        """The output of its ``{% call %}`` block, rendered once a build for each key
        and interface language: the block must depend on nothing else."""
        full = (of(context).interface, *key)
        found = languages.fragments.get(full)
        if found is None:
            found = languages.fragments[full] = caller()
        return found

    @pass_context
    def page_lang(context) -> str:
        return of(context).page

    @pass_context
    def interface_lang(context) -> str:
        return of(context).interface

    @pass_context
    def interface_locale(context) -> str:
        """The BCP 47 tag of the locale the interface writes dates in ('en-GB'
        for 'en', as language.babel_locale has it): for a script's Intl."""
        locale = babel_locale(of(context).interface)
        return "-".join(
            filter(None, (locale.language, locale.script, locale.territory))
        )

    @pass_context
    def interface_lang_attr(context) -> Markup:
        """' lang="en"' on the interface's wrappers when the page's language has no catalogue."""
        return of(context).interface_lang_attr

    @pass_context
    def content_lang_attr(context) -> Markup:
        """' lang="xx"' on contributors' text inside such wrappers, so it keeps the page's language."""
        return of(context).content_lang_attr

    @pass_context
    def settings_lang_attr(context) -> Markup:
        """' lang="<default>"' on the site settings' text (the tagline, area names) where it is read in another language."""
        return of(context).settings_lang_attr

    @pass_context
    def finalize(context, value):
        """A Message written into the page, in the page's interface language."""
        if isinstance(value, Message):
            texts = of(context)
            lang = texts.interface
            return value.translate(texts.translations, lambda v: render(v, lang))
        return value

    env.policies["ext.i18n.trimmed"] = True  # msgids without the template's line breaks
    env.newstyle_gettext = True  # as install_gettext_callables(newstyle=True) sets it
    env.filters["translated"] = finalize  # for a Message passed into {% trans %}
    env.globals.update(
        _=gettext,
        gettext=gettext,
        ngettext=ngettext,
        pgettext=pgettext,
        once_per_language=once_per_language,
        page_lang=page_lang,
        interface_lang=interface_lang,
        interface_locale=interface_locale,
        interface_lang_attr=interface_lang_attr,
        content_lang_attr=content_lang_attr,
        settings_lang_attr=settings_lang_attr,
    )
    env.finalize = finalize


def filled(text: str, variables: Mapping[str, Any], autoescape: bool) -> str:
    """``text % variables`` as Jinja's newstyle gettext writes it.

    Under autoescape that is ``Markup(text) % variables``, which escapes each
    value through a helper object per value; where the text's only conversions
    are ``%(name)s`` and ``%%`` (every text the templates translate), the values
    are escaped first and the text filled in as a str, the same characters at
    half the cost (~13,000 filled texts a build of 1,428 posts).
    """
    if not autoescape:
        return text % variables
    if _only_named_strings(text):
        return Markup(text % {name: escape(value) for name, value in variables.items()})
    return Markup(text) % variables


# Texts come from the catalogues and templates: a few hundred a build.
@cache
def _only_named_strings(text: str) -> bool:
    return "%" not in _NAMED_STRING.sub("", text)


_NAMED_STRING = re.compile(r"%(?:\([^()]*\)s|%)")


def localised(function: Callable[..., Any], languages: Languages) -> Callable[..., Any]:
    """A filter taking ``lang=`` as one that reads it from the page being rendered."""

    @pass_context
    def in_page_language(context, *args, **kwargs):
        return function(*args, lang=languages.in_context(context).interface, **kwargs)

    return in_page_language
