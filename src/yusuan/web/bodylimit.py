"""The most a request body may hold, for every route of the app (an ASGI middleware).

Uploads get the reader's limits (``yusuan.read.limits``): a budget source is one file, a check of a
published document up to ``MAX_FILES`` files; every other request (a part's form, the JSON API) far
less. A body over its limit is refused with 413 and a Chinese message before the route sees it:
by its ``Content-Length`` at once, and while it streams where there is none (chunked)."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from yusuan.read.limits import DEFAULT_MAX_BYTES, size_text

MAX_FILES = 10  # files in one check of a published document
SLACK = 1024 * 1024  # a multipart body's boundaries and fields beside its files
FORM_BYTES = 16 * 1024 * 1024  # a part's form or an API body: thousands of fields, never this much
UPLOADS: tuple[tuple[tuple[str, ...], int, str], ...] = (
    (
        ("/check", "/api/check"),
        MAX_FILES * DEFAULT_MAX_BYTES + SLACK,
        f"最多 {MAX_FILES} 个文件，每个不超过 {size_text(DEFAULT_MAX_BYTES)}",
    ),
    (
        ("/budgets/upload", "/api/budgets/upload"),
        DEFAULT_MAX_BYTES + SLACK,
        f"预算源文件不超过 {size_text(DEFAULT_MAX_BYTES)}",
    ),
)


def limit_for(path: str) -> tuple[int, str]:
    """The most bytes a request to ``path`` may send, and that limit in words."""
    for paths, limit, words in UPLOADS:
        if path in paths:
            return limit, words
    return FORM_BYTES, f"上限为 {size_text(FORM_BYTES)}"


class TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, words = limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, send, f"请求内容过大（{size_text(declared)}），{words}")
            return
        received = 0
        started = refused = False

        async def counted() -> Message:
            nonlocal received, started, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit and not refused:
                    refused = True
                    if not started:  # answered here; whatever the app answers after is dropped
                        started = True
                        await _refuse(scope, send, f"请求内容过大（超过 {size_text(limit)}），{words}")
                    raise TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except Exception:
            if not refused:  # TooLarge, or what the app made of it: refused and answered above
                raise


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(scope: Scope, send: Send, text: str) -> None:
    api = scope["path"].startswith("/api/")
    body = (
        json.dumps({"detail": text}, ensure_ascii=False).encode()
        if api
        else f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>请求内容过大</title><p>{text}</p></html>'.encode()
    )
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", b"application/json" if api else b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    start: dict[str, Any] = {"type": "http.response.start", "status": 413, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": body})
