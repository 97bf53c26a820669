"""Read YAML into plain data while remembering where every key and value was written.

The loader is deliberately stricter than YAML 1.1 and closer to YAML 1.2's
core schema, because the people writing these files are not programmers:

* plain scalars stay the text that was written unless they are unambiguous
  numbers (``12``, ``-3``, ``51.5``), booleans (``true``/``false``) or null,
  so ``NO`` (Norway), ``yes``, ``on``, ``19:00`` and ``0123`` reach the program
  as written and dates stay strings for the schema to check;
* duplicate keys, anchors and aliases, custom tags, several documents and
  nesting deeper than ``MAX_DEPTH`` are errors, never guesses. Refusing
  anchors outright is what stops a "billion laughs" alias bomb before it
  expands;
* what pasting from a word processor or a web page leaves behind is named
  on its own line: curly quotes around a value, non-breaking and other
  Unicode spaces or tabs in the indentation. YAML itself would read the
  quotes as text and the spaces as part of a key, or fail a line later.

The loader also remembers where a ``#`` comment follows an unquoted value on
the same line (``venue: Room #3`` is the value "Room"), so that the fields
that hold free text can warn that text was lost.

Parsing runs on libyaml's event stream when it is available, so a large file
costs one C pass plus one light Python walk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Diagnostic

try:
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader

MAX_DEPTH = 20
# Far more than any field needs; stops a huge list before it is all parsed.
MAX_ENTRIES = 1000

Path = tuple[Any, ...]
Mark = tuple[int, int]

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(
    r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)\Z"
)
_STR_TAGS = {None, "!", "tag:yaml.org,2002:str"}
# What double-quoted escapes ("\a", "\0", "\e", "\x0c", "\uFFFE") can decode to
# but no text may hold: controls other than tab and newline, surrogates and
# non-characters. XML, and so every feed, refuses them.
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff"
    "\U0004fffe\U0004ffff\U0005fffe\U0005ffff\U0006fffe\U0006ffff"
    "\U0007fffe\U0007ffff\U0008fffe\U0008ffff\U0009fffe\U0009ffff"
    "\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff"
    "\U0010fffe\U0010ffff]"
)


def _check_text(value: str, mark: Mark) -> str:
    found = NOT_TEXT.search(value)
    if found:
        raise _Refused(
            mark,
            f"the text holds U+{ord(found.group()):04X}, an invisible control "
            "character or non-character that is not allowed",
            "it comes from an escape in double quotes such as \\a, \\0 or \\x0c: "
            "remove it (only \\t and \\n are allowed)",
        )
    return value


@dataclass
class Located:
    """Plain data plus where each part of it stands in the source file."""

    data: Any
    marks: dict[Path, Mark] = field(default_factory=dict)
    key_marks: dict[Path, Mark] = field(default_factory=dict)
    # Unquoted values followed by a comment on their line: where the '#' is,
    # and the comment's text. YAML drops it; it may be text the writer meant.
    comments: dict[Path, tuple[Mark, str]] = field(default_factory=dict)

    def mark(self, path: Path) -> Mark:
        """Position of the value at ``path``, or of its nearest located ancestor."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def key_mark(self, path: Path) -> Mark:
        """Position of the key that names ``path`` (falls back to the value)."""
        return self.key_marks.get(tuple(path)) or self.mark(path)


class _Refused(Exception):
    def __init__(self, mark: Mark, message: str, hint: str = ""):
        self.mark, self.message, self.hint = mark, message, hint


