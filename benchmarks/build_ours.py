"""One full build of a synthetic repository with our plugins, in its own process."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugins.runner import build, read_site_settings  # noqa: E402


def main() -> int:
    repo, output = Path(sys.argv[1]), Path(sys.argv[2])
    settings_file = ROOT / "pelicanconf.py"
    if len(sys.argv) > 4 and sys.argv[3] == "--settings":
        settings_file = Path(sys.argv[4])
        sys.path.insert(0, str(ROOT))
    settings = read_site_settings(
        settings_file,
        chapters=repo / "chapters",
        content=repo / "content",
        output=output,
        build_date="2015-01-15",
    )
    return build(settings, out=open("/dev/null", "w"))


if __name__ == "__main__":
    sys.exit(main())
