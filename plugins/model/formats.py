"""Checks for the text formats our schemas name (dates, country codes, time zones ...)."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable
from functools import cache
from urllib.parse import urlsplit

import pycountry
from unidecode import unidecode

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# [0-9], not \d: \d also matches other scripts' digits ("٢٠١٤"), which int()
# and fromisoformat() accept but calendars, feeds and readers do not expect.
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATETIME = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[T ]([0-9]{2}:[0-9]{2}(?::[0-9]{2})?)(Z|[+-][0-9]{2}:[0-9]{2})?)?\Z"
)
_HHMM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]\Z")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
_GITHUB = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\Z")
_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}\Z")


class FormatProblem(ValueError):
    """A value that does not have the expected format; the text says how to fix it."""


# Dates outside these years are typing mistakes, and near the ends of Python's
# range (year 1, year 9999) time zone arithmetic overflows.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def _sane_year(value: dt.date) -> dt.date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise FormatProblem(
            f"the year {value.year} is not between {EARLIEST_YEAR} and {LATEST_YEAR}; "
            "check the date"
        )
    return value


def slugify(text: str) -> str:
    """Lower-case ASCII letters and digits joined by single hyphens ("" if none).

    The one rule for every slug: item addresses, suggested folder names and the
    file names the scaffolds write.
    """
    return re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'did you mean 'x'?', naming what differs when it would look the same."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not matches:
        return ""
    extra = _unseen_difference(word, matches[0])
    if extra:
        return f"remove {extra}: '{matches[0]}'"
    return f"did you mean '{matches[0]}'?"


# Languages whose weekday names an admin may write for `meetings.day`.
_WEEKDAY_LANGUAGES = (
    "cs", "da", "de", "el", "es", "fi", "fr", "hu", "is", "it", "nb", "nl",
    "nn", "pl", "pt", "ro", "ru", "sv", "tr", "uk",
)  # fmt: skip
_ENGLISH_DAYS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip


@functools.cache
def _weekday_names() -> dict[str, str]:
    """Weekday names in the languages above (Babel's CLDR data), lower case,
    to the English name the profile takes: 'tirsdag' -> 'tuesday'."""
    from babel import Locale

    names: dict[str, str] = {}
    for tag in ("en", *_WEEKDAY_LANGUAGES):
        days = Locale.parse(tag).days["format"]
        for width in ("wide", "abbreviated"):  # "onsdag", "ons."; "Wed"
            for number, name in days[width].items():
                names.setdefault(name.casefold().rstrip("."), _ENGLISH_DAYS[number])
    for day in _ENGLISH_DAYS:  # tues, thur, thurs
        names.setdefault(day[:4], day)
        names.setdefault(day[:5], day)
    return names


def english_weekday(word: str) -> str | None:
    """The English weekday ``word`` names in another language, if it does."""
    return _weekday_names().get(word.strip().casefold().rstrip("."))


# Characters a reader does not see, or sees as quotes around a value.
_LOOKALIKES = {
    **dict.fromkeys(
        "\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb", "the curly quotes"
    ),
    '"': "the quotes",
    "'": "the quotes",
    " ": "the spaces",
}


def _unseen_difference(word: str, match: str) -> str:
    """What ``word`` holds beyond ``match``, when only quotes or invisible characters.

    "" when the two differ in letters a reader can see.
    """
    names: list[str] = []
    curly = ""
    matcher = difflib.SequenceMatcher(None, word, match, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag != "delete":
            return ""
        for char in word[i1:i2]:
            if char in _LOOKALIKES:
                name = _LOOKALIKES[char]
            elif not char.isprintable() or char.isspace() or char == "\u200b":
                name = f"the invisible character U+{ord(char):04X}"
            else:
                return ""
            if name == "the curly quotes":
                curly += char
            names.append(name)
    return " and ".join(
        f"{name} {curly}" if name == "the curly quotes" else name
        for name in dict.fromkeys(names)
    )


def check_slug(value: str) -> None:
    if not SLUG.match(value):
        raise FormatProblem(
            "use lower-case letters, digits and single hyphens, e.g. 'new-york-city'"
        )


@cache
def _countries() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


# Codes people write that ISO 3166 gives to no country, or to another one.
_NOT_ISO = {
    "UK": ("GB", "the United Kingdom"),
    "EL": ("GR", "Greece"),
    "EN": ("GB", "England, in the United Kingdom,"),
}


def english_country_name(code: str) -> str:
    """'Norway' for NO, 'South Korea' for KR (ISO 3166's common name where it
    has one, as the pages write it); the code itself if it names no country."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    return getattr(country, "common_name", None) or getattr(country, "name", code)


def check_country(value: str) -> None:
    if value in _countries():
        return
    if value.upper() in _countries():
        raise FormatProblem(f'write the code in upper case: "{value.upper()}"')
    if value.upper() in _NOT_ISO:
        code, name = _NOT_ISO[value.upper()]
        raise FormatProblem(f'{value} is not an ISO 3166 code: {name} is "{code}"')
    found = pycountry.countries.get(name=value) or pycountry.countries.get(
        alpha_3=value.upper()
    )
    if found:
        raise FormatProblem(f'use the two-letter code "{found.alpha_2}"')
    raise FormatProblem('use a two-letter ISO 3166 code in quotes, e.g. "GB" or "NO"')


def parse_partial_date(value: str) -> dt.date:
    """The first day a "YYYY", "YYYY-MM" or "YYYY-MM-DD" value can mean."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise FormatProblem('write "YYYY-MM-DD", "YYYY-MM" or "YYYY" in quotes')
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError as error:
        raise FormatProblem(f"no such date: {error}") from None
    return _sane_year(date)


def parse_date(value: str) -> dt.date:
    if not _DATE.match(value):
        raise FormatProblem(
            'write the date as "YYYY-MM-DD" in quotes, e.g. "2014-06-01"'
        )
    try:
        date = dt.date.fromisoformat(value)
    except ValueError as error:
        raise FormatProblem(f"no such date: {error}") from None
    return _sane_year(date)


def parse_datetime(value: str) -> dt.date | dt.datetime:
    """A date, or a datetime (timezone-aware when an offset was written)."""
    match = _DATETIME.match(value)
    if not match:
        raise FormatProblem(
            'write "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS+01:00" in quotes'
        )
    try:
        if match.group(2) is None:
            parsed = dt.date.fromisoformat(match.group(1))
        else:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        if "offset must be" in str(error):  # Python's words name timedelta
            raise FormatProblem(
                "the UTC offset must be between -23:59 and +23:59, such as +01:00"
            ) from None
        raise FormatProblem(f"no such date or time: {error}") from None
    return _sane_year(parsed)


# Characters that change the direction of the text after them until their
# end (embeddings, overrides, isolates): unbalanced in a name, U+202E turned
# "X — IOPS" in the page's title and the site's own sentence after the name
# around. Names and titles do not need them; a browser orders mixed scripts.
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Letters that show as nothing (fillers, blanks), beside spaces and the
# invisible format characters (zero-width spaces, the byte-order mark).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def check_line(value: str) -> None:
    """Names and titles are one line: a line break would split a calendar or a
    table; and they show: not only invisible characters, and none that turns
    the direction of the page's text after them."""
    if len(value.splitlines()) > 1 or "\t" in value or value.endswith("\n"):
        raise FormatProblem("write it on one line, without line breaks or tabs")
    if value and not value.strip():
        raise FormatProblem("write some words, not only spaces")
    direction = _DIRECTION.search(value)
    if direction:
        raise FormatProblem(
            f"it holds U+{ord(direction.group()):04X}, an invisible character that "
            "turns the direction of the text after it, the site's own words too: "
            "delete it; text in mixed scripts needs none"
        )
    if value and not any(_shows(c) for c in value):
        raise FormatProblem(
            "it shows as nothing, holding only invisible characters: write some words"
        )


def _shows(character: str) -> bool:
    return not (
        character.isspace()
        or character in _BLANK_LETTERS
        or unicodedata.category(character) in ("Cf", "Cc", "Zs", "Mn", "Me")
    )


def check_time(value: str) -> None:
    if not _HHMM.match(value):
        raise FormatProblem('write the time as 24-hour "HH:MM" in quotes, e.g. "19:00"')


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_timezone(value: str) -> None:
    if value not in _timezones():
        hint = did_you_mean(value, _timezones())
        raise FormatProblem(hint or "use an IANA time zone name such as 'Europe/Oslo'")


def check_language(value: str) -> None:
    if not _LANGUAGE.match(value):
        raise FormatProblem("use a BCP 47 language tag such as 'en', 'nb' or 'pt-BR'")


def check_github(value: str) -> None:
    if not _GITHUB.match(value):
        raise FormatProblem("write the GitHub user name only, without '@' or a URL")


def check_email(value: str) -> None:
    if not _EMAIL.match(value):
        raise FormatProblem("write an e-mail address such as 'oslo@example.org'")


def is_email(value: object) -> bool:
    """An e-mail address, with or without 'mailto:' in front."""
    return isinstance(value, str) and bool(_EMAIL.match(value.removeprefix("mailto:")))


def check_http_url(value: str) -> None:
    problem = web_address_problem(value)
    if problem:
        raise FormatProblem(problem)


def web_address_problem(value: str) -> str | None:
    """What keeps ``value`` from being a web address a browser opens, in words
    for its writer; None for a good one. Browsers (and the sanitiser) refuse
    a host in broken brackets, a port that is no number from 1 to 65535, a
    host with spaces or percent signs, and an IP address with a part over 255."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return (
            "the address cannot be read as a web address: check the part after "
            "https:// (a port is a number from 1 to 65535, and [ ] only hold an "
            "IPv6 address)"
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "write a full web address starting with https://"
    host = parts.hostname
    if any(c.isspace() for c in parts.netloc) or "%" in host:
        return "a web address has no spaces or % signs in its host name"
    numbers = host.split(".")
    if all(n.isdigit() for n in numbers) and any(int(n) > 255 for n in numbers):
        return f"{host} is not an IP address: each part is a number from 0 to 255"
    return None
