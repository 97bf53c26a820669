"""The default table of areas and the rule that gives each chapter its area."""

from __future__ import annotations

from dataclasses import dataclass


def N_(text: str) -> str:
    """Marks a default area's name for the interface's catalogues (the
    keyword is in plugins/i18n/extract.py): the name stays English here, and
    a page in another language shows it translated (``SiteIndex.area_name``
    makes it a message where the settings keep the default name)."""
    return text


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    countries: frozenset[str]


# The nine areas of the organisation's own research. Countries the research
# did not name are placed where a member would look for them; the US and
# Canada span several areas and belong to none (their chapters name one).
DEFAULT_AREAS: list[dict] = [
    {
        "key": "nord-neth",
        "name": N_("Nordic countries and the Netherlands"),
        "countries": ["NO", "SE", "DK", "FI", "IS", "NL", "FO", "GL", "AX", "SJ"],
    },
    {
        "key": "eur-nw",
        "name": N_("North-west Europe"),
        "countries": [
            "DE",
            "AT",
            "CH",
            "BE",
            "LU",
            "FR",
            "LI",
            "MC",
            "IT",
            "ES",
            "PT",
            "MT",
            "SM",
            "VA",
            "AD",
        ],
    },
    {
        "key": "uki",
        "name": N_("United Kingdom and Ireland"),
        "countries": ["GB", "IE", "IM", "JE", "GG"],
    },
    {
        "key": "eur-e-me-a",
        "name": N_("Eastern Europe, Middle East and Asia"),
        "countries": [
            "PL",
            "CZ",
            "SK",
            "HU",
            "SI",
            "HR",
            "BA",
            "RS",
            "ME",
            "MK",
            "AL",
            "RO",
            "BG",
            "GR",
            "CY",
            "TR",
            "EE",
            "LV",
            "LT",
            "BY",
            "UA",
            "MD",
            "RU",
            "GE",
            "AM",
            "AZ",
            "IL",
            "PS",
            "LB",
            "SY",
            "JO",
            "IQ",
            "IR",
            "SA",
            "YE",
            "OM",
            "AE",
            "QA",
            "BH",
            "KW",
            "EG",
            "LY",
            "TN",
            "DZ",
            "MA",
            "IN",
            "PK",
            "BD",
            "LK",
            "NP",
            "BT",
            "MV",
            "AF",
            "KZ",
            "UZ",
            "KG",
            "TJ",
            "TM",
            "MN",
            "CN",
            "HK",
            "MO",
            "TW",
            "KR",
            "KP",
            "SG",
            "MY",
            "TH",
            "VN",
            "KH",
            "LA",
            "MM",
            "PH",
            "ID",
            "BN",
            "TL",
        ],
    },
    {
        "key": "ssa-aus-nz",
        "name": N_("Southern Africa, Australia and New Zealand"),
        "countries": [
            "ZA",
            "AU",
            "NZ",
            "NA",
            "BW",
            "ZW",
            "ZM",
            "MZ",
            "MW",
            "LS",
            "SZ",
            "MG",
            "MU",
            "AO",
            "TZ",
            "KE",
            "UG",
            "RW",
            "BI",
            "ET",
            "SO",
            "SD",
            "SS",
            "NG",
            "GH",
            "CI",
            "SN",
            "CM",
            "CD",
            "CG",
            "GA",
            "ML",
            "NE",
            "BF",
            "BJ",
            "TG",
            "SL",
            "LR",
            "GN",
            "GM",
            "ER",
            "DJ",
            "TD",
            "CF",
            "FJ",
            "PG",
            "WS",
            "TO",
            "VU",
            "SB",
        ],
    },
    {
        "key": "na-w-j",
        "name": N_("Western North America and Japan"),
        "countries": ["JP"],
    },
    {"key": "na-m", "name": N_("Middle North America"), "countries": []},
    {"key": "na-ne", "name": N_("North-east North America"), "countries": []},
    {
        "key": "na-se-csa",
        "name": N_("South-east North America, Central and South America"),
        "countries": [
            "MX",
            "BR",
            "AR",
            "CL",
            "CO",
            "PE",
            "VE",
            "EC",
            "BO",
            "PY",
            "UY",
            "GY",
            "SR",
            "GT",
            "BZ",
            "HN",
            "SV",
            "NI",
            "CR",
            "PA",
            "CU",
            "DO",
            "HT",
            "JM",
            "TT",
            "BS",
            "BB",
            "PR",
        ],
    },
]


def parse_areas(table: list[dict]) -> tuple[Area, ...]:
    """The settings' area table as Area objects; raises ValueError when malformed."""
    areas = []
    seen_countries: dict[str, str] = {}
    for row in table:
        try:
            area = Area(str(row["key"]), str(row["name"]), frozenset(row["countries"]))
        except (KeyError, TypeError) as error:
            raise ValueError(
                f"CHAPTERS_AREAS entry {row!r} needs key, name and countries"
            ) from error
        for country in area.countries:
            if country in seen_countries:
                raise ValueError(
                    f"CHAPTERS_AREAS puts {country} in both "
                    f"{seen_countries[country]} and {area.key}"
                )
            seen_countries[country] = area.key
        areas.append(area)
    return tuple(areas)


def area_of_country(areas: tuple[Area, ...], country: str) -> str | None:
    for area in areas:
        if country in area.countries:
            return area.key
    return None
