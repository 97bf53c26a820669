"""Validate located YAML data against our JSON Schemas and explain each failure in words."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import formats
from .diagnostics import Diagnostic
from .yamlload import Located

if TYPE_CHECKING:
    import jsonschema
    from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).parent / "schemas"
CHAPTER_SCHEMA = "chapter.schema.json"
FRONT_MATTER_SCHEMA = "front-matter.schema.json"

_FORMAT_CHECKS: dict[str, Callable[[str], object]] = {
    "slug": formats.check_slug,
    # Checked once every chapter is read, against their folder and display
    # names (chapters.parent_hint): a display name gets a "did you mean".
    "chapter": lambda value: None,
    "country": formats.check_country,
    "partial-date": formats.parse_partial_date,
    "date": formats.parse_date,
    "datetime": formats.parse_datetime,
    "time-hhmm": formats.check_time,
    "timezone": formats.check_timezone,
    "language": formats.check_language,
    "github": formats.check_github,
    "email": formats.check_email,
    "http-url": formats.check_http_url,
    "line": formats.check_line,
}

_FORMAT_WORDS = {
    "slug": "folder name",
    "chapter": "chapter folder name",
    "country": "country code",
    "area": "area key",
    "partial-date": "date",
    "datetime": "date or date and time",
    "time-hhmm": "time",
    "timezone": "time zone",
    "language": "language tag",
    "github": "GitHub user name",
    "email": "e-mail address",
    "http-url": "web address",
    "line": "single line of text",
}

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a set of 'key: value' lines",
    "null": "empty",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


class Validator:
    """One of our schemas with its format checks, made into a jsonschema
    validator when it first checks something.

    A rebuild whose files all come from the cache checks nothing in this
    process, and so never imports jsonschema (0.05 s): the changed files
    of a large site are parsed in worker processes (plugins/model/pool.py).
    """

    def __init__(self, name: str, area_keys: Iterable[str]):
        self.name = name
        self.area_keys = frozenset(area_keys)
        self._made: Draft202012Validator | None = None

    def iter_errors(self, data: Any) -> Iterable[jsonschema.ValidationError]:
        if self._made is None:
            self._made = _jsonschema_validator(self.name, self.area_keys)
        return self._made.iter_errors(data)


def make_validator(name: str, area_keys: Iterable[str]) -> Validator:
    """A validator for one of our schemas; area keys come from the site settings."""
    return Validator(name, area_keys)


def _jsonschema_validator(name: str, keys: frozenset[str]) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker, validators

    checker = FormatChecker(formats=())

    def check_area(value: str) -> None:
        if value not in keys:
            hint = formats.did_you_mean(value, keys)
            raise formats.FormatProblem(
                hint or "known areas: " + ", ".join(sorted(keys))
            )

    for format_name, check in {**_FORMAT_CHECKS, "area": check_area}.items():
        checker.checks(format_name, raises=formats.FormatProblem)(_conforms(check))
    # JSON Schema counts 12.0 as an integer; Python does not, and a float
    # member count failed the build where check had passed.
    whole_numbers = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer",
        lambda _checker, value: isinstance(value, int) and not isinstance(value, bool),
    )
    kind = validators.extend(Draft202012Validator, type_checker=whole_numbers)
    return kind(load_schema(name), format_checker=checker)


def _conforms(check: Callable[[str], object]) -> Callable[[object], bool]:
    """FormatChecker wants True for a good value; ours raise FormatProblem instead."""

    def conforms(value: object) -> bool:
        if isinstance(value, str):  # other types get the schema's type error
            check(value)
        return True

    return conforms


def validate(located: Located, validator: Validator, path: str) -> list[Diagnostic]:
    """Every schema violation in ``located``, located and explained."""
    return validate_fields(located, validator, path)[0]


def validate_fields(
    located: Located, validator: Validator, path: str
) -> tuple[list[Diagnostic], frozenset[str]]:
    """Every schema violation in ``located``, located and explained, and the
    top-level fields they are in: the rules across fields judge the others,
    so that one wrong value hides no other error."""
    errors = sorted(
        validator.iter_errors(located.data),
        key=lambda e: (located.mark(e.absolute_path), str(e.message)),
    )
    diagnostics: list[Diagnostic] = []
    for error in errors:
        diagnostics.extend(_explain(error, located, path))
    fields = frozenset(str(e.absolute_path[0]) for e in errors if e.absolute_path)
    return diagnostics, fields


def field_name(path: Iterable[Any]) -> str:
    """'meetings.time' or 'admins[1].github' for a path into the data."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name or "the file"


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a set of 'key: value' lines"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str) and len(value) > 60:
        return repr(value[:57] + "...")
    return repr(value) if isinstance(value, str) else str(value)


