"""The data package: valid under Frictionless and under the loaders; broken files fail with file,
row and field."""

from __future__ import annotations

import csv
import io
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
    event_id, _source_id, *rest = lines[1].split(",")
    _edit(copy / "event_sources.csv", lines[1], ",".join([event_id, "no-such-source", *rest]))
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


# ------------------------------------------------------------- the package's promised contents


def test_tables_reach_their_minimum_sizes():
    sizes = {name: len(ab.load(name)) for name in
             ["sources", "events", "claims", "troop_estimates", "arms_transfers"]}
    assert sizes["sources"] >= 60 and sizes["events"] >= 60 and sizes["claims"] >= 30
    assert sizes["troop_estimates"] >= 15 and sizes["arms_transfers"] >= 15


def test_official_russian_and_north_korean_sources_are_labelled():
    sources = ab.load("sources")
    official = sources[sources["source_type"].isin(
        ["official_statement", "official_document", "state_media"])]
    assert {"russia", "dprk"} <= set(official["perspective"])


def test_every_claim_and_vote_cites_a_source():
    for table, links, key in [("claims", "claim_sources", "claim_id"),
                              ("unsc_votes", "unsc_vote_sources", "vote_id")]:
        assert set(ab.load(table)[key]) - set(ab.load(links)[key]) == set(), table


def test_case_article_claims_and_sanctions_resolutions_present():
    claims = ab.load("claims")
    assert claims["in_case_article"].sum() >= 25
    votes = ab.load("unsc_votes")
    assert {1718, 1874, 2087, 2094, 2270, 2321, 2371, 2375, 2397} <= \
        set(votes["resolution"].dropna().astype(int))
    panel = votes[votes["date"] == "2024-03-28"]
    assert len(panel) == 1 and panel.iloc[0]["outcome"] == "vetoed"


def test_estimates_are_ordered_ranges():
    for name in ["troop_estimates", "arms_transfers"]:
        frame = ab.load(name)
        assert (frame["low"] <= frame["high"]).all()


