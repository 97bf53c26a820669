"""Writing the output in several processes: which process writes which file, and the join.

Once every page's context is ready, the build forks (``start``): each of N
child processes runs every output and writes only its share of the files, a
pure function of each file's path (``share_of``), so the shares are balanced
and the same from one build to the next (feeds, which share their entries,
go in runs of neighbours instead: ``runs_of``). The main process writes none of
them: it copies the static files, then joins the children (``join``) before
anything needs the whole site (the sitemap, the search index, publishing).
Rendering in children only keeps the main process, the one that holds the
whole build, from growing by a share's rendering: the build's peak memory is
that of its largest process. A child never returns to the build: it runs its
share, sends what it logged and how it ended through a pipe, and exits.

In the main process the join logs every record a child logged, as if it had
been logged there (so the runner counts the errors and shows each once), and
raises what ended a child: its ``ContentError`` with the same diagnostics,
its ``OSError``, or its exception with the child's traceback as the cause. A
child that dies without a report (killed, out of memory) is logged as an
error. No Pelican here (docs/architecture.md).
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import hashlib
import logging
import os
import pickle
import posixpath
import shutil
import signal
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import NoReturn

from .. import gcfreeze
from ..model.diagnostics import ContentError

logger = logging.getLogger(__name__)

# The Pelican setting the build's processes travel in, from the fork to the join.
PROCESSES_KEY = "CHAPTERS_OUTPUT_PROCESSES"
# The Pelican setting holding work for the main process to do while the
# children render, before it waits for them (the runner's save of the model's
# cache): a list of callables, each removed as it runs.
MEANWHILE_KEY = "CHAPTERS_MEANWHILE"


def run_meanwhile(tasks: list[Callable[[], None]] | None) -> None:
    """Run each task of ``tasks`` once, in order, removing it first; safe to call again.

    The output's main process calls it once the children are rendering; the
    runner calls it again when the build ends, for a build that did not fork
    or stopped first.
    """
    while tasks:
        tasks.pop(0)()


def share_of(path: str, count: int) -> int:
    """Which of ``count`` processes writes the file at ``path``, relative to the output.

    A hash of the normalised path: stable across runs, machines and Python
    versions (unlike ``hash()``), and spread evenly over the processes.
    """
    if count <= 1:
        return 0
    normal = posixpath.normpath(path.replace(os.sep, "/")).lstrip("/")
    digest = hashlib.blake2b(normal.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def runs_of(weights: Sequence[int], count: int) -> list[int]:
    """Which of ``count`` processes takes each of a sequence of tasks: neighbours
    stay together, in runs of about equal total weight.

    For tasks that share work when one process does them (the feeds of a
    chapter and of its region hold the same entries, made once a process),
    where ``share_of`` would spread neighbours over every process. A task goes
    to the process whose equal part of the total weight holds the middle of
    the task's own; integers only, so every process, on any machine, finds
    the same runs. A small change of weight moves a boundary by a task at
    most: a rebuild after one feed gained an entry finds the others where they
    were (each process keeps its own feeds' cache).
    """
    total = sum(weights)
    if count <= 1 or total <= 0:
        return [0] * len(weights)
    owners, before = [], 0
    for weight in weights:
        owners.append(min(count - 1, (2 * before + weight) * count // (2 * total)))
        before += weight
    return owners


@dataclasses.dataclass(frozen=True)
class Share:
    """Process ``index`` of ``count``, writing the files whose ``share_of`` is its index.

    The main process of a build that forked holds ``Share.none(count)``: it
    writes none of them.
    """

    index: int = 0
    count: int = 1

    @classmethod
    def none(cls, count: int) -> Share:
        return cls(-1, count)

    @property
    def writes_any(self) -> bool:
        return self.index >= 0

    def owns(self, path: str) -> bool:
        return share_of(path, self.count) == self.index


def share_folder(root: str, index: int, count: int) -> str:
    """The folder under ``root`` of what process ``index`` of ``count`` keeps
    between builds (its share's cached feeds, its page manifest)."""
    return os.path.join(root, f"{index}-of-{count}")


def drop_other_counts(root: str, count: int) -> None:
    """Remove the share folders under ``root`` of builds written by another
    number of processes (``CHAPTERS_JOBS`` changed, or a build that could not
    fork): they hold other shares, which this build never reads, and nothing
    else would delete them."""
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        if not name.endswith(f"-of-{count}"):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)


def owns(writer, path: str) -> bool:
    """Whether this process writes ``path``: outputs that write bytes themselves ask
    before they make them. A writer without a share writes everything."""
    share = getattr(writer, "share", None)
    return share is None or share.owns(path)


@dataclasses.dataclass
class _Report:
    """What a child sends the main process when its share is written, or not."""

    records: list[logging.LogRecord]
    error: BaseException | None = None  # what ended it, if it pickles
    diagnostics: list | None = None  # of a ContentError
    trace: str | None = None  # the traceback, as text


@dataclasses.dataclass
class _Child:
    pid: int
    pipe: int  # the reading end


def _replay(record: logging.LogRecord) -> None:
    """Log in the main process what an output process logged.

    Pelican's loggers raise ``FilteredMessage`` from ``filter`` when their
    limit filter drops a message (a repeat, or past LOG_FILTER's limit), for
    their own ``_log`` to catch; ``handle`` lets it through, so it is caught
    here: a dropped repeat is not an error of the build."""
    try:
        logging.getLogger(record.name).handle(record)
    except Exception as error:  # the site index imports no Pelican: by name
        if f"{type(error).__module__}.{type(error).__name__}" != (
            "pelican.log.FilteredMessage"
        ):
            raise


class Processes:
    """The output processes of one build, as the main process sees them."""

    def __init__(self, share: Share, children: list[_Child]):
        self.share = share
        self._children = children

    def join(self) -> None:
        """Wait for every child; log what they logged; raise what ended one. Idempotent."""
        reports = []
        while (
            self._children
        ):  # a child leaves the list once reaped: stop() kills the rest
            child = self._children[0]
            reports.append((child.pid, _collect(child)))
            self._children.pop(0)
        for _pid, report in reports:
            for record in report.records:
                _replay(record)
        diagnostics = [d for _, r in reports for d in r.diagnostics or ()]
        if diagnostics:
            raise ContentError(diagnostics)
        for pid, report in reports:
            if report.error is not None:
                raise report.error from RemoteTraceback(pid, report.trace or "")
            if report.trace is not None:
                raise OutputProcessError(pid, report.trace)

    def stop(self) -> None:
        """Kill and reap every child (the main process failed: the site will not be published)."""
        children, self._children = self._children, []
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, signal.SIGKILL)
        for child in children:
            os.close(child.pipe)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child.pid, 0)


