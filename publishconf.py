"""Production settings: pelicanconf.py plus the public address."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

# The public address, from the environment (in GitHub Actions, the repository
# variable SITEURL). `invoke publish` refuses to build without an absolute public
# address: an empty or unset value would make feeds and calendars point at
# CHAPTERS_LOCAL_SITEURL, a local address.
SITEURL = os.environ.get("SITEURL", "").strip()
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False  # tasks.py swaps a finished build into place
LOAD_CONTENT_CACHE = False
# Feed entry ids and calendar UIDs must never change: pin them to the site's
# first public domain, even if it moves later.
CHAPTERS_ID_AUTHORITY = "iops.example.org"
