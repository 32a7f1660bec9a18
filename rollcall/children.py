"""Child processes of a build: forked, killed with their parent, returning a result or a traceback.

Fork, not spawn: a child shares the parent's loaded dataset and index copy-on-write, so nothing
is pickled on the way in. Every child of a build (the render workers, the data downloads, the
SQLite writer) is made here, so the rules live once:

- the garbage collector is frozen across the fork (`frozen_heap`), so a child's collections do
  not write to, and so copy, every shared page that holds the index;
- a child dies with its parent (Linux PR_SET_PDEATHSIG): a build killed half way leaves no
  child writing into a staging folder nobody will publish;
- a child's failure comes back as `ChildFailed` with the child's own traceback;
- a pool's worker (`budgeted_pool`) that has added more than its memory budget of its own
  (copy-on-write copies of the parent's pages, memos, results) ends after its current item and
  a fresh one is forked: what a worker adds stays bounded however large the data.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sys
import time
import traceback
from collections import deque
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

try:
    import resource
except ImportError:   # not Unix: no fork either
    resource = None  # type: ignore[assignment]

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


def own_memory() -> int | None:
    """Bytes of memory this process has of its own (Private_Dirty of /proc/self/smaps_rollup):
    for a forked child, the parent's pages it copied on write and what it allocated since.
    None where the kernel does not say (not Linux)."""
    try:
        with open("/proc/self/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Private_Dirty:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


class MemoryBudget:
    """In a forked worker: has it added more than `limit` bytes of its own memory?

    `spent()` is asked after every page or card, so it is cheap: reading smaps_rollup costs
    ~25 ms in a process that maps 2 GB. The count of page faults (getrusage, ~1 us) bounds what
    the process can have added since the last reading (a fault makes at most one 4 KiB page its
    own; it over-counts pages freed and faulted in again), so the file is read only when that
    bound passes the limit, and then at most once per READ_SPACING times the reading's own cost.
    """

    PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
    READ_SPACING = 50   # readings take at most ~2% of the worker's time

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self._measured = 0
        self._faults = self._fault_count()
        self._next_reading = 0.0

    def spent(self) -> bool:
        if self.limit is None:
            return False
        faults = self._fault_count()
        if self._measured + (faults - self._faults) * self.PAGE <= self.limit:
            return False
        started = time.monotonic()
        if started < self._next_reading:
            return False
        measured = own_memory()
        if measured is None:   # not known here: never retire
            self.limit = None
            return False
        self._measured, self._faults = measured, faults
        self._next_reading = time.monotonic() + self.READ_SPACING * (time.monotonic() - started)
        return measured > self.limit

    @staticmethod
    def _fault_count() -> int:
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt if resource is not None else 0


Task = Callable[[Any, MemoryBudget], "tuple[Any, Any | None]"]
"""A pool task: `task(item, budget)` -> (result, rest): `rest` is the part of `item` left undone
because `budget.spent()` (None when all of it was done); it is handed to a fresh worker."""


def budgeted_pool(name: str, task: Task, items: Iterable[Any], workers: int, budget: int | None) -> list[Any]:
    """The results of `task` over `items`, in `workers` forked processes that take the items in
    order as they become free, and die with this process.

    A worker whose own memory (own_memory) passed `budget` bytes returns what it did of its
    item and ends; the rest of the item goes to a newly forked worker, which starts again from
    the parent's pages. A task's exception is raised here as the worker raised it (a
    ChildFailed with its traceback when it cannot be sent); a worker that dies is a ChildFailed.
    """
    pending = deque(items)
    results: list[Any] = []
    live: dict[Any, Any] = {}   # connection to a worker -> its process
    try:
        for _ in range(min(workers, len(pending))):
            _hand_out(live, _start_worker(name, task, budget, live), pending)
        while live:
            for connection in multiprocessing.connection.wait(list(live)):
                result, rest, retiring = _receive(name, connection, live[connection])
                results.append(result)
                if rest is not None:
                    pending.appendleft(rest)
                if not retiring:
                    _hand_out(live, connection, pending)
                    continue
                _end(live, connection)
                if pending:
                    _hand_out(live, _start_worker(name, task, budget, live), pending)
    finally:
        for connection in list(live):
            live[connection].terminate()
            _end(live, connection)
    return results


def _start_worker(name: str, task: Task, budget: int | None, live: dict) -> Any:
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(os.getpid(), theirs, task, budget), name=name, daemon=True)
    with frozen_heap():
        process.start()
    theirs.close()
    live[ours] = process
    return ours


def _hand_out(live: dict, connection: Any, pending: deque) -> None:
    """The next item to the worker at `connection`, or its end when there is none."""
    if pending:
        connection.send(pending.popleft())
    else:
        connection.send(None)
        _end(live, connection)


def _end(live: dict, connection: Any) -> None:
    process = live.pop(connection)
    process.join()
    connection.close()


def _receive(name: str, connection: Any, process: Any) -> tuple[Any, Any, bool]:
    """(result, rest, retiring) of a worker's item; raises what the worker raised."""
    try:
        message = connection.recv()
    except EOFError:
        process.join()
        raise ChildFailed(name, f"a worker ended without a result (exit code {process.exitcode})") from None
    if message[0] == "error":
        _, exc, summary, details = message
        raise exc if exc is not None else ChildFailed(name, summary, details)
    return message[1:]


def _serve(parent: int, connection: Any, task: Task, limit: int | None) -> None:
    """A budgeted_pool worker: items until told to stop, its budget is spent, or a task raises."""
    die_with_parent(parent)
    budget = MemoryBudget(limit)
    while (item := connection.recv()) is not None:
        try:
            result, rest = task(item, budget)
        except BaseException as exc:  # noqa: BLE001 - raised again in the parent
            connection.send(("error", _if_sendable(exc), f"{type(exc).__name__}: {exc}",
                             "".join(traceback.format_exception(exc))))
            return
        retiring = rest is not None or budget.spent()
        connection.send(("ok", result, rest, retiring))
        if retiring:
            return


def _if_sendable(exc: BaseException) -> BaseException | None:
    """`exc` if it comes out of pickling as it went in (the parent raises it), else None."""
    try:
        copy = pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any pickling failure
        return None
    return copy if type(copy) is type(exc) and copy.args == exc.args else None
