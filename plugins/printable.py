"""Text made safe to print in a CI log: one line per record, never a workflow command.

GitHub Actions reads a line of a job's output as a command when, after leading
whitespace, it starts with ``::`` (``::error::``, ``::add-mask::``,
``::stop-commands::``), and also when ``##[command]`` appears anywhere in it
(the runner's older syntax, still parsed). File names and messages come from
contributors, so whatever we print goes through these functions: invisible
characters become visible escapes (``\\n``, ``\\x1b``, ``\\u200b``) and such lines
get a backslash that the runner does not skip.
"""

from __future__ import annotations

import logging
import sys
import traceback
import unicodedata
from typing import TextIO

# Line breaks, terminal escapes, format characters (zero-width, bidi) and lone
# surrogates from undecodable file names: shown, never printed raw.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# What the runner may skip when it compares text (it trims whitespace, and
# culture-aware comparison ignores zero-width and combining characters).
_IGNORABLE = frozenset({"Cc", "Cf", "Cs", "Mn", "Me"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str, keep: str = "\t") -> str:
    """``text`` with every invisible character but those in ``keep`` as an escape."""
    return "".join(
        _escape(ch) if ch not in keep and unicodedata.category(ch) in _INVISIBLE else ch
        for ch in text
    )


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def inert(line: str, *, at_start: bool = True) -> str:
    """``line`` with a backslash where the runner would otherwise find a command.

    Before a first ``:`` that only whitespace or ignorable characters precede
    (``at_start``), and before the ``[`` of every ``##[``. Lines we print never
    start with a colon, so escaping a single one costs nothing and also
    covers ``:<zero-width>:``.
    """
    kept = [
        i for i, ch in enumerate(line) if unicodedata.category(ch) not in _IGNORABLE
    ]
    marks = set()
    if at_start:
        first = next((i for i in kept if not line[i].isspace()), None)
        if first is not None and line[first] == ":":
            marks.add(first)
    marks.update(
        kept[n]
        for n in range(2, len(kept))
        if line[kept[n]] == "[" and line[kept[n - 1]] == line[kept[n - 2]] == "#"
    )
    return "".join("\\" + ch if i in marks else ch for i, ch in enumerate(line))


def one_line(text: str) -> str:
    """``text`` as exactly one printable line that no CI runner takes as a command."""
    return inert(visible(text))


def each_line(text: str) -> str:
    """Multi-line ``text`` (a traceback) with each of its lines made safe."""
    return "\n".join(one_line(line) for line in text.split("\n"))


class SafeFormatter(logging.Formatter):
    """Log records on one line each; tracebacks line by line; no workflow commands."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the raw traceback on the record.
        cached = record.exc_text
        record.exc_text = each_line(cached) if cached and not record.exc_info else None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatMessage(self, record: logging.LogRecord) -> str:
        return one_line(super().formatMessage(record))

    def formatException(self, ei) -> str:
        return each_line(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return each_line(super().formatStack(stack_info))


def safe_log_handler(
    stream: TextIO | None = None, level: int = logging.WARNING
) -> logging.Handler:
    """The handler `invoke` installs: ``LEVEL: message``, one safe line per record."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SafeFormatter("%(levelname)s: %(message)s"))
    handler.setLevel(level)
    return handler


def safe_excepthook(kind, value, trace) -> None:
    """sys.excepthook: a programming error's traceback, each of its lines made safe."""
    sys.stderr.write(each_line("".join(traceback.format_exception(kind, value, trace))))
