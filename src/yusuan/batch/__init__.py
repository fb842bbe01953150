"""Checking many documents in one command: which documents the inputs name, running the check on
each in isolated worker processes (or on a Dask cluster), a cache by file content, and a report
folder. It depends on ``read`` and ``check``; they never depend on it."""