class RemoteTraceback(Exception):
    """The traceback of an exception raised in an output process, as its cause."""

    def __init__(self, pid: int, trace: str):
        super().__init__(f"in output process {pid}:\n{trace}")


class OutputProcessError(RuntimeError):
    """An output process failed with an exception that could not be sent as itself."""

    def __init__(self, pid: int, trace: str):
        super().__init__(f"output process {pid} failed:\n{trace}")


def processes_count(jobs: int) -> int:
    """How many processes write the output: ``jobs`` where fork is safe, else 1.

    Not where os.fork does not exist (Windows), and not beside other threads
    (`invoke serve`, livereload): a fork copies only the calling thread, and
    a lock another thread held would stay locked in the child.
    """
    if jobs <= 1 or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    return jobs


def start(count: int, work: Callable[[Share], None]) -> Processes:
    """Fork ``count`` children, each running ``work`` with its share and exiting.

    Returns the main process's state: no share of its own, and the children
    to join.
    """
    children: list[_Child] = []
    # Objects that exist now are not moved by the collector in the children,
    # so their pages stay shared with this process (copy-on-write). This
    # process gives them back to its collector when the runner's build ends
    # (plugins/gcfreeze.py), or now, outside a build of the runner's.
    with gcfreeze.sparing():
        gcfreeze.spare()
        try:
            for index in range(count):
                read, write = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(read)
                    for child in children:
                        os.close(child.pipe)
                    _run_child(Share(index, count), work, write)
                os.close(write)
                children.append(_Child(pid, read))
        except BaseException:
            Processes(Share.none(count), children).stop()
            raise
    logger.debug("output written by %s processes", count)
    return Processes(Share.none(count), children)


