"""A few hundred damaged inputs through every reader and the budget loader, with a fixed seed:
each is read and checked, or refused with a Chinese message — never an internal error (issue 11).
The long campaign is ``bench/fuzz.py`` (tests/fuzzkit.py says how cases are made)."""

from __future__ import annotations

import pytest

from fuzzkit import Seed, cases, run_case, seeds

CHUNKS = 4
PER_CHUNK = 60


@pytest.fixture(scope="module")
def all_seeds(tmp_path_factory: pytest.TempPathFactory) -> list[Seed]:
    return seeds(tmp_path_factory.mktemp("fuzz-seeds"))


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_damaged_inputs_are_read_or_refused(all_seeds: list[Seed], chunk: int) -> None:
    internal = []
    for case, suffix, kind, data in cases(all_seeds, PER_CHUNK, seed=20261202 + chunk):
        outcome = run_case(suffix, kind, data)
        if outcome.status == "internal":
            internal.append(f"{case}: {outcome.detail}")
    assert not internal, "\n\n".join(internal[:3])


def test_cases_are_the_same_for_the_same_seed(all_seeds: list[Seed]) -> None:
    """A failing case can be made again from its id (seed and number)."""
    first = cases(all_seeds, 20, seed=7)
    assert [c[3] for c in cases(all_seeds, 20, seed=7)] == [c[3] for c in first]
    assert [c[3] for c in cases(all_seeds, 20, seed=8)] != [c[3] for c in first]
