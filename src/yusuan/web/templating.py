"""The Jinja2 templates of the web app (``templates/``), with what every page may use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from yusuan.web.security import csrf_field, csrf_token

TEMPLATES = Path(__file__).parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.globals.update(csrf_field=csrf_field, csrf_token=csrf_token)


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``templates/<name>`` for ``request`` (the template sees ``request`` and ``context``)."""
    return templates.TemplateResponse(request, name, context, status_code=status_code)
