"""Answer keys that the fact-checks of December 2026 found wrong, each pinned by a test.

A student who answers as the sources say must be told so. Each test below failed on the key as
it stood before the correction.
"""

from __future__ import annotations

import pytest

from alliancebook import checks
from alliancebook.exercises import verification


@pytest.fixture(autouse=True)
def _loaded():
    checks._load()


def _grades(forum: str) -> dict:
    un_veto, tass, post = verification.GRADED_SOURCES
    papers, openly = verification.GRADED_CLAIMS
    return {un_veto: "B", tass: "C", post: forum, papers: 2, openly: 4}


def test_an_anonymous_forum_post_is_f_as_the_doctrine_says():
    """FM 2-22.3: E is a source with a history of invalid information, F one with no basis to
    judge it. Anonymous forum posters have no record either way."""
    assert checks.check("verify-grade", _grades("F")).correct
    result = checks.check("verify-grade", _grades("E"))
    assert not result.correct and "no basis" in result.message


def test_f_is_refused_for_a_source_with_a_record():
    answer = _grades("F")
    answer[verification.GRADED_SOURCES[0]] = "F"
    result = checks.check("verify-grade", answer)
    assert not result.correct and "has a record" in result.message
