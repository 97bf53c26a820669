"""Markdown to sanitised HTML with bounded work: size caps, a time limit, a nesting limit.

Every item and about.md is rendered once, while the repository is checked, so
text that cannot be rendered is a located error from ``invoke check`` and the
build publishes the HTML checked here instead of rendering it again.
Python-Markdown is quadratic on some inputs (thousands of unclosed ``[``) and
recursive on deeply nested lists; abbreviations can make a small text into
a huge page; and the HTML5 parser behind nh3 slows down quadratically on deep
nesting. So a contributor's file could otherwise hang, crash or flood the build.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import Any, TypeVar

from markdown import Markdown

from .sanitize import sanitize_html, strange_markup

T = TypeVar("T")

# A long report is some 100,000 characters; Python-Markdown renders 200,000
# characters of ordinary text in about 0.3 s on a small machine.
MAX_BODY_CHARS = 200_000
# Ten times the longest text: ordinary text makes HTML about 1.5 times its
# length, a table of short cells about 5 times. What is larger came from
# abbreviations or the like, written to fill the disk (30 KB made 100 MB).
MAX_HTML_CHARS = 2_000_000
# "|" characters (table cells, to Python-Markdown's tables): cells are the
# slowest thing to render, some 24 us each, so a limit on them, not only the
# clock, keeps the verdict on a long table the same on every machine (18,500
# short rows took 0.95 to 1.05 s, and check passed where build failed). The
# most cells allowed take a third of RENDER_SECONDS.
MAX_TABLE_BARS = 15_000
# Three times what ordinary text of the largest size takes, and the most
# table cells allowed, so that text within the limits above is judged the same
# on a slower machine; half of the 2 seconds that no single file may cost
# the build (tests/test_bounded_work.py): what nears it is a long run of one
# character, which only the clock stops.
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
# An element of these closes an open one of the same group when it is the
# current element, as in HTML ("<p>a<p>b", "<li>a<li>b").
_CLOSES_ITS_KIND = {
    "p": {"p"},
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "option": {"option"},
}
_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_ATTRIBUTE_NAME = re.compile(r"[a-z_:][a-z0-9_:.-]*\Z")
# A tag of nh3's output: it escapes "<" and ">" in text and attribute values.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*>")


class RenderProblem(ValueError):
    """Text that cannot be turned into HTML; the message says why, for people."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


class _OutOfTime(Exception):
    pass


# After the time is up, how often the interruption comes again (seconds of
# the process's user-mode CPU time, which ITIMER_VIRTUAL counts) until the
# work ends: Python drops an exception raised while it runs a finaliser or a
# garbage-collector callback ("Exception ignored in ..."), and one such drop
# must not leave the work running unbounded.
_AGAIN_SECONDS = 0.05


