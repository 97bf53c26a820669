"""Putting a built site into the output folder: one build at a time, never half a site.

A build writes into a staging folder beside the output (``.<name>.new-*``),
then exchanges it with the output in one step, so that a reader, a web server
or a killed build sees the complete old site or the complete new one. A lock
file beside the output (``.<name>.lock``) keeps a second build out meanwhile.

The site that was replaced is kept beside the output (``.<name>.spare``) and
becomes the next build's staging folder: a rebuild overwrites its files where
they are instead of creating every folder and file anew and deleting the
whole old site, which on a busy disk costs more than rendering it. Every
build writes every file of its site; what it did not write is deleted before
the swap (``drop_unwritten``), so the staged site is exactly this build's.
The runner deletes it as soon as the generators are done, before anything
that reads the staged folder (the sitemap, the search index) runs; folders
holding nothing this build wrote (the old search index) are moved aside
whole and deleted in a thread meanwhile.

Where no spare site is waiting (the first rebuild after a build into an
empty output), the staging folder is new: a forked process makes the
published site's folders in it (``mirror_folders``) while the build prepares,
instead of the output processes making each as they write. The build then
treats it as a reused folder, so a folder it did not fill is deleted.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Collection, Iterator
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
# renameat2 exists but this file system or kernel cannot exchange: use two renames.
_NO_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})


class OutputBusy(Exception):
    """Another build holds the lock of this output folder."""

    def __init__(self, output: Path, lock: Path):
        self.output = output
        self.lock = lock
        super().__init__(
            f"another build is writing {output} (lock {lock}); wait for it to finish"
        )


def lock_file(output: Path) -> Path:
    return output.parent / f".{output.name}.lock"


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[Path]:
    """Hold the lock of ``output`` for the block; OutputBusy if another build has it.

    An advisory lock on an open file: the OS releases it when the file is
    closed or the process ends, however it ends, so a killed build never
    leaves a stale lock (only, at worst, an empty file that the next build
    takes over). The holder deletes the file before it lets go.
    """
    path = lock_file(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd = _acquire(path, output)
    try:
        yield path
    finally:
        if sys.platform != "win32":  # Windows cannot delete an open file
            with contextlib.suppress(OSError):
                path.unlink()
        os.close(fd)


def _acquire(path: Path, output: Path) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            raise OutputBusy(output, path)
        with contextlib.suppress(FileNotFoundError):
            if os.path.samestat(os.stat(path), os.fstat(fd)):
                return fd
        # The previous holder deleted this file as it finished: lock the new one.
        os.close(fd)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def staging_folder(output: Path) -> Path:
    """A new empty folder beside ``output`` to build into (same file system)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    staging.chmod(0o755)
    return staging


def spare_folder(output: Path) -> Path:
    """Where the site a build replaced waits to be the next build's staging folder."""
    return output.parent / f".{output.name}.spare"


# The modification time of a file the build has not written (yet): 1970.
_UNWRITTEN = 0

# The Pelican setting that tells a build it writes into a reused staging
# folder: what is left of the old site is there until the generators are done
# (plugins/runner.py drops it then).
REUSED_KEY = "CHAPTERS_REUSED_STAGING"
# The runner's list of threads deleting what a build into a reused folder moved aside.
REMOVALS_KEY = "CHAPTERS_ASIDE_REMOVALS"
# The process making a new staging folder's folders (``mirror_folders``), if any.
MIRROR_KEY = "CHAPTERS_FOLDER_MIRROR"
# The Pelican setting that tells a build where the site it replaces is
# published (its pages may be reused: plugins/site/pagecache.py).
PUBLISHED_KEY = "CHAPTERS_PUBLISHED_PATH"
# What drop_unwritten did towards keep_unchanged_times (a Settled), for publish.
SETTLED_KEY = "CHAPTERS_SETTLED"
# When the build began (time.time_ns()), before Pelican read any template.
STARTED_KEY = "CHAPTERS_BUILD_STARTED_NS"


