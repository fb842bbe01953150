"""The ``yusuan`` command group; each module of ``yusuan.cli`` adds its commands to it."""

from __future__ import annotations

import click

from yusuan import __version__, clitext

clitext.install()  # click's own texts (usage, help, errors) in Chinese, before any command is defined


@click.group(cls=clitext.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="yusuan")
def main() -> None:
    """yusuan（预算）：部门/单位预算公开的编制、核对与读取。

    预算源（SOURCE）是一个 YAML 文件、含 budget.yaml 的文件夹、yusuan 填报工作簿
    （yusuan template 生成的 .xlsx，见 docs/format.md），或一份填好的官方预算模板（Excel，见 docs/import.md）。
    """
