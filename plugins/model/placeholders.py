"""The placeholder text the scaffolds write, and the check that none is published.

`invoke new-post` writes these lines for the writer to replace; an item
published with one still in it is an error. Both use this one list, so a
changed placeholder is still caught.
"""

from __future__ import annotations

from .diagnostics import Diagnostic

ITEM_BODY = "Write the text here, in Markdown."
PLACEHOLDERS = (ITEM_BODY,)


def placeholder_problems(body: str, body_line: int, path: str) -> list[Diagnostic]:
    """Each line of ``body`` (which starts on line ``body_line``) that is a placeholder."""
    problems = []
    for row, line in enumerate(body.splitlines()):
        text = line.strip()
        if text in PLACEHOLDERS:
            problems.append(
                Diagnostic(
                    path,
                    body_line + row,
                    line.index(text) + 1,
                    f"the placeholder text '{text}' is still here",
                    "replace it with the text of the item, or add 'status: draft' "
                    "to the front matter until it is written",
                )
            )
    return problems