def reused_staging(output: Path) -> Path | None:
    """The spare site as a staging folder, every file marked unwritten; None if none.

    Files with other links (pages the page cache linked to the then published
    site) are deleted instead: nothing may write into a published file.

    It takes a staging folder's name first, so that a build killed from here
    on leaves a leftover that ``recover`` deletes.
    """
    spare = spare_folder(output)
    if not _is_folder(spare):
        if spare.exists() or spare.is_symlink():
            _remove(spare)
        return None
    staging = staging_folder(output)
    staging.rmdir()
    spare.rename(staging)
    try:
        # bottom-up: os.walk then asks no folder whether it is a link
        for folder, _folders, files in os.walk(staging, topdown=False):
            for name in files:
                path = os.path.join(folder, name)
                if os.lstat(path).st_nlink > 1:
                    # A page linked to one of the site now published (see
                    # pagecache.link_published): marking it would change
                    # that one too. Made again by this build, or not at all.
                    os.unlink(path)
                    continue
                os.utime(path, ns=(_UNWRITTEN, _UNWRITTEN), follow_symlinks=False)
    except OSError:
        _remove(staging)
        return None
    return staging


class FolderMirror:
    """The forked process making a new staging folder's folders: ``join`` waits for it."""

    def __init__(self, pid: int):
        self.pid = pid
        self.status: int | None = None  # its exit status, once waited for

    def join(self) -> None:
        """Wait for the process, once; safe to call again (also after an
        interruption of the wait)."""
        if self.pid:
            try:
                _, status = os.waitpid(self.pid, 0)
                self.status = os.waitstatus_to_exitcode(status)
            except ChildProcessError:
                pass
            self.pid = 0

    def stop(self) -> None:
        """End the process without waiting for its work, and reap it."""
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.join()


def mirror_folders(
    output: Path, staging: Path, leave: Collection[str] = ()
) -> FolderMirror | None:
    """Start making every folder of the site at ``output`` in ``staging``; None if not.

    The folders of the site a build replaces are, but for a few, those of
    the site it writes. On some disks making thousands of folders costs
    more than the rest of a one-post rebuild (0.3 to 0.7 s for 2,400 on
    ext4, against 0.01 s on tmpfs): a process forked here, as the build
    starts (plugins/runner.py), makes them while the build loads its model,
    reads the templates and prepares its pages, with the other core
    otherwise idle, and on while the output processes write (they make any
    folder they need with ``exist_ok``). Only folders: no file of the
    published site is touched.

    Not the folders named in ``leave``, at the top of the site: Pelican's
    copy of the theme's files makes its folders without ``exist_ok``, and
    would fail on one made meanwhile. The build waits for the process
    before it judges which folders it left empty (``drop_leftovers`` in
    plugins/runner.py). None where fork does not exist or beside other
    threads (a fork copies only the calling thread), and without a
    published site.
    """
    if not can_mirror(output):
        return None
    try:
        pid = os.fork()
    except OSError:  # no process to spare: the writers make the folders
        return None
    if pid == 0:  # pragma: no cover (the forked process; tested by its folders)
        code = 1
        try:
            make_folders(str(output), str(staging), leave)
            code = 0
        finally:
            os._exit(code)
    return FolderMirror(pid)


def can_mirror(output: Path) -> bool:
    """Whether ``mirror_folders`` can start for the site at ``output``: fork
    exists, no other thread runs, and a site is published."""
    return hasattr(os, "fork") and threading.active_count() == 1 and _is_folder(output)


def make_folders(source: str, target: str, leave: Collection[str] = ()) -> int:
    """Make in ``target`` every folder below ``source`` but those named in
    ``leave`` at its top, and theirs; how many were made.

    Symbolic links are neither followed nor made. Best effort: what cannot
    be made is left to the build's writers, which make the folders they need.
    """
    made = 0
    for folder, folders, _files in os.walk(source):
        base = target + folder[len(source) :]
        if folder == source:
            folders[:] = [name for name in folders if name not in leave]
        failed = []
        for name in folders:
            if os.path.islink(os.path.join(folder, name)):
                continue  # os.walk does not go into it either
            try:
                os.mkdir(os.path.join(base, name))
            except FileExistsError:
                continue
            except OSError:
                failed.append(name)  # and nothing below it
                continue
            made += 1
        folders[:] = [name for name in folders if name not in failed]
    return made


