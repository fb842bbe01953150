"""Check many documents: take what the cache knows, run the rest (worker processes here, or a Dask
cluster), remember what they gave, and hand each result over as soon as it is there."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from yusuan.batch import DEFAULT_TIMEOUT
from yusuan.batch.cache import ResultCache
from yusuan.batch.pool import Outcome, Pool
from yusuan.batch.result import DocumentResult, Status, failure
from yusuan.batch.task import Task, check_task

# The reader stops itself a little after the worker would be stopped: the batch's timeout decides.
READ_GRACE = 30.0  # float-ok: seconds


class BatchError(Exception):
    """A batch that cannot start (a Dask scheduler out of reach, a missing package); Chinese message."""


@dataclass(frozen=True)
class BatchOptions:
    jobs: int | None = None  # worker processes (default: one per CPU)
    timeout: float = DEFAULT_TIMEOUT  # float-ok: seconds per document
    memory_limit: int | None = None  # megabytes per worker
    rules: tuple[str, ...] | None = None  # --rule, resolved to ids
    cache: ResultCache | None = None
    scheduler: str | None = None  # a Dask scheduler's address
    upload: bool = False  # send the files' bytes to the Dask workers


Run = Callable[[Task], DocumentResult]
OnResult = Callable[[int, DocumentResult], None]


def _result(outcome: Outcome, task: Task) -> DocumentResult:
    if outcome.failure is None and isinstance(outcome.value, DocumentResult):
        return outcome.value
    status = Status(outcome.failure) if outcome.failure else Status.CRASHED
    message = outcome.message or "工作进程没有返回结果"
    return failure(list(task.shown), status, message, outcome.seconds)


def _local(run: Run, tasks: Sequence[Task], options: BatchOptions) -> Iterator[Outcome]:
    jobs = min(options.jobs or os.cpu_count() or 1, len(tasks))
    yield from Pool(run, jobs, options.timeout, options.memory_limit).map(tasks)


def run_batch(
    documents: Sequence[Sequence[Path]],
    options: BatchOptions,
    on_result: OnResult | None = None,
    run: Run = check_task,
) -> list[DocumentResult]:
    """The result of every document, in the order given; ``on_result(index, result)`` is called as
    each arrives (cached ones first). ``run`` is the work of one document (tests replace it)."""
    results: dict[int, DocumentResult] = {}

    def arrived(index: int, result: DocumentResult) -> None:
        results[index] = result
        if on_result is not None:
            on_result(index, result)

    todo: list[tuple[int, str | None, Task]] = []
    for index, files in enumerate(documents):
        shown = tuple(str(f) for f in files)
        key = options.cache.key(list(files), options.rules) if options.cache else None
        hit = options.cache.get(key, shown) if options.cache and key else None
        if hit is not None:
            arrived(index, hit)
            continue
        task = Task(shown, shown, options.rules, options.timeout + READ_GRACE)
        todo.append((index, key, task))
    tasks = [task for _, _, task in todo]
    if tasks:
        outcomes: Iterator[Outcome]
        if options.scheduler:
            from yusuan.batch.dask import dask_outcomes

            outcomes = dask_outcomes(run, tasks, options)
        else:
            outcomes = _local(run, tasks, options)
        for outcome in outcomes:
            index, key, task = todo[outcome.index]
            result = _result(outcome, task)
            if options.cache and key:
                options.cache.put(key, result)
            arrived(index, result)
    return [results[i] for i in range(len(documents))]
