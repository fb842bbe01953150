"""The genre's standard tables by the words of their titles (``genre.yaml``): how a table is told in
a document of a layout yusuan has no profile for."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from ruamel.yaml import YAML

from yusuan.layout.profile import ColumnSpec, LayoutError, LayoutProfile, TableSpec, available_layouts


@dataclass(frozen=True)
class GenreTable:
    key: str
    all: tuple[str, ...]
    any: tuple[str, ...]
    none: tuple[str, ...]
    profile: LayoutProfile
    spec: TableSpec

    def fits(self, title: str) -> bool:
        return (
            all(_holds(title, word) for word in self.all)
            and (not self.any or any(_holds(title, word) for word in self.any))
            and not any(_holds(title, word) for word in self.none)
        )


def _holds(title: str, word: str) -> bool:
    """A word of genre.yaml may name its printed forms as "收支|收入支出": the title holds one of them."""
    return any(form in title for form in word.split("|"))


@cache
def genre_tables() -> tuple[GenreTable, ...]:
    text = (resources.files("yusuan.layout") / "genre.yaml").read_text(encoding="utf-8")
    out = []
    for entry in YAML(typ="safe").load(text):
        profile_id, _, table_key = entry["spec"].partition(":")
        profile = available_layouts().get(profile_id)
        if profile is None:
            raise LayoutError(f"genre.yaml：没有名为“{profile_id}”的版式")
        spec = profile.table(table_key)
        # the entry's key names the table (a basic-expenditure table by function, read with the
        # columns of another profile's table, keeps a key of its own); "columns" keeps only those
        # of the spec's columns (no measure the genre's table does not print: 人员经费 and 公用经费
        # of a table whose 合计 also holds 专项业务经费), in its order, and adds the columns it
        # writes out in full (a 决算 table's 年初结转和结余, which no budget table prints)
        spec = spec.model_copy(update={"key": entry["key"], "columns": _columns(spec, entry.get("columns"))})
        out.append(
            GenreTable(
                entry["key"],
                tuple(entry.get("all", ())),
                tuple(entry.get("any", ())),
                tuple(entry.get("none", ())),
                profile,
                spec,
            )
        )
    return tuple(out)


def _columns(spec: TableSpec, wanted: list[str | dict[str, str]] | None) -> list[ColumnSpec]:
    if not wanted:
        return spec.columns
    own = {column.key: column for column in spec.columns}
    columns = []
    for item in wanted:
        if isinstance(item, dict):
            columns.append(ColumnSpec.model_validate(item))
        elif item in own:
            columns.append(own[item])
        else:
            raise LayoutError(f"genre.yaml：表“{spec.key}”没有名为“{item}”的列")
    return columns


def genre_table(title: str) -> GenreTable | None:
    """The first genre table whose words the (normalised) title holds."""
    return next((table for table in genre_tables() if table.fits(title)), None)
