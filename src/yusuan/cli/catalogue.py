"""yusuan rules and layouts: the catalogues of rules and of layouts."""

from __future__ import annotations

import click

from yusuan.cli.app import main
from yusuan.cli.errors import friendly


@main.command()
@click.option("--markdown", is_flag=True, help="输出 docs/rules.md 的内容。")
@friendly
def rules(markdown: bool) -> None:
    """列出核对规则目录。"""
    from yusuan.check.catalogue import catalogue_markdown
    from yusuan.check.registry import FAMILIES, RULES
    from yusuan.check.runner import load_rules

    if markdown:
        click.echo(catalogue_markdown())
        return
    load_rules()
    for family, title in FAMILIES.items():
        members = sorted((r for r in RULES.values() if r.family == family), key=lambda r: r.id)
        if members:
            click.echo(f"{title}（{family}）")
            for r in members:
                click.echo(f"  {r.id}  {r.severity.label}  {r.title}")
    click.echo(f"共 {len(RULES)} 条规则")


@main.command()
@friendly
def layouts() -> None:
    """列出可用的版式（公开模板）。"""
    from yusuan.layout import available_layouts
    from yusuan.layout.profile import without_year

    for profile in available_layouts().values():
        aliases = f"（别名：{'、'.join(profile.aliases)}）" if profile.aliases else ""
        click.echo(f"{profile.id}{aliases}")
        click.echo(
            f"  {profile.name}：{profile.region}，{profile.scope}{profile.stage}，{len(profile.tables)} 张表"
        )
        click.echo(f"  表：{'、'.join(without_year(spec.title) for spec in profile.tables)}")
        click.echo(f"  来源：{profile.source}")
