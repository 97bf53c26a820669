"""Markdown to HTML with bounded work: a size cap, a time limit and a nesting limit.

Every item and about.md is rendered once, while the repository is checked, so
text that cannot be rendered is a located error from ``invoke check`` and the
build reuses the HTML instead of rendering it again. Python-Markdown is
quadratic on some inputs (thousands of unclosed ``[``) and recursive on deeply
nested lists, so a contributor's file could otherwise hang or crash the build.
"""

from __future__ import annotations

import signal
import threading
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any

from markdown import Markdown

# A long report is some 100,000 characters; Python-Markdown renders 200,000
# characters of ordinary text in about 0.3 s on a small machine.
MAX_BODY_CHARS = 200_000
# Four times what ordinary text of the largest size takes, and half of the
# 2 seconds that no single file may cost the build.
RENDER_SECONDS = 1.0
# Lists or quotes nested deeper than this are not writing, they are an attack.
MAX_DEPTH = 64

_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


class RenderProblem(ValueError):
    """Text that cannot be turned into HTML; the message says why, for people."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


class _OutOfTime(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` of CPU time (main thread on POSIX).

    CPU time, not wall-clock time, so that a busy machine does not turn a
    slow but honest file into an error; elsewhere the block runs unbounded.
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and hasattr(signal, "SIGVTALRM")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise _OutOfTime

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


class _Depth(HTMLParser):
    """Deepest element nesting of an HTML fragment, counted without recursion."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.counts: Counter[str] = Counter()
        self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.open.append(tag)
            self.counts[tag] += 1
            self.deepest = max(self.deepest, len(self.open))

    def handle_endtag(self, tag):
        # Closing an element closes the ones opened inside it, as browsers do;
        # a stray end tag closes nothing. Each element is popped at most once.
        if self.counts[tag]:
            while True:
                closed = self.open.pop()
                self.counts[closed] -= 1
                if closed == tag:
                    break


def html_depth(html: str) -> int:
    parser = _Depth()
    parser.feed(html)
    parser.close()
    return parser.deepest


def _with_configured_extensions(config: Mapping[str, Any]) -> dict[str, Any]:
    """Pelican's reading of MARKDOWN: every configured extension is also enabled."""
    config = dict(config)
    extensions = list(config.get("extensions", ()))
    for name in config.get("extension_configs", {}):
        if name not in extensions:
            extensions.append(name)
    config["extensions"] = extensions
    return config


class MarkdownRenderer:
    """One Python-Markdown instance, reset between files (creating one is costly)."""

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        seconds: float = RENDER_SECONDS,
    ):
        self.config = _with_configured_extensions(config or {})
        self.seconds = seconds
        self._markdown: Markdown | None = None
        # What the HTML depends on besides the text, for caches.
        self.key = repr((sorted(self.config.items(), key=str), seconds))

    def render(self, text: str) -> str:
        """HTML of ``text``; RenderProblem when it is too long, slow or deep."""
        if len(text) > MAX_BODY_CHARS:
            raise RenderProblem(
                f"the text is {len(text):,} characters long; the limit is "
                f"{MAX_BODY_CHARS:,}",
                "split it into several posts or pages",
            )
        if self._markdown is None:
            self._markdown = Markdown(**self.config)
        markdown = self._markdown
        markdown.reset()
        try:
            with _time_limit(self.seconds):
                html = markdown.convert(text)
                depth = html_depth(html)
        except _OutOfTime:
            self._markdown = None  # interrupted midway: its state is unknown
            raise RenderProblem(
                f"the text takes more than {self.seconds:g} seconds to turn into HTML",
                "look for a long run of one character such as '[', '<' or '&' "
                "(often pasted by mistake) and remove it",
            ) from None
        except RecursionError:
            self._markdown = None
            raise RenderProblem(
                "lists or quotes are nested too deeply to turn into HTML",
                f"nest lists and quotes at most {MAX_DEPTH} levels deep",
            ) from None
        if depth > MAX_DEPTH:
            raise RenderProblem(
                f"HTML elements are nested {depth} levels deep; the limit is "
                f"{MAX_DEPTH}",
                "close the HTML tags you open, and nest lists and quotes less",
            )
        return html
