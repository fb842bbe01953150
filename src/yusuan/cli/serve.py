"""yusuan serve: the web app started."""

from __future__ import annotations

from pathlib import Path

import click

from yusuan.cli.app import main
from yusuan.cli.errors import friendly


@main.command()
@click.option(
    "--database",
    "database_url",
    default="",
    help="数据库地址，如 postgresql://用户:密码@主机/库名（默认：数据文件夹中的 SQLite 文件）。",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="数据文件夹：SQLite 数据库、会话密钥、生成的文件（默认在用户数据文件夹中）。",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口。")
@friendly
def serve(database_url: str, data_dir: Path | None, host: str, port: int) -> None:
    """启动网页版：在浏览器中编制、审核和公开预算（首次启动时创建示例单位和演示账号）。"""
    from yusuan.web.serve import ServeError, default_data_dir, serve

    try:
        serve(data_dir or default_data_dir(), database_url, host, port, say=click.echo)
    except ServeError as exc:
        raise click.ClickException(str(exc)) from None