def resolve_plain(text: str) -> Any:
    """Type of an unquoted scalar under our YAML-1.2-like rules."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def load_yaml(
    text: str, path: str, *, line_offset: int = 0
) -> tuple[Located | None, list[Diagnostic]]:
    """Parse one YAML document; return the located data or the reasons it failed."""
    spaces, tabs = pasted_spaces(text, path, line_offset)
    if spaces:
        # YAML would read them as part of a key, or fail on a later line.
        return None, spaces + tabs
    builder = _Builder(line_offset, text.splitlines(), path)
    try:
        events = yaml.parse(text, Loader=_EventLoader)
        located = builder.build(events)
    except _Refused as refused:
        line, column = refused.mark
        return None, [Diagnostic(path, line, column, refused.message, refused.hint)]
    except yaml.MarkedYAMLError as error:
        return None, _tabs_or_syntax(error, tabs, text, path, line_offset)
    except yaml.reader.ReaderError as error:  # control characters and the like
        before = text[: error.position]
        line = before.count("\n") + 1 + line_offset
        column = error.position - (before.rfind("\n") + 1) + 1
        character = error.character
        code = ord(character) if isinstance(character, str) else character
        return None, [
            Diagnostic(
                path,
                line,
                column,
                f"control character U+{code:04X} is not allowed",
                "delete it; it is usually invisible, pasted from another program",
            )
        ]
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())
        return None, [
            Diagnostic(path, line_offset + 1, 1, f"not readable as YAML: {message}")
        ]
    if builder.problems:
        return None, builder.problems
    return located, []


# Spaces other than U+0020 that word processors and web pages paste: YAML
# counts none of them as indentation.
UNICODE_SPACES = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u1680": "an Ogham space (U+1680)",
    **{chr(code): f"a Unicode space (U+{code:04X})" for code in range(0x2000, 0x200B)},
    "\u200b": "a zero-width space (U+200B)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u205f": "a mathematical space (U+205F)",
    "\u3000": "an ideographic space (U+3000)",
}
_INDENT = re.compile("[ \t" + "".join(UNICODE_SPACES) + "]*")
# 'key:' followed by a pasted space instead of an ordinary one. Not inside a
# quoted key ('a:\u00a0b': 1), where the space is part of the text.
_KEY_THEN_SPACE = re.compile(
    "[^:#'\"]*?[A-Za-z0-9_-]:([" + "".join(UNICODE_SPACES) + "])"
)


def pasted_spaces(
    text: str, path: str, line_offset: int = 0
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Unicode spaces, and tabs, in the indentation (or after 'key:').

    One diagnostic for each, on the first line that has it, naming the other
    lines: a pasted block usually has them on every line. Returned apart:
    Unicode spaces are always errors, tabs only when the YAML cannot be read
    (a tab inside a '|' text block is text).
    """
    spaces: list[tuple[int, int, str, bool]] = []  # line, column, char, indented
    tabs: list[tuple[int, int]] = []
    for row, line in enumerate(text.splitlines()):
        indent = _INDENT.match(line).group()
        number = row + 1 + line_offset
        odd = next((c for c in indent if c in UNICODE_SPACES), None)
        if odd is not None:
            spaces.append((number, indent.index(odd) + 1, odd, True))
        elif after_key := _KEY_THEN_SPACE.match(line[len(indent) :]):
            odd = after_key.group(1)
            spaces.append((number, len(indent) + after_key.start(1) + 1, odd, False))
        elif "\t" in indent:
            tabs.append((number, indent.index("\t") + 1))
    space_problems = []
    if spaces:
        line, column, odd, indented = spaces[0]
        space_problems.append(
            Diagnostic(
                path,
                line,
                column,
                f"{UNICODE_SPACES[odd]} "
                + ("in the indentation" if indented else "after the ':'")
                + ", where YAML needs ordinary spaces"
                + _also_on(spaces),
                "delete it and type an ordinary space instead; it comes "
                "from copying out of a word processor or a web page",
            )
        )
    tab_problems = []
    if tabs:
        line, column = tabs[0]
        tab_problems.append(
            Diagnostic(
                path,
                line,
                column,
                "invalid YAML: a tab in the indentation" + _also_on(tabs),
                "indent with spaces, not tabs: replace the tabs at the start "
                "of the line with spaces",
            )
        )
    return space_problems, tab_problems


def _also_on(found: list[tuple]) -> str:
    """' (also on lines 8, 9)' for the lines after the first; '' if none."""
    more = [str(entry[0]) for entry in found[1:]]
    if not more:
        return ""
    shown = ", ".join(more[:10]) + (" ..." if len(more) > 10 else "")
    return f" (also on line{'s' if len(more) > 1 else ''} {shown})"


