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


# ----------------------------------------------------------------- arms-grade (NIS, 10 million)


def _nis_grade(reliability: str, credibility: int):
    return checks.check("arms-grade", {"reliability": reliability, "credibility": credibility})


def test_the_c_cap_is_named_as_the_books_house_rule_not_doctrine():
    """FM 2-22.3 grades a source by its record alone; capping governments at C is the
    codebook's own rule, and the feedback must say so."""
    accepted = _nis_grade("C", 3)
    assert accepted.correct and "house rule" in accepted.message
    assert "FM 2-22.3" in accepted.message
    refused = _nis_grade("B", 3)
    assert not refused.correct and "house rule" in refused.message


def test_credibility_5_is_refused_on_the_doctrines_own_definition():
    """FM 2-22.3: 5 is information not logical in itself and contradicted by other
    information. The NIS figure fits the container counts and the MSMT's ceiling, so 5 is
    refused, with the doctrine's reason rather than the codebook's wording for 4."""
    result = _nis_grade("C", 5)
    assert not result.correct
    assert "FM 2-22.3" in result.message and "not logical" in result.message
    assert all(_nis_grade("C", grade).correct for grade in (2, 3, 4))
