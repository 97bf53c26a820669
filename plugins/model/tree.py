"""Walking the chapter tree upwards (cycles were refused when the model was loaded)."""

from __future__ import annotations

from collections.abc import Mapping


def ancestors(slug: str, parents: Mapping[str, str | None]) -> list[str]:
    """Parent, grandparent ... of a chapter, nearest first."""
    found: list[str] = []
    current = parents.get(slug)
    while current is not None and current not in found:
        found.append(current)
        current = parents.get(current)
    return found
