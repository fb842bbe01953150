"""The settings of one yusuan web server."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from yusuan.atomic import write_atomic


@dataclass(frozen=True)
class Settings:
    data_dir: Path  # the SQLite file (by default), the secret key, built files
    database_url: str = ""  # empty: SQLite in data_dir
    secret_key: str = ""  # empty: read from (or made once in) data_dir/secret.key
    secure_cookies: bool = False  # True behind HTTPS: cookies only sent over TLS

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'yusuan.db'}"

    def key(self) -> str:
        """The key that signs session cookies: given, or made once and kept in the data folder."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            write_atomic(path, secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()
