"""The routers of the web app: every module here with a ``router`` (a FastAPI ``APIRouter``) is
included by ``yusuan.web.app.create_app``. One module per concern; pages and their JSON API live
side by side (``/api/...`` for the JSON)."""
