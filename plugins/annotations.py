"""`invoke check --format github`: annotations GitHub shows, and every problem in the step summary.

GitHub shows at most ten error and ten warning annotations per step, so the
first ten of each become annotations, those in files the pull request changed
first, and every problem goes to the job's step summary with the total, where
the person who opened the pull request finds them all. A problem in a file
the pull request did not change is marked as such: its author did not cause
it, and a maintainer has to fix it on main.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from .gfm import code_span, markdown_text
from .model.diagnostics import Diagnostic
from .printable import one_line

ANNOTATIONS_PER_STEP = 10  # of each kind, GitHub's limit
SUMMARY_LINES = 1000  # the step summary holds at most 1 MiB
NOT_CHANGED = "in a file this pull request did not change"


def _unchanged(diagnostic: Diagnostic, changed: Collection[str] | None) -> bool:
    return changed is not None and diagnostic.path not in changed


def _ordered(
    diagnostics: Iterable[Diagnostic], changed: Collection[str] | None
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Errors and warnings, each sorted with those in changed files first."""
    ordered = sorted(diagnostics, key=lambda d: (_unchanged(d, changed), d))
    return (
        [d for d in ordered if not d.is_warning],
        [d for d in ordered if d.is_warning],
    )


def _marked(diagnostic: Diagnostic, changed: Collection[str] | None) -> Diagnostic:
    if not _unchanged(diagnostic, changed):
        return diagnostic
    hint = f"{diagnostic.hint}; {NOT_CHANGED}" if diagnostic.hint else NOT_CHANGED
    return Diagnostic(
        diagnostic.path,
        diagnostic.line,
        diagnostic.column,
        diagnostic.message,
        hint,
        diagnostic.severity,
    )


def total(diagnostics: Iterable[Diagnostic]) -> str:
    """'3 errors in 2 files; 1 warning in 1 file', or 'no errors'."""
    errors = [d for d in diagnostics if not d.is_warning]
    warnings = [d for d in diagnostics if d.is_warning]
    parts = [
        f"{len(found)} {word}{'' if len(found) == 1 else 's'} in "
        f"{len(files)} file{'' if len(files) == 1 else 's'}"
        for found, word in ((errors, "error"), (warnings, "warning"))
        if found
        for files in [{d.path for d in found}]
    ]
    return "; ".join(parts) or "no errors"


def github_log(
    diagnostics: list[Diagnostic], changed: Collection[str] | None = None
) -> str:
    """The job log: the first ten errors and warnings as annotations, the rest as lines, the total."""
    errors, warnings = _ordered(diagnostics, changed)
    lines = []
    rest = []
    for group in (errors, warnings):
        lines += [
            _marked(d, changed).format_github() for d in group[:ANNOTATIONS_PER_STEP]
        ]
        rest += group[ANNOTATIONS_PER_STEP:]
    lines += [one_line(_marked(d, changed).format()) for d in rest]
    summary = total(diagnostics)
    if rest:
        summary += (
            f" (the first {ANNOTATIONS_PER_STEP} of each are annotations; "
            "all are listed above and in the job summary)"
        )
    lines.append(summary)
    return "\n".join(lines)


def _location(diagnostic: Diagnostic) -> str:
    where = code_span(diagnostic.path)
    if diagnostic.line:
        where += f", line {diagnostic.line}"
    return where


def step_summary(
    diagnostics: list[Diagnostic], changed: Collection[str] | None = None
) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the total, then every problem with its place."""
    errors, warnings = _ordered(diagnostics, changed)
    lines = [f"## Content check: {total(diagnostics)}", ""]
    if not diagnostics:
        lines.append("Every chapter and item is valid.")
    elif errors:
        lines.append(
            "Fix every error below, then commit to the same branch: the check "
            "runs again. Warnings do not stop the pull request."
        )
    shown = 0
    for group, title in ((errors, "Errors"), (warnings, "Warnings")):
        if not group:
            continue
        lines += ["", f"### {title} ({len(group)})", ""]
        for diagnostic in group:
            if shown == SUMMARY_LINES:
                lines.append(f"- and {len(diagnostics) - shown} more")
                break
            shown += 1
            text = f"- **{_location(diagnostic)}**: {markdown_text(diagnostic.message)}"
            if diagnostic.hint:
                text += f" ({markdown_text(diagnostic.hint)})"
            if _unchanged(diagnostic, changed):
                text += f" *{NOT_CHANGED}*"
            lines.append(text)
    return "\n".join(lines) + "\n"
