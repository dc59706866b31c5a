"""The loader accepts what Frictionless Table Schema accepts: a differential test against
frictionless-py over files with one mutated cell.

frictionless-py parses cells with Python's own number and date parsers, which let through a few
forms the standard's lexical rules refuse. Those cases are listed here with the reason; for them
the test asserts that frictionless-py still accepts them (so the list stays true) and that the
loader refuses them, as the standard says. A second list holds what the standard allows and the
book's house rules refuse (cells.py): non-finite numbers, control characters, and text that a
spreadsheet would run as a formula, each allowed again by a field that declares it.
"""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import pytest

from alliancebook import data, validate

FIELDS = [{"name": "i", "type": "integer"}, {"name": "n", "type": "number"},
          {"name": "b", "type": "boolean"}, {"name": "d", "type": "date"},
          {"name": "y", "type": "year"}, {"name": "s", "type": "string",
                                           "constraints": {"enum": ["a", "b"]}},
          {"name": "t", "type": "string"}]
BASE = {"i": "1", "n": "1.5", "b": "true", "d": "2024-01-31", "y": "2024", "s": "a", "t": "x"}
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
    "t": ["plain", "a-b", "x@y", "=1+1", "+SUM(A1:A2)", "-2", "@cmd", "a\x00b", "\x07",
          "\x1b[31m", "a\x85b", "a\tb", "a\nb"],
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
# Allowed by Table Schema (and frictionless-py), refused by the book's house rules (cells.py).
HOUSE_RULES = {
    **{("n", v): "a number must be finite unless the field says x-non-finite-ok"
       for v in ["NaN", "nan", "INF", "inf", "-INF"]},
    **{("t", v): "a text cell must not start as a spreadsheet formula (OWASP CSV injection)"
       for v in ["=1+1", "+SUM(A1:A2)", "-2", "@cmd"]},
    **{("t", v): "a text cell must not hold a control character"
       for v in ["a\x00b", "\x07", "\x1b[31m", "a\x85b", "a\tb", "a\nb"]},
}
CASES = [(f, v) for f, values in MUTATIONS.items() for v in values]


def _write(folder, column: str, value: str, fields: list[dict] = FIELDS,
           header: list[str] | None = None, path: str = "t.csv") -> None:
    row = dict(BASE, **{column: value})
    header = header or list(BASE)
    with open(folder / "t.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(row[name] for name in header)
    desc = {"resources": [{"name": "t", "path": path, "schema": {"fields": fields}}]}
    (folder / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")


def _ours(folder) -> bool:
    try:
        data.load("t", folder)
    except data.DataError:
        return False
    return True


def _frictionless(folder) -> bool:
    from frictionless import FrictionlessException, Package

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return Package(str(folder / "datapackage.json")).validate().valid
        except FrictionlessException:  # an unsafe path is refused when the package is read
            return False


@pytest.mark.parametrize("column,value", CASES, ids=[f"{f}={v!r}" for f, v in CASES])
def test_loader_agrees_with_frictionless(tmp_path, column, value):
    _write(tmp_path, column, value)
    ours, theirs = _ours(tmp_path), _frictionless(tmp_path)
    if (column, value) in FRICTIONLESS_LENIENT or (column, value) in HOUSE_RULES:
        assert theirs, "frictionless-py no longer accepts this: drop it from the list"
        assert not ours, (FRICTIONLESS_LENIENT | HOUSE_RULES)[(column, value)]
    else:
        assert ours == theirs


def test_the_reported_cases_are_refused(tmp_path):
    """The issue's examples: Yes and tRuE as booleans, 1_000 as an integer."""
    for column, value in [("b", "Yes"), ("b", "tRuE"), ("i", "1_000")]:
        _write(tmp_path, column, value)
        assert not _ours(tmp_path), (column, value)


@pytest.mark.parametrize("column,value,flag", [
    ("n", "NaN", "x-non-finite-ok"), ("n", "-INF", "x-non-finite-ok"),
    ("t", "=1+1", "x-formula-prefix-ok"), ("t", "-2", "x-formula-prefix-ok"),
    ("t", "a\tb", "x-multiline"), ("t", "a\nb", "x-multiline")])
def test_a_field_that_declares_it_allows_what_the_house_rules_refuse(tmp_path, column, value,
                                                                       flag):
    fields = [dict(f, **{flag: True}) if f["name"] == column else f for f in FIELDS]
    _write(tmp_path, column, value, fields)
    assert _ours(tmp_path) and _frictionless(tmp_path)


def test_a_declared_field_still_refuses_nul(tmp_path):
    fields = [dict(f, **{"x-multiline": True, "x-formula-prefix-ok": True})
              if f["name"] == "t" else f for f in FIELDS]
    _write(tmp_path, "t", "a\x00b", fields)
    assert not _ours(tmp_path)


def test_columns_out_of_order_are_refused_as_frictionless_does(tmp_path):
    header = ["n", "i", *list(BASE)[2:]]
    _write(tmp_path, "i", "1", header=header)
    assert not _frictionless(tmp_path)
    with pytest.raises(data.DataError) as info:
        data.load("t", tmp_path)
    err = info.value
    assert (err.file, err.row) == ("data/t.csv", 1)
    assert f"expected: {', '.join(BASE)}" in str(err)
    assert f"found: {', '.join(header)}" in str(err)


@pytest.mark.parametrize("path", ["../../../../etc/passwd", "/etc/passwd", "sub/../../t.csv",
                                  "~/t.csv", "file:///etc/passwd", "$HOME/t.csv",
                                  "..\\t.csv", "C:/t.csv"])
def test_an_unsafe_path_is_refused_before_it_is_opened(tmp_path, monkeypatch, path):
    folder = tmp_path / "pkg"
    folder.mkdir()
    _write(folder, "i", "1", path=path)
    assert not _frictionless(folder)
    opened = []
    real_open = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self) or real_open(self))
    with pytest.raises(data.DataError, match="is not safe") as info:
        data.load("t", folder)
    assert info.value.file == "data/datapackage.json" and path in str(info.value)
    assert opened == []
    assert [str(p) for p in validate.validate_package(folder)] == [str(info.value)]


def test_a_symlink_out_of_the_data_folder_is_refused(tmp_path):
    folder = tmp_path / "pkg"
    folder.mkdir()
    _write(tmp_path, "i", "1")
    _write(folder, "i", "1", path="link.csv")
    (folder / "link.csv").symlink_to(tmp_path / "t.csv")
    with pytest.raises(data.DataError, match="is not safe"):
        data.load("t", folder)
