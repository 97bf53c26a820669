"""Each template compiled once a build, whichever generator loads it first.

Pelican gives every generator a Jinja environment of its own, and each used
to compile every template it loads: ``base.html`` and ``_macros.html`` once
per generator. The environments are configured alike (the same loader paths,
options and filters, see ``add_filters``), so the code one compiles is the
code another would: with the content cache off, they share it in memory for
one build, as they share the folder of ``bytecode.py`` when it is on.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

# Where a build keeps its compiled code (the generators share one context).
CODES_KEY = "CHAPTERS_COMPILED_TEMPLATES"


class BuildCodes(BytecodeCache):
    """Compiled templates of one build, by name and source checksum, in memory."""

    def __init__(self):
        self._codes: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._codes.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._codes[(bucket.key, bucket.checksum)] = bucket.code

    def clear(self) -> None:
        self._codes.clear()


def build_codes(generator) -> BuildCodes:
    """The build's compiled templates, made once per build."""
    codes = generator.context.get(CODES_KEY)
    if codes is None:
        codes = generator.context[CODES_KEY] = BuildCodes()
    return codes
