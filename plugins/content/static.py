"""Where the static files of chapters and of the site are published."""

from __future__ import annotations

import os
from pathlib import Path


def static_paths(path: Path, chapters: Path, content: Path) -> list[str]:
    """STATIC_PATHS (relative to PATH): content/images and every chapters/<slug>/images."""
    found = []
    if (content / "images").is_dir():
        found.append(os.path.relpath(content / "images", path))
    if chapters.is_dir():
        found.extend(
            os.path.relpath(images, path)
            for images in sorted(chapters.glob("*/images"))
            if images.is_dir()
        )
    return found


def published_path(source: Path, chapters: Path, content: Path) -> str | None:
    """images/x.png for content/images/x.png; chapters/<slug>/images/x.png for a chapter's."""
    for root, prefix in ((chapters, "chapters/"), (content, "")):
        try:
            return prefix + source.relative_to(root).as_posix()
        except ValueError:
            continue
    return None