def drop_unwritten(
    staging: Path,
    aside: Path | None = None,
    kept: list[str] | None = None,
    settled: Settled | None = None,
) -> int:
    """Delete what a build into a reused folder did not write; how many files.

    Every generator writes whole files (open, truncate, write), which gives
    them a new modification time: a file still marked unwritten belongs to
    the old site only (a deleted post's page), and a folder left empty too.
    With ``aside`` (see ``aside_folder``), a folder holding nothing this build
    wrote (the old search index, a deleted chapter's pages) is moved there
    whole, for the caller to delete off the critical path, instead of being
    deleted file by file; its files are counted too. ``kept`` gets the path
    below ``staging`` (with '/') of every file that stays. With ``settled``,
    each file that stays is also given its published twin's time where their
    bytes are the same (see ``Settled``), in this same walk.
    """
    dropped = 0
    whole: dict[str, int] = {}  # folders with nothing written: their files
    left: dict[str, int] = {}  # folders walked: how many entries each keeps
    moved = 0
    root = str(staging)
    for folder, folders, files in os.walk(staging, topdown=False):
        unwritten = []
        for name in files:
            path = os.path.join(folder, name)
            status = os.lstat(path)
            if status.st_mtime_ns == _UNWRITTEN:
                unwritten.append(path)
                continue
            if kept is not None:
                kept.append(path[len(root) + 1 :].replace(os.sep, "/"))
            if settled is not None:
                settled.compare(path, status, path[len(root) :])
        subfolders = []
        for name in folders:
            path = os.path.join(folder, name)
            # a folder the walk did not go into is a link (it goes into no link)
            if path not in left and path not in whole and os.path.islink(path):
                os.unlink(path)  # never made by a build
            else:
                subfolders.append(path)
        if (
            aside is not None
            and folder != root
            and len(unwritten) == len(files)
            and all(path in whole for path in subfolders)
        ):  # the folder above may go whole too: decided there
            whole[folder] = len(unwritten) + sum(whole.pop(p) for p in subfolders)
            continue
        entries = len(files) - len(unwritten)
        for path in subfolders:
            if path in whole:
                dropped += whole.pop(path)
                os.rename(path, aside / str(moved))
                moved += 1
            elif (left.pop(path) if path in left else len(os.listdir(path))) == 0:
                os.rmdir(path)
            else:
                entries += 1
                continue
            if settled is not None:
                settled.folders.pop(path, None)
        for path in unwritten:
            os.unlink(path)
            dropped += 1
        left[folder] = entries
        if settled is not None:
            settled.folders[folder] = os.lstat(folder).st_mtime_ns
    if settled is not None:
        settled.close(staging)
    return dropped


class Settled:
    """``drop_unwritten``'s share of ``keep_unchanged_times``, done in its walk.

    Each file the drop keeps is compared with the published site's file at
    the same path right then (``compare``): the generators are done with it.
    Files made after the drop (the sitemap, the search index) are found by
    the folders' modification times, which the drop records once it is done
    with each folder (``folders``): making, deleting or renaming an entry
    changes its folder's time, as git's untracked cache relies on. So
    ``keep_unchanged_times`` looks into the few folders whose time moved
    instead of walking the whole site again.

    A file system's clock ticks coarsely (a few milliseconds, or seconds):
    the sitemap, deleted by the drop and made again right after it, can
    leave the root folder the time the drop left it. So, as git does with
    "racy" files, the drop ends by making a file beside the staged site
    (``close``): a folder whose recorded time is not older than that file's
    is looked into whatever its time says. What this can still miss (a file
    a later writer rewrites in place) only costs a deploy an upload, never a
    wrong file: it keeps the new time it was written with.
    """

    def __init__(self, published: Path):
        self.published = str(published)
        # every folder of the staged site after the drop: path -> st_mtime_ns
        self.folders: dict[str, int] = {}
        # the files compared (paths below the staged site, with a leading separator)
        self.compared: set[str] = set()
        self.kept = 0
        # the file system's time at the end of the drop (None: look everywhere)
        self.ended: int | None = None

    def compare(self, path: str, status: os.stat_result, below: str) -> None:
        """``path`` (``below`` the staged site) against the published file."""
        self.compared.add(below)
        self.kept += keep_time(path, status, self.published + below)

    def close(self, staging: Path) -> None:
        """Note the file system's time now, from a file made beside ``staging``."""
        try:
            handle, probe = tempfile.mkstemp(
                prefix=f"{staging.name}_", dir=staging.parent
            )
        except OSError:
            return
        try:
            self.ended = os.fstat(handle).st_mtime_ns
        finally:
            os.close(handle)
            os.unlink(probe)

    def unchanged(self, recorded: int, now: os.stat_result) -> bool:
        """Whether nothing was made in a folder since the drop recorded its
        time (``recorded``; ``now``: its lstat)."""
        if self.ended is None or recorded >= self.ended:  # racy: in the last tick
            return False
        return now.st_mtime_ns == recorded


