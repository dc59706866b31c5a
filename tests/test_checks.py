"""The checking machinery: generic checks give words, never a traceback; the guard says "not
attempted" for a placeholder, turns a checker's own failure into an honest message for students
and into an exception for the tests; numeric feedback cannot be bisected; what students can
import does not compute answers. (Each exercise's own checker is tested by test_notebooks.py.)"""

from __future__ import annotations

import inspect
import math
import re

import numpy as np
import pandas as pd
import pytest

from alliancebook import checks, exercises
from alliancebook.checks import Feedback

MALFORMED = [None, "", "   ", "two thousand", float("nan"), math.inf, [], {}, (), pd.DataFrame(),
             pd.Series([], dtype=float), np.array([1, 2]), object(), True, b"2024", Ellipsis]


def _is_feedback(result) -> bool:
    return isinstance(result, Feedback) and isinstance(result.message, str) and result.message.strip() != ""


@pytest.mark.parametrize("answer", MALFORMED, ids=repr)
def test_check_number_malformed_answers_get_feedback(answer):
    result = checks.check_number(answer, 2024)
    assert _is_feedback(result) and not result.correct


def test_check_number_accepts_numpy_text_and_series():
    for answer in (np.int64(2024), "2024", " 2,024 ", pd.Series([2024]), 2024.0):
        assert checks.check_number(answer, 2024).correct, answer


def test_numeric_feedback_gives_no_direction():
    """Too high and too low get the same words, so a student cannot bisect to the answer."""
    def words(value):
        return re.sub(r"^\S+", "", checks.check_number(value, 2024, hint="Count them.").message)

    assert words(2025) == words(2023) == words(1) == words(99999)
    assert "high" not in words(2025) and "low" not in words(2023)


def test_nan_answer_is_explained():
    assert "NaN" in checks.check_number(float("nan"), 3.0).message


@pytest.mark.parametrize("answer,expected", [
    (["a", "b", "c"], True), (["b", "a", "c"], False), (["a", "b"], False),
    (["a", "a", "b"], False), (["a", "x", "c"], False), ([], False), ("abc", False), (None, False),
    (7, False), ({"a": 1}, False),
])
def test_check_order(answer, expected):
    result = checks.check_order(answer, ["a", "b", "c"], item="event")
    assert _is_feedback(result) and result.correct is expected


def test_check_choice_accepts_any_of_several_right_answers():
    assert checks.check_choice(" B ", {"a", "b"}, ["a", "b", "c"]).correct
    assert not checks.check_choice("c", {"a", "b"}, ["a", "b", "c"]).correct
    assert "not one of the options" in checks.check_choice("z", "a", ["a", "b"]).message


@pytest.mark.parametrize("answer,expected", [
    (pd.DataFrame({"a": [1], "b": [2]}), True), (pd.DataFrame({"a": [1]}), False),
    (pd.DataFrame({"a": [], "b": []}), False), (None, False), ([1, 2], False),
])
def test_check_columns(answer, expected):
    result = checks.check_columns(answer, ["a", "b"])
    assert _is_feedback(result) and result.correct is expected


def _register(label, body):
    return checks.checker(label)(body)


def test_placeholder_answers_are_not_attempted():
    check = _register("test-placeholder", lambda a: Feedback(True, "fine"))
    for answer in (None, ..., {"x": None, "y": None}):
        result = check(answer)
        assert result.status == "not-attempted" and not result.correct
    assert check(1).status == "correct"


def test_a_broken_checker_raises_in_tests_and_apologises_to_students(monkeypatch):
    check = _register("test-broken", lambda a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        check(5)
    monkeypatch.setenv("ALLIANCEBOOK_STRICT_CHECKS", "0")
    result = check(5)
    assert result.status == "fault" and not result.correct
    assert "not in your answer" in result.message and "Traceback" not in result.message


def test_checkers_load_their_data_inside_the_guard(monkeypatch, tmp_path):
    """A broken data folder reaches a student as a message about the book's files."""
    from alliancebook import checks as c

    exercises.load_all()
    monkeypatch.setenv("ALLIANCEBOOK_DATA", str(tmp_path))
    monkeypatch.setenv("ALLIANCEBOOK_STRICT_CHECKS", "0")
    for label, check in c.REGISTRY.items():
        if label.startswith("test-"):
            continue
        result = check("an answer")
        assert _is_feedback(result) and not result.correct, label


def test_unknown_label_gets_words():
    result = checks.check("no-such-exercise", 3)
    assert _is_feedback(result) and "no checked exercise" in result.message


def test_feedback_renders_for_notebooks():
    html = Feedback(False, "Try <b>again</b>", exercise="ex-1")._repr_html_()
    assert 'role="status"' in html and "&lt;b&gt;" in html and 'data-exercise="ex-1"' in html


def test_exercise_modules_offer_no_answer_computing_helpers():
    """Public functions of a checker module are checkers or lookups of allowed values."""
    exercises.load_all()
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(exercises.__path__):
        module = importlib.import_module(f"alliancebook.exercises.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__ or name.startswith("_"):
                continue
            assert hasattr(func, "label") or name.startswith("allowed_"), \
                f"{info.name}.{name} is public: make it private or a registered checker"


def test_check_keys_names_what_is_missing():
    assert checks.check_keys({"a": 1, "b": 2}, ["a", "b"], example="{'a': 1}") is None
    problem = checks.check_keys({"a": 1}, ["a", "b"], example="{'a': 1}")
    assert not problem.correct and "lacks: b" in problem.message
    problem = checks.check_keys("a", ["a"], example="{'a': 1}")
    assert not problem.correct and "dictionary" in problem.message


def test_the_scrambled_starting_order_is_not_an_attempt():
    result = checks.check_order(["b", "a"], ["a", "b"], scrambled=["b", "a"])
    assert result.status == "not-attempted"
    assert checks.check_order(["a", "b"], ["a", "b"], scrambled=["b", "a"]).correct
