"""Run inside a page's kernel after the page has executed (the test appends this as a cell).

For every exercise whose checker the page called, it reports whether the page's own solution was
accepted, and tries the accepted answer's mutations and a shared list of malformed and hostile
answers (endless, huge, deeply nested, of the student's own classes): each must get feedback that
is not "correct" within a second, and none may raise (ALLIANCEBOOK_STRICT_CHECKS=1 makes a
checker's own failure raise). Prints one JSON line.
"""

import itertools
import json
import math
import time

import numpy as np
import pandas as pd

from alliancebook import checks

MALFORMED = [None, "", "   ", "two thousand", float("nan"), math.inf, -math.inf, [], {}, (),
             pd.DataFrame(), pd.Series([], dtype=float), np.array([1, 2]), object(), True,
             b"2024", Ellipsis, 10**30, -1, [None], {"x": None, "y": 1}, "\x00", 10**400,
             "x" * 1_000_000, list(range(100_000)), {"a": itertools.count()}]


class _RaisingNumber:
    def __float__(self):
        raise RuntimeError("no number")


class _AlwaysEqual(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def _hostile():
    """Fresh hostile answers (a generator is used up once read)."""
    deep = current = []
    for _ in range(5000):
        current.append([])
        current = current[0]
    return [itertools.count(), (x for x in range(3)), _RaisingNumber(), deep,
            _AlwaysEqual("x"), [_AlwaysEqual("x")] * 3, {"a": _AlwaysEqual("x")}]


def _mutations(answer):
    """Answers near the accepted one that should not be accepted."""
    out = []
    if isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool):
        out += [answer + 1, answer - 1, answer * 10 + 7, -answer - 3]
    elif isinstance(answer, str):
        out += [answer + "x", answer[::-1] + "q", answer.upper() + "_NOT"]
    elif isinstance(answer, list) and len(answer) > 1:
        out += [answer[::-1], answer[:-1], answer + [answer[0]],
                [answer[1], answer[0]] + answer[2:]]
    elif isinstance(answer, dict):
        for key in answer:
            out.append({**answer, key: "not_a_code"})
        out.append({k: v for k, v in list(answer.items())[:-1]})
    elif isinstance(answer, pd.Series):
        out += [answer + 1, answer.iloc[:-1], answer.reset_index(drop=True)]
    elif isinstance(answer, pd.DataFrame):
        out += [answer.iloc[:0], answer.iloc[:, :-1]]
    return [m for m in out if not _same(m, answer)]


def _same(a, b) -> bool:
    try:
        result = a == b
        return bool(result) if isinstance(result, (bool, np.bool_)) else bool(np.all(result))
    except Exception:  # noqa: BLE001 - incomparable values are different
        return False


def _shown(answer) -> str:
    try:
        return repr(answer)[:80]
    except Exception:  # noqa: BLE001 - a hostile answer's repr may fail
        return type(answer).__name__


def _try(label, answer):
    start = time.perf_counter()
    try:
        result = checks.REGISTRY[label](answer)
    except Exception as exc:  # noqa: BLE001 - reported to the test
        return {"answer": _shown(answer), "error": f"{type(exc).__name__}: {exc}"}
    seconds = time.perf_counter() - start
    if not isinstance(result, checks.Feedback) or not result.message.strip():
        return {"answer": _shown(answer), "error": "no feedback message"}
    if seconds > 1:
        return {"answer": _shown(answer), "error": f"took {seconds:.1f} s"}
    return {"answer": _shown(answer), "status": result.status, "message": result.message}


def report():
    out = {}
    for label, (answer, result) in list(checks.ATTEMPTS.items()):
        entry = {"accepted": result.correct, "tries": []}
        if result.correct:
            entry["answer"] = repr(answer)[:200]
            entry["tries"] += [_try(label, m) for m in _mutations(answer)]
        entry["tries"] += [_try(label, m) for m in MALFORMED + _hostile()]
        out[label] = entry
    return out


print("HARNESS " + json.dumps(report()))