def _rewrite_rows(path: Path, change) -> int:
    """Apply change(rows) to a CSV file's records and write it back; return the index change
    returns."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    index = change(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return index


def test_low_above_high_is_named(copy):
    def swap(rows):
        rows[0]["low"], rows[0]["high"] = "900", "100"
        return 0

    _rewrite_rows(copy / "troop_estimates.csv", swap)
    err = _error("troop_estimates", copy)
    assert (err.row, err.field) == (2, "low") and "greater than high" in str(err)


def _set_in_first_row(path: Path, where, field: str, value) -> int:
    """In the first record for which where(record) holds, set field to value (or value(old));
    return its index."""
    def change(rows):
        index = next(i for i, r in enumerate(rows) if where(r))
        rows[index][field] = value(rows[index][field]) if callable(value) else value
        return index

    return _rewrite_rows(path, change)


@pytest.mark.parametrize("table, where, field, value, blamed, words", [
    ("arms_transfers", lambda r: r["method"] == "inference", "assumption", "", "assumption",
     "inference"),
    ("sources", lambda r: r["date_published"], "date_precision", "", "date_precision",
     "give both or neither"),
    ("sources", lambda r: r["date_precision"] == "month", "date_published",
     lambda old: old[:8] + "15",
     "date_published", "first of the month"),
], ids=["inference-without-assumption", "date-without-precision", "month-date-not-on-the-1st"])
def test_row_rule_breach_is_named(copy, table, where, field, value, blamed, words):
    index = _set_in_first_row(copy / f"{table}.csv", where, field, value)
    err = _error(table, copy)
    assert (err.file, err.row, err.field) == (f"data/{table}.csv", index + 2, blamed)
    assert words in str(err)


def test_dates_are_shown_no_more_precisely_than_known():
    sources = ab.load("sources")

    def shown(precision):
        row = sources[sources["date_precision"] == precision].iloc[0]
        return ab.data.format_date(row["date_published"], precision)

    assert shown("year").isdigit() and len(shown("year")) == 4
    assert shown("month")[:3].isalpha() and shown("month")[-4:].isdigit()
    assert shown("day")[0].isdigit()
    assert ab.data.format_date(None) == "n.d."


def test_every_recorded_treaty_article_has_a_source_for_its_number():
    articles = ab.load("treaty_articles")
    backing = ab.load("treaty_article_sources")
    numbered = backing[backing["attests"].isin(["number_and_content", "number_by_list_order"])]
    assert set(articles["article"]) == set(numbered["article"])


def test_article_citation_to_an_unrecorded_article_is_named(copy):
    _edit(copy / "treaty_article_sources.csv", "\n1,", "\n9,")
    err = _error("treaty_article_sources", copy)
    assert (err.row, err.field) == (2, "article") and "data/treaty_articles.csv" in str(err)


def _runs(numbers: list[int]) -> str:
    """1, 2, 3, 5 -> '1–3 and 5', as the chapter writes article lists."""
    runs, start = [], None
    for n, nxt in zip(numbers, numbers[1:] + [None]):
        start = n if start is None else start
        if nxt != n + 1:
            runs.append(f"{start}–{n}" if n != start else f"{n}")
            start = None
    return ", ".join(runs[:-1]) + " and " + runs[-1] if len(runs) > 1 else runs[0]


def test_treaty_chapter_names_exactly_the_missing_articles():
    missing = sorted(set(range(1, 24)) - set(ab.load("treaty_articles")["article"]))
    chapter = (ROOT / "book" / "treaty.md").read_text(encoding="utf-8")
    assert f"articles {_runs(missing)}, which no consulted source" in chapter


# ------------------------------------------------------------- values that reach other programs


@pytest.mark.parametrize("value", ["INF", "inf", "-INF", "NaN", "nan", "1e400"])
def test_non_finite_number_is_named(copy, value):
    """The sanctions page printed '1,367,628–inf' from an INF in a number field."""
    index = _set_in_first_row(copy / "dprk_oil_deliveries.csv", lambda r: r["high"], "high", value)
    err = _error("dprk_oil_deliveries", copy)
    assert (err.file, err.row, err.field) == ("data/dprk_oil_deliveries.csv", index + 2, "high")
    assert value in str(err) and ("finite" in str(err) or "too large" in str(err))


@pytest.mark.parametrize("value, words", [
    ("Reuters\x00", "\\x00"), ("Reu\x07ters", "\\x07"), ("\x1b[31mReuters", "\\x1b"),
    ("Reuters\x85", "\\x85"), ("Reu\tters", "\\t"), ("Reuters\nTASS", "\\n")],
    ids=["nul", "bell", "escape", "c1-next-line", "tab", "newline"])
def test_control_character_in_text_is_named(copy, value, words):
    index = _set_in_first_row(copy / "sources.csv", lambda r: True, "publisher", value)
    err = _error("sources", copy)
    assert (err.file, err.row, err.field) == ("data/sources.csv", index + 2, "publisher")
    assert "control character" in str(err) and words in str(err)


FORMULAS = ['=HYPERLINK("https://example.org/x","Click")', "=cmd|' /C calc'!A0",
            "+SUM(1,2)", "-2+3+cmd|' /C calc'!A0", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", FORMULAS, ids=["hyperlink", "dde", "plus", "minus", "at",
                                                 "tab", "carriage-return"])
def test_formula_in_text_is_named(copy, value):
    index = _set_in_first_row(copy / "claims.csv", lambda r: True, "claim", value)
    if "\r" in value:  # the csv module leaves a lone CR unquoted, which ends the record
        path = copy / "claims.csv"
        raw = path.read_bytes()
        assert f",{value},".encode() in raw
        path.write_bytes(raw.replace(f",{value},".encode(), f',"{value}",'.encode(), 1))
    err = _error("claims", copy)
    assert (err.file, err.row, err.field) == ("data/claims.csv", index + 2, "claim")
    assert "formula" in str(err) or "control character" in str(err)


def test_columns_in_another_order_are_named(copy):
    path = copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    assert header[:2] == ["event_id", "date"]
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    swapped = [[r[1], r[0], *r[2:]] for r in rows]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(swapped)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    err = _error("events", copy)
    assert (err.file, err.row, err.field) == ("data/events.csv", 1, "event_id")
    assert f"expected: {', '.join(header)}" in str(err)
    assert f"found: date, event_id, {', '.join(header[2:])}" in str(err)


def test_a_descriptor_path_out_of_the_data_folder_is_refused(copy, monkeypatch):
    _edit(copy / "datapackage.json", '"path": "events.csv"', '"path": "../../../../etc/passwd"')
    opened = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self) or real(self))
    err = _error("events", copy)
    assert err.file == "data/datapackage.json" and "is not safe" in str(err)
    assert "../../../../etc/passwd" in str(err) and "events" in str(err)
    assert not [p for p in opened if "passwd" in str(p)]


# ------------------------------------------------------------- validate_package: every error, once


def test_a_bad_url_is_reported_once(copy):
    """It was reported 21 times: by sources.csv and by each of the 20 tables citing sources."""
    _set_in_first_row(copy / "sources.csv", lambda r: True, "url", "not-a-url")
    problems = ab.validate_package(copy)
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert problems[0].file == "data/sources.csv" and problems[0].field == "url"


@pytest.mark.parametrize("damage", ["header", "missing"])
def test_an_unreadable_registry_is_reported_once(copy, damage):
    """Not once per table that cites it, nor once per row that cites it."""
    if damage == "header":
        _edit(copy / "sources.csv", "source_id,", "sourceid,")
    else:
        (copy / "sources.csv").unlink()
    problems = ab.validate_package(copy)
    assert [p.file for p in problems] == ["data/sources.csv"], "\n".join(map(str, problems))


def test_every_problem_of_a_file_is_reported_grouped_by_file(copy):
    def break_three(rows):
        for i, value in [(0, "2024-13-45"), (3, "yesterday"), (7, "2024-02-30")]:
            rows[i]["date"] = value
        rows[5]["key_event"] = "maybe"
        return 0

    _rewrite_rows(copy / "events.csv", break_three)
    _set_in_first_row(copy / "claims.csv", lambda r: True, "claim", "=1+1")
    _set_in_first_row(copy / "sources.csv", lambda r: True, "url", "not-a-url")
    problems = ab.validate_package(copy)
    files = [p.file for p in problems]
    assert sorted(files) == sorted(["data/events.csv"] * 4 + ["data/claims.csv",
                                                              "data/sources.csv"])
    assert files == sorted(files, key=files.index), f"not grouped by file: {files}"
    events = [(p.row, p.field) for p in problems if p.file == "data/events.csv"]
    assert events == [(2, "date"), (5, "date"), (7, "key_event"), (9, "date")]
    assert len({str(p) for p in problems}) == len(problems)


def test_a_file_with_many_problems_is_capped_with_a_count(copy):
    def break_all(rows):
        for row in rows:
            row["date"] = "not a date"
        return 0

    _rewrite_rows(copy / "events.csv", break_all)
    total = len(ab.load("events"))
    problems = ab.validate_package(copy, per_file=10)
    assert len(problems) == 11 and all(p.file == "data/events.csv" for p in problems)
    assert f"{total - 10} more problem(s)" in str(problems[-1])
