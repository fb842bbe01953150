"""Where yusuan keeps what it can rebuild (caches) on this machine: one place for every cache."""

from __future__ import annotations

from pathlib import Path


def cache_folder(part: str) -> Path:
    """A folder of yusuan's cache (``layouts``, ``check``) in the user's cache folder."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("yusuan")) / part
