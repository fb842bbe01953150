"""Run one function on one item in a fresh Python process, with a timeout and a memory limit.

A Dask worker runs tasks in threads of a long-lived, daemonic process: it cannot start
multiprocessing children, and a thread cannot be stopped. So each document runs in a child
started with ``subprocess`` (``python -m yusuan.batch.isolated``): the parent's import path, then
the function and item, go in pickled on stdin, the outcome comes back pickled on a private copy of stdout (whatever the
function prints goes to stderr). A crash, a timeout or the memory limit ends the child, not the
worker, and becomes the item's outcome, as in :mod:`yusuan.batch.pool`.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from yusuan.batch.pool import CRASHED, TIMEOUT, Outcome, attempt, death_message, limit_memory


def run_isolated(
    func: Callable[[Any], Any],
    item: Any,
    index: int = 0,
    timeout: float | None = None,  # float-ok: seconds
    memory_limit: int | None = None,
) -> Outcome:
    """``func(item)`` in a child process, as an outcome."""
    # the parent's import path first, as multiprocessing does: func may live outside site-packages
    payload = pickle.dumps(sys.path) + pickle.dumps((func, index, item, memory_limit))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "yusuan.batch.isolated"],
            input=payload,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(
            index, failure=TIMEOUT, message=f"超时：超过 {timeout:g} 秒仍未完成，已停止（--timeout）"
        )
    if done.returncode == 0:
        try:
            outcome = pickle.loads(done.stdout)
        except Exception:  # nothing or garbage came back
            outcome = None
        if isinstance(outcome, Outcome):
            return outcome
    tail = done.stderr.decode("utf-8", "replace")[-2000:]
    return Outcome(index, failure=CRASHED, message=death_message(done.returncode), detail=tail)


def _main() -> None:
    """The child: read (func, index, item, memory limit) from stdin, write the outcome."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.path[:] = pickle.load(sys.stdin.buffer)
    func, index, item, memory_limit = pickle.load(sys.stdin.buffer)
    limit_memory(memory_limit)
    outcome = attempt(func, index, item)
    pickle.dump(outcome, out)
    out.close()


if __name__ == "__main__":
    _main()
