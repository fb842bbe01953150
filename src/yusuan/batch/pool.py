"""Run one function on many items in long-lived worker processes, each item isolated.

``concurrent.futures.ProcessPoolExecutor`` marks every pending future broken when one worker dies,
so one PDF that crashes a C library would lose the whole batch. This supervisor knows which item
each worker holds: an exception, a worker that dies (a segfault, ``os._exit``, the kernel's OOM
killer), an item that runs past its timeout (the worker is killed) or one that exceeds the memory
limit (``RLIMIT_AS`` in the worker) becomes *that item's* outcome; the dead worker is replaced and
the other items go on. Outcomes stream back in the order they complete.

Workers are started with ``forkserver`` where it exists (a clean process, forked quickly) and
``spawn`` elsewhere — never a plain ``fork`` of a parent that may hold threads. They ignore Ctrl-C:
the parent stops them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

CRASHED = "crashed"
TIMEOUT = "timeout"
MEMORY = "memory"


@dataclass
class Outcome:
    """What became of one item: its value, or a failure (crashed, timeout, memory) with a Chinese
    message saying what happened."""

    index: int
    value: Any = None
    failure: str | None = None
    message: str = ""
    detail: str = ""  # a traceback, for developers
    seconds: float = 0.0  # float-ok: elapsed time


def limit_memory(megabytes: int | None) -> None:
    """Cap this process's address space (Linux and macOS; elsewhere there is no limit)."""
    if not megabytes:
        return
    try:
        import resource
    except ImportError:  # Windows
        return
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def attempt(func: Callable[[Any], Any], index: int, item: Any) -> Outcome:
    """``func(item)`` as an outcome: a MemoryError is a memory failure, any other exception a crash."""
    started = time.perf_counter()
    try:
        value = func(item)
    except MemoryError:
        return Outcome(
            index,
            failure=MEMORY,
            message="内存不足：超过了内存上限（--memory-limit）",
            seconds=_since(started),
        )
    except Exception as exc:
        return Outcome(
            index,
            failure=CRASHED,
            message=f"yusuan 内部错误：{type(exc).__name__}: {exc}",
            detail=traceback.format_exc(limit=8),
            seconds=_since(started),
        )
    return Outcome(index, value=value, seconds=_since(started))


def death_message(exitcode: int | None) -> str:
    """Why a worker process ended, in Chinese, from its exit code (negative: the signal)."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"信号 {-exitcode}"
        if -exitcode == getattr(signal, "SIGKILL", 9):
            return f"工作进程被系统终止（{name}，常见原因是内存不足）"
        return f"工作进程崩溃（{name}）"
    return f"工作进程意外退出（退出码 {exitcode}）"


def _since(started: float) -> float:  # float-ok: elapsed time
    return round(time.perf_counter() - started, 2)


def _serve(conn: Connection, func: Callable[[Any], Any], memory_limit: int | None) -> None:
    """A worker: take (index, item) from the pipe, send back the outcome, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(memory_limit)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, item = job
        outcome = attempt(func, index, item)
        try:
            conn.send(outcome)
        except Exception as exc:  # the value does not pickle: say so instead of dying silently
            conn.send(Outcome(index, failure=CRASHED, message=f"结果无法传回：{type(exc).__name__}: {exc}"))
        if outcome.failure == MEMORY:
            return  # a process that ran out of memory may be in a bad state: start afresh


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    index: int | None = None  # the item it holds
    started: float = 0.0  # float-ok: monotonic time


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class Pool:
    """``jobs`` workers applying ``func`` to items; each item gets ``timeout`` seconds."""

    def __init__(
        self,
        func: Callable[[Any], Any],
        jobs: int | None = None,
        timeout: float | None = None,  # float-ok: seconds
        memory_limit: int | None = None,  # megabytes of address space per worker
    ) -> None:
        self.func = func
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._context = _context()

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(child, self.func, self.memory_limit), name="yusuan-worker", daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def map(self, items: Sequence[Any]) -> Iterator[Outcome]:
        """The outcome of every item, in the order they complete."""
        pending = deque(enumerate(items))
        workers: list[_Worker] = []
        try:
            while pending or any(w.index is not None for w in workers):
                while pending and len(workers) < self.jobs:
                    workers.append(self._start())
                for worker in list(workers):
                    if worker.index is None and pending:
                        job = pending.popleft()
                        try:
                            worker.conn.send(job)
                        except OSError:  # it died while idle: the item waits for another
                            pending.appendleft(job)
                            _stop(worker, kill=True)
                            workers.remove(worker)
                            continue
                        worker.index, worker.started = job[0], time.monotonic()
                if any(w.index is not None for w in workers):
                    yield from self._collect(workers)
        finally:  # done, or the caller gave up (Ctrl-C): a busy worker is killed, an idle one told to stop
            for worker in workers:
                _stop(worker, kill=worker.index is not None)

    def _collect(self, workers: list[_Worker]) -> Iterator[Outcome]:
        """Wait until a busy worker finishes, dies or runs out of time; the outcomes of those."""
        busy = [w for w in workers if w.index is not None]
        waits: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        timeout = None
        if self.timeout is not None:
            timeout = max(0.0, min(w.started + self.timeout for w in busy) - time.monotonic())
        ready = set(wait(waits, timeout))
        now = time.monotonic()
        for worker in busy:
            index = worker.index
            assert index is not None
            if worker.conn in ready or worker.process.sentinel in ready:
                outcome = _receive(worker)
                if outcome is None:  # it died holding the item
                    worker.process.join(5)
                    outcome = Outcome(
                        index,
                        failure=CRASHED,
                        message=death_message(worker.process.exitcode),
                        seconds=round(now - worker.started, 2),
                    )
            elif self.timeout is not None and now >= worker.started + self.timeout:
                _stop(worker, kill=True)
                outcome = Outcome(
                    index,
                    failure=TIMEOUT,
                    message=f"超时：超过 {self.timeout:g} 秒仍未完成，已停止（--timeout）",
                    seconds=round(now - worker.started, 2),
                )
            else:
                continue
            worker.index = None
            if outcome.failure in (TIMEOUT, MEMORY) or not worker.process.is_alive():
                _stop(worker, kill=True)  # replaced by a fresh worker when there is more to do
                workers.remove(worker)
            yield outcome


def _receive(worker: _Worker) -> Outcome | None:
    """The outcome the worker sent, or None when it died without sending one."""
    try:
        if worker.conn.poll():
            outcome = worker.conn.recv()
            return outcome if isinstance(outcome, Outcome) else None
    except (EOFError, OSError):
        pass
    return None


def _stop(worker: _Worker, kill: bool = False) -> None:
    if worker.process.is_alive() and not kill:
        with contextlib.suppress(OSError):
            worker.conn.send(None)
        worker.process.join(1)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join(5)
    worker.conn.close()
