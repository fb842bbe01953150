"""``yusuan serve``: the web server on one machine, ready on first start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from yusuan.web.app import create_app
from yusuan.web.demo import Account, is_empty, seed
from yusuan.web.settings import Settings


class ServeError(Exception):
    """The server cannot start (its database cannot be opened); the message is in Chinese."""


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("yusuan")) / "web"


def prepare(settings: Settings) -> tuple[object, list[Account]]:
    """The app, and the demo accounts made now (none where the database had people already)."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    try:
        app = create_app(settings)
    except (OperationalError, ArgumentError, NoSuchModuleError) as exc:
        raise ServeError(
            f"无法打开数据库 {_shown(settings.database)}：{str(exc.orig if hasattr(exc, 'orig') else exc).strip()}"
        ) from None
    with app.state.sessions() as db:
        accounts = seed(db) if is_empty(db) else []
    return app, accounts


def accounts_text(accounts: list[Account], address: str) -> str:
    lines = [
        "首次启动：已创建示例财政局、示例单位（含库尔勒示例预算）和以下演示账号。",
        "密码只显示这一次，请妥善保存：",
    ]
    lines += [f"  {a.title}：用户名 {a.username}  密码 {a.password}" for a in accounts]
    lines.append(f"打开 {address} 登录。")
    return "\n".join(lines)


def serve(
    data_dir: Path, database_url: str, host: str, port: int, say: Callable[[str], None] = print
) -> None:
    import uvicorn

    settings = Settings(data_dir=data_dir, database_url=database_url)
    app, accounts = prepare(settings)
    address = f"http://{host}:{port}/"
    if accounts:
        say(accounts_text(accounts, address))
    say(f"yusuan web：数据库 {_shown(settings.database)}，数据文件夹 {data_dir}；按 Ctrl-C 停止。")
    uvicorn.run(app, host=host, port=port, log_level="warning")  # type: ignore[arg-type]


def _shown(url: str) -> str:
    """The database URL without its password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':')[0]}:***@{host}"
    return url
