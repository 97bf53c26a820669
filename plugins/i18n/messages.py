"""Messages from Python that readers see, kept translatable until a page is rendered.

A ``Message`` is the English text (it *is* a ``str``, so logs, exports,
calendars and tests read it as before) that also remembers its msgid, its
plural form and its parameters. A page renders it in its own language
(plugins/i18n/jinja.py); ``invoke i18n`` finds the calls to ``message`` and
``plural_message`` (babel.cfg), as it finds ``_()`` in templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol


class Translations(Protocol):
    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...
    def pgettext(self, context: str, message: str) -> str: ...


class Deferred:
    """A parameter written differently in each language (a date, a list of months).

    ``localise(lang)`` gives its text; ``str()`` gives the English.
    """

    def __init__(self, localise: Callable[[str], str]) -> None:
        self.localise = localise

    def __str__(self) -> str:
        return self.localise("en")


class Message(str):
    """English text with what it takes to say it in another language."""

    msgid: str
    plural: str | None
    n: int | None
    params: Mapping[str, Any]
    context: str | None

    def __new__(
        cls,
        msgid: str,
        plural: str | None = None,
        n: int | None = None,
        params: Mapping[str, Any] | None = None,
        context: str | None = None,
    ) -> Message:
        params = dict(params or {})
        english = plural if plural is not None and n != 1 else msgid
        text = super().__new__(cls, english.format(**params) if params else english)
        # str(param) is its English: a Message is its English text, a Deferred says it in English
        text.msgid, text.plural, text.n, text.params = msgid, plural, n, params
        text.context = context
        return text

    def __reduce__(self):  # pickled with its parts, not as the English text
        return (Message, (self.msgid, self.plural, self.n, self.params, self.context))

    def translate(
        self, translations: Translations, render: Callable[[Any], str] = str
    ) -> str:
        """This message in the language of ``translations``.

        ``render`` writes a parameter that is not itself a message (a date,
        a number) in that language; messages inside messages are translated
        with the same catalogue.
        """
        if self.context is not None:
            text = translations.pgettext(self.context, self.msgid)
        elif self.plural is not None:
            assert self.n is not None
            text = translations.ngettext(self.msgid, self.plural, self.n)
        else:
            text = translations.gettext(self.msgid)
        if not self.params:
            return text
        values = {
            key: value.translate(translations, render)
            if isinstance(value, Message)
            else render(value)
            for key, value in self.params.items()
        }
        return text.format(**values)


def message(msgid: str, **params: Any) -> Message:
    """A sentence or label; ``{name}`` placeholders take ``params``."""
    return Message(msgid, params=params)


def plural_message(singular: str, plural: str, n: int, **params: Any) -> Message:
    """A message with plural forms chosen by ``n`` (also available as ``{n}``)."""
    return Message(singular, plural, n, {"n": n, **params})


def contextual_message(context: str, msgid: str, **params: Any) -> Message:
    """A word whose translation depends on where it stands ('first' of a week in a month)."""
    return Message(msgid, params=params, context=context)
