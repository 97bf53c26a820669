"""Located, human-readable content errors and the two formats they are printed in."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..printable import inert, one_line, visible


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One thing wrong with the content, pinned to a file, line and column.

    ``line`` and ``column`` are 1-based; 0 means "the file as a whole". A
    ``warning`` points at something that works but could be better; it never
    stops a check or a build.
    """

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = "error"  # or "warning"
    # How many diagnostics this one stands for: more than 1 for the line
    # ``at_most_per_file`` writes in place of those it leaves out.
    stands_for: int = field(default=1, compare=False)

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def format(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        label = "warning: " if self.is_warning else ""
        text = f"{where}: {label}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def format_github(self) -> str:
        """A GitHub Actions workflow command that annotates the changed line."""
        props = [f"file={_escape_property(self.path)}"]
        if self.line:
            props.append(f"line={self.line}")
            props.append(f"col={self.column or 1}")
        text = self.message + (f" ({self.hint})" if self.hint else "")
        command = "warning" if self.is_warning else "error"
        return f"::{command} {','.join(props)}::{_escape_data(text)}"


# A person fixes a file's first errors and runs check again; thousands of lines
# about one file (a header of 100,000 unknown keys, 90,000 broken links) only
# bury the others and cost time to print.
MAX_PER_FILE = 20


def at_most_per_file(
    diagnostics: list[Diagnostic], limit: int = MAX_PER_FILE
) -> list[Diagnostic]:
    """The first ``limit`` diagnostics of each file, sorted, and one line for the rest."""
    by_file: dict[str, list[Diagnostic]] = {}
    for diagnostic in sorted(diagnostics):
        by_file.setdefault(diagnostic.path, []).append(diagnostic)
    kept: list[Diagnostic] = []
    for path, found in by_file.items():
        # A list already cut (the load's errors, cut again with --strict's
        # warnings) counts what its "and N more" line stands for.
        listed = [d for d in found if d.stands_for == 1]
        cut = [d for d in found if d.stands_for != 1]
        kept.extend(listed[:limit])
        left_out = sorted(listed[limit:] + cut)
        if not left_out:
            continue
        count = sum(d.stands_for for d in left_out)
        warnings = all(d.is_warning for d in left_out)
        kept.append(
            Diagnostic(
                path,
                left_out[0].line,
                left_out[0].column,
                f"and {count:,} more "
                f"{'warnings' if warnings else 'errors'} in this file, from "
                "here on",
                f"fix the ones above first; at most {limit} are listed per file",
                severity="warning" if warnings else "error",
                stands_for=count,
            )
        )
    return kept


def as_errors(warnings: list[Diagnostic]) -> list[Diagnostic]:
    """The warnings as errors, for ``--strict``."""
    return [replace(warning, severity="error") for warning in warnings]


class ContentError(Exception):
    """The content cannot be built; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__(
            "\n".join(d.format() for d in self.diagnostics) or "content error"
        )


def _escape_data(text: str) -> str:
    """GitHub's escapes for a command's message; other invisible characters shown.

    Line breaks stay line breaks in the annotation, and no ``##[`` remains.
    """
    escaped = visible(text, keep="\r\n")
    escaped = escaped.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return inert(escaped, at_start=False)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_report(diagnostics: list[Diagnostic], fmt: str = "text") -> str:
    """All diagnostics, errors before warnings, each sorted by file and line, plus a summary.

    Each diagnostic is exactly one line, whatever its file name holds, and
    neither format lets content issue a GitHub Actions workflow command
    (other than the ``::error`` and ``::warning`` annotations themselves).
    """
    errors = sorted(d for d in diagnostics if not d.is_warning)
    warnings = sorted(d for d in diagnostics if d.is_warning)
    ordered = errors + warnings
    if fmt == "github":
        return "\n".join(d.format_github() for d in ordered)
    lines = [one_line(d.format()) for d in ordered]
    counts = [
        _count(group, word)
        for group, word in ((errors, "error"), (warnings, "warning"))
        if group
    ]
    lines.append("; ".join(counts) or _count(errors, "error"))
    return "\n".join(lines)


def _count(diagnostics: list[Diagnostic], word: str) -> str:
    """'2 errors in 1 file'."""
    files = len({d.path for d in diagnostics})
    return (
        f"{len(diagnostics)} {word}{'s' if len(diagnostics) != 1 else ''} "
        f"in {files} file{'s' if files != 1 else ''}"
    )
