"""Answer checks for exercises: every check returns Feedback a student can read, never a traceback.

A page's checker is a function decorated with ``@checker("exercise-label")``. The decorator
registers it (so ``ab.check(label, answer)`` and the tests find it), answers "not attempted" for
an answer left as None, and turns a failure inside the checker into a message that says the
fault is the book's, not the student's. With ALLIANCEBOOK_STRICT_CHECKS=1 (the tests) such a
failure is raised instead, so a bug in a checker fails a test.
"""

from __future__ import annotations

import copy
import functools
import html
import math
import os
from collections.abc import Iterable
from numbers import Real

import pandas as pd

from .errors import DataError

__all__ = ["Feedback", "checker", "check", "check_number", "check_choice", "check_order",
           "check_columns", "check_keys", "describe"]

REGISTRY: dict = {}   # exercise label -> guarded checker
ATTEMPTS: dict = {}   # exercise label -> [(answer, Feedback)], for the test harness


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
        the student bundle, which has no answer key, does not grade)."""
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
    return isinstance(answer, dict) and bool(answer) and all(
        v is None for v in answer.values())


def _keep(answer):
    try:
        return copy.deepcopy(answer)
    except Exception:  # noqa: BLE001 - an uncopyable answer is kept as it is
        return answer


def checker(label: str):
    """Register a check for one exercise and guard it (see the module docstring)."""

    def wrap(func):
        @functools.wraps(func)
        def guarded(answer=None, *args, **kwargs):
            if _blank(answer):
                return Feedback(False, "Replace None with your answer and run the cell "
                                       "again.", attempted=False, exercise=label)
            try:
                result = func(answer, *args, **kwargs)
                if not isinstance(result, Feedback):
                    raise TypeError(f"the checker returned {type(result).__name__}")
            except DataError as exc:
                if _strict():
                    raise
                return Feedback(False, f"The data this check reads is broken ({exc}). "
                                       "That is a problem with the book's files, not "
                                       "your answer.", fault=True, exercise=label)
            except Exception as exc:  # noqa: BLE001 - a student never sees a traceback
                if _strict():
                    raise
                return Feedback(False, f"The checker failed ({type(exc).__name__}). That "
                                       "is a fault in the book, not in your answer: please "
                                       "tell your instructor.", fault=True, exercise=label)
            result.exercise = label
            ATTEMPTS.setdefault(label, []).append((_keep(answer), result))
            return result

        guarded.label = label
        REGISTRY[label] = guarded
        return guarded

    return wrap


def check(label: str, answer=None) -> Feedback:
    """Check an answer to the exercise with this label (as shown under its title)."""
    from . import exercises

    exercises.load_all()
    found = REGISTRY.get(label) if isinstance(label, str) else None
    if found is None and label in getattr(exercises, "LABELS", ()):
        starter = exercises.STARTERS.get(label)   # the student bundle: no answer key
        found = checker(label)(lambda answer: _record(answer, starter))
    if found is None:
        return Feedback(False, f"There is no checked exercise called {label!r}. Copy the "
                               "label from the exercise box.", attempted=False)
    return found(answer)


def _record(answer, starter=None) -> Feedback:
    """The student bundle's check: is the answer usable? It cannot say whether it is right."""
    if starter is not None and answer == starter:
        return Feedback(False, "This is the value the exercise starts you with: change it "
                               "to your answer and run the cell again.", attempted=False)
    if isinstance(answer, float) and math.isnan(answer):
        return Feedback(False, "Your answer is NaN (not a number): a calculation probably "
                               "went wrong. Look at the value before you record it.")
    if isinstance(answer, (str, list, tuple, dict, set, pd.DataFrame, pd.Series)) and \
            len(answer) == 0:
        return Feedback(False, "Your answer is empty. Put your answer in it and run the cell "
                               "again.")
    if isinstance(answer, dict) and any(value is None for value in answer.values()):
        missing = ", ".join(repr(k) for k, v in answer.items() if v is None)
        return Feedback(False, f"Some entries are still None: {missing}. Fill them in.")
    return Feedback(False, "This edition has no answer key, so it does not say whether the "
                           "answer is right; your instructor grades the notebook you hand "
                           "in.", graded=False)


def describe(value) -> str:
    """A few words on what a value is, for feedback messages."""
    if value is None:
        return "nothing (None)"
    if isinstance(value, pd.DataFrame):
        return f"a table with {len(value)} rows"
    if isinstance(value, str):
        return f"the text '{value[:40]}'" if value.strip() else "an empty text"
    return f"a {type(value).__name__}"


def as_number(answer):
    """The answer as a float, or None if it is not a single finite number."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, pd.Series) and len(answer) == 1:
        answer = answer.iloc[0]
    if hasattr(answer, "item") and getattr(answer, "size", 2) == 1:
        answer = answer.item()
    if isinstance(answer, str):
        try:
            answer = float(answer.strip().replace(",", ""))
        except ValueError:
            return None
    if isinstance(answer, Real) and not isinstance(answer, bool):
        value = float(answer)
        return value if math.isfinite(value) else None
    return None


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


def check_order(answer, expected: list[str], *, item: str = "item",
                scrambled: list[str] | None = None) -> Feedback:
    """A list of identifiers in the expected order (the scrambled starting list is no attempt)."""
    if scrambled is not None and isinstance(answer, list) and answer == scrambled:
        return Feedback(False, "This is still the scrambled list: rearrange it.",
                        attempted=False)
    if isinstance(answer, (str, bytes, dict)) or not isinstance(answer, Iterable):
        return Feedback(False, f"Expected a list of {item}s, like ['a', 'b'], but got "
                               f"{describe(answer)}.")
    answer = [str(a).strip() for a in answer]
    if not answer:
        return Feedback(False, f"The list is empty: put all {len(expected)} {item}s in "
                               "order.")
    unknown = [a for a in answer if a not in expected]
    if unknown:
        return Feedback(False, f"'{unknown[0][:60]}' is not one of the {item}s in this "
                               "exercise.")
    if len(set(answer)) != len(answer):
        return Feedback(False, f"Each {item} should appear once; some appear twice.")
    if len(answer) != len(expected):
        return Feedback(False, f"You placed {len(answer)} of the {len(expected)} {item}s.")
    if answer == expected:
        return Feedback(True, f"All {len(expected)} {item}s are in the right order.")
    wrong = sum(a != e for a, e in zip(answer, expected))
    return Feedback(False, f"{wrong} of the {len(expected)} {item}s are out of place.")


def check_keys(answer, keys, *, example: str) -> Feedback | None:
    """Feedback if answer is not a dictionary holding every key; None if it is."""
    if not isinstance(answer, dict):
        return Feedback(False, f"Give your answer as a dictionary, e.g. {example}.")
    missing = [str(k) for k in keys if k not in answer]
    if missing:
        return Feedback(False, f"Your dictionary lacks: {', '.join(missing)}.")
    return None


def check_columns(answer, required: Iterable[str], *, min_rows: int = 1) -> Feedback:
    """A table with the required columns and at least min_rows rows."""
    if not isinstance(answer, pd.DataFrame):
        return Feedback(False, f"Expected a table (a pandas DataFrame), but got "
                               f"{describe(answer)}.")
    missing = [c for c in required if c not in answer.columns]
    if missing:
        return Feedback(False, f"The table lacks the column(s): {', '.join(missing)}.")
    if len(answer) < min_rows:
        return Feedback(False, f"The table has {len(answer)} rows; expected at least "
                               f"{min_rows}.")
    return Feedback(True, "The table has the expected shape.")
