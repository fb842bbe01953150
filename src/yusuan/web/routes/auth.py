"""Signing in and out (pages and API)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from yusuan.web.access import SESSION_USER, CurrentUser, Db
from yusuan.web.accounts import BadLogin, Throttled, authenticate
from yusuan.web.models import ROLE_TITLES, Role, User
from yusuan.web.security import csrf_protect, csrf_token
from yusuan.web.templating import page

router = APIRouter()
TAG: list[str | Enum] = ["账号"]


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _safe_next(target: str) -> str:
    """Only a path on this site (no //host, no scheme): a login link cannot send people elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _sign_in(request: Request, user: User) -> None:
    request.session.clear()  # a new session on sign-in: a token known before it is worth nothing
    request.session[SESSION_USER] = user.id
    request.session["who"] = who(user)  # shown only


def who(user: User) -> str:
    """The person as the page header names them: their name and role, the role once (a name such as
    编制人（某单位） already says it)."""
    role = ROLE_TITLES[Role(user.role)]
    return user.display_name if role in user.display_name else f"{user.display_name}（{role}）"


def user_json(user: User) -> dict[str, object]:
    return {
        "id": user.id,
        "username": user.username,
        "name": user.display_name,
        "role": user.role,
        "role_title": ROLE_TITLES[Role(user.role)],
        "bureau_id": user.bureau_id,
        "unit_id": user.unit_id,
    }


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "web/login.html", next=_safe_next(next), error=None, username="")


@router.post("/login", include_in_schema=False, dependencies=[Depends(csrf_protect)])
def login(
    request: Request,
    db: Db,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        user = authenticate(db, username, password, _address(request))
    except (Throttled, BadLogin) as exc:
        status = 429 if isinstance(exc, Throttled) else 401
        return page(
            request,
            "web/login.html",
            status_code=status,
            next=_safe_next(next),
            error=exc.message,
            username=username,
        )
    _sign_in(request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False, dependencies=[Depends(csrf_protect)])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)


class Credentials(BaseModel):
    username: str
    password: str


@router.get("/api/csrf", tags=TAG, summary="本会话的 CSRF 令牌（API 的写请求放在 X-CSRF-Token 头中）")
def api_csrf(request: Request) -> dict[str, str]:
    return {"csrf_token": csrf_token(request)}


@router.post("/api/login", tags=TAG, summary="登录", dependencies=[Depends(csrf_protect)])
def api_login(request: Request, db: Db, credentials: Credentials) -> Response:
    try:
        user = authenticate(db, credentials.username, credentials.password, _address(request))
    except (Throttled, BadLogin) as exc:
        return JSONResponse({"detail": exc.message}, status_code=429 if isinstance(exc, Throttled) else 401)
    _sign_in(request, user)  # a new token too: GET /api/csrf before the next write
    return JSONResponse(user_json(user))


@router.post("/api/logout", tags=TAG, summary="退出", dependencies=[Depends(csrf_protect)])
def api_logout(request: Request) -> dict[str, bool]:
    request.session.clear()
    return {"ok": True}


@router.get("/api/me", tags=TAG, summary="当前登录的人")
def api_me(user: CurrentUser) -> dict[str, object]:
    return user_json(user)
