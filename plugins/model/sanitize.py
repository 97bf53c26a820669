"""Sanitise contributors' HTML with nh3 against an allowlist (spec §4.2)."""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import nh3
from pygments.token import STANDARD_TYPES

logger = logging.getLogger(__name__)

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
TAGS = frozenset(nh3.ALLOWED_TAGS) - {"map", "area"}
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    # style: heard by the attribute filter, which keeps only a table cell's,
    # and of that only its text-align (STYLE_PROPERTIES)
    "*": {"id", "title", "lang", "dir", "style"},
    "a": {"href", "hreflang", "title"},
    "img": {"src", "alt", "width", "height", "title", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen", "loading"},
}
# The only properties kept of a style attribute (allowed on table cells only).
STYLE_PROPERTIES = frozenset({"text-align"})
# Contributors' ids are prefixed, so that none can take the place of the
# theme's (id="main" would capture the skip link), and in-page links follow.
ID_PREFIX = "user-content-"
# Only the classes Python-Markdown's extensions write: a contributor cannot
# borrow the theme's (class="stale" would fake the out-of-date banner).
CLASSES: dict[str, set[str]] = {
    "div": {"highlight", "footnote"},
    "a": {"footnote-ref", "footnote-backref"},
    "span": {name for name in STANDARD_TYPES.values() if name},
}
_LINK_ATTRIBUTES = {("a", "href"), ("img", "src")}
# Relative links a contributor writes to files next to the Markdown file:
# images/map.png, ../images/map.png or ../posts/other.md.
_RELATIVE = re.compile(r"(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\?|\{|\|)")
MARKER = re.compile(r"\s*[{|](?P<what>[^}|]*)[}|]")
_FILE_MARKERS = {"static", "filename", "attach"}
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//")
# What browsers ignore in a URL: tabs and line breaks anywhere, controls and
# spaces around it; and they read "\" as "/", so "\\host/x" is another site.
_IGNORED_IN_URLS = re.compile("[\t\n\r]")
_AROUND_URLS = "".join(map(chr, range(0x21)))
# Reported, not removed, by these: nh3 removes. Each pattern is linear in the
# length of the HTML ([^<>] cannot run past the next tag, and no two
# repetitions compete for the same characters), so no input makes the report
# slower than the sanitising. The second of each is text every match holds,
# looked for in the lower-cased HTML first where that is cheaper than the
# pattern: one starting with an alternative instead of a character is tried
# at every position (the data: one was a quarter of the sanitising's time).
# Only "A", "D" and "T" lower to "a", "d" and "t", the characters that
# re.IGNORECASE takes for them; it also takes others for "s", "k" and "i"
# (the long s, the Kelvin sign), so no text with those is looked for.
_UNSAFE = (
    (re.compile(r"<\s*script", re.I), "", "a <script> element"),
    (
        re.compile(r"<[^<>]*\s(?P<at>on[a-z]+\s*=)", re.I),
        "",
        "an on...= event handler attribute",
    ),
    (
        re.compile(r"=\s*(?:[\"']\s*)?(?P<at>javascript:)", re.I),
        "",
        "a javascript: link",
    ),
    (
        re.compile(r"(?:src|href)\s*=\s*(?:[\"']\s*)?(?P<at>data:)", re.I),
        "data:",
        "a data: URL",
    ),
    (
        re.compile(r"<\s*(?:object|embed|form|style)\b", re.I),
        "",
        "an embedded object, form or style",
    ),
)
# Reported by _removed_markup: every other element the allowlist leaves out
# (video, audio, svg, math, input, template...), processing instructions and
# CDATA sections (nh3 drops their text), and links whose scheme is not one of
# SAFE_SCHEMES (nh3 keeps the text and drops the address).
_REPORTED_TAGS = frozenset({"script", "object", "embed", "form", "style"})
# Elements whose own elements (an SVG's <text>, MathML's <mi>) go with them.
_FOREIGN = {name: re.compile(f"</{name}", re.I) for name in ("svg", "math")}
# Start tags, whose names are looked up in the allowlist (one pattern with
# every allowed name in a negative lookahead cost four times as much).
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
# The names nh3 keeps or _UNSAFE reports; iframes are judged by the attribute
# filter, whatever the allowed hosts.
_NOT_OTHER = frozenset(TAGS | {"iframe"} | _REPORTED_TAGS)
_STRANGE = (
    (re.compile(r"<\?"), "a <?...?> processing instruction"),
    (re.compile(r"<!\[CDATA\[", re.I), "a <![CDATA[...]]> section"),
)
# An href or src attribute of a start tag whose value starts with a scheme:
# "<" is a literal the search skips to, and the tag's text ends at the next
# "<" or ">", so each character is looked at by one tag only (linear). Text
# outside tags (code that shows HTML, an address's query) is not judged.
_LINK_SCHEME = re.compile(
    r"<[a-zA-Z][^<>]*?\s(?:[hH][rR][eE][fF]|[sS][rR][cC])\s*+=\s*+[\"']?"
    r"[\x00-\x20]*+([a-zA-Z][a-zA-Z0-9+.-]{0,30}+):"
)
# The value of an href or src attribute of a start tag that starts with
# http:// or https://, quoted or not; each value ends before "<" or ">",
# so each character is looked at by one tag only (linear, as above).
_WEB_LINK = re.compile(
    r"<[a-zA-Z][^<>]*?\s(?:[hH][rR][eE][fF]|[sS][rR][cC])\s*+=\s*+"
    r"(?:\"[\x00-\x20]*+([hH][tT][tT][pP][sS]?://[^\"<>]*)\"|"
    r"'[\x00-\x20]*+([hH][tT][tT][pP][sS]?://[^'<>]*)'|"
    r"([hH][tT][tT][pP][sS]?://[^\s\"'<>]*))"
)
UNREADABLE_ADDRESS = "a link to an address browsers cannot open"
STYLE_REMOVED = "a style= attribute (colours, sizes, fonts)"
IFRAME_NOT_HTTPS = "an iframe whose address does not start with https://"


