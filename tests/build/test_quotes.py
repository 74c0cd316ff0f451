"""Placing quotes: every occurrence found, overlaps included, in time linear in the text."""

from __future__ import annotations

import random

import pytest

from karabakh_data.build.quotes import locate, occurrences, smallest_period


def _naive(text: str, quote: str) -> list[int]:
    return [i for i in range(len(text) - len(quote) + 1) if text.startswith(quote, i)]


@pytest.mark.parametrize("seed", range(5))
def test_occurrences_equal_a_scan_of_every_offset(seed):
    """Small alphabets make periodic quotes and overlapping matches common (aabaa in aabaaabaa: periods 3 and 4)."""
    rng = random.Random(seed)
    for _ in range(3000):
        alphabet = "ab" if rng.random() < 0.7 else "abc"
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        if rng.random() < 0.5 and text:
            start = rng.randrange(len(text))
            quote = text[start : start + rng.randint(1, 12)]
        else:
            quote = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        assert occurrences(text, quote) == _naive(text, quote), (text, quote)
    assert occurrences("aabaaabaa", "aabaa") == [0, 4]


def test_smallest_period():
    assert [smallest_period(s) for s in ("a", "aaaa", "abab", "aabaa", "abcab", "abc")] == [1, 1, 2, 3, 3, 3]


def test_a_long_repeating_quote_is_placed_and_counted():
    """The worst case of benchmarks/run.py (400 KB text, 40 KB quote repeating throughout), as a correctness check: counts and offsets."""
    text, quote = "a" * 400_000, "a" * 40_000
    assert locate(text, quote, None) == "quote occurs 360001 times in the source; add quote_occurrence (1 to 360001) or quote a longer span"
    assert locate(text, quote, 360_001) == (360_000, 400_000)
    line = "The same line again. "
    assert len(occurrences(line * 1000, line * 100)) == 901
