"""GitHub Markdown written from contributor text: shown as the text, never as markup.

The commands that write Markdown for GitHub (the digest issue, the check's
step summary, the comment of `invoke changes`) use these, so a name, a path
or an address shows as it is and notifies, links or formats nothing.
"""

from __future__ import annotations

import re
import unicodedata

from .printable import visible

# Invisible; placed where GitHub would otherwise mention, link or autolink.
WORD_JOINER = "\u2060"
_BREAK_AFTER = re.compile(r"[@#]|(?<=:)(?=//)|(?i:(?<=www)(?=\.))")
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_BACKTICKS = re.compile(r"`+")


def markdown_text(text: str) -> str:
    """Contributor text as one table cell of GitHub Markdown that shows just the text.

    Line breaks and other white space become one space and control characters
    go, so the cell stays on its row. Every ASCII punctuation character is
    backslash-escaped, which CommonMark shows as the character itself: no link,
    image, HTML, emphasis, code or ``|`` cell break can form. A word joiner
    after ``@`` and ``#`` and inside ``://`` and ``www.`` stops GitHub from
    notifying a user or team, linking an issue, or autolinking an address.
    """
    text = " ".join(text.split())
    text = "".join(c for c in text if unicodedata.category(c) != "Cc")
    text = _BREAK_AFTER.sub(lambda m: m.group() + WORD_JOINER, text)
    return _ASCII_PUNCTUATION.sub(r"\\\1", text)


def code_span(text: str) -> str:
    """``text`` as one Markdown code span, whatever backticks it holds: shown as it is.

    White space becomes one space and invisible characters visible escapes, so
    the span stays on its line; the fence is one backtick longer than the
    longest run inside, and a space pads a text that starts or ends with one
    (CommonMark strips it). GitHub neither links nor mentions inside a span.
    """
    text = " ".join(visible(text).split())
    runs = [len(run) for run in _BACKTICKS.findall(text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
