"""Answer checkers: right answers pass, wrong ones get a hint, malformed ones get words, never a traceback."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from alliancebook import checks
from alliancebook.checks import Feedback
from alliancebook.exercises import key_dates

MALFORMED = [None, "", "   ", "two thousand", float("nan"), math.inf, [], {}, (), pd.DataFrame(),
             pd.Series([], dtype=float), np.array([1, 2]), object(), True, b"2024", Ellipsis]


def _is_feedback(result) -> bool:
    return isinstance(result, Feedback) and isinstance(result.message, str) and result.message.strip() != ""


def test_busiest_year_solution_passes():
    events = __import__("alliancebook").load("events")
    key = events[events["key_event"]]
    answer = key["date"].dt.year.value_counts().idxmax()
    result = key_dates.check_busiest_year(answer)
    assert result.correct, result.message


@pytest.mark.parametrize("offset", [-1, 1, 10])
def test_busiest_year_wrong_year_gets_direction(offset):
    result = key_dates.check_busiest_year(key_dates.busiest_year() + offset)
    assert not result.correct
    assert ("too high" in result.message) == (offset > 0)


@pytest.mark.parametrize("answer", MALFORMED, ids=repr)
def test_busiest_year_malformed_answers_get_feedback(answer):
    result = key_dates.check_busiest_year(answer)
    assert _is_feedback(result) and not result.correct


def test_busiest_year_accepts_numpy_and_text_numbers():
    year = key_dates.busiest_year()
    assert key_dates.check_busiest_year(np.int64(year)).correct
    assert key_dates.check_busiest_year(str(year)).correct
    assert key_dates.check_busiest_year(pd.Series([year])).correct


def test_first_category_solution_and_wrong_answers():
    events = __import__("alliancebook").load("events")
    first = events[events["key_event"]].sort_values("date").iloc[0]["category"]
    assert key_dates.check_first_category(first).correct
    assert key_dates.check_first_category(f"  {first.upper()} ").correct
    other = next(c for c in ["diplomacy", "treaty", "troops"] if c != first)
    assert not key_dates.check_first_category(other).correct
    for answer in MALFORMED:
        assert _is_feedback(key_dates.check_first_category(answer))


def test_nan_answer_is_explained():
    assert "NaN" in checks.check_number(float("nan"), 3.0).message


@pytest.mark.parametrize("answer,expected", [
    (["a", "b", "c"], True), (["b", "a", "c"], False), (["a", "b"], False),
    (["a", "a", "b"], False), (["a", "x", "c"], False), ([], False), ("abc", False), (None, False), (7, False),
])
def test_check_order(answer, expected):
    result = checks.check_order(answer, ["a", "b", "c"], item="event")
    assert _is_feedback(result) and result.correct is expected


@pytest.mark.parametrize("answer,expected", [
    (pd.DataFrame({"a": [1], "b": [2]}), True), (pd.DataFrame({"a": [1]}), False),
    (pd.DataFrame({"a": [], "b": []}), False), (None, False), ([1, 2], False),
])
def test_check_columns(answer, expected):
    result = checks.check_columns(answer, ["a", "b"])
    assert _is_feedback(result) and result.correct is expected


def test_friendly_turns_a_crash_into_feedback():
    @checks.friendly
    def broken(answer):
        return 1 / 0

    result = broken(5)
    assert not result.correct and "could not be checked" in result.message


def test_feedback_renders_for_notebooks():
    html = Feedback(False, "Try <b>again</b>")._repr_html_()
    assert 'role="status"' in html and "&lt;b&gt;" in html


# ------------------------------------------------------------- treaty chapter

from alliancebook.exercises import treaty  # noqa: E402


def test_clause_coding_solution_wrong_and_malformed():
    right = {"trigger": "armed_attack_in_specific_area", "obligation": "action_deemed_necessary",
             "automaticity": "per_constitutional_process"}
    assert treaty.check_clause_coding(right, "us-rok-1953").correct
    wrong = dict(right, automaticity="immediate")
    result = treaty.check_clause_coding(wrong, "us-rok-1953")
    assert not result.correct and "automaticity" in result.message and "2 of 3" in result.message
    assert "not a code" in treaty.check_clause_coding(dict(right, trigger="attack"), "us-rok-1953").message
    assert "lacks" in treaty.check_clause_coding({"trigger": "armed_attack"}, "us-rok-1953").message
    for answer in MALFORMED + [{"trigger": None, "obligation": None, "automaticity": None}]:
        result = treaty.check_clause_coding(answer, "us-rok-1953")
        assert _is_feedback(result) and not result.correct


def test_ratification_order_solution_wrong_and_malformed():
    events = __import__("alliancebook").load("events").set_index("event_id")
    solution = list(events.loc[treaty.RATIFICATION_STEPS, "date"].sort_values().index)
    assert treaty.check_ratification_order(solution).correct
    assert not treaty.check_ratification_order(list(reversed(solution))).correct
    assert not treaty.check_ratification_order(list(treaty.RATIFICATION_STEPS)).correct
    for answer in MALFORMED:
        assert _is_feedback(treaty.check_ratification_order(answer))


def test_top_topic_solution_wrong_and_malformed():
    articles = __import__("alliancebook").load("treaty_articles")
    solution = articles["topics"].str.split(";").explode().value_counts().idxmax()
    assert treaty.check_top_topic(solution).correct
    other = next(t for t in treaty.allowed_topics() if t not in treaty.top_topics())
    assert not treaty.check_top_topic(other).correct
    assert "one topic tag" in treaty.check_top_topic("security").message
    for answer in MALFORMED:
        result = treaty.check_top_topic(answer)
        assert _is_feedback(result) and not result.correct


def test_weighted_scores_solution_wrong_and_malformed():
    import alliancebook as ab

    clauses = ab.load("alliance_clauses")
    solution = (clauses["obligation"].map(treaty.OBLIGATION_SCORE)
                + 2 * clauses["automaticity"].map(treaty.AUTOMATICITY_SCORE))
    solution.index = clauses["treaty_id"]
    assert treaty.check_weighted_scores(solution).correct
    assert treaty.check_weighted_scores(solution.to_dict()).correct
    result = treaty.check_weighted_scores(treaty.weighted_scores(automaticity_weight=1))
    assert not result.correct and "twice" in result.message
    result = treaty.check_weighted_scores(solution.reset_index(drop=True))
    assert not result.correct and "indexed by treaty_id" in result.message
    with_gap = solution.copy().astype(float)
    with_gap.iloc[0] = float("nan")
    result = treaty.check_weighted_scores(with_gap)
    assert not result.correct and "not a number" in result.message
    assert "missing for" in treaty.check_weighted_scores(solution.iloc[:3]).message
    for answer in MALFORMED:
        result = treaty.check_weighted_scores(answer)
        assert _is_feedback(result) and not result.correct
