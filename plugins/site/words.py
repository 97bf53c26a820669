"""Small pure functions that put the model into words for templates (Jinja filters)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markupsafe import Markup

from .events import day_of
from .meetings import MONTH_NAMES, meetings_sentence

DASH = "\u2013"  # the en dash of a range
WEEKDAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
LEVEL_WORDS = {
    "local": "Local chapter",
    "regional": "Regional chapter",
    "national": "National chapter",
}
STATUS_WORDS = {
    "forming": "Forming",
    "active": "Active",
    "dormant": "Dormant",
    "closed": "Closed",
}


def meetings_in_words(meetings) -> str:
    """'Meets every other Wednesday at 19:00 (Oslo time).' (the Schedule's sentence)."""
    return meetings_sentence(meetings)


def meeting_in_words(value) -> str:
    """'Tuesday 10 February 2015, 19:00 GMT': one meeting, in its own zone."""
    if value is None:
        return ""
    return event_when(value, zone=getattr(getattr(value, "tzinfo", None), "key", None))


def zone_abbreviation(value: dt.datetime, zone: str | None) -> str:
    """The name of an event's time zone at its start: 'GMT', 'CET', 'EST'.

    An event is written with an offset; ``zone`` is the IANA zone of its
    chapter (or the site). Where the offset is that zone's at that moment,
    the zone's own abbreviation is used; otherwise the offset, 'UTC+01:00'.
    """
    offset = value.utcoffset()
    if zone:
        try:
            local = value.astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            local = None
        if local is not None and (offset is None or local.utcoffset() == offset):
            name = local.tzname() or ""
            if name and name[0] not in "+-":  # '+03' names no zone: show the offset
                return name
    if offset is None:
        return ""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def day_words(value: dt.date | dt.datetime) -> str:
    """'Tuesday 20 January 2015'."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return f"{WEEKDAY_NAMES[day.weekday()]} {long_date(day)}"


def event_when(starts, ends=None, zone: str | None = None) -> str:
    """When an event happens, in its own time zone, the range written once.

    'Tuesday 20 January 2015, 19:00-21:00 GMT'; 'Saturday 14 February 2015';
    'Saturday 14 February 2015 - Sunday 15 February 2015';
    'Friday 13 February 2015, 19:00 - Saturday 14 February 2015, 02:00 CET'
    (with en dashes).
    The one function every page, listing and feed uses for an event's time.
    """
    if starts is None:
        return ""
    if ends == starts:
        ends = None
    if not isinstance(starts, dt.datetime):
        if ends is None or day_of(ends) == starts:
            return day_words(starts)
        return f"{day_words(starts)} {DASH} {day_words(ends)}"
    name = zone_abbreviation(starts, zone)
    suffix = f" {name}" if name else ""
    start = f"{day_words(starts)}, {starts:%H:%M}"
    if ends is None:
        return start + suffix
    if not isinstance(ends, dt.datetime):
        return f"{start}{suffix} {DASH} {day_words(ends)}"
    ends_local = ends.astimezone(starts.tzinfo) if starts.tzinfo else ends
    if ends_local.date() == starts.date():
        return f"{start}{DASH}{ends_local:%H:%M}{suffix}"
    return f"{start} {DASH} {day_words(ends_local)}, {ends_local:%H:%M}{suffix}"


def number_of(count: int, singular: str, plural: str | None = None) -> str:
    """'1 chapter', '0 chapters', '2 chapters', '1,140 members': a count with its noun.

    ``plural`` for nouns that do not just take an s ('1 person', '3 people').
    """
    noun = singular if count == 1 else (plural or singular + "s")
    return f"{count:,} {noun}"


def partial_date_words(value: str | None) -> str:
    """'April 2012' for '2012-04', '2012' for '2012', '10 April 2012' for a full date."""
    if not value:
        return ""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return long_date(dt.date(*parts))
    if len(parts) == 2:
        return f"{MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def language_name(tag: str) -> str:
    """'Norwegian Bokmål' for nb, 'Portuguese (Brazil)' for pt-BR; the tag if unknown."""
    import pycountry

    primary, _, rest = tag.partition("-")
    language = pycountry.languages.get(alpha_2=primary.lower()) or (
        pycountry.languages.get(alpha_3=primary.lower()) if len(primary) == 3 else None
    )
    if language is None:
        return tag
    name = getattr(language, "common_name", None) or language.name
    region = rest.split("-")[-1] if rest else ""
    if len(region) == 2 and region.isalpha():
        name += f" ({country_name(region.upper())})"
    return name


def language_names(tags) -> str:
    """'Norwegian Bokmål and English'."""
    names = [language_name(tag) for tag in tags or ()]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def long_date(value: dt.date | dt.datetime | str | None) -> str:
    """'10 September 2013', independent of the machine's locale: every date a reader sees.

    Also takes the export rows' ISO dates ('2013-09-10'), so the report writes
    its dates like every other page.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def iso_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()  # written as a date: keep it a date
    return value.isoformat()


def obfuscate_email(address: str) -> Markup:
    """The address as numeric character references: readable, clickable, not scrapeable as text."""
    return Markup("".join(f"&#{ord(char)};" for char in address))


def mailto(address: str) -> Markup:
    return obfuscate_email("mailto:" + address)


def country_name(code: str) -> str:
    """'Norway' for NO; the code itself if the code list has no name for it."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or getattr(country, "name", code)


def country_names(code: str, languages: Iterable[str] = ()) -> list[str]:
    """The country's own names: in its official languages and in ``languages``.

    'Norge', 'Noreg' for NO; from the CLDR data Babel ships, each name once;
    a language CLDR does not know is skipped (the English name serves).
    """
    from babel import Locale, UnknownLocaleError
    from babel.languages import get_official_languages

    names: dict[str, None] = {}
    for tag in (*get_official_languages(code, de_facto=True), *languages):
        try:
            locale = Locale.parse(tag.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            continue
        name = locale.territories.get(code)
        if name:
            names[name] = None
    return list(names)


def women_share(members) -> str:
    if members is None or members.women is None or not members.count:
        return ""
    return f"{round(100 * members.women / members.count)}%"


ACTIVITY_WORDS = {
    "active": "Active",
    "quiet": "Quiet",
    "dormant": "Dormant",
    "closed": "Closed",
}


def age_in_words(value: dt.date | None, build_date: dt.date) -> str:
    from ..freshness.facts import age_in_words as words

    return words(value, build_date) if value else ""


FILTERS = {
    "meetings_in_words": meetings_in_words,
    "meeting_in_words": meeting_in_words,
    "long_date": long_date,
    "number_of": number_of,
    "event_when": event_when,
    "day_words": day_words,
    "partial_date_words": partial_date_words,
    "language_names": language_names,
    "iso_date": iso_date,
    "obfuscate_email": obfuscate_email,
    "mailto": mailto,
    "women_share": women_share,
    "country_name": country_name,
    "country_names": country_names,
    "level_words": LEVEL_WORDS.get,
    "status_words": STATUS_WORDS.get,
    "activity_words": ACTIVITY_WORDS.get,
    "age_in_words": age_in_words,
}