def as_browsers_read(url: str) -> str:
    """``url`` as a browser reads it: no tabs or line breaks, "\\" as "/"."""
    return _IGNORED_IN_URLS.sub("", url).strip(_AROUND_URLS).replace("\\", "/")


def is_remote(url: str) -> bool:
    """Whether a browser fetching ``url`` would contact another site."""
    return bool(_SCHEME.match(as_browsers_read(url)))


def is_relative(url: str) -> bool:
    """A link to a file of the repository, written relative to the Markdown file."""
    return bool(_RELATIVE.match(as_browsers_read(url)))


def sanitize_html(
    html: str,
    iframe_hosts: Iterable[str] = (),
    removed: Callable[[str, str], None] | None = None,
    found_link: Callable[[str, str, str], None] | None = None,
) -> str:
    """Allowlisted HTML; ``removed`` hears (reason, what was found) for each
    thing taken out: what was found is text of ``html`` (a tag's start, an
    address) that the writer's text most likely holds too, to locate it there.

    ``found_link`` hears (tag, attribute, value) of every ``a href`` and
    ``img src`` as the sanitiser reads it, before any is changed or removed.
    """
    report = removed or _ignore
    lowered = html.lower()
    for pattern, held, reason in _UNSAFE:
        if held in lowered:
            match = pattern.search(html)
            if match:
                # What the writer's text holds too (Markdown writes the
                # "=" and quotes of a link), to locate it there.
                at = "at" in pattern.groupindex and match.group("at")
                report(reason, at or match.group(0))
    if removed is not None:
        _removed_markup(html, report)
    cleaner = _cleaner(frozenset(iframe_hosts))
    before = _listeners.__dict__.copy()  # a listener that sanitises, in turn
    _listeners.report, _listeners.found_link = report, found_link
    try:
        return cleaner.clean(html)
    finally:
        _listeners.report = before.get("report", _ignore)
        _listeners.found_link = before.get("found_link")