def _explain(
    error: jsonschema.ValidationError, located: Located, path: str
) -> list[Diagnostic]:
    where = tuple(error.absolute_path)
    name = field_name(where)
    kind = error.validator
    value = error.instance

    def at(mark_path: tuple, message: str, hint: str = "", *, key: bool = False):
        line, column = (located.key_mark if key else located.mark)(mark_path)
        return Diagnostic(path, line, column, message, hint)

    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return [
            at(
                (*where, unknown),
                f"unknown field '{field_name((*where, unknown))}'",
                formats.did_you_mean(unknown, allowed)
                or "allowed here: " + ", ".join(allowed),
                key=True,
            )
            for unknown in sorted(set(value) - set(allowed))
        ]
    if kind == "required":
        missing = re.match(r"'(.+)' is a required property", error.message)
        field = missing.group(1) if missing else str(error.validator_value)
        example = (
            error.schema.get("properties", {}).get(field, {}).get("examples", [""])[0]
        )
        hint = f"add a line '{field}: {example}'" if example else f"add '{field}'"
        return [
            at(where, f"missing required field '{field_name((*where, field))}'", hint)
        ]
    if kind == "enum":
        choices = [str(choice) for choice in error.validator_value]
        day = (
            formats.english_weekday(value)
            if isinstance(value, str) and "monday" in choices
            else None
        )
        if day and value.strip().casefold() == day:  # Wednesday
            hint = f"write it in lower case: '{day}'"
        elif day:  # tirsdag, Mittwoch, Wed: another way to say it
            hint = f"'{value}' is {day.capitalize()}: write '{day}'"
        else:
            hint = (
                formats.did_you_mean(str(value), choices)
                if isinstance(value, str)
                else ""
            )
        return [
            at(
                where,
                f"'{name}' must be one of {', '.join(choices)} — got {_shown(value)}",
                hint,
            )
        ]
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, str) else expected[0]
        return [
            at(
                where,
                f"{_subject(name)} must be {_TYPE_WORDS.get(expected, expected)} "
                f"— got {_shown(value)}",
                _type_hint(expected, value, where, error.schema.get("format")),
            )
        ]
    if kind == "format":
        cause = error.cause
        hint = str(cause) if cause else ""
        if error.validator_value == "http-url" and formats.is_email(value):
            hint = _email_as_url_hint(where)
        what = _FORMAT_WORDS.get(error.validator_value, error.validator_value)
        return [at(where, f"'{name}' is not a valid {what}: {_shown(value)}", hint)]
    if kind in ("minimum", "maximum"):
        word = "at least" if kind == "minimum" else "at most"
        return [
            at(
                where,
                f"'{name}' must be {word} {error.validator_value} "
                f"— got {_shown(value)}",
            )
        ]
    if kind == "maxLength":
        return [
            at(
                where,
                f"'{name}' is {len(value)} characters long; "
                f"at most {error.validator_value} allowed",
                "shorten it",
            )
        ]
    if kind == "minLength":
        return [at(where, f"'{name}' is empty", "write something or remove the line")]
    if kind == "minItems":
        return [
            at(
                where,
                f"'{name}' needs at least {error.validator_value} entry",
                "add one or remove the field",
            )
        ]
    if kind == "maxItems":
        return [
            at(
                where,
                f"'{name}' lists {len(value)} entries; at most "
                f"{error.validator_value} allowed",
                "keep the most important ones",
            )
        ]
    if kind == "uniqueItems":
        return [at(where, f"'{name}' lists the same entry twice", "remove the repeat")]
    return [at(where, f"'{name}': {error.message}")]


def _email_as_url_hint(where: tuple) -> str:
    """An address given where a web address belongs: say where it goes instead."""
    field = next((part for part in reversed(where) if isinstance(part, str)), "")
    if where and where[0] == "contact":
        return (
            f"that is an e-mail address: use 'email:' under 'contact:' instead of "
            f"'{field}:'"
        )
    return (
        f"that is an e-mail address: '{field}' needs a web address starting with "
        "https://; give the e-mail address in the text instead"
    )


