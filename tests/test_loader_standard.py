"""The loader accepts what Frictionless Table Schema accepts: a differential test against
frictionless-py over files with one mutated cell.

frictionless-py parses cells with Python's own number and date parsers, which let through a few
forms the standard's lexical rules refuse. Those cases are listed here with the reason; for them
the test asserts that frictionless-py still accepts them (so the list stays true) and that the
loader refuses them, as the standard says.
"""

from __future__ import annotations

import csv
import json
import warnings

import pytest

from alliancebook import data

FIELDS = [{"name": "i", "type": "integer"}, {"name": "n", "type": "number"},
          {"name": "b", "type": "boolean"}, {"name": "d", "type": "date"},
          {"name": "y", "type": "year"}, {"name": "s", "type": "string",
                                           "constraints": {"enum": ["a", "b"]}}]
BASE = {"i": "1", "n": "1.5", "b": "true", "d": "2024-01-31", "y": "2024", "s": "a"}
MUTATIONS = {
    "i": ["0", "-7", "+7", "007", "1.0", "1e3", "1,000", "ten", "", "1_000", "١٢"],
    "n": ["-1.5", "+2", ".5", "5.", "1e3", "1E-3", "NaN", "nan", "INF", "inf", "-INF",
          "1,5", "0x10", "1e", "--1", "Infinity", "1_000.5"],
    "b": ["true", "True", "TRUE", "1", "false", "False", "FALSE", "0", "Yes", "yes",
          "tRuE", "T", "y", "on"],
    "d": ["2024-02-29", "2023-02-29", "20240105", "2024/01/05", "2024-01-05T00:00:00",
          "2024-1-05", "2024-01-5"],
    "y": ["2024", "0999", "24", "2024.0", "+2024", "-2024", "20245"],
    "s": ["a", "b", "A", "c"],
}
# Accepted by frictionless-py, refused by the standard's lexical rules (and by the loader).
FRICTIONLESS_LENIENT = {
    ("i", "1_000"): "Python's int() reads underscores as digit separators",
    ("i", "١٢"): "Python's int() reads Arabic-Indic digits",
    ("n", "Infinity"): "the standard names only NaN, INF and -INF",
    ("n", "1_000.5"): "Python's Decimal reads underscores as digit separators",
    ("d", "2024-1-05"): "strptime('%Y-%m-%d') does not require two-digit months",
    ("d", "2024-01-5"): "strptime('%Y-%m-%d') does not require two-digit days",
}
CASES = [(f, v) for f, values in MUTATIONS.items() for v in values]


def _write(folder, column: str, value: str) -> None:
    row = dict(BASE, **{column: value})
    with open(folder / "t.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(BASE)
        writer.writerow(row.values())
    desc = {"resources": [{"name": "t", "path": "t.csv", "schema": {"fields": FIELDS}}]}
    (folder / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")


def _ours(folder) -> bool:
    try:
        data.load("t", folder)
    except data.DataError:
        return False
    return True


def _frictionless(folder) -> bool:
    from frictionless import Resource, Schema

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        resource = Resource(path="t.csv", basepath=str(folder),
                            schema=Schema.from_descriptor({"fields": FIELDS}))
        return resource.validate().valid


@pytest.mark.parametrize("column,value", CASES, ids=[f"{f}={v!r}" for f, v in CASES])
def test_loader_agrees_with_frictionless(tmp_path, column, value):
    _write(tmp_path, column, value)
    ours, theirs = _ours(tmp_path), _frictionless(tmp_path)
    if (column, value) in FRICTIONLESS_LENIENT:
        assert theirs, "frictionless-py no longer accepts this: drop it from the list"
        assert not ours, FRICTIONLESS_LENIENT[(column, value)]
    else:
        assert ours == theirs


def test_the_reported_cases_are_refused(tmp_path):
    """The issue's examples: Yes and tRuE as booleans, 1_000 as an integer."""
    for column, value in [("b", "Yes"), ("b", "tRuE"), ("i", "1_000")]:
        _write(tmp_path, column, value)
        assert not _ours(tmp_path), (column, value)
