"""Answer checks for exercises: every check returns Feedback a student can read, never a traceback.

An exercise is answered with ``ab.check(label, answer)``. The answer goes through three steps:

1. ``forms.plain`` makes it a plain value (or refuses it with a message);
2. the exercise's form (``exercise(label, form)`` in ``exercises/<page>.py``) checks its shape;
3. its grader (``@checker(label)`` in ``key/<page>.py``, the answer key) judges it.

Steps 1 and 2 hold no answer and run in every edition. The student edition has no ``key``
package: there ``check`` records a well-formed answer and says so, without judging it. Only the
last plain answer per exercise is kept (``ATTEMPTS``); the autograder hands it to a separate
process that holds the key. A failure inside a grader is the book's fault and is reported as
such; with ALLIANCEBOOK_STRICT_CHECKS=1 (the tests) it is raised instead.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import math
import os
from collections.abc import Iterable

from . import forms
from .errors import DataError
from .forms import as_number, describe

__all__ = ["Feedback", "checker", "check", "exercise", "check_number", "check_choice",
           "check_order", "describe", "as_number", "has_key"]

FORMS: dict = {}      # exercise label -> its answer's form (every edition)
REGISTRY: dict = {}   # exercise label -> guarded grader (the instructor edition only)
ATTEMPTS: dict = {}   # exercise label -> (last plain answer or None, its Feedback)


class Feedback:
    """The result of checking an answer: correct or not, and what to do next."""

    def __init__(self, correct: bool, message: str, *, attempted: bool = True,
                 fault: bool = False, graded: bool = True, exercise: str | None = None):
        self.correct = bool(correct) and attempted and not fault and graded
        self.message, self.attempted, self.fault = message, attempted, fault
        self.graded, self.exercise = graded, exercise

    @property
    def status(self) -> str:
        """One word: correct, retry, not-attempted, fault, or recorded (a usable answer that
        the student edition, which has no answer key, does not judge)."""
        if self.fault:
            return "fault"
        if not self.attempted:
            return "not-attempted"
        if not self.graded:
            return "recorded"
        return "correct" if self.correct else "retry"

    _MARKS = {"correct": "Correct.", "retry": "Not yet.",
              "not-attempted": "Not attempted yet.", "fault": "Checker problem.",
              "recorded": "Answer recorded."}

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return f"{self._MARKS[self.status]} {self.message}"

    def _repr_html_(self) -> str:
        label = f' data-exercise="{html.escape(self.exercise)}"' if self.exercise else ""
        return (f'<div class="ab-feedback ab-feedback-{self.status}" role="status"{label}>'
                f'<strong>{self._MARKS[self.status]}</strong> '
                f'{html.escape(self.message)}</div>')


def _strict() -> bool:
    return os.environ.get("ALLIANCEBOOK_STRICT_CHECKS") == "1"


def _blank(answer) -> bool:
    """An answer still at its placeholder: None, ..., or a dict of Nones."""
    if answer is None or answer is Ellipsis:
        return True
    return type(answer) is dict and bool(answer) and all(v is None for v in answer.values())


def has_key() -> bool:
    """True where the answer key (the ``key`` package) is installed: the instructor edition."""
    return importlib.util.find_spec(f"{__package__}.key") is not None


def _load() -> None:
    from . import exercises

    exercises.load_all()
    if has_key():
        importlib.import_module(f"{__package__}.key").load_all()


def exercise(label: str, form: forms.Form) -> None:
    """Declare an exercise and the form of its answer (no answer key: every edition)."""
    FORMS[label] = form


def _prepare(label: str, answer):
    """(plain answer, None) if it has the exercise's form, else (plain or None, Feedback)."""
    if _blank(answer):
        return None, Feedback(False, "Replace None with your answer and run the cell again.",
                              attempted=False)
    try:
        value = forms.plain(answer)
    except forms.Refused as exc:
        return None, Feedback(False, str(exc))
    form = FORMS[label]
    if form.starter is not None and value == form.starter:
        return value, Feedback(False, "This is the value the exercise starts you with: "
                                      "change it to your answer and run the cell again.",
                               attempted=False)
    if isinstance(value, float) and math.isnan(value):
        return value, Feedback(False, "Your answer is NaN (not a number): a calculation "
                                      "probably went wrong. Look at the value before you "
                                      "record it.")
    return value, _guard(functools.partial(_shape, form), value, optional=True)


def _shape(form: forms.Form, value) -> Feedback | None:
    problem = form.problem(value)
    return Feedback(False, problem) if problem else None


