"""Chapterhouse Pelican plugins: the content model, its reader and the roll-up pages."""

import time as _time

# When this process first imported any of the plugins' code: a code file
# modified since may differ from what the process runs, and the caches keyed
# on the code's bytes keep nothing such a build made (plugins/site/pagecache.py).
IMPORTED_NS = _time.time_ns()
