"""Checking many files at once: a pool of worker processes, results in the order of the paths.

`check_all(runner, paths, jobs)` yields one FileResult per path, in the order given, whether the
files are checked in this process (jobs=1) or by worker processes.  The output of a parallel run
is the same as that of a serial run.

How it stays cheap:
- the first file is checked here before the pool starts, so packs, compiled regexes and jieba
  are loaded once and forked workers inherit them (fork is used where the platform has it);
- files go to workers in chunks; a worker sends back each FileResult with a *light* Document:
  the same class with only what it was built from (text, path, format, year, source …) and
  none of the derived data (lines, sentences, headings, normalized copy, rule caches).  Those
  are rebuilt lazily on the other side if an output asks for them; positions need only the text;
- the parent keeps light Documents too (a draft then costs about its text), and one copy of
  each message, rule id, severity and fix text (SharedStrings).

How it stays safe: a chunk whose results cannot be sent back, or a worker that dies, is checked
again in this process; warnings from workers are shown once each; Ctrl-C stops the workers.
Workers never outlive this process: on Linux the kernel kills a worker when its parent dies
(prctl PR_SET_PDEATHSIG), and everywhere a thread in each worker notices that its parent has
gone (the parent pid changes) and ends it, so a run killed by SIGKILL, or by a CI timeout's
SIGTERM, leaves no workers behind.  `-j` is capped at MAX_JOBS_PER_CORE workers per core.
"""

from __future__ import annotations

import dataclasses

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cached_property
from typing import Iterable, Iterator

from checker.model.findings import FileResult

AUTO_MIN_FILES = 8        # fewer files than this: start-up of workers costs more than it saves
MAX_CHUNK = 16            # files per task sent to a worker
CHUNKS_PER_WORKER = 4     # aim for this many tasks per worker (keeps both cores busy to the end)
IN_FLIGHT_PER_WORKER = 3   # chunks queued or running per worker at any time
MAX_SHARED = 20000         # distinct strings remembered for sharing across results
MAX_JOBS_PER_CORE = 4      # -j above this many workers per core only adds processes, not speed
PARENT_POLL = 0.5          # seconds between a worker's checks that its parent is still there


def cores() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def max_jobs() -> int:
    """The most worker processes a run starts, whatever -j asks for."""
    return MAX_JOBS_PER_CORE * cores()


def choose_jobs(n_files: int, jobs: int | None = None) -> int:
    """Worker processes to use: `jobs` if given (1 = in this process; at most max_jobs()),
    else automatic — one per core when there are at least AUTO_MIN_FILES files and more than
    one core."""
    if jobs is not None and jobs > 0:
        return max(1, min(jobs, n_files, max_jobs()))
    if n_files < AUTO_MIN_FILES:
        return 1
    return max(1, min(cores(), n_files))


# --- light documents -------------------------------------------------------------------------

def _derived_names(cls) -> set[str]:
    names = set()
    for klass in cls.__mro__:
        names.update(k for k, v in vars(klass).items() if isinstance(v, cached_property))
    return names


def lighten(result: FileResult) -> FileResult:
    """The result with a Document that keeps only what it was made from; derived data is
    dropped (rebuilt on demand).  Findings are untouched."""
    doc = result.doc
    if doc is None or not hasattr(doc, "__dict__"):
        return result
    derived = _derived_names(type(doc))
    light = object.__new__(type(doc))
    light.__dict__.update({k: v for k, v in doc.__dict__.items() if k not in derived})
    if isinstance(light.__dict__.get("cache"), dict):
        light.cache = {}
    return dataclasses.replace(result, doc=light)     # every other field kept as it is


class SharedStrings:
    """One copy of each finding's rule, category, severity, message and fix text across a run.

    A batch of drafts repeats a few hundred messages tens of thousands of times; each finding
    would otherwise hold its own copy (about 130 bytes), and results unpickled from workers
    never share them.  Findings are frozen, so the fields are set the way dataclasses do."""

    FIELDS = ("rule", "category", "severity", "message")

    def __init__(self):
        self._table: dict[str, str] = {}

    def __call__(self, result: FileResult) -> FileResult:
        for f in result.findings:
            for name in self.FIELDS:
                self._share(f, name)
            if f.fix is not None:
                self._share(f.fix, "replacement")
        return result

    def _share(self, obj, name: str) -> None:
        value = getattr(obj, name, None)
        if isinstance(value, str):
            if len(self._table) > MAX_SHARED:   # messages quoting the text are mostly unique:
                self._table.clear()             # keep the table from growing with the batch
            shared = self._table.setdefault(value, value)
            if shared is not value:
                object.__setattr__(obj, name, shared)


# --- the worker side -------------------------------------------------------------------------