def _guard(grade, value, *, optional: bool = False) -> Feedback | None:
    """Run a form (which may find nothing wrong: None) or a grader (which always answers): the
    book's own failure becomes a message about the book."""
    try:
        result = grade(value)
        if not isinstance(result, Feedback) and not (optional and result is None):
            raise TypeError(f"the checker returned {type(result).__name__}")
        return result
    except DataError as exc:
        if _strict():
            raise
        return Feedback(False, f"The data this check reads is broken ({exc}). That is a "
                               "problem with the book's files, not your answer.", fault=True)
    except Exception as exc:  # noqa: BLE001 - a student never sees a traceback
        if _strict():
            raise
        return Feedback(False, f"The checker failed ({type(exc).__name__}). That is a fault "
                               "in the book, not in your answer: please tell your "
                               "instructor.", fault=True)


def _run(label: str, answer, grade=None) -> Feedback:
    """Prepare an answer, judge it (where there is a grader) and record it."""
    value, result = _prepare(label, answer)
    if result is None:
        result = _recorded() if grade is None else _guard(grade, value)
    result.exercise = label
    ATTEMPTS[label] = (value if result.attempted and value is not None else None, result)
    return result


def _recorded() -> Feedback:
    return Feedback(False, "This edition has no answer key, so it does not say whether the "
                           "answer is right; your instructor grades the notebook you hand "
                           "in.", graded=False)


def checker(label: str):
    """Register the grader of one exercise (in ``key/``) and guard it."""

    def wrap(func):
        guarded = functools.partial(_run, label, grade=func)
        functools.update_wrapper(guarded, func)
        guarded.label = label
        REGISTRY[label] = guarded
        return func

    return wrap


def check(label: str, answer=None) -> Feedback:
    """Check an answer to the exercise with this label (as shown under its title)."""
    _load()
    if not isinstance(label, str) or label not in FORMS:
        return Feedback(False, f"There is no checked exercise called {str(label)[:60]!r}. "
                               "Copy the label from the exercise box.", attempted=False)
    return _run(label, answer, REGISTRY.get(label))


def check_number(answer, expected: float, *, tolerance: float = 0.0, unit: str = "",
                 hint: str = "") -> Feedback:
    """A single number within an absolute tolerance; a wrong one gets a hint, not a direction."""
    value = as_number(answer)
    if value is None:
        if isinstance(answer, float) and not math.isfinite(answer):
            return Feedback(False, "Your answer is NaN or infinite: a calculation produced "
                                   "no number. Look for missing values before you compute.")
        in_unit = f" in {unit}" if unit else ""
        return Feedback(False, f"Expected a single number{in_unit}, but got "
                               f"{describe(answer)}.")
    shown = f"{value:g}{' ' + unit if unit else ''}"
    if abs(value - expected) <= tolerance:
        return Feedback(True, f"{shown} is right.")
    return Feedback(False, f"{shown} is not the number asked for. {hint}".strip())


def check_choice(answer, expected: str | Iterable[str], options: Iterable[str], *,
                 hint: str = "") -> Feedback:
    """One choice from a fixed list (case and outer spaces ignored); several may be right."""
    options = list(options)
    right = {expected.casefold()} if isinstance(expected, str) else {
        e.casefold() for e in expected}
    if not isinstance(answer, str) or not answer.strip():
        return Feedback(False, f"Answer with one of these, as text in quotes: "
                               f"{', '.join(options)}. You gave {describe(answer)}.")
    picked = {o.casefold(): o for o in options}.get(answer.strip().casefold())
    if picked is None:
        return Feedback(False, f"'{answer.strip()[:40]}' is not one of the options: "
                               f"{', '.join(options)}.")
    if picked.casefold() in right:
        return Feedback(True, f"'{picked}' is right.")
    return Feedback(False, f"'{picked}' is not the best answer. {hint}".strip())


def check_order(answer: list, expected: list, *, item: str = "item") -> Feedback:
    """A list already in the exercise's form (see ``forms.Items``), in the expected order."""
    if len(answer) != len(expected) or set(answer) != set(expected):
        return Feedback(False, f"Place exactly these {len(expected)} {item}s.")
    if answer == expected:
        return Feedback(True, f"All {len(expected)} {item}s are in the right order.")
    wrong = sum(a != e for a, e in zip(answer, expected))
    return Feedback(False, f"{wrong} of the {len(expected)} {item}s are out of place.")
