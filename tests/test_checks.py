"""The checking machinery: any input becomes a plain value or a message, at once and with bounded
memory; each exercise's form speaks the same words in both editions; the guard says "not
attempted" for a placeholder, turns a grader's own failure into an honest message for students and
into an exception for the tests; numeric feedback cannot be bisected; the public exercise modules
hold no answer. (Each exercise's own grader is tested by test_notebooks.py, through the harness.)"""

from __future__ import annotations

import ast
import math
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliancebook import checks, exercises, forms
from alliancebook.checks import Feedback

PACKAGE = Path(checks.__file__).parent


def _endless():
    while True:
        yield "A"


class _RaisingNumber:
    def __float__(self):
        raise RuntimeError("no number here")


class _AlwaysEqual(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def _deep(levels: int) -> list:
    top = current = []
    for _ in range(levels):
        current.append([])
        current = current[0]
    return top


HOSTILE = [_endless(), _RaisingNumber(), 10**400, -10**400, _deep(5000), set("ab"),
           list(range(100_000)), "x" * 1_000_000, pd.DataFrame({"a": range(10)}),
           np.zeros((3, 3)), pd.Series(range(50_000)), b"2024", object(), Ellipsis,
           {1: "a"}, {"a": _endless()}, (x for x in range(3)), map(str, range(3))]


@pytest.mark.parametrize("answer", HOSTILE, ids=lambda a: type(a).__name__)
def test_any_input_becomes_plain_or_a_message_at_once(answer):
    start = time.perf_counter()
    try:
        value = forms.plain(answer)
    except forms.Refused as exc:
        assert str(exc).strip()
    else:
        assert type(value) in {int, float, str, bool, list, dict, type(None)}
    assert time.perf_counter() - start < 0.5


def test_plain_values_lose_their_subclass_tricks():
    value = forms.plain([_AlwaysEqual("x"), np.int64(3), np.float64(0.5), np.bool_(True)])
    assert value == ["x", 3, 0.5, True]
    assert [type(v) for v in value] == [str, int, float, bool]
    assert value[0] != "y"
    assert forms.plain(pd.Series([2024])) == [2024]
    assert forms.plain(np.array(["A", "B"])) == ["A", "B"]


@pytest.mark.parametrize("form,good,bad", [
    (forms.Number("days", whole=True, low=0), [3, "3", [3], 3.0], [3.5, -1, "three", None, []]),
    (forms.Choice(["A", "B"]), ["a", " B "], ["", "AB", "ABCDEF", 1, ["A"]]),
    (forms.Items(["a", "b", "c"]), [["c", "b", "a"]], [["a", "b"], ["a", "a", "b"],
                                                       ["a", "x", "c"], "abc", []]),
    (forms.Items([1, 2, 3], every=False, increasing=True), [[1, 3], [2]],
     [[3, 1], [True], [4], [1, 1]]),
    (forms.Keys({"x": forms.Truth()}, example="{'x': True}"), [{"x": False}],
     [{"x": 1}, {"y": True}, "x", {"x": None}]),
])
def test_forms_accept_the_right_shape_only(form, good, bad):
    for value in good:
        assert form.problem(forms.plain(value)) is None, value
    for value in bad:
        problem = form.problem(forms.plain(value))
        assert isinstance(problem, str) and problem.strip(), value


def test_a_bound_left_open_is_not_printed():
    """A number with only a lower (or upper) bound names that bound, never 'None'."""
    assert forms.Number(low=0).problem(-1) == "Give a number of at least 0."
    assert forms.Number(high=10).problem(11) == "Give a number of at most 10."
    assert forms.Number(low=1, high=5).problem(9) == "Give a number from 1 to 5."


def test_numeric_feedback_gives_no_direction():
    """Too high and too low get the same words, so a student cannot bisect to the answer."""
    def words(value):
        return re.sub(r"^\S+", "", checks.check_number(value, 2024, hint="Count them.").message)

    assert words(2025) == words(2023) == words(1) == words(99999)
    assert "high" not in words(2025) and "low" not in words(2023)


def test_check_order_and_choice():
    assert checks.check_order(["a", "b", "c"], ["a", "b", "c"]).correct
    result = checks.check_order(["b", "a", "c"], ["a", "b", "c"], item="event")
    assert not result.correct and "2 of the 3 events" in result.message
    assert checks.check_choice(" B ", {"a", "b"}, ["a", "b", "c"]).correct
    assert not checks.check_choice("c", {"a", "b"}, ["a", "b", "c"]).correct


def _declare(label, form, grade):
    checks.exercise(label, form)
    checks.checker(label)(grade)
    return checks.REGISTRY[label]


def test_placeholders_and_starting_values_are_not_attempted():
    check = _declare("test-placeholder", forms.Items(["a", "b"], starter=["b", "a"]),
                     lambda a: Feedback(True, "fine"))
    for answer in (None, ..., {"x": None, "y": None}, ["b", "a"]):
        result = check(answer)
        assert result.status == "not-attempted" and not result.correct
    assert check(["a", "b"]).status == "correct"


def test_a_broken_grader_raises_in_tests_and_apologises_to_students(monkeypatch):
    check = _declare("test-broken", forms.Number(), lambda a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        check(5)
    monkeypatch.setenv("ALLIANCEBOOK_STRICT_CHECKS", "0")
    result = check(5)
    assert result.status == "fault" and not result.correct
    assert "not in your answer" in result.message and "Traceback" not in result.message


def test_a_students_input_is_never_the_books_fault(monkeypatch):
    """Hostile input gets a plain "Not yet" from every exercise, in under a second each."""
    monkeypatch.setenv("ALLIANCEBOOK_STRICT_CHECKS", "0")
    checks._load()
    labels = [label for label in checks.FORMS if not label.startswith("test-")]
    assert len(labels) >= 30
    for label in labels:
        for answer in HOSTILE:
            start = time.perf_counter()
            result = checks.check(label, answer)
            assert result.status in {"retry", "not-attempted"}, (label, result)
            assert time.perf_counter() - start < 1, (label, type(answer).__name__)


def test_only_the_last_plain_answer_is_kept():
    check = _declare("test-memory", forms.Number(), lambda a: Feedback(False, "no"))
    big = pd.DataFrame(np.zeros((500_000, 10)))   # 40 MB
    for _ in range(20):
        check(big)
    assert checks.ATTEMPTS["test-memory"][0] is None
    check(np.float64(2.5))
    value, result = checks.ATTEMPTS["test-memory"]
    assert type(value) is float and value == 2.5 and result.status == "retry"


def test_checkers_load_their_data_inside_the_guard(monkeypatch, tmp_path):
    """A broken data folder reaches a student as a message about the book's files."""
    checks._load()
    monkeypatch.setenv("ALLIANCEBOOK_DATA", str(tmp_path))
    monkeypatch.setenv("ALLIANCEBOOK_STRICT_CHECKS", "0")
    for label in checks.REGISTRY:
        if not label.startswith("test-"):
            result = checks.check(label, "an answer")
            assert isinstance(result, Feedback) and not result.correct, label


def test_unknown_label_gets_words():
    for label in ("no-such-exercise", 3, None):
        result = checks.check(label, 3)
        assert isinstance(result, Feedback) and "no checked exercise" in result.message


def test_feedback_renders_for_notebooks():
    html = Feedback(False, "Try <b>again</b>", exercise="ex-1")._repr_html_()
    assert 'role="status"' in html and "&lt;b&gt;" in html and 'data-exercise="ex-1"' in html


def test_every_exercise_has_a_form_and_a_grader():
    checks._load()
    labels = {label for label in checks.FORMS if not label.startswith("test-")}
    assert labels == {label for label in checks.REGISTRY if not label.startswith("test-")}


def test_public_exercise_modules_hold_no_grader_and_import_no_key():
    """exercises/ is shipped to students: it declares forms and never reaches the key."""
    for path in sorted((PACKAGE / "exercises").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module or "" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom)}
        assert not any("key" in name.split(".") for name in imported), path.name
        decorators = [d for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
                      for d in node.decorator_list]
        assert not decorators, f"{path.name} defines a grader: graders belong in key/"
        private = [node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
                   and node.name.startswith("_")]
        assert not private, f"{path.name}: {private}"
    exercises.load_all()


def test_nan_and_starting_values_get_their_own_words():
    checks._load()
    assert "NaN" in checks.check("verify-kappa", float("nan")).message
    assert "NaN or infinite" in checks.check("verify-kappa", math.inf).message