def aside_folder(staging: Path) -> Path:
    """A new folder beside ``staging`` for what a build moves out of it.

    Named like a staging folder (``.<name>.new-*``), so that should the build
    be killed before it is deleted, the next build's ``recover`` deletes it.
    """
    return Path(tempfile.mkdtemp(prefix=f"{staging.name}_", dir=staging.parent))


def remove_meanwhile(path: Path) -> threading.Thread:
    """Delete ``path`` in a thread, started now; join it to wait for the end.

    Deleting thousands of files mostly waits on the disk, which the other
    threads are free to use meanwhile (the GIL is released in the calls).
    """
    thread = threading.Thread(target=_remove, args=(path,), name=f"remove {path}")
    thread.start()
    return thread


def leftovers(output: Path) -> list[Path]:
    """Staging and retired folders that killed builds of ``output`` left behind."""
    pattern = re.compile(rf"\.{re.escape(output.name)}\.(new|old)-[A-Za-z0-9_]+")
    if not output.parent.is_dir():
        return []
    return sorted(p for p in output.parent.iterdir() if pattern.fullmatch(p.name))


def recover(output: Path) -> None:
    """Tidy up after killed builds; only while holding the lock.

    Where the two-rename fallback was killed between its renames there is no
    output, and the old site waits complete in ``.<name>.old-*``: it is put
    back. Everything else left over is deleted.
    """
    found = leftovers(output)
    retired = [p for p in found if ".old-" in p.name and _is_folder(p)]
    if retired and not output.exists():
        newest = max(retired, key=lambda p: p.stat().st_ctime)
        newest.rename(output)
        found.remove(newest)
    for path in found:
        _remove(path)


def publish(
    staging: Path,
    output: Path,
    keep_spare: bool = False,
    settled: Settled | None = None,
) -> None:
    """Put the finished site in ``staging`` at ``output``, then delete the old site.

    On Linux the two folders are exchanged with renameat2(RENAME_EXCHANGE):
    ``output`` is at every instant the complete old or the complete new site.
    Elsewhere (macOS, Windows, file systems without the exchange) two renames
    are used, and a build killed between them leaves no ``output`` for a moment:
    the old site waits in ``.<name>.old-*`` and the next build puts it back.
    With ``keep_spare`` the old site becomes ``.<name>.spare`` for the next
    build to write into; otherwise it is deleted. ``settled``: what
    ``drop_unwritten`` already did towards ``keep_unchanged_times``.
    """
    if not output.exists():
        staging.rename(output)
        return
    keep_unchanged_times(staging, output, settled)
    done = _retire if keep_spare else lambda old_site, output: _remove(old_site)
    if exchange(staging, output):
        done(staging, output)  # now the old site
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    done(retired, output)


def _retire(old_site: Path, output: Path) -> None:
    """Keep the replaced site as the next build's staging folder (best effort)."""
    spare = spare_folder(output)
    if spare.exists() or spare.is_symlink():
        _remove(spare)
    try:
        old_site.rename(spare)
    except OSError:
        _remove(old_site)


def keep_unchanged_times(
    staging: Path, output: Path, settled: Settled | None = None
) -> int:
    """Give every new file whose bytes equal the old one's the old modification time.

    So a file that did not change is, to rsync and to CDN uploads that compare
    size and time, the same file: a deploy sends only what changed. Returns how
    many files kept their time. A file of the old size and time is not read:
    either it was given the old file's time when written from the old site's
    bytes (a page the page cache reused, plugins/site/pagecache.py), or it
    was copied with its source's time as the old one was (a static file), and
    either way nothing is left to do for it. Files are compared in one
    process: paths stay strings and equal sizes are compared whole
    (``same_bytes``), not through pathlib and filecmp.

    With ``settled`` (from ``drop_unwritten``, against this ``output``), the
    drop compared the files it kept, and only the folders whose time moved
    since are looked into here (see ``Settled``); without it, every file of
    the staged site is compared here, between the build and the swap.
    """
    staging_root, output_root = str(staging), str(output)
    if settled is not None and settled.published == output_root:
        return settled.kept + _keep_times_after(settled, staging_root, output_root)
    kept = 0
    for folder, _folders, files in os.walk(staging_root, topdown=False):
        old_folder = output_root + folder[len(staging_root) :]
        for name in files:
            new = os.path.join(folder, name)
            try:
                now = os.lstat(new)
            except OSError:
                continue
            kept += keep_time(new, now, os.path.join(old_folder, name))
    return kept


