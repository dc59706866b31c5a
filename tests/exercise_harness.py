"""Run inside a page's kernel after the page has executed (the test appends this as a cell).

For every exercise whose checker the page called, it reports whether the page's own solution was
accepted, and tries the accepted answer's mutations and a shared list of malformed answers: each
must get feedback that is not "correct", and none may raise (ALLIANCEBOOK_STRICT_CHECKS=1 makes a
checker's own failure raise). Prints one JSON line.
"""

import json
import math

import numpy as np
import pandas as pd

from alliancebook import checks

MALFORMED = [None, "", "   ", "two thousand", float("nan"), math.inf, -math.inf, [], {}, (),
             pd.DataFrame(), pd.Series([], dtype=float), np.array([1, 2]), object(), True,
             b"2024", Ellipsis, 10**30, -1, [None], {"x": None, "y": 1}, "\x00"]


def _mutations(answer):
    """Answers near the accepted one that should not be accepted."""
    out = []
    if isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool):
        out += [answer + 1, answer - 1, answer * 10 + 7, -answer - 3]
    elif isinstance(answer, str):
        out += [answer + "x", answer[::-1] + "q", answer.upper() + "_NOT"]
    elif isinstance(answer, list) and len(answer) > 1:
        out += [answer[::-1], answer[:-1], answer + [answer[0]], [answer[1], answer[0]] + answer[2:]]
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


def _try(label, answer):
    try:
        result = checks.REGISTRY[label](answer)
    except Exception as exc:  # noqa: BLE001 - reported to the test
        return {"answer": repr(answer)[:80], "error": f"{type(exc).__name__}: {exc}"}
    if not isinstance(result, checks.Feedback) or not result.message.strip():
        return {"answer": repr(answer)[:80], "error": "no feedback message"}
    return {"answer": repr(answer)[:80], "status": result.status, "message": result.message}


def report():
    out = {}
    for label, attempts in checks.ATTEMPTS.items():
        accepted = [a for a, fb in attempts if fb.correct]
        entry = {"accepted": bool(accepted), "tries": []}
        if accepted:
            entry["answer"] = repr(accepted[-1])[:200]
            entry["tries"] += [_try(label, m) for m in _mutations(accepted[-1])]
        entry["tries"] += [_try(label, m) for m in MALFORMED]
        out[label] = entry
    return out


print("HARNESS " + json.dumps(report()))