def _time_limited(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, interrupted by ``_OutOfTime`` after ``seconds`` of user-mode
    CPU time (in the main thread on POSIX).

    CPU time, not wall-clock time, so that a busy machine does not turn a
    slow but honest file into an error; elsewhere the work runs unbounded.
    The work is called here, inside the try, rather than run in the block of
    a generator-based context manager: Python handles a pending signal when
    a function starts, and one handled as contextlib's ``__exit__`` starts
    would raise outside the work with the timer still armed.
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and hasattr(signal, "SIGVTALRM")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        return work()
    running = [True]

    def expire(signum, frame):
        if running[0]:
            raise _OutOfTime

    previous = signal.signal(signal.SIGVTALRM, expire)
    report = sys.unraisablehook
    sys.unraisablehook = _unless_out_of_time(report)
    try:
        signal.setitimer(signal.ITIMER_VIRTUAL, seconds, _AGAIN_SECONDS)
        try:
            return work()
        finally:
            # No function starts between the work's end and this line, so
            # no signal is handled there: from here on one does nothing.
            running[0] = False
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        # handles a signal still pending with ``expire``, which does nothing now
        signal.signal(signal.SIGVTALRM, previous)
        sys.unraisablehook = report


def _unless_out_of_time(report: Callable[[Any], object]) -> Callable[[Any], None]:
    """``sys.unraisablehook`` while the work runs: an interruption Python drops
    in a finaliser is expected (the next one ends the work), so it is not
    printed as "Exception ignored in ..." among a build's messages; anything
    else dropped is reported as before."""

    def hook(unraisable) -> None:
        if not isinstance(unraisable.exc_value, _OutOfTime):
            report(unraisable)

    return hook


class _Balancer(HTMLParser):
    """The HTML written again with every element closed, and its deepest nesting.

    nh3's HTML5 parser takes time quadratic in the nesting of what it reads,
    and HTML5 ignores some end tags ("<div><span><div></span>" nests deeper and
    deeper), so nesting cannot be judged from the tags as written. This pass
    reads the tags as written, closes each element explicitly and drops stray
    end tags; nh3 then reads HTML as deep as counted here, and no deeper
    than a bounded amount more. Everything that is not a tag is escaped, so
    nh3 sees no element this pass did not count.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.counts: Counter[str] = Counter()  # of each tag in self.open
        self.deepest = 0

    def _pop(self) -> str:
        closed = self.open.pop()
        self.counts[closed] -= 1
        self.out.append(f"</{closed}>")
        return closed

    def handle_starttag(self, tag, attrs):
        if not _NAME.match(tag):
            return
        closes = _CLOSES_ITS_KIND.get(tag)
        if closes and self.open and self.open[-1] in closes:
            self._pop()
        self.out.append(f"<{tag}{_attributes(attrs)}>")
        if tag not in _VOID:
            self.open.append(tag)
            self.counts[tag] += 1
            self.deepest = max(self.deepest, len(self.open))

    # "<div/>" opens a div in HTML: the slash means nothing on HTML elements.
    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        # Closing an element closes the ones opened inside it, as browsers
        # mostly do; a stray end tag closes nothing.
        if self.counts[tag]:
            while self._pop() != tag:
                pass

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))

    def close(self):
        super().close()
        while self.open:
            self._pop()


def _attributes(attrs: Iterable[tuple[str, str | None]]) -> str:
    return "".join(
        f' {name}="{escape(value or "")}"'
        for name, value in attrs
        if _ATTRIBUTE_NAME.match(name)
    )


def balanced(html: str) -> tuple[str, int]:
    """``html`` with every element closed and nothing else that could be a tag,
    and how deeply its elements nest.

    Python-Markdown's output mostly is that already: then it is returned as it
    is (``_as_written``), which is what the balancer would write, without
    the balancer's slow pass over every tag.
    """
    depth = _as_written(html)
    if depth is not None:
        return html, depth
    return _rebalanced(html)


def _rebalanced(html: str) -> tuple[str, int]:
    balancer = _Balancer()
    balancer.feed(html)
    balancer.close()
    return "".join(balancer.out), balancer.deepest


# HTML exactly as _Balancer writes it: text escaped with escape(quote=False),
# lower-case names, every attribute name="value" escaped with escape(), one
# space before each, no attributes on end tags. Possessive repetitions: the
# match takes time linear in the length, whatever the input.
_WRITTEN = re.compile(
    r"(?:[^<>&]++|&(?:amp|lt|gt);"
    r'|<[a-z][a-z0-9-]*+(?: [a-z_:][a-z0-9_:.-]*+="'
    r"""(?:[^<>&"']++|&(?:amp|lt|gt|quot|#x27);)*+")*+>"""
    r"|</[a-z][a-z0-9-]*+>)*+"
)
_WRITTEN_TAG = re.compile(r"<(/?)([a-z][a-z0-9-]*)")
# Elements whose content HTMLParser does not read as HTML (script and style,
# and more in newer Pythons): such HTML always takes the balancer's pass.
_RAW_TEXT = frozenset(
    [
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
    ]
)


def _as_written(html: str) -> int | None:
    """The nesting depth of ``html`` if the balancer would write it unchanged.

    That is HTML in the balancer's own spelling (``_WRITTEN``) whose every
    end tag closes the element opened last, that closes every element it
    opens, and that never opens an element the balancer closes implicitly
    ("<p>a<p>b"). None otherwise.
    """
    if not _WRITTEN.fullmatch(html):
        return None
    open_: list[str] = []
    deepest = 0
    for match in _WRITTEN_TAG.finditer(html):
        closing, tag = match.groups()
        if tag in _RAW_TEXT:
            return None
        if closing:
            if not open_ or open_.pop() != tag:
                return None
            continue
        closes = _CLOSES_ITS_KIND.get(tag)
        if closes and open_ and open_[-1] in closes:
            return None
        if tag not in _VOID:
            open_.append(tag)
            deepest = max(deepest, len(open_))
    return None if open_ else deepest


def published_depth(html: str) -> int:
    """Deepest element nesting of nh3's output (well formed: every element closed)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        if match.group(1):
            depth -= 1
        elif match.group(2).lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


@dataclass(frozen=True)
class Rendered:
    """One text as the site publishes it, and what the sanitiser saw on the way."""

    html: str
    # (tag, attribute, value) of every a href and img src, in document order.
    links: tuple[tuple[str, str, str], ...] = ()
    # What the sanitiser removed (docs/content.md, 'Raw HTML'): each reason
    # once, with the text it was first found by.
    removed: tuple[tuple[str, str], ...] = ()


def _with_configured_extensions(config: Mapping[str, Any]) -> dict[str, Any]:
    """Pelican's reading of MARKDOWN: every configured extension is also enabled."""
    config = dict(config)
    extensions = list(config.get("extensions", ()))
    for name in config.get("extension_configs", {}):
        if name not in extensions:
            extensions.append(name)
    config["extensions"] = extensions
    return config


# Every heading of a text gets an id from its words, as GitHub, Hugo and
# Jekyll give them ("## Next steps" -> next-steps; "## Møter" -> møter), so
# that a link to a section (#next-steps, other.md#next-steps) leads there;
# the sanitiser adds the prefix of every id written in a text.
HEADING_IDS = "toc: slugify_unicode, no [TOC] marker"


def _with_heading_ids(config: Mapping[str, Any]) -> dict[str, Any]:
    """``config`` with Python-Markdown's toc extension giving headings ids,
    unless the site configures toc itself."""
    from markdown.extensions.toc import TocExtension, slugify_unicode

    extensions = list(config.get("extensions", ()))
    named = {e if isinstance(e, str) else type(e).__module__ for e in extensions}
    if not named & {"toc", "markdown.extensions.toc"}:
        extensions.append(TocExtension(slugify=slugify_unicode, marker=""))
    return {**config, "extensions": extensions}


class MarkdownRenderer:
    """One Python-Markdown instance, reset between files (creating one is costly)."""

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        seconds: float = RENDER_SECONDS,
        iframe_hosts: Iterable[str] = (),
    ):
        self.config = _with_configured_extensions(config or {})
        self.seconds = seconds
        self.iframe_hosts = tuple(sorted(iframe_hosts))
        self._markdown: Markdown | None = None
        # What the HTML depends on besides the text, for caches.
        self.key = repr(
            (
                sorted(self.config.items(), key=str),
                seconds,
                self.iframe_hosts,
                HEADING_IDS,
            )
        )

    def render(self, text: str) -> Rendered:
        """Sanitised HTML of ``text``; RenderProblem when it is too long, slow or deep."""
        if len(text) > MAX_BODY_CHARS:
            raise RenderProblem(
                f"the text is {len(text):,} characters long; the limit is "
                f"{MAX_BODY_CHARS:,}",
                "split it into several posts or pages",
            )
        bars = text.count("|")
        if bars > MAX_TABLE_BARS:
            raise RenderProblem(
                f"the text has {bars:,} '|' characters (the edges of table cells); "
                f"the limit is {MAX_TABLE_BARS:,}",
                "split the table over several posts or pages",
            )
        if self._markdown is None:
            self._markdown = Markdown(**_with_heading_ids(self.config))
        markdown = self._markdown
        markdown.reset()

        strange: list[tuple[str, str]] = []

        def convert() -> tuple[str, int]:
            html = markdown.convert(text)
            _check_size(len(html))
            strange.extend(strange_markup(html))  # the balancer drops them
            return balanced(html)

        try:
            html, depth = _time_limited(self.seconds, convert)
        except _OutOfTime:
            self._markdown = None  # interrupted midway: its state is unknown
            raise RenderProblem(
                f"the text takes more than {self.seconds:g} seconds to turn into HTML",
                "look for a long run of one character such as '[', '<' or '&' "
                "(often pasted by mistake) and remove it, or split a very long "
                "text over several posts",
            ) from None
        except RecursionError:
            self._markdown = None
            raise RenderProblem(
                "lists or quotes are nested too deeply to turn into HTML",
                f"nest lists and quotes at most {MAX_DEPTH} levels deep",
            ) from None
        _check_depth(depth)
        # Outside the time limit: nh3 swallows an exception raised in its
        # callbacks. Its work is bounded by the size and depth checked above.
        links: list[tuple[str, str, str]] = []
        removed: dict[str, str] = dict(strange)
        html = sanitize_html(
            html,
            self.iframe_hosts,
            removed=removed.setdefault,
            found_link=lambda *link: links.append(link),
        )
        _check_size(len(html))
        _check_depth(published_depth(html))
        return Rendered(html, tuple(links), tuple(removed.items()))


def _check_size(size: int) -> None:
    if size > MAX_HTML_CHARS:
        raise RenderProblem(
            f"the text makes {size:,} characters of HTML; the limit is "
            f"{MAX_HTML_CHARS:,}",
            "look for abbreviations ('*[...]: ...') or other repeated Markdown "
            "that makes the page much longer than the text",
        )


def _check_depth(depth: int) -> None:
    if depth > MAX_DEPTH:
        raise RenderProblem(
            f"HTML elements are nested {depth} levels deep; the limit is {MAX_DEPTH}",
            "close the HTML tags you open, and nest lists and quotes less",
        )