def _keep_times_after(settled: Settled, staging_root: str, output_root: str) -> int:
    """``keep_unchanged_times`` of the files made after the drop."""
    kept = 0
    for folder, recorded in settled.folders.items():
        try:
            now = os.lstat(folder)
            # a link or a file in its place now is not followed
            if not stat.S_ISDIR(now.st_mode) or settled.unchanged(recorded, now):
                continue
            entries = list(os.scandir(folder))
        except OSError:  # gone: nothing to look into
            continue
        for entry in entries:
            below = entry.path[len(staging_root) :]
            if entry.is_dir(follow_symlinks=False):
                if entry.path not in settled.folders:  # made after the drop
                    kept += keep_unchanged_times(
                        Path(entry.path), Path(output_root + below)
                    )
            elif below not in settled.compared:
                try:
                    now = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                kept += keep_time(entry.path, now, output_root + below)
    return kept


def keep_time(new: str, now: os.stat_result, old: str) -> bool:
    """Give ``new`` (``now`` its lstat) ``old``'s time if both hold the same
    bytes; whether it has that time now."""
    try:
        before = os.lstat(old)
        if not stat.S_ISREG(before.st_mode) or before.st_size != now.st_size:
            return False
        if now.st_mtime_ns == before.st_mtime_ns:
            return True  # given the old time when written: the old bytes
        if not same_bytes(old, new, before.st_size):
            return False
        os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
    except OSError:
        return False  # no old file, or unreadable: the new one keeps its time
    return True


# Files up to this size are read whole to be compared; larger ones in pieces of it.
_COMPARED_AT_ONCE = 1 << 20


def same_bytes(first: str, second: str, size: int) -> bool:
    """Whether two files of ``size`` bytes hold the same bytes."""
    with open(first, "rb") as one, open(second, "rb") as other:
        if size <= _COMPARED_AT_ONCE:
            return one.read() == other.read()
        while True:
            piece = one.read(_COMPARED_AT_ONCE)
            if piece != other.read(_COMPARED_AT_ONCE):
                return False
            if not piece:
                return True


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the OS or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = (
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    )
    renameat2.restype = ctypes.c_int
    if renameat2(
        AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE
    ):
        code = ctypes.get_errno()
        if code in _NO_EXCHANGE:
            return False
        raise OSError(code, os.strerror(code), str(second))
    return True


def output_problem(output: Path, root: Path, sources: Collection[Path]) -> str | None:
    """Why a build must not put its site at ``output``, in words; None where it
    may. A build replaces the whole output folder (and keeps the replaced one
    as its spare), so ``--output content`` or ``--output .`` moved the
    sources, or the whole repository with its history, out of the way.
    Refused: the repository (``root``) or a folder that holds it, a folder
    inside the sources, and a folder that holds files but is not a site (no
    ``index.html``): another folder of the repository (``theme``, ``.git``) or
    of the machine."""
    output = output.resolve()
    for source in (path.resolve() for path in (root, *sources)):
        if output == source or output in source.parents:
            what = "is" if output == source else "holds"
            return (
                f"the output folder {output} {what} {source}, whose files the build "
                "reads; a build replaces the whole folder: build into a folder of "
                "its own, such as output/"
            )
    for source in (path.resolve() for path in sources):
        if source in output.parents:
            return (
                f"the output folder {output} is inside {source}, whose files the "
                "build reads: build into a folder outside it, such as output/"
            )
    if _is_folder(output) and not (output / "index.html").is_file():
        with os.scandir(output) as entries:
            if any(True for _ in entries):
                return (
                    f"the output folder {output} holds files but no site (no "
                    "index.html); a build replaces the whole folder: give a new "
                    "or empty folder, or one a build wrote before"
                )
    return None


def _is_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _remove(path: Path) -> None:
    """Best effort: what cannot be deleted now, the next build deletes."""
    if _is_folder(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space",
    errno.EDQUOT: "the disk quota is used up; free some space",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied; make it writable for this user",
    errno.EPERM: "not permitted; make it writable for this user",
    errno.ENOTDIR: "a file is in the way of a folder; move it",
    errno.EEXIST: "a file is in the way of a folder; move it",
}


def os_error_message(error: OSError, where: Path, instead: str) -> str:
    """One line naming the path ``error`` is about and what to do about it.

    ``where`` stands in when the error names no file (a full disk during a
    write); ``instead`` is the way around it, e.g. "build elsewhere with --output".
    """
    path = os.fsdecode(error.filename or where)
    if error.errno in _ADVICE:
        return f"cannot write {path}: {_ADVICE[error.errno]}, or {instead}"
    return f"{path}: {(error.strerror or str(error)).lower()}"