def _ignore(reason: str, found: str) -> None:
    pass


def strange_markup(html: str) -> list[tuple[str, str]]:
    """Processing instructions and CDATA sections in ``html``, which neither
    the balancer nor nh3 keeps, with their text: (reason, what was found)."""
    found = []
    if "<?" in html or "<!" in html:
        for pattern, reason in _STRANGE:
            match = pattern.search(html)
            if match:
                found.append((reason, match.group(0)))
    return found


def _removed_markup(html: str, report: Callable[[str, str], None]) -> None:
    """Report what nh3 takes out without a word: elements outside the
    allowlist (once per name), processing instructions, CDATA sections, and
    link addresses with a scheme outside SAFE_SCHEMES (once per scheme).
    Linear: one pass of each pattern."""
    if "<" in html:
        seen: set[str] = set()
        position = 0
        while match := _START_TAG.search(html, position):
            name = match.group(1).lower()
            position = match.end()
            if name in _NOT_OTHER:
                continue
            if name not in seen:
                seen.add(name)
                report(f"a <{name}> element", match.group(0))
            if name in _FOREIGN:  # its own elements are part of it
                end = _FOREIGN[name].search(html, position)
                position = len(html) if end is None else end.start()
        for reason, found in strange_markup(html):
            report(reason, found)
    if "://" in html:
        for match in _WEB_LINK.finditer(html):
            address = match.group(1) or match.group(2) or match.group(3)
            if _browsers_refuse(address, '"' if match.group(2) is None else "'"):
                report(f"{UNREADABLE_ADDRESS} ({address!r})", address)
    if "=" in html:
        schemes: set[str] = set()
        for match in _LINK_SCHEME.finditer(html):
            scheme = match.group(1).lower()
            if scheme in SAFE_SCHEMES or scheme in ("javascript", "data"):
                continue  # kept, or reported with _UNSAFE
            if scheme not in schemes:
                schemes.add(scheme)
                report(
                    f"a link to a '{scheme}:' address (links may go to "
                    f"{', '.join(sorted(SAFE_SCHEMES))} addresses)",
                    match.group(1) + ":",
                )


_ALIGNED = frozenset({"td", "th"})


@functools.cache
def _address_probe() -> nh3.Cleaner:
    """A cleaner that keeps a link's web address exactly where the sanitiser
    does: nh3 drops an address its URL parser refuses (a bad port, a host
    with a space, an IP address with a part over 255, "https://[::1")."""
    return nh3.Cleaner(
        tags={"a"}, attributes={"a": {"href"}}, url_schemes={"http", "https"}
    )


def _browsers_refuse(address: str, quote: str) -> bool:
    """Whether the sanitiser drops ``address`` (as written in the HTML, between
    ``quote`` characters) for a web address its URL parser cannot read."""
    return "href" not in _address_probe().clean(f"<a href={quote}{address}{quote}>")


def kept_style(tag: str, style: str) -> str | None:
    """What an attribute filter keeps of a style attribute: a table cell's,
    whose properties nh3 then narrows to its text-align (STYLE_PROPERTIES,
    the alignment Markdown writes for "|:--:|"); nothing of any other's."""
    return style if tag in _ALIGNED else None


def _loses(tag: str, style: str) -> bool:
    """Whether sanitising takes anything of this style attribute out (nh3
    compares property names as written: "TEXT-ALIGN" is not kept)."""
    if tag not in _ALIGNED:
        return True
    names = {part.partition(":")[0].strip() for part in style.split(";")}
    return bool(names - STYLE_PROPERTIES - {""})


# Who hears of this thread's sanitising: the cleaner below is made once, its
# attribute filter with it, and each call says whom to tell.
_listeners = threading.local()


