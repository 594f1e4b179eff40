"""benchmarks/synthetic.py: profiles with made-up named things, for the stability check."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def synthetic():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import synthetic as module
    finally:
        sys.path.remove(str(BENCHMARKS))
    return module


def test_fictional_profiles_name_no_real_organisation_venue_or_place(synthetic) -> None:  # type: ignore[no-untyped-def]
    profiles = synthetic.generate_profiles(30, seed=5, vocabulary=synthetic.FICTIONAL)
    real = synthetic.REAL
    named = [
        *real.universities,
        *real.employers,
        *real.venues,
        *real.awards,
        *real.places,
        *real.programming_languages,
        *real.tools,
    ]
    named = [n for n in named if len(n) > 1]  # "R" is also an author's initial
    for profile in profiles:
        found = [n for n in named if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", profile.text)]
        assert not found, (profile.file_name, found)


def test_the_default_vocabulary_is_the_real_one(synthetic) -> None:  # type: ignore[no-untyped-def]
    default = synthetic.generate_profiles(5, seed=2)
    real = synthetic.generate_profiles(5, seed=2, vocabulary=synthetic.REAL)
    assert [p.text for p in default] == [p.text for p in real]
    assert any(j.employer in synthetic.EMPLOYERS for p in default for j in p.jobs)
