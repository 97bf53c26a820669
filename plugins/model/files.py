"""Read a contributor's text file safely: size cap, UTF-8 only, located decode errors."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic

MAX_FILE_BYTES = 1024 * 1024


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or a diagnostic saying why it cannot be read as UTF-8."""
    try:
        size = path.stat().st_size
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
        raw = path.read_bytes()
    except OSError as error:
        return None, [Diagnostic(shown_as, 0, 0, f"cannot read file: {error.strerror}")]
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
    return text.replace("\r\n", "\n"), []
