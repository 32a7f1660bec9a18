"""Child processes of a build: forked, killed with their parent, returning a result or a traceback.

Fork, not spawn: a child shares the parent's loaded dataset and index copy-on-write, so nothing
is pickled on the way in. Every child of a build (the render workers, the data downloads, the
SQLite writer) is made here, so the rules live once:

- the garbage collector is frozen across the fork (`frozen_heap`), so a child's collections do
  not write to, and so copy, every shared page that holds the index;
- a child dies with its parent (Linux PR_SET_PDEATHSIG): a build killed half way leaves no
  child writing into a staging folder nobody will publish;
- a child's failure comes back as `ChildFailed` with the child's own traceback.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
import sys
import traceback
from contextlib import contextmanager
from typing import Any, Callable, Iterator

PR_SET_PDEATHSIG = 1


class ChildFailed(Exception):
    """A child process raised (or died); `details` is its traceback, when it could send one."""

    def __init__(self, name: str, summary: str, details: str = "") -> None:
        super().__init__(f"{name}: {summary}")
        self.name = name
        self.details = details


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def release_free_memory() -> None:
    """Give the memory allocators' freed pages back to the system: Arrow's pool (mimalloc) keeps
    what it freed for reuse (127 MB after loading the 10x record), and so does glibc's malloc.
    Before a fork, a page still held would stay resident in the child once this process reuses
    it; and every resident page counts in the build's peak."""
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
    try:
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)
    except (OSError, AttributeError):
        pass


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Fork inside this: freed memory is given back first (release_free_memory), and the objects
    that exist now are hidden from the garbage collector (gc.freeze) until the fork is done
    (~5% fewer page faults in the children)."""
    release_free_memory()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def die_with_parent(parent: int) -> None:
    """In a child: be killed when process `parent` dies (Linux; elsewhere a child of a killed
    build finishes its work, then exits)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def fork_pool(workers: int) -> multiprocessing.pool.Pool:
    """A pool of `workers` forked processes that die with this one."""
    with frozen_heap():
        return multiprocessing.get_context("fork").Pool(workers, initializer=die_with_parent,
                                                        initargs=(os.getpid(),))


class Child:
    """`target(*args)` run in a forked process; `result()` waits for its return value.

    Where fork is not available the target runs at once, in this process.
    """

    def __init__(self, name: str, target: Callable[..., Any], *args: Any) -> None:
        self.name = name
        self._process = None
        if not can_fork():
            self._inline = (target, args)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_child, args=(os.getpid(), send, target, args), name=name)
        with frozen_heap():
            self._process.start()
        send.close()

    def result(self) -> Any:
        """The target's return value; ChildFailed (with the child's traceback) if it raised or died."""
        if self._process is None:
            target, args = self._inline
            return target(*args)
        try:
            status, value, details = self._receive.recv()
        except EOFError:
            status, value, details = "error", f"ended without a result (exit code {self._process.exitcode})", ""
        self._process.join()
        if status != "ok":
            raise ChildFailed(self.name, value, details)
        return value

    def stop(self) -> None:
        """After a failure elsewhere: end the child rather than leave it running."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()


def _run_child(parent: int, send, target: Callable[..., Any], args: tuple) -> None:
    die_with_parent(parent)
    try:
        send.send(("ok", target(*args), ""))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent, which fails the build
        send.send(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