def _tabs_or_syntax(
    error: yaml.MarkedYAMLError,
    tabs: list[Diagnostic],
    text: str,
    path: str,
    line_offset: int,
) -> list[Diagnostic]:
    """Why the YAML could not be read: the tabs in its indentation, or another mistake.

    A tab is legal inside a '|' block, so the tabs are named unless reading
    the text again with spaces for them (2, 4 or 8, whatever was meant)
    fails at the very same place.
    """
    if not tabs:
        return [_syntax_diagnostic(error, text, path, line_offset)]
    for width in (2, 4, 8):
        spaced = "\n".join(_spaces_for_tabs(line, width) for line in text.split("\n"))
        try:
            for _ in yaml.parse(spaced, Loader=_EventLoader):
                pass
        except yaml.MarkedYAMLError as other:
            if _where(other) != _where(error):
                return tabs
        except yaml.YAMLError:
            return tabs
        else:
            return tabs
    return [_syntax_diagnostic(error, text, path, line_offset)]


def _spaces_for_tabs(line: str, width: int) -> str:
    indent = _INDENT.match(line).group()
    return indent.replace("\t", " " * width) + line[len(indent) :]


def _where(error: yaml.MarkedYAMLError) -> tuple[int, str | None]:
    mark = error.problem_mark or error.context_mark
    return (mark.line if mark else -1, error.problem)


# Quotes a word processor puts around a value ("smart quotes"), opening and closing.
CURLY_OPENING = "\u201c\u2018\u201e\u201a\u00ab"
CURLY_CLOSING = "\u201d\u2019\u201c\u2018\u00bb"
_COMMENT_AFTER = re.compile(r"[ \t]+#")


def curly_quoted(value: str) -> bool:
    """True for a whole value in curly quotes, as Word writes "Europe/London"."""
    return len(value) >= 2 and value[0] in CURLY_OPENING and value[-1] in CURLY_CLOSING


