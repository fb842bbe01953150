"""The genre's standard tables by the words of their titles (``genre.yaml``): how a table is told in
a document of a layout yusuan has no profile for."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from ruamel.yaml import YAML

from yusuan.layout.profile import LayoutError, LayoutProfile, TableSpec, available_layouts


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
            all(word in title for word in self.all)
            and (not self.any or any(word in title for word in self.any))
            and not any(word in title for word in self.none)
        )


@cache
def genre_tables() -> tuple[GenreTable, ...]:
    text = (resources.files("yusuan.layout") / "genre.yaml").read_text(encoding="utf-8")
    out = []
    for entry in YAML(typ="safe").load(text):
        profile_id, _, table_key = entry["spec"].partition(":")
        profile = available_layouts().get(profile_id)
        if profile is None:
            raise LayoutError(f"genre.yaml：没有名为“{profile_id}”的版式")
        out.append(
            GenreTable(
                entry["key"],
                tuple(entry.get("all", ())),
                tuple(entry.get("any", ())),
                tuple(entry.get("none", ())),
                profile,
                profile.table(table_key),
            )
        )
    return tuple(out)


def genre_table(title: str) -> GenreTable | None:
    """The first genre table whose words the (normalised) title holds."""
    return next((table for table in genre_tables() if table.fits(title)), None)