_runner = None           # the Runner a worker uses
_warnings: list = []     # warnings raised in a worker since its last task


def _collect(msg: str) -> None:
    _warnings.append(msg)


PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """End this worker when the process that started it dies.  Linux: the kernel sends
    SIGKILL (prctl PR_SET_PDEATHSIG; the worker holds nothing that needs cleaning up).
    Everywhere, and as a second line on Linux: a daemon thread watches the parent pid, which
    changes when the parent dies and the worker is handed to init or a subreaper."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:       # the parent died before the line above took effect
        os._exit(1)

    def watch():
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="fzlint-parent-watch", daemon=True).start()


def _init_worker(opts, inherited, parent: int | None = None) -> None:
    global _runner
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C
    if parent is not None:
        _die_with_parent(parent)
    if inherited is not None:
        _runner = inherited                        # forked: packs and caches already loaded
        _runner.warn = _collect
    else:
        from checker.app.runner import Runner
        _runner = Runner(opts, warn=_collect)


def _check_chunk(paths: list[str]) -> tuple[list[FileResult], list[str]]:
    results = [lighten(_runner.check_path(p)) for p in paths]
    warned = list(_warnings)
    _warnings.clear()
    return results, warned


# --- the parent side -------------------------------------------------------------------------

def _context():
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _chunks(paths: list[str], workers: int) -> list[list[str]]:
    size = max(1, min(MAX_CHUNK, len(paths) // (workers * CHUNKS_PER_WORKER) or 1))
    return [paths[i:i + size] for i in range(0, len(paths), size)]


def check_all(runner, paths: Iterable[str], jobs: int | None = None, stdin=None,
              stdin_name: str = "<stdin>") -> Iterator[FileResult]:
    """FileResults for paths, in order.  jobs: None = automatic, 1 = in this process."""
    paths = list(paths)
    if jobs is not None and jobs > max_jobs():
        runner.warn(f"-j {jobs} 超过上限：最多使用 {max_jobs()} 个工作进程"
                    f"（CPU 核数 {cores()} 的 {MAX_JOBS_PER_CORE} 倍）")
    n = choose_jobs(len(paths), jobs)
    share = SharedStrings()
    if n <= 1:
        for p in paths:
            yield share(lighten(runner.check_path(p, stdin, stdin_name)))
        return
    for result in _check_parallel(runner, paths, n, stdin, stdin_name):
        yield share(result)


def _check_parallel(runner, paths, workers, stdin, stdin_name) -> Iterator[FileResult]:
    def here(p):
        return lighten(runner.check_path(p, stdin, stdin_name))

    # the first file is checked here: it warms this process up (packs, regexes, jieba) so
    # that forked workers start warm; standard input ("-") can only be read here
    yield here(paths[0])
    rest = paths[1:]
    files = [p for p in rest if p != "-"]
    if not files:
        for p in rest:
            yield here(p)
        return
    pooled = _pooled(runner, files, workers, here)
    try:
        for p in rest:
            yield here(p) if p == "-" else next(pooled)
    finally:
        pooled.close()


def _pooled(runner, files, workers, here) -> Iterator[FileResult]:
    """Results for files (none of them "-") from worker processes, in order."""
    ctx = _context()
    inherited = runner if ctx.get_start_method() == "fork" else None
    shown: set[str] = set()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(runner.opts, inherited, os.getpid()))
    futures = []
    try:
        chunks = _chunks(files, workers)
        # a sliding window of chunks in flight: results wait in this process only until they
        # are written, so memory stays flat however many drafts there are
        window = workers * IN_FLIGHT_PER_WORKER
        futures = [pool.submit(_check_chunk, c) for c in chunks[:window]]
        broken = False
        for i, chunk in enumerate(chunks):
            if i + window < len(chunks) and not broken:
                try:
                    futures.append(pool.submit(_check_chunk, chunks[i + window]))
                except BrokenProcessPool:
                    broken = True
            fut = futures[i] if i < len(futures) else None
            warned: list[str] = []
            if fut is not None:
                futures[i] = None          # the future holds its results: let them go once written
            if not broken and fut is not None:
                try:
                    results, warned = fut.result()
                except BrokenProcessPool:
                    broken = True          # a worker died: check the rest here
                except Exception:          # results that could not be sent back
                    results = [here(p) for p in chunk]
            if broken or fut is None:
                results = [here(p) for p in chunk]
            for msg in warned:
                if msg not in shown:
                    shown.add(msg)
                    runner.warn(msg)
            yield from results
    finally:
        # on Ctrl-C or an abandoned run, do not wait for the queued chunks
        finished = all(f.done() for f in futures if f is not None)
        pool.shutdown(wait=finished, cancel_futures=not finished)