def join(pelican_object) -> None:
    """Join the output processes of this build, if it forked; safe to call again."""
    processes = pelican_object.settings.get(PROCESSES_KEY)
    if processes is not None:
        processes.join()


def _run_child(share: Share, work: Callable[[Share], None], pipe: int) -> NoReturn:
    status = 0
    try:
        collector = _capture_logs()
        report = _Report(records=collector.records)
        try:
            work(share)
        except ContentError as error:
            report.diagnostics = list(error.diagnostics)
        except BaseException as error:  # sent to the main process, which raises it
            report.trace = "".join(traceback.format_exception(error))
            report.error = _portable_error(error)
        data = pickle.dumps(report)
        view = memoryview(data)
        while view:
            view = view[os.write(pipe, view) :]
    except BaseException:  # no report: the main process logs an error
        status = 70
    finally:
        os._exit(status)


class _Collector(logging.Handler):
    """Keeps every record that reaches it, in a form that pickles."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(_portable_record(record))


def _capture_logs() -> _Collector:
    """In a child: every record goes to the main process instead of a console."""
    collector = _Collector()
    loggers = [logging.getLogger()] + [
        each
        for each in logging.Logger.manager.loggerDict.values()
        if isinstance(each, logging.Logger)
    ]
    for each in loggers:
        each.handlers = []
    for each in loggers:
        if each is loggers[0] or not each.propagate:
            each.handlers = [collector]
    return collector


_FORMATTER = logging.Formatter()


def _portable_record(record: logging.LogRecord) -> logging.LogRecord:
    """``record`` as the main process can unpickle and log it (traceback as text)."""
    record = copy.copy(record)
    if record.exc_info:
        record.exc_text = record.exc_text or _FORMATTER.formatException(record.exc_info)
        record.exc_info = None
    if _pickles(record):
        return record
    record.msg, record.args = record.getMessage(), None
    if _pickles(record):
        return record
    return logging.makeLogRecord(
        {
            key: getattr(record, key)
            for key in ("name", "levelno", "levelname", "pathname", "lineno", "msg")
        }
        | {"exc_text": record.exc_text}
    )


def _pickles(value) -> bool:
    try:
        pickle.loads(pickle.dumps(value))
    except Exception:
        return False
    return True


def _portable_error(error: BaseException) -> BaseException | None:
    """A copy of ``error`` the main process can raise, or None if it does not pickle."""
    try:
        copied = pickle.loads(pickle.dumps(error))
    except Exception:
        return None
    if type(copied) is not type(error) or str(copied) != str(error):
        return None
    return copied


def _collect(child: _Child) -> _Report:
    chunks = []
    try:
        while chunk := os.read(child.pipe, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(child.pipe)
    _, status = os.waitpid(child.pid, 0)
    try:
        report = pickle.loads(b"".join(chunks))
    except Exception:
        report = None
    if isinstance(report, _Report) and os.waitstatus_to_exitcode(status) == 0:
        return report
    code = os.waitstatus_to_exitcode(status)
    ended = f"signal {-code}" if code < 0 else f"exit status {code}"
    failed = logging.makeLogRecord(
        {
            "name": __name__,
            "levelno": logging.ERROR,
            "levelname": "ERROR",
            "msg": "output process %s ended with %s before it wrote its share of "
            "the site",
            "args": (child.pid, ended),
        }
    )
    return _Report(records=[failed])
