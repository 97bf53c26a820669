"""Every file of the site a build has written, for the outputs that list them.

Where a build writes over the last build's spare site, the runner deletes
what it did not write (``drop_unwritten`` in plugins/output.py) in one walk
of the folder at Pelican's ``finalized`` signal, and keeps the list of what
is left in the settings: the sitemap, written next, need not walk the folder
again. Elsewhere the folder is walked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

# The written files of the staging folder (paths below it, with '/'), when known.
FILES_KEY = "CHAPTERS_WRITTEN_FILES"


def written_files(root: str, settings: Mapping) -> list[str]:
    """The files below ``root`` as paths of the site ("index.html", "chapters/oslo/index.html")."""
    known = settings.get(FILES_KEY)
    if known is not None:
        return known
    return [
        # the folder below the output, as a path of the site ("" at the top)
        f"{folder[len(root) + 1 :].replace(os.sep, '/')}/{name}".lstrip("/")
        for folder, _, names in os.walk(root)
        for name in names
    ]
