"""Small pure functions that put the model into words for templates (Jinja filters)."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from .meetings import meetings_sentence, zone_words

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
    """'Tuesday 10 February 2015 at 19:00 (London time)': one meeting, in its own zone."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    text = f"{WEEKDAY_NAMES[day.weekday()]} {long_date(day)}"
    if isinstance(value, dt.datetime):
        text += f" at {value:%H:%M}"
        key = getattr(value.tzinfo, "key", None)
        if key:
            text += f" ({zone_words(key)})"
    return text


def time_of_day(value) -> str:
    """'18:30 (UTC+01:00)' for a datetime with an offset, '18:30' without; '' for a date."""
    if not isinstance(value, dt.datetime):
        return ""
    text = value.strftime("%H:%M")
    offset = value.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        text += f" (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"
    return text


def long_date(value: dt.date | dt.datetime | None) -> str:
    """'10 September 2013', independent of the machine's locale."""
    if value is None:
        return ""
    months = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    return f"{value.day} {months[value.month - 1]} {value.year}"


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
    "time_of_day": time_of_day,
    "iso_date": iso_date,
    "obfuscate_email": obfuscate_email,
    "mailto": mailto,
    "women_share": women_share,
    "country_name": country_name,
    "level_words": LEVEL_WORDS.get,
    "status_words": STATUS_WORDS.get,
    "activity_words": ACTIVITY_WORDS.get,
    "age_in_words": age_in_words,
}