def _file_link(value: str) -> str:
    """A relative link as the marker Pelican turns into the file's address:
    ``{filename}`` for an item (``other.md``, also with ``?query`` or
    ``#section``), else ``{static}``. A section of an item is an id of its
    page, which carries the prefix every id written in a text gets."""
    address, hash_mark, fragment = value.partition("#")
    path = address.partition("?")[0]
    if not path.lower().endswith((".md", ".markdown")):
        return "{static}" + value
    if hash_mark and fragment and not fragment.startswith(ID_PREFIX):
        fragment = ID_PREFIX + fragment
    return "{filename}" + address + hash_mark + fragment


@functools.lru_cache(maxsize=8)
def _cleaner(hosts: frozenset[str]) -> nh3.Cleaner:
    """nh3's cleaner with our allowlist, made once per set of iframe hosts.

    ``nh3.clean`` converts the allowlist on every call (30 us, ten times the
    cleaning of a short summary), and this was called once for every item
    read, with the allowlist's sets built anew each time.
    """

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "style":
            if _loses(tag, value):
                report = getattr(_listeners, "report", _ignore)
                report(STYLE_REMOVED, "style=")  # located at the attribute
            return kept_style(tag, value)
        if attribute == "id":
            return value if value.startswith(ID_PREFIX) else ID_PREFIX + value
        found_link = getattr(_listeners, "found_link", None)
        if found_link is not None and (tag, attribute) in _LINK_ATTRIBUTES:
            found_link(tag, attribute, value)
        if tag == "a" and attribute == "href" and value.startswith("#"):
            fragment = value[1:]
            return (
                value if fragment.startswith(ID_PREFIX) else f"#{ID_PREFIX}{fragment}"
            )
        report = getattr(_listeners, "report", _ignore)
        marker = MARKER.match(value)
        if marker:
            # Pelican rewrites {author}..., {tag}... and |x| markers into URLs
            # after sanitising, and keeps a scheme written behind them
            # ("{author}javascript:..."): allow only file links without a scheme.
            if marker.group("what") in _FILE_MARKERS and not _SCHEME.match(
                value[marker.end() :].lstrip()
            ):
                return value
            report(f"a link starting with {marker.group(0)!r}", value)
            return None
        if tag == "img" and attribute == "src" and is_remote(value):
            # A picture from another site tells that site who reads the page.
            try:
                host = urlsplit(as_browsers_read(value)).hostname
            except ValueError:  # "https://[x": the sanitiser drops it anyway
                host = None
            report(f"a picture from another site ({host or value!r})", value)
            return None
        if tag == "iframe" and attribute == "src":
            try:
                parts = urlsplit(value)
            except ValueError:
                report(f"an iframe whose address cannot be read ({value!r})", value)
                return None
            if parts.hostname in hosts and parts.scheme != "https":
                report(f"{IFRAME_NOT_HTTPS} from {parts.hostname!r}", value)
                return None
            if parts.hostname not in hosts:
                report(
                    f"an iframe from {parts.hostname or value!r} (allowed hosts: "
                    f"{', '.join(sorted(hosts)) or 'none'})",
                    value,
                )
                return None
        if (tag, attribute) in _LINK_ATTRIBUTES and value and is_relative(value):
            return _file_link(value.strip(_AROUND_URLS))
        return value

    tags = TAGS | {"iframe"} if hosts else TAGS
    return nh3.Cleaner(
        tags=set(tags),
        attributes={
            tag: set(attrs)
            for tag, attrs in ATTRIBUTES.items()
            if tag in tags or tag == "*"
        },
        url_schemes=set(SAFE_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        attribute_filter=attribute_filter,
        link_rel="noopener",
        strip_comments=True,
        # A table too wide for a phone scrolls by itself (site.css), and a
        # region that scrolls must take the keyboard's focus to be scrolled
        # without a mouse (WCAG 2.1.1): every table can, whatever was written.
        set_tag_attribute_values={"table": {"tabindex": "0"}},
    )
