"""The same per-document work on a Dask cluster (``yusuan check … --scheduler tcp://HOST:8786``).

Each document is one task, submitted a few at a time (the cluster's threads, twice over) and
collected as it completes. On the worker the task runs the document in a child process
(:mod:`yusuan.batch.isolated`), so that a crash, a timeout or the memory limit ends the child,
not the Dask worker, and is that document's result. Workers open the files at the same absolute
paths (shared storage), or, with ``--upload``, get the files' bytes from the client and read a
temporary copy; either way the result names the files as the command line did.

Needs the ``distributed`` package (``pip install 'yusuan[dask]'``), and yusuan installed on every
worker.
"""

from __future__ import annotations

import tempfile
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yusuan.batch.isolated import run_isolated
from yusuan.batch.pool import CRASHED, Outcome
from yusuan.batch.result import Status, failure
from yusuan.batch.runner import BatchError, BatchOptions, Run
from yusuan.batch.task import Task
from yusuan.oserror import describe

if TYPE_CHECKING:
    from distributed import Client

CONNECT_TIMEOUT = 15  # seconds to reach the scheduler


def remote_check(
    run: Run,
    index: int,
    task: Task,
    data: list[bytes] | None,
    timeout: float | None,  # float-ok: seconds
    memory_limit: int | None,
) -> Outcome:
    """On a Dask worker: one document in a child process, from its files or from ``data``."""
    if data is None:
        return run_isolated(run, task, index, timeout, memory_limit)
    with tempfile.TemporaryDirectory(prefix="yusuan-") as folder:
        copies = []
        for number, (name, content) in enumerate(zip(task.shown, data, strict=True)):
            copy = Path(folder) / str(number) / Path(name).name  # the name may tell the reader something
            copy.parent.mkdir()
            copy.write_bytes(content)
            copies.append(str(copy))
        return run_isolated(run, task.with_files(tuple(copies)), index, timeout, memory_limit)


def connect(address: str) -> Client:
    """A client of the scheduler at ``address``; BatchError (Chinese) when it cannot be had."""
    try:
        from distributed import Client
    except ImportError:
        raise BatchError(
            "使用 --scheduler 需要安装 yusuan[dask]：pip install 'yusuan[dask]'（每台 worker 上也要安装 yusuan）"
        ) from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as exc:  # OSError, TimeoutError, ValueError for a malformed address …
        raise BatchError(f"无法连接 Dask 调度器 {address}：{exc}") from None


def dask_outcomes(run: Run, tasks: Sequence[Task], options: BatchOptions) -> Iterator[Outcome]:
    """The outcome of every task run on the cluster at ``options.scheduler``, as they complete."""
    assert options.scheduler is not None
    client = connect(options.scheduler)  # first: it says when distributed is missing
    from distributed import as_completed

    try:
        window = max(8, 2 * sum(client.nthreads().values()))
        queue = deque(enumerate(tasks))
        running: dict[Any, int] = {}
        completed = as_completed(loop=client.loop)
        ready: list[Outcome] = []

        def submit() -> None:
            index, task = queue.popleft()
            data = None
            if options.upload:
                try:
                    data = client.scatter([Path(f).read_bytes() for f in task.files], hash=False)
                except OSError as exc:
                    message = f"无法读取文件（{describe(exc)}）：{exc.filename}"
                    ready.append(Outcome(index, value=failure(list(task.shown), Status.UNREADABLE, message)))
                    return
            else:
                task = task.with_files(tuple(str(Path(f).resolve()) for f in task.files))
            future = client.submit(
                remote_check, run, index, task, data, options.timeout, options.memory_limit, pure=False
            )
            running[future] = index
            completed.add(future)

        while queue and len(running) < window:
            submit()
        while running or ready:
            yield from ready
            ready.clear()
            if not running:
                continue
            future = next(completed)
            index = running.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # the worker died or was lost (KilledWorker …)
                outcome = Outcome(
                    index, failure=CRASHED, message=f"Dask 任务失败：{type(exc).__name__}: {exc}"
                )
            yield outcome
            while queue and len(running) < window:
                submit()
    finally:
        client.close()
