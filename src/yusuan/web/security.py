"""CSRF protection: one random token per session, sent back by every unsafe request.

A form carries it in the hidden field ``csrf_token`` (``{{ csrf_field(request) }}`` in a template);
htmx and API calls send it in the ``X-CSRF-Token`` header (``base.html`` sets it for htmx). A router
whose routes change anything depends on ``csrf_protect``.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request
from markupsafe import Markup

SESSION_KEY = "csrf"
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# the most fields a posted form may have: a part's form posts one per input (Korla's performance
# targets 802, a department's several thousand); Starlette's default is 1000. The first reader of
# a request's form fixes the limit for every later one, so both this module and the routes use it.
MAX_FIELDS = 20_000


def csrf_token(request: Request) -> str:
    """This session's token (made on first use)."""
    token = request.session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return str(token)


def csrf_field(request: Request) -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, csrf_token(request))


async def csrf_protect(request: Request) -> None:
    """A FastAPI dependency: an unsafe request without this session's token is refused (403)."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get(SESSION_KEY)
    sent: object = request.headers.get(HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form(max_fields=MAX_FIELDS)).get(
            FIELD
        )  # Starlette keeps the parsed form for the route
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, str(expected)):
        raise HTTPException(status_code=403, detail="请求缺少有效的安全令牌（CSRF），请刷新页面后重试")