def _time_hint(key: str, value: float) -> str:
    """`19.00` is read as the number 19.0 (and 1900 as 1900): advise "19:00"."""
    if isinstance(value, float):
        hours, _, minutes = f"{value:.2f}".partition(".")
    else:
        hours, minutes = divmod(int(value), 100) if value >= 100 else (value, 0)
        hours, minutes = str(hours), f"{minutes:02d}"
    return (
        f"YAML reads it as a number; write the time with a colon, in quotes: "
        f'{key}: "{int(hours):02d}:{minutes}"'
    )


def _subject(name: str) -> str:
    return name if name == "the file" else f"'{name}'"


def _type_hint(
    expected: str, value: Any, where: tuple, text_format: str | None = None
) -> str:
    if not where:
        return "write the fields as 'key: value' lines, one per line, e.g. name: Oslo"
    in_list = isinstance(where[-1], int)
    key = where[-1] if not in_list else None
    if value is None:
        return "write a value after the colon, or delete the line"
    if expected == "string":
        if isinstance(value, dict) and len(value) == 1:
            # "- Speaker: economics" is a mapping to YAML, not a line of text.
            return (
                "put the whole text in double quotes: a colon followed by a space "
                "makes YAML read it as 'key: value'"
            )
        if isinstance(value, dict | list):
            return "write it as text on one line"
        if (
            text_format == "time-hhmm"
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            return _time_hint(key or "time", value)
        text = f'"{_shown(value)}"'
        return (
            f"put it in quotes: {key}: {text}" if key else f"put it in quotes: {text}"
        )
    key = key or "value"
    if expected == "integer" and isinstance(value, float) and value.is_integer():
        return f"write it without the decimal point: {key}: {int(value)}"
    if expected in ("integer", "number") and isinstance(value, str):
        if re.fullmatch(r"[-+]?0[0-9]+", value):
            return f"write the number without leading zeros: {int(value)}"
        comma = re.fullmatch(r"\s*([-+]?[0-9]+),([0-9]+)\s*", value)
        if comma and expected == "number":  # a decimal comma: "60,39"
            return (
                f"write it with a decimal point and without quotes: "
                f"{key}: {comma.group(1)}.{comma.group(2)}"
            )
        if re.fullmatch(r"\s*[-+]?[0-9]+(\.[0-9]+)?\s*", value):
            return f"write it without quotes: {key}: {value.strip()}"
        return f"write a plain number, such as {key}: 12"
    if expected == "boolean":
        return f"write {key}: true or {key}: false"
    if expected == "array":
        return f"write a list, e.g. {key}: [first, second]"
    if expected == "object":
        return f"write the parts of '{key}' on indented lines below it"
    return ""


def _subschema(schema: dict[str, Any], path: Iterable[Any]) -> dict[str, Any]:
    """The part of ``schema`` that describes the value at ``path`` ({} if none)."""
    for part in path:
        if isinstance(part, int):
            schema = schema.get("items", {})
        else:
            schema = schema.get("properties", {}).get(part, {})
    return schema


def _is_free_text(schema: dict[str, Any]) -> bool:
    """Names, venues, titles: text where a '#' can belong, not codes or addresses."""
    return (
        schema.get("type") == "string"
        and "enum" not in schema
        and schema.get("format") in (None, "line")
    )


def lost_text_warnings(
    located: Located, schema_name: str, path: str
) -> list[Diagnostic]:
    """A warning for each free-text value that YAML cut short at a ' #'.

    ``venue: Room #3, The Fenton`` is the value "Room": YAML reads the rest
    as a comment. Comments after codes (``level: local  # ...``) are fine.
    """
    schema = load_schema(schema_name)
    warnings = []
    for where, ((line, column), comment) in sorted(located.comments.items(), key=str):
        value = located.data
        for part in where:
            value = value[part]
        if not isinstance(value, str) or not _is_free_text(_subschema(schema, where)):
            continue
        key = where[-1] if isinstance(where[-1], str) else None
        whole = f"{value} {comment}".replace('"', '\\"')
        fix = f'{key}: "{whole}"' if key else f'"{whole}"'
        warnings.append(
            Diagnostic(
                path,
                line,
                column,
                f"'{field_name(where)}' is published as {_shown(value)}: YAML reads "
                f"'{comment if len(comment) <= 60 else comment[:57] + '...'}' after "
                "it as a comment and drops it",
                f"if it belongs to the value, put the value in quotes: {fix}; "
                "if it is a comment, move it to a line of its own",
                severity="warning",
            )
        )
    return warnings
