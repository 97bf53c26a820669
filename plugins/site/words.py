"""Small pure functions that put the model into words for templates (Jinja filters)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_skeleton, get_timezone_location
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup

from ..i18n.language import babel_locale, language_name
from ..i18n.messages import Deferred, Message, contextual_message, message

# Outputs reach the words only through this module (docs/architecture.md).
from ..i18n.messages import plural_message as plural_message
from ..model.chapters import WEEKDAYS
from ..model.formats import english_country_name
from .events import day_of
from .meetings import meetings_sentence

DASH = "\u2013"  # the en dash of a range
# Babel's full date ('Tuesday, 20 January 2015'), except English, which this
# site has always written without the comma.
DAY_PATTERNS = {"en": "EEEE d MMMM y"}
LEVEL_WORDS = {
    "local": message("Local chapter"),
    "regional": message("Regional chapter"),
    "national": message("National chapter"),
}
KIND_WORDS = {
    "posts": contextual_message("kind of item", "Post"),
    "reports": contextual_message("kind of item", "Report"),
    "events": contextual_message("kind of item", "Event"),
    "pages": contextual_message("kind of item", "Page"),
}
# The badge of a chapter that says of itself it is forming or dormant.
# What a chapter says of itself (status:), in words that cannot be taken for
# its activity ("Active", "Dormant"), which the site judges from its work.
DECLARED_WORDS = {
    "forming": message("Starting up"),
    "dormant": message("Taking a break"),
}
STATUS_WORDS = {
    "forming": message("Starting up"),
    "active": message("Running"),
    "dormant": message("Taking a break"),
    "closed": message("Closed"),
}


def meetings_in_words(meetings) -> str:
    """'Meets every other Wednesday at 19:00 (Oslo time).' (the Schedule's sentence)."""
    return meetings_sentence(meetings)


def meeting_in_words(value, lang: str = "en") -> str:
    """'Tuesday 10 February 2015, 19:00 GMT': one meeting, in its own zone."""
    if value is None:
        return ""
    zone = getattr(getattr(value, "tzinfo", None), "key", None)
    return event_when(value, zone=zone, lang=lang)


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


def day_words(value: dt.date | dt.datetime, lang: str = "en") -> str:
    """'Tuesday 20 January 2015', 'tirsdag 20. januar 2015'."""
    day = value.date() if isinstance(value, dt.datetime) else value
    locale = babel_locale(lang)
    pattern = DAY_PATTERNS.get(lang, locale.date_formats["full"].pattern)
    return format_date(day, pattern, locale=locale)


def event_when(starts, ends=None, zone: str | None = None, lang: str = "en") -> str:
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
            return day_words(starts, lang)
        return f"{day_words(starts, lang)} {DASH} {day_words(ends, lang)}"
    name = zone_abbreviation(starts, zone)
    suffix = f" {name}" if name else ""
    start = f"{day_words(starts, lang)}, {starts:%H:%M}"
    if ends is None:
        return start + suffix
    if not isinstance(ends, dt.datetime):
        return f"{start}{suffix} {DASH} {day_words(ends, lang)}"
    ends_local = ends.astimezone(starts.tzinfo) if starts.tzinfo else ends
    if ends_local.date() == starts.date():
        return f"{start}{DASH}{ends_local:%H:%M}{suffix}"
    return f"{start} {DASH} {day_words(ends_local, lang)}, {ends_local:%H:%M}{suffix}"


def partial_date_words(value: str | None, lang: str = "en") -> str:
    """'April 2012' for '2012-04', '2012' for '2012', '10 April 2012' for a full date."""
    if not value:
        return ""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return long_date(dt.date(*parts), lang)
    if len(parts) == 2:
        return format_skeleton(
            "yMMMM", dt.date(parts[0], parts[1], 1), locale=babel_locale(lang)
        )
    return str(parts[0])


def month_list(months, lang: str = "en") -> str:
    """'January, April, July and October' ('januar, april, juli og oktober') for 1, 4, 7, 10."""
    locale = babel_locale(lang)
    names = locale.months["format"]["wide"]
    return format_list([names[month] for month in months], locale=locale)


def weekday_word(day: str, lang: str = "en") -> str:
    """'Tuesday', 'tirsdag' for the profile's 'tuesday'."""
    return weekday_name(WEEKDAYS.index(day), lang)


def weekday_name(index: int, lang: str = "en") -> str:
    """'Tuesday', 'tirsdag', 'Dienstag' for 1 (Monday is 0), as it stands in a sentence."""
    return babel_locale(lang).days["format"]["wide"][index]


def zone_city(timezone: str, lang: str = "en") -> str:
    """'Wien' for Europe/Vienna on a German page, 'Vienna' on an English one (CLDR's exemplar city).

    A zone CLDR names no city for is named by its id's last part, 'Buenos Aires'.
    """
    fallback = timezone.rsplit("/", 1)[-1].replace("_", " ")
    try:
        city = get_timezone_location(
            timezone, locale=babel_locale(lang), return_city=True
        )
    except (LookupError, ValueError):
        return fallback
    return fallback if not city or "/" in city else city


def language_names(tags, lang: str = "en") -> str:
    """'Norwegian Bokmål and English'; 'norsk bokmål og engelsk' on a Norwegian page."""
    names = [language_name(tag, lang) for tag in tags or ()]
    if not names:
        return ""
    return format_list(names, locale=babel_locale(lang))


def language_choices(tags, lang: str = "en") -> list[tuple[str, str]]:
    """(tag, name) for each tag, named in ``lang`` and in that name's order: a select's options."""
    named = [(tag, language_name(tag, lang)) for tag in tags]
    return sorted(named, key=lambda pair: (pair[1].casefold(), pair[0]))


def long_date(value: dt.date | dt.datetime | str | None, lang: str = "en") -> str:
    """'10 September 2013', '10. september 2013': every date a reader sees, in ``lang`` (Babel).

    Independent of the machine's locale. Also takes the export rows' ISO dates
    ('2013-09-10'), so the report writes its dates like every other page.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return _long_date(value, lang)


# Listings write the same few hundred dates in a handful of languages on page after
# page: Babel formats each (date, language) once a build.
@cache
def _long_date(value: dt.date, lang: str) -> str:
    return format_date(value, "long", locale=babel_locale(lang))


def render_value(value, lang: str = "en") -> str:
    """A message's parameter in ``lang``: dates as long dates, numbers with the locale's digits."""
    if isinstance(value, Message):
        return str(value)
    if isinstance(value, Deferred):
        return value.localise(lang)
    if isinstance(value, bool) or not isinstance(value, int | float | dt.date):
        return str(value)
    if isinstance(value, dt.date):
        return long_date(value, lang)
    return format_decimal(value, locale=babel_locale(lang))


def iso_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()  # written as a date: keep it a date
    return value.isoformat()


def _references(text: str) -> Markup:
    return Markup("".join(f"&#{ord(char)};" for char in text))


def obfuscate_email(address: str) -> Markup:
    """The address as numeric character references: readable, clickable, not
    scrapeable as text; and left out of the search index, whose files hold
    the page's text as plain text."""
    return (
        Markup("<span data-pagefind-ignore>") + _references(address) + Markup("</span>")
    )


def mailto(address: str) -> Markup:
    """A ``mailto:`` address for an ``href``, as character references."""
    return _references("mailto:" + address)


def country_name(code: str, lang: str = "en") -> str:
    """'Norway' for NO ('Norge' on a Norwegian page); the code itself if no list names it.

    English names come from ISO 3166 (pycountry's common names), the others
    from Babel's CLDR data.
    """
    if lang != "en":
        name = babel_locale(lang).territories.get(code)
        if name:
            return name
    return english_country_name(code)


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


def women_share(members, lang: str = "en") -> str:
    """'29%', '29 %' in Norwegian: the share of women in ``members``."""
    if members is None or members.women is None or not members.count:
        return ""
    return percent(members.women, members.count, lang)


def percent(part: int, whole: int, lang: str = "en") -> str:
    """``part`` of ``whole`` in whole per cent, rounded down as the working
    criteria judge it (8 of 27 is 29%: "30%" would read as the 30% needed)."""
    from ..freshness.facts import whole_percent

    locale = babel_locale(lang)
    if part and not whole_percent(part, whole):  # 1 of 101: some, not "0%"
        return "<" + format_percent(0.01, locale=locale)
    return format_percent(whole_percent(part, whole) / 100, locale=locale)


def number(value: int, lang: str = "en") -> str:
    return format_decimal(value, locale=babel_locale(lang))


ACTIVITY_WORDS = {
    "active": message("Active"),
    "quiet": message("Quiet"),
    "dormant": message("Dormant"),
    "closed": message("Closed"),
}


# Where the directory and the report list the chapters of no area: those of a
# country that spans several areas (the US, Canada) that name none, such as
# its national chapter.
SEVERAL_AREAS = message("Across several areas")

# The labels of what a search result says of an item ("Chapter: IOPS Oslo").
RESULT_LABELS = {
    "chapter": message("Chapter"),
    "when": message("When"),
    "date": message("Date"),
}

# What a chapter misses, as a reader says it after "missing".
CRITERION_WORDS = {
    "meets-regularly": message("regular meetings"),
    "page-current": message("an up-to-date page"),
    "members": message("enough members"),
    "women": message("enough women"),
    "admins": message("enough admins"),
}


def criterion_word(key: str) -> Message | str:
    """'regular meetings' for the criterion 'meets-regularly' (an unknown key as written)."""
    return CRITERION_WORDS.get(key, key.replace("-", " "))


def list_words(words: Iterable[str], lang: str = "en") -> str:
    """'regular meetings, an up-to-date page and enough women': words joined
    as a list in ``lang``."""
    words = [str(word) for word in words]
    return format_list(words, locale=babel_locale(lang)) if words else ""


def age_in_words(value: dt.date | str | None, build_date: dt.date) -> str:
    """'1 year and 4 months ago' (also of an export row's ISO date)."""
    from ..freshness.facts import age_in_words as words

    if isinstance(value, str) and value:
        value = dt.date.fromisoformat(value)
    return words(value, build_date) if value else ""


# The filters that write in the page's language: the adapter passes ``lang``.
LOCALISED = frozenset(
    {
        "meeting_in_words",
        "long_date",
        "event_when",
        "day_words",
        "partial_date_words",
        "language_names",
        "language_choices",
        "list_words",
        "country_name",
        "women_share",
        "percent",
        "number",
        "weekday_word",
    }
)


def own_language_name(tag: str) -> str:
    """'norsk bokmål' for nb, 'Deutsch' for de: a language named in itself (for switchers)."""
    return language_name(tag, tag)


# How many characters of HTML to read for a description of ``length``
# characters of text: room for tags and entities, and a bound on the work a
# description of a very long text costs (the whole text is not unescaped).
_HTML_PER_CHARACTER = 40


def description(html: str, length: int = 300, end: str = "\u2026") -> str:
    """The plain text of ``html``, at most ``length`` characters, cut at a word.

    What ``|striptags|trim|truncate(length, killwords=False, end=end,
    leeway=0)`` gives, for a page's ``<meta name="description">``, reading
    only the start of a long text.
    """
    html = str(html)
    if len(html) > length * _HTML_PER_CHARACTER:
        html = html[: length * _HTML_PER_CHARACTER]
        cut = html.rfind("<")
        if cut > html.rfind(">"):  # a tag cut in two
            html = html[:cut]
        cut = html.rfind("&")
        if cut > html.rfind(";"):  # an entity cut in two
            html = html[:cut]
    text = Markup(html).striptags().strip()
    if len(text) <= length:
        return text
    return text[: length - len(end)].rsplit(" ", 1)[0] + end


def address_text(url: str) -> str:
    """A web address as a link's text: without "https://", "www." or a final
    "/" ("lists.example.org/iops-usa"), shorter on a phone; the link keeps
    the whole address."""
    text = str(url)
    for prefix in ("https://", "http://"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    if text.lower().startswith("www."):
        text = text[4:]
    text = text[:-1] if text.endswith("/") and text.count("/") == 1 else text
    return text if text.strip("./") else str(url)  # never an empty link


def paragraphs(text: str | None) -> Markup:
    """Plain text from a profile (``joining``, ``access``) as HTML paragraphs:
    a blank line starts a paragraph, a line break stays one; escaped. (Written
    with YAML's "|", they all ran into one paragraph.)"""
    if not text:
        return Markup("")
    blocks = [b.strip() for b in str(text).replace("\r\n", "\n").split("\n\n")]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(block.split("\n")))
        for block in blocks
        if block
    )


FILTERS = {
    "description": description,
    "address_text": address_text,
    "paragraphs": paragraphs,
    "own_language_name": own_language_name,
    "meetings_in_words": meetings_in_words,
    "meeting_in_words": meeting_in_words,
    "long_date": long_date,
    "event_when": event_when,
    "day_words": day_words,
    "partial_date_words": partial_date_words,
    "language_names": language_names,
    "language_choices": language_choices,
    "iso_date": iso_date,
    "obfuscate_email": obfuscate_email,
    "mailto": mailto,
    "women_share": women_share,
    "percent": percent,
    "number": number,
    "weekday_word": weekday_word,
    "kind_word": KIND_WORDS.get,
    "declared_words": DECLARED_WORDS.get,
    "country_name": country_name,
    "country_names": country_names,
    "level_words": LEVEL_WORDS.get,
    "status_words": STATUS_WORDS.get,
    "activity_words": ACTIVITY_WORDS.get,
    "age_in_words": age_in_words,
    "criterion_word": criterion_word,
    "list_words": list_words,
}