class _Builder:
    def __init__(self, line_offset: int, lines: list[str], path: str):
        self.line_offset = line_offset
        self.path = path
        self.lines = lines
        self.located = Located(None)
        # Problems that do not stop the walk: each curly-quoted value once.
        self.problems: list[Diagnostic] = []

    def _mark(self, event: yaml.Event) -> Mark:
        mark = event.start_mark
        return (mark.line + 1 + self.line_offset, mark.column + 1)

    def build(self, events) -> Located:
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(
                        self._mark(event),
                        "more than one YAML document in this file",
                        "remove the second '---' line or everything after it",
                    )
                self.located.data = self._node(events, next(events), (), 0)
        return self.located

    def _node(self, events, event, path: Path, depth: int) -> Any:
        mark = self._mark(event)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                mark,
                "YAML anchors and aliases ('&name' and '*name') are not allowed",
                "write the value out in full where it is needed",
            )
        if depth > MAX_DEPTH:
            raise _Refused(
                mark,
                f"nested more than {MAX_DEPTH} levels deep",
                "these files only need a few levels of indentation",
            )
        self.located.marks[path] = mark
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, mark, path)
        if event.tag not in (
            None,
            "!",
            "tag:yaml.org,2002:seq",
            "tag:yaml.org,2002:map",
        ):
            raise _Refused(mark, f"YAML tag {event.tag!r} is not allowed", "remove it")
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            for index, child in enumerate(iter(lambda: next(events), None)):
                if isinstance(child, yaml.SequenceEndEvent):
                    break
                if index == MAX_ENTRIES:
                    raise _Refused(
                        self._mark(child),
                        f"a list of more than {MAX_ENTRIES:,} entries",
                        "these files need far fewer; keep the ones that matter",
                    )
                items.append(self._node(events, child, (*path, index), depth + 1))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(events, path, depth)
        raise _Refused(mark, f"unexpected YAML element {type(event).__name__}")

    def _mapping(self, events, path: Path, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        while True:
            key_event = next(events)
            if isinstance(key_event, yaml.MappingEndEvent):
                return mapping
            key_mark = self._mark(key_event)
            if len(mapping) == MAX_ENTRIES:
                raise _Refused(
                    key_mark,
                    f"more than {MAX_ENTRIES:,} keys in one mapping",
                    "these files need far fewer; keep the ones that matter",
                )
            if not isinstance(key_event, yaml.ScalarEvent):
                raise _Refused(
                    key_mark,
                    "a key must be a plain word, not a list or mapping",
                    "write 'key: value' on one line",
                )
            if key_event.anchor:
                raise _Refused(
                    key_mark,
                    "YAML anchors and aliases ('&name' and '*name') are not allowed",
                    "write the value out in full where it is needed",
                )
            if key_event.tag not in _STR_TAGS:
                raise _Refused(
                    key_mark,
                    f"YAML tag {key_event.tag!r} is not allowed",
                    "remove the tag",
                )
            # Keys keep their source text: 'on:' is the word on, not True.
            key = _check_text(key_event.value, key_mark)
            if key == "" and key_event.implicit[0]:
                raise _Refused(
                    key_mark, "a key is missing before ':'", "write 'key: value'"
                )
            if key in mapping:
                first = self.located.key_marks[(*path, key)]
                raise _Refused(
                    key_mark,
                    f"duplicate key '{key}' (first given on line {first[0]})",
                    "keep one of the two and delete the other",
                )
            self.located.key_marks[(*path, key)] = key_mark
            mapping[key] = self._node(events, next(events), (*path, key), depth + 1)

    def _scalar(self, event: yaml.ScalarEvent, mark: Mark, path: Path) -> Any:
        if event.tag not in _STR_TAGS:
            raise _Refused(
                mark,
                f"YAML tag {event.tag!r} is not allowed",
                "remove the tag; quote the value if it must be text",
            )
        # implicit[0] is true exactly for untagged plain (unquoted) scalars.
        if event.implicit[0] and event.tag is None:
            self._comment_after(event, path)
            if curly_quoted(event.value):
                self._curly_quotes(event.value, mark, path)
            try:
                return resolve_plain(event.value)
            except ValueError:  # more digits than Python converts
                raise _Refused(
                    mark,
                    f"number with {len(event.value)} digits is too long",
                    "write a realistic number, or quote it if it is text",
                ) from None
        return _check_text(event.value, mark)

    def _comment_after(self, event: yaml.ScalarEvent, path: Path) -> None:
        end = event.end_mark
        line = self.lines[end.line] if end.line < len(self.lines) else ""
        found = _COMMENT_AFTER.match(line, end.column)
        if found:
            where = (end.line + 1 + self.line_offset, found.end())
            self.located.comments[path] = (where, line[found.end() - 1 :])

    def _curly_quotes(self, value: str, mark: Mark, path: Path) -> None:
        inner = value[1:-1]
        key = path[-1] if path and isinstance(path[-1], str) else None
        example = f'{key}: "{inner}"' if key else f'"{inner}"'
        self.problems.append(
            Diagnostic(
                self.path,
                *mark,
                f"curly quotes {value[0]}…{value[-1]} around the value, as a word "
                "processor writes them: YAML keeps them as part of the text",
                f'use straight quotes " or none: {example}',
            )
        )


_SYNTAX_HINTS = (
    ("'\\t'", "indent with spaces, not tabs"),
    (
        "mapping values are not allowed",
        "a value that contains ': ' must be quoted, e.g. title: \"Meeting: June\"",
    ),
    (
        "could not find expected ':'",
        "each line needs 'key: value'; check the "
        "indentation and that quotes are closed",
    ),
    (
        "did not find expected key",
        "check the indentation: keys of one mapping must start in the same column",
    ),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("found character '@'", "values starting with @ must be quoted"),
    ("found character '`'", "values starting with ` must be quoted"),
    ("found undefined tag handle", "values starting with ! must be quoted"),
)


_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[A-Za-z0-9_-]+:(?:\s|$)")
_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?[^\s#"'][^:#]*:\s+(["'])""")


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int, str] | None:
    """(line, column, quote) of a `key: "value` line whose quote never closes."""
    for row, line in enumerate(lines[: upto + 1]):
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        quote = match.group(1)

        def closes(text: str, quote: str = quote) -> bool:
            text = (
                text.replace(quote * 2, "") if quote == "'" else text.replace('\\"', "")
            )
            return quote in text

        if closes(line[match.end() :]):
            continue
        # A quoted value may go on over several lines, but not past the next
        # key of its mapping (a quote on that line opens that key's value).
        indent = len(line) - len(line.lstrip(" "))
        for following in lines[row + 1 : upto + 1]:
            next_key = _KEY_LINE.match(following)
            if next_key and len(following) - len(following.lstrip(" ")) <= indent:
                return row, match.start(1), quote
            if closes(following):
                break
            if next_key:
                return row, match.start(1), quote
        else:
            return row, match.start(1), quote
    return None


_FIELD_WITHOUT_COLON = re.compile(
    r"(?P<indent> *)(?P<key>[A-Za-z_][A-Za-z0-9_-]*)(?P<rest>.*)"
)


def _line_without_colon(lines: list[str], at: int) -> tuple[int, int, str] | None:
    """(line, column, fix) of a field written without its ':' (``name "X"``;
    the fix is empty for a lone word):
    the line ``at``, where YAML reports the error, or the one before it; the
    first of several such lines in a row.

    Only a line at the top level, or in a mapping opened by a key ending in
    ':': a more indented line, or one after a key with a value, goes on
    that value, as YAML allows.
    """
    filled = [
        row
        for row in range(min(at, len(lines) - 1), -1, -1)
        if lines[row].strip() and not lines[row].lstrip().startswith("#")
    ]
    for place, row in enumerate(filled[:2]):
        found = _field_without_colon(lines, filled, row)
        if found is None:
            continue
        indent = found[0]
        if row != at and (at >= len(lines) or _indent(lines[at]) != indent):
            continue
        run = {row: found[1:]}  # and the lines just above it that lack theirs too
        for above in filled[place + 1 :]:
            more = _field_without_colon(lines, filled, above)
            if more is None or more[0] != indent:
                break
            run[above] = more[1:]
        # The line may go on a list or a quoted text opened above it: only
        # colons that mend the text past where YAML stopped are the fix.
        mended = list(lines)
        for number, (key, rest) in run.items():
            mended[number] = f"{' ' * indent}{key}: {rest or 'x'}"
        if not _parses_past("\n".join(mended), at):
            continue
        first = min(run)
        key, rest = run[first]
        return first, indent, f"{key}: {rest}" if rest else ""
    return None


def _field_without_colon(
    lines: list[str], filled: list[int], row: int
) -> tuple[int, str, str] | None:
    """(indent, key, rest) if ``lines[row]`` is a field without its ':' where a
    key may stand (``filled``: the rows above, nearest first); ``rest`` is
    empty for a lone word."""
    line = lines[row]
    match = _FIELD_WITHOUT_COLON.fullmatch(line.rstrip())
    if match is None or ":" in line:
        return None
    indent = len(match.group("indent"))
    if indent:
        opener = next(
            (r for r in filled if r < row and _indent(lines[r]) < indent), None
        )
        if opener is None or not lines[opener].rstrip().endswith(":"):
            return None
    return indent, match.group("key"), match.group("rest").strip()


def _parses_past(text: str, line: int) -> bool:
    """Whether ``text`` parses, or fails only after ``line`` (0-based)."""
    try:
        for _event in yaml.parse(text, Loader=_EventLoader):
            pass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return mark is not None and mark.line > line
    except yaml.YAMLError:
        return False
    return True


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _unclosed_bracket(lines: list[str]) -> tuple[int, int, str] | None:
    """(line, column, bracket) of the last '[' or '{' that is never closed."""
    stack: list[tuple[int, int, str]] = []
    pairs = {"]": "[", "}": "{"}
    for row, line in enumerate(lines):
        quote = None
        for col, char in enumerate(line):
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#" and (col == 0 or line[col - 1] in " \t"):
                break
            elif char in "[{":
                stack.append((row, col, char))
            elif char in "]}" and stack and stack[-1][2] == pairs[char]:
                stack.pop()
    return stack[-1] if stack else None


def _placed_problem(
    lines: list[str], mark, error: yaml.MarkedYAMLError
) -> tuple[int, int, str, str] | None:
    """(row, column, message, hint) of a mistake found where it was made, not
    where YAML noticed it: an unclosed bracket or quote, a field without its
    colon; None where the source says nothing more."""
    bracket = _unclosed_bracket(lines) if "flow" in (error.context or "") else None
    if bracket is not None:
        row, col, opener = bracket
        closer = "]" if opener == "[" else "}"
        return (
            row,
            col,
            f"the {opener} opened here is not closed",
            f"add the closing {closer} at the end of the value",
        )
    unclosed = _unclosed_quote(lines, mark.line if mark is not None else len(lines))
    if unclosed is not None:
        row, col, quote = unclosed
        return (
            row,
            col,
            f"the quote {quote} opened here is not closed",
            f"add the closing {quote} at the end of the value",
        )
    problem = error.problem or ""
    if mark is None or not (
        "mapping values are not allowed" in problem
        or "could not find expected ':'" in problem
    ):
        return None
    missing = _line_without_colon(lines, mark.line)
    if missing is None:
        return None
    row, col, fix = missing
    if fix:
        return (
            row,
            col,
            "this line has no ':' after the field's name",
            f"write it as {fix}",
        )
    return (
        row,
        col,
        "this line is not a field ('name: value')",
        "write the field's name and a colon before the value (city: Leeds), or "
        "delete the line",
    )


# No repetition after the value's: a lazy value followed by "\s*$" rescans
# every run of spaces (a hostile line of 100,000 took 40 s).
_FIELD_VALUE = re.compile(r"^(\s*[A-Za-z0-9_-]+):[ \t]+(.*)$")


def _quoting_hint(line: str) -> str | None:
    """The line to write where a value opens with a quote or a bracket that
    closes before the value ends: `title: [Draft] new plan`, `title: 'Kari's
    report'`, `title: "Say "hi" now"` (YAML reads the quoted or bracketed
    part as the value, then finds more)."""
    match = _FIELD_VALUE.match(line)
    if not match:
        return None
    key, value = match.group(1).strip(), match.group(2).strip()
    if not value:
        return None
    opening = value[0]
    if opening in "[{":
        closing = "]" if opening == "[" else "}"
        if closing not in value[:-1]:
            return None  # a list or mapping as a whole, or not closed at all
        text = value
    elif opening in "'\"" and len(value) > 2 and value.endswith(opening):
        text = value[1:-1]
        if opening not in text:
            return None  # a well-quoted value: the mistake is elsewhere
    else:
        return None
    if opening == '"' and "'" not in text:
        written = f"'{text}'"
    else:
        written = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    what = "a bracket" if opening in "[{" else "a quote"
    return (
        f"the value starts with {what} that closes before it ends: write "
        f"{key}: {written}"
    )


def _syntax_diagnostic(
    error: yaml.MarkedYAMLError, text: str, path: str, line_offset: int
) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    lines = text.splitlines()
    past_end = mark is not None and (
        mark.line >= len(lines)
        or not lines[mark.line :]
        or not "".join(lines[mark.line :]).strip()
    )
    if error.context_mark is not None and (
        "end of stream" in (error.problem or "") or past_end
    ):
        # An unclosed quote or bracket: point at where it opens, not past the end.
        mark = error.context_mark
    placed = _placed_problem(lines, mark, error)
    if placed is not None:
        row, col, message, hint = placed
        return Diagnostic(
            path, row + 1 + line_offset, col + 1, f"invalid YAML: {message}", hint
        )
    problem = error.problem or "invalid YAML"
    line = (mark.line + 1 if mark else 1) + line_offset
    column = mark.column + 1 if mark else 1
    if error.context:
        problem = f"{problem} ({error.context})"
    hint = "check the indentation and quoting on this line and the one before"
    for needle, advice in _SYNTAX_HINTS:
        if needle in problem:
            hint = advice
            break
    if mark is not None:
        source_line = lines[mark.line] if mark.line < len(lines) else ""
        quoting = _quoting_hint(source_line)
        if quoting and "expected" in problem:
            hint = quoting
        elif "mapping values are not allowed" in problem:
            field = _FIELD_VALUE.match(source_line)
            value = field.group(2).strip() if field else ""
            if value and value[0] not in "'\"[{":
                written = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
                hint = (
                    "a value that contains ': ' must be quoted: write "
                    f"{field.group(1).strip()}: {written}"
                )
        if source_line[:column].lstrip(" ").startswith("\t"):
            hint = "indent with spaces, not tabs"
        # libyaml's message does not name the character, so look at the source.
        found = source_line[mark.column : mark.column + 1]
        if "cannot start any token" in problem and found in ("@", "`"):
            hint = f"values starting with {found} must be quoted"
        curly = [c for c in source_line if c in CURLY_OPENING + CURLY_CLOSING]
        if curly:
            hint = (
                f"this line has curly quotes {''.join(dict.fromkeys(curly))}, as a "
                'word processor writes them; YAML needs straight quotes " around '
                "a value that contains ': '"
            )
    return Diagnostic(path, line, column, f"invalid YAML: {problem}", hint)
