"""Checking many documents in one command: which documents the inputs name, running the check on
each in isolated worker processes (or on a Dask cluster), a cache by file content, and a report
folder. It depends on ``read`` and ``check``; they never depend on it."""

# here, not in runner, so that the command line's help can show it without loading the runner
DEFAULT_TIMEOUT = 300.0  # float-ok: seconds per document
