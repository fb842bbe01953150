"""The web application: ``create_app(settings)``."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from yusuan import __version__
from yusuan.web import routes
from yusuan.web.access import LoginRequired
from yusuan.web.bodylimit import BodyLimit
from yusuan.web.db import engine_for, migrate, sessions
from yusuan.web.settings import Settings
from yusuan.web.templating import page

STATIC = Path(__file__).parent / "static"
API = "/api/"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API)


async def _login_required(request: Request, _exc: Exception) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": "请先登录"}, status_code=401)
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _is_api(request) or request.headers.get("HX-Request"):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    return page(request, "error.html", status_code=exc.status_code, message=exc.detail)


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"field": ".".join(str(p) for p in error["loc"]), "message": error.get("msg", "")}
        for error in exc.errors()
    ]
    if _is_api(request):
        return JSONResponse({"detail": "请求内容不完整或格式不对", "problems": problems}, status_code=422)
    return page(request, "error.html", status_code=422, message="表单内容不完整或格式不对，请返回检查")


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="yusuan 预算公开",
        version=__version__,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.state.settings = settings
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = engine_for(settings.database)
    migrate(engine)
    app.state.engine = engine
    app.state.sessions = sessions(engine)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.key(),
        session_cookie="yusuan_session",
        same_site="lax",
        https_only=settings.secure_cookies,
        max_age=8 * 3600,
    )
    app.add_middleware(BodyLimit)  # added last: the outermost, before the session is read
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for module in sorted(m.name for m in pkgutil.iter_modules(routes.__path__)):
        router = getattr(importlib.import_module(f"{routes.__name__}.{module}"), "router", None)
        if router is not None:
            app.include_router(router)
    return app
