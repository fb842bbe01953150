"""The ``yusuan`` command line: a thin layer over the library, one module per command group.

``main`` (the console script, and ``python -m yusuan``) is the group of ``cli.app``; importing each
command module below adds its commands to it.
"""

from yusuan.cli import build, catalogue, check, read, reference, serve, start  # noqa: F401  (registers)
from yusuan.cli.app import main

__all__ = ["main"]
