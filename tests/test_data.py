"""The data package: valid under Frictionless and under the loaders; broken files fail with file, row and field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import alliancebook as ab
from alliancebook.data import DataError

from conftest import ROOT

DATA = ROOT / "data"


def test_frictionless_validates_the_package():
    exe = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(exe), "validate", "datapackage.json"], cwd=DATA,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:]


def test_every_table_loads_typed():
    assert ab.validate_package() == []
    events = ab.load("events")
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert events["key_event"].dtype == "boolean"
    assert events.attrs["source_file"] == "data/events.csv"


def test_every_event_cites_a_source():
    events, links = ab.load("events"), ab.load("event_sources")
    uncited = set(events["event_id"]) - set(links["event_id"])
    assert uncited == set()


# ------------------------------------------------------------- broken copies


@pytest.fixture
def copy(tmp_path) -> Path:
    """A scratch copy of data/ to break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(name: str, folder: Path) -> DataError:
    with pytest.raises(DataError) as info:
        ab.load(name, folder=folder)
    return info.value


def _first_event(folder: Path) -> list[str]:
    return (folder / "events.csv").read_text(encoding="utf-8").splitlines()[1].split(",")


def test_missing_column_is_named(copy):
    _edit(copy / "events.csv", "date_precision", "precision")
    err = _error("events", copy)
    assert (err.file, err.row, err.field) == ("data/events.csv", 1, "date_precision")
    assert "missing column" in str(err)


def test_bad_date_names_row_and_field(copy):
    event_id, date = _first_event(copy)[:2]
    _edit(copy / "events.csv", f"{event_id},{date}", f"{event_id},2024-13-45")
    err = _error("events", copy)
    assert (err.file, err.row, err.field) == ("data/events.csv", 2, "date")
    assert "2024-13-45" in str(err) and "row 2" in str(err)


def test_dangling_source_id_is_named(copy):
    lines = (copy / "event_sources.csv").read_text(encoding="utf-8").splitlines()
    event_id, source_id = lines[1].split(",")
    _edit(copy / "event_sources.csv", lines[1], f"{event_id},no-such-source")
    err = _error("event_sources", copy)
    assert (err.file, err.row, err.field) == ("data/event_sources.csv", 2, "source_id")
    assert "no-such-source" in str(err) and "data/sources.csv" in str(err)


def test_duplicate_key_is_named(copy):
    path = copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    err = _error("sources", copy)
    assert (err.file, err.row, err.field) == ("data/sources.csv", len(lines) + 1, "source_id")
    assert "duplicate key" in str(err) and "row 2" in str(err)


def test_empty_file_is_reported(copy):
    (copy / "events.csv").write_text("", encoding="utf-8")
    err = _error("events", copy)
    assert err.file == "data/events.csv" and "empty" in str(err)


def test_wrong_encoding_is_reported(copy):
    path = copy / "events.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[2] = "é" + text[2]
    path.write_bytes("\n".join(text).encode("latin-1", errors="replace"))
    err = _error("events", copy)
    assert err.file == "data/events.csv" and "UTF-8" in str(err) and err.row == 3


def test_value_outside_allowed_list_is_named(copy):
    _edit(copy / "sources.csv", ",B,", ",Z,")
    err = _error("sources", copy)
    assert err.field == "reliability" and "'Z' is not one of the allowed values" in str(err)


def test_unquoted_comma_is_reported(copy):
    path = copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _error("events", copy)
    assert err.row == 2 and "unquoted comma" in str(err)


def test_validate_package_collects_problems(copy):
    (copy / "events.csv").write_text("", encoding="utf-8")
    problems = ab.validate_package(copy)
    assert problems and all(isinstance(p, DataError) for p in problems)
