"""Read a contributor's text file safely: size cap, UTF-8 only, located decode errors."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .diagnostics import Diagnostic

MAX_FILE_BYTES = 1024 * 1024
# Characters XML (and so feeds) cannot carry: C0 controls but tab, LF, CR; DEL;
# C1; non-characters.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or a diagnostic saying why it cannot be read as UTF-8."""
    # Never through a symbolic link, never a FIFO or device that would block:
    # the walk refuses those, and this holds even if a file changes under it.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        return None, [Diagnostic(shown_as, 0, 0, f"cannot read file: {error.strerror}")]
    with os.fdopen(descriptor, "rb") as handle:
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                return None, [Diagnostic(shown_as, 0, 0, "is not a regular file")]
            size = status.st_size
            if size > MAX_FILE_BYTES:
                return None, [
                    Diagnostic(
                        shown_as,
                        0,
                        0,
                        f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                        "split it up or move large data out of the repository",
                    )
                ]
            raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            return None, [
                Diagnostic(shown_as, 0, 0, f"cannot read file: {error.strerror}")
            ]
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    raw = raw[bom:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start
        line = raw.count(b"\n", 0, offset) + 1
        line_start = raw.rfind(b"\n", 0, offset) + 1
        # Columns count characters, as editors do; the bytes before are valid UTF-8.
        column = len(raw[line_start:offset].decode("utf-8")) + 1
        return None, [
            Diagnostic(
                shown_as,
                line,
                column,
                f"not valid UTF-8: byte 0x{raw[offset]:02x} at offset {offset + bom}",
                "save the file with UTF-8 encoding (most editors offer it "
                "under 'Save with encoding')",
            )
        ]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [
            Diagnostic(
                shown_as,
                line,
                1,
                "file contains a NUL byte; is it binary?",
                "only text files belong here",
            )
        ]
    if _CONTROL.search(text):
        # Every one, located: five pasted ones are one round of fixes, not five
        # (the report shows the first ones of a file and counts the rest).
        problems = []
        line, line_start = 1, 0
        for control in _CONTROL.finditer(text):
            if len(problems) == 1000:  # a binary file, rather: enough said
                break
            offset = control.start()
            line += text.count("\n", line_start, offset)
            line_start = text.rfind("\n", 0, offset) + 1
            problems.append(
                Diagnostic(
                    shown_as,
                    line,
                    offset - line_start + 1,
                    f"control character U+{ord(control.group()):04X} is not allowed",
                    "delete it; it is usually invisible, pasted from a terminal or "
                    "another program",
                )
            )
        return None, problems
    # Windows (CRLF) and classic Mac (CR only) line endings both become LF.
    return text.replace("\r\n", "\n").replace("\r", "\n"), []
