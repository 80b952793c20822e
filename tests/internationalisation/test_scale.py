"""The scales as the dissertation gives them: every quote verbatim, the rest marked "between",
and the statistics the survey reports, computed exactly. Pure."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.internationalisation.rules import LevelCounts
from app.internationalisation.scale import (
    END_LABELS,
    KEY_DIRECTION_NAMES,
    LEVELS,
    MEASURES,
    SCORES,
    Dimension,
    KeyDirection,
    score_names,
)

DATA = Path(__file__).resolve().parent / "data" / "dissertation-survey-excerpt.ru.txt"
# The whole seed, present only in the shared workspace the excerpt was taken from.
SHARED_SEED = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "seeds"
    / "cluster-internationalisation-dissertation.ru.txt"
)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _sources() -> list[str]:
    found = [_squash(DATA.read_text(encoding="utf-8"))]
    if SHARED_SEED.exists():
        found.append(_squash(SHARED_SEED.read_text(encoding="utf-8")))
    return found


def _quotes() -> list[str]:
    quotes = [level.quote for level in LEVELS.values() if level.quote]
    quotes += [measure.quote for measure in MEASURES.values() if measure.quote]
    quotes += [end.quote for ends in END_LABELS.values() for end in ends.values() if end.quote]
    return quotes


@pytest.mark.parametrize("quote", _quotes())
def test_every_quote_is_the_dissertations_word_for_word(quote: str) -> None:
    for source in _sources():
        assert _squash(quote) in source


def test_levels_1_3_5_7_quote_the_survey_and_2_4_6_lie_between() -> None:
    assert sorted(LEVELS) == [1, 2, 3, 4, 5, 6, 7]
    assert {n: level.source for n, level in LEVELS.items()} == {
        1: "dissertation",
        2: "between",
        3: "dissertation",
        4: "between",
        5: "dissertation",
        6: "between",
        7: "dissertation",
    }
    assert LEVELS[4].en.startswith("Between level 3 and level 5")
    assert LEVELS[4].sv.startswith("Mellan nivå 3 och nivå 5")
    assert LEVELS[1].quote == (
        "интернационализация не входит в планы менеджмента и участников кластера"
    )
    assert "no internationalisation strategy" in LEVELS[3].en
    assert "permanent contacts with at least one foreign cluster" in LEVELS[5].en.lower()
    assert "dedicated strategy for international activity" in LEVELS[7].en
    for level in LEVELS.values():
        assert level.sv and level.en


def test_each_grid_has_its_own_measure_and_only_its_ends_described() -> None:
    assert {d: m.en for d, m in MEASURES.items()} == {
        Dimension.GROUPS: "Activity",
        Dimension.DIRECTIONS: "Intensity",
        Dimension.GEOGRAPHY: "Success of contacts",
    }
    for dimension in Dimension:
        assert sorted(END_LABELS[dimension]) == [0, 4]
        names = score_names(dimension)
        assert sorted(names) == list(SCORES) == [0, 1, 2, 3, 4]
        assert [names[s].en for s in (1, 2, 3)] == ["1", "2", "3"]  # no words of our own
        assert names[0].en.startswith("0 – ") and names[4].en.startswith("4 – ")
    assert END_LABELS[Dimension.GROUPS][0].en == "No international links"
    assert END_LABELS[Dimension.GROUPS][4].en == "A high level of international cooperation"
    ends = {(d, s): END_LABELS[d][s].en for d in Dimension for s in (0, 4)}
    assert len(set(ends.values())) == 6  # three grids, three pairs of ends


def test_the_programmes_four_key_directions() -> None:
    assert [d.value for d in KeyDirection] == [
        "science_education",
        "production_markets",
        "sociocultural",
        "organisational",
    ]
    assert KEY_DIRECTION_NAMES[KeyDirection.SCIENCE_EDUCATION].en == (
        "Science, technology and education"
    )


@pytest.mark.parametrize(
    ("counts", "median", "mean"),
    [
        ({}, None, None),
        ({4: 1}, 4.0, 4.0),
        ({2: 1, 3: 2, 5: 1, 7: 2}, 4.0, 27 / 6),  # even: halfway between 3 and 5
        ({1: 1, 6: 1, 7: 1}, 6.0, 14 / 3),
        ({3: 3, 7: 1}, 3.0, 4.0),
    ],
)
def test_median_and_mean_of_the_levels(
    counts: dict[int, int], median: float | None, mean: float | None
) -> None:
    levels = LevelCounts(counts)
    assert levels.median == median
    assert levels.mean == (pytest.approx(mean) if mean is not None else None)


def test_the_distribution_has_every_level_with_its_share() -> None:
    levels = LevelCounts({2: 1, 3: 2, 5: 1, 7: 2})
    assert levels.total == 6
    assert levels.distribution() == {
        1: (0, 0.0),
        2: (1, 1 / 6),
        3: (2, 2 / 6),
        4: (0, 0.0),
        5: (1, 1 / 6),
        6: (0, 0.0),
        7: (2, 2 / 6),
    }
    assert LevelCounts({}).distribution()[5] == (0, None)
