"""The dip sample: reproducible with a seed, and every stratum covered."""

from __future__ import annotations

import random

import pytest

from frontdoor.quality.sampling import DIMENSIONS, Case, draw, strata_of


def population(n: int, seed: int = 1) -> list[Case]:
    rng = random.Random(seed)
    return [
        Case(
            key=f"case-{i:03d}",
            strata={
                "team": rng.choice(["CHAT", "FAST"]),
                "worker": rng.choice([f"Worker {w}" for w in range(7)]),
                "outcome": rng.choice(["NFA", "Early help", "Assessment", "Strategy discussion", "Advice"]),
                "weekday": rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]),
            },
        )
        for i in range(n)
    ]


def test_the_same_seed_draws_the_same_sample_whatever_order_the_cases_come_in():
    cases = population(80)
    first = draw(cases, size=15, dimensions=DIMENSIONS, seed=20261130)
    shuffled = list(reversed(cases))
    assert draw(shuffled, size=15, dimensions=DIMENSIONS, seed=20261130) == first
    assert draw(cases, size=15, dimensions=DIMENSIONS, seed=7) != first


@pytest.mark.parametrize("seed", range(25))
def test_every_stratum_is_covered(seed):
    cases = population(60, seed)
    sample = draw(cases, size=12, dimensions=DIMENSIONS, seed=seed)
    assert strata_of(sample, DIMENSIONS) == strata_of(cases, DIMENSIONS)
    assert len(sample) == len({c.key for c in sample}) >= 12


def test_covering_every_stratum_can_take_more_than_the_size():
    cases = [Case(f"c{i}", {"worker": f"W{i}"}) for i in range(6)]
    assert len(draw(cases, size=3, dimensions=["worker"], seed=1)) == 6


def test_a_sample_is_never_larger_than_the_population():
    cases = population(5)
    assert len(draw(cases, size=50, dimensions=["team"], seed=1)) == 5
    assert draw([], size=10, dimensions=DIMENSIONS, seed=1) == []


def test_an_unknown_stratum_is_refused():
    with pytest.raises(ValueError, match="Unknown strata: colour"):
        draw(population(3), size=1, dimensions=["colour"], seed=1)
