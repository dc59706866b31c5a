"""Answer checks for exercises: every check returns Feedback a student can read, never a traceback."""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Iterable
from numbers import Real

import pandas as pd

__all__ = ["Feedback", "friendly", "check_number", "check_choice", "check_order", "check_columns"]


class Feedback:
    """The result of checking an answer: correct or not, and a message that says what to do next."""

    def __init__(self, correct: bool, message: str):
        self.correct = bool(correct)
        self.message = message

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        mark = "Correct" if self.correct else "Not yet"
        return f"{mark}: {self.message}"

    def _repr_html_(self) -> str:
        cls = "ab-feedback-ok" if self.correct else "ab-feedback-retry"
        mark = "Correct." if self.correct else "Not yet."
        return (f'<div class="ab-feedback {cls}" role="status"><strong>{mark}</strong> '
                f'{html.escape(self.message)}</div>')


def friendly(check):
    """Wrap a check so that anything unexpected becomes feedback instead of an exception."""

    @functools.wraps(check)
    def wrapper(*args, **kwargs):
        try:
            result = check(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a student must never see a traceback
            return Feedback(False, "This answer could not be checked "
                                   f"({type(exc).__name__}). Check that it has the form the exercise asks for.")
        if not isinstance(result, Feedback):
            return Feedback(False, "This answer could not be checked. Check that it has the form the exercise asks for.")
        return result

    return wrapper


def _describe(value) -> str:
    if value is None:
        return "nothing (None)"
    if isinstance(value, pd.DataFrame):
        return f"a table with {len(value)} rows"
    if isinstance(value, str):
        return f"the text '{value[:40]}'" if value.strip() else "an empty text"
    return f"a {type(value).__name__}"


def _as_number(answer):
    """Return answer as a float, or None if it is not a single finite number."""
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


@friendly
def check_number(answer, expected: float, *, tolerance: float = 0.0, unit: str = "", hint: str = "") -> Feedback:
    """Check a single number against the expected value, within an absolute tolerance."""
    value = _as_number(answer)
    if value is None:
        if isinstance(answer, float) and not math.isfinite(answer):
            return Feedback(False, "Your answer is NaN or infinite: a calculation produced no number. "
                                   "Look for missing values before you compute.")
        return Feedback(False, f"Expected a single number{' in ' + unit if unit else ''}, but got {_describe(answer)}.")
    if abs(value - expected) <= tolerance:
        return Feedback(True, f"{value:g}{' ' + unit if unit else ''} is right.")
    direction = "too high" if value > expected else "too low"
    return Feedback(False, f"{value:g} is {direction}. {hint}".strip())


@friendly
def check_choice(answer, expected: str, options: Iterable[str], *, hint: str = "") -> Feedback:
    """Check one choice from a fixed list of options (case and surrounding spaces ignored)."""
    options = list(options)
    if not isinstance(answer, str) or not answer.strip():
        return Feedback(False, f"Answer with one of these, as text in quotes: {', '.join(options)}. "
                               f"You gave {_describe(answer)}.")
    normal = {o.casefold(): o for o in options}
    picked = normal.get(answer.strip().casefold())
    if picked is None:
        return Feedback(False, f"'{answer}' is not one of the options: {', '.join(options)}.")
    if picked.casefold() == expected.casefold():
        return Feedback(True, f"'{picked}' is right.")
    return Feedback(False, f"'{picked}' is not the best answer. {hint}".strip())


@friendly
def check_order(answer, expected: list[str], *, item: str = "item") -> Feedback:
    """Check that a list of identifiers is in the expected order."""
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        return Feedback(False, f"Expected a list of {item}s, like ['a', 'b'], but got {_describe(answer)}.")
    answer = [str(a).strip() for a in answer]
    if not answer:
        return Feedback(False, f"The list is empty: put all {len(expected)} {item}s in order.")
    unknown = [a for a in answer if a not in expected]
    if unknown:
        return Feedback(False, f"'{unknown[0]}' is not one of the {item}s in this exercise.")
    if len(set(answer)) != len(answer):
        return Feedback(False, f"Each {item} should appear once; some appear twice.")
    if len(answer) != len(expected):
        return Feedback(False, f"You placed {len(answer)} of the {len(expected)} {item}s.")
    if answer == expected:
        return Feedback(True, f"All {len(expected)} {item}s are in the right order.")
    first_wrong = next(i for i, (a, e) in enumerate(zip(answer, expected)) if a != e)
    return Feedback(False, f"The first {first_wrong} are right; position {first_wrong + 1} is not.")


@friendly
def check_columns(answer, required: Iterable[str], *, min_rows: int = 1) -> Feedback:
    """Check that a table has the required columns and at least min_rows rows."""
    if not isinstance(answer, pd.DataFrame):
        return Feedback(False, f"Expected a table (a pandas DataFrame), but got {_describe(answer)}.")
    missing = [c for c in required if c not in answer.columns]
    if missing:
        return Feedback(False, f"The table lacks the column(s): {', '.join(missing)}.")
    if len(answer) < min_rows:
        return Feedback(False, f"The table has {len(answer)} rows; expected at least {min_rows}.")
    return Feedback(True, "The table has the expected shape.")
