"""The web application: ``create_app(settings)``."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from yusuan import __version__
from yusuan.web import routes
from yusuan.web.settings import Settings

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="yusuan 预算公开",
        version=__version__,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.key(),
        session_cookie="yusuan_session",
        same_site="lax",
        https_only=settings.secure_cookies,
        max_age=8 * 3600,
    )
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for module in sorted(m.name for m in pkgutil.iter_modules(routes.__path__)):
        router = getattr(importlib.import_module(f"{routes.__name__}.{module}"), "router", None)
        if router is not None:
            app.include_router(router)
    return app
