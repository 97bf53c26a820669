"""The gettext catalogues of the interface: read from plugins/i18n/locales, compiled in memory.

Only the .po sources are in the repository; a build compiles them with
Babel into ``babel.support.Translations`` objects, so nothing compiled is
committed. With the content cache on, the compiled bytes are kept in the cache
folder under a name made of the .po file's hash and Babel's version, so a
rebuild reads them instead of parsing every .po file again, and an edited
catalogue (or another Babel) is compiled afresh: nothing compiled can go stale.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import tempfile
from pathlib import Path

import babel
from babel.support import NullTranslations, Translations

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


def catalogue_path(lang: str, locales: Path = LOCALES) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_languages(locales: Path = LOCALES) -> list[str]:
    """The languages with a catalogue, as their folder names ('de', 'nb', 'pt_BR')."""
    if not locales.is_dir():
        return []
    return sorted(
        p.name for p in locales.iterdir() if catalogue_path(p.name, locales).is_file()
    )


def compile_catalogue(path: Path) -> Translations:
    """One .po file as translations, compiled in memory (fuzzy entries left out)."""
    return Translations(io.BytesIO(_compiled(path.read_bytes())), domain=DOMAIN)


@functools.lru_cache(maxsize=16)
def _compiled(source: bytes) -> bytes:
    """The .mo bytes of the .po ``source`` (fuzzy entries left out).

    Kept in the process by the source's bytes: a process that builds several
    sites (the tests, a script) parses each version of a catalogue once, and an
    edited catalogue is other bytes, compiled afresh.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = io.BytesIO()
    write_mo(compiled, read_po(io.BytesIO(source)), use_fuzzy=False)
    return compiled.getvalue()


def compiled_name(lang: str, source: bytes) -> str:
    """The cached .mo file of ``lang`` compiled from ``source``: 'nb-<hash>.mo'."""
    digest = hashlib.sha256(f"babel {babel.__version__}\n".encode())
    digest.update(source)
    return f"{lang}-{digest.hexdigest()[:32]}.mo"


def cached_catalogue(path: Path, lang: str, folder: Path) -> Translations:
    """The catalogue at ``path``, compiled once per version of it into ``folder``.

    The cache is only a shortcut: a file that cannot be read or written there
    is compiled in memory, as without a cache.
    """
    source = path.read_bytes()
    name = compiled_name(lang, source)
    kept = folder / name
    try:
        return Translations(io.BytesIO(kept.read_bytes()), domain=DOMAIN)
    except (OSError, ValueError):  # none yet, or damaged: compiled again below
        pass
    compiled = _compiled(source)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{lang}-*.mo"):  # earlier versions of this catalogue
            old.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(compiled)
            os.replace(temporary, kept)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
    return Translations(io.BytesIO(compiled), domain=DOMAIN)


def load_catalogues(
    locales: Path = LOCALES, compiled: Path | None = None
) -> dict[str, NullTranslations]:
    """Every catalogue by BCP 47 tag ('pt-BR' for the folder pt_BR).

    With ``compiled``, a folder, the compiled catalogues are kept there
    between builds (``cached_catalogue``).
    """
    found = {}
    for lang in catalogue_languages(locales):
        path = catalogue_path(lang, locales)
        found[lang.replace("_", "-")] = (
            compile_catalogue(path)
            if compiled is None
            else cached_catalogue(path, lang, compiled)
        )
    return found


def compile_ahead(locales: Path = LOCALES, compiled: Path | None = None) -> None:
    """Compile every catalogue now, into this process's memory (``_compiled``),
    so that the build's ``load_catalogues`` finds them compiled; but those
    kept compiled in ``compiled`` (``cached_catalogue``), which it reads.

    The runner calls it while worker processes parse the item files and this
    process would wait (0.06 s of a cold build, otherwise spent while the
    other core is idle). A catalogue that cannot be read or compiled is left
    for the build to meet, where its error is reported as before.
    """
    for lang in catalogue_languages(locales):
        with contextlib.suppress(Exception):
            source = catalogue_path(lang, locales).read_bytes()
            if (
                compiled is None
                or not (compiled / compiled_name(lang, source)).is_file()
            ):
                _compiled(source)
