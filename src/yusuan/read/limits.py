"""What a reader refuses, and for how long it may run.

Every failure to read a file ends as a :class:`ReadError` whose message says, in Chinese, what is
wrong and with which file ("PDF 已加密，无法读取：FILE"), never as a library traceback. The limits
keep a hostile or broken file from taking the machine: a maximum file size, a maximum number of
pages (sheets, for workbooks), and a deadline per document that the readers check inside their page,
sheet, row and line loops.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_PAGES = 1000
DEFAULT_TIMEOUT = 120.0


class ReadError(Exception):
    """A file that cannot be read; the message (Chinese) says what and where."""

    def __init__(self, message: str, file: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Limits:
    """How big a file may be, how many pages it may have, and how long reading it may take."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = DEFAULT_MAX_PAGES
    timeout: float = DEFAULT_TIMEOUT  # float-ok: seconds


def size_text(count: int) -> str:
    """A byte count for messages: 1.5 MB, 12.0 KB, 300 字节."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count} 字节"


class Deadline:
    """The time a document's reading must end by; :meth:`check` raises once it has passed."""

    def __init__(self, seconds: float = DEFAULT_TIMEOUT, file: str = "") -> None:  # float-ok: seconds
        self.seconds = seconds
        self.file = file
        self.start = time.monotonic()
        self.end = self.start + seconds

    def expired(self) -> bool:
        return time.monotonic() >= self.end

    def check(self, where: str = "") -> None:
        """Raise ReadError when the deadline has passed; ``where`` names the place reached (第 3 页)."""
        if self.expired():
            place = f"，读到{where}" if where else ""
            raise ReadError(
                f"读取超时（超过 {self.seconds:g} 秒{place}），已停止：{self.file}",
                self.file,
            )
