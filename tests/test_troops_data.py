"""Troop estimates: sums never count the June 2025 package (or any part or restatement) twice."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

import alliancebook as ab
from alliancebook import troops
from alliancebook.data import DataError

from conftest import ROOT

PACKAGE = "te-2025-06-17-shoigu-additional-6000"


def test_links_are_consistent_in_the_data():
    troops.check_links()


def test_the_june_2025_package_is_counted_once():
    estimates = ab.load("troop_estimates")
    third = estimates[estimates["wave"] == "third"]
    assert len(third) >= 5, "the package appears as a total, two parts and two restatements"
    whole = estimates.set_index("estimate_id").loc[PACKAGE]
    ranges = troops.contingent_ranges().set_index("wave")
    assert (ranges.loc["third", "low"], ranges.loc["third", "high"]) == (whole["low"],
                                                                       whole["high"])
    assert third["high"].sum() > whole["high"], "a naive sum would double-count"


def test_later_contingents_add_each_contingent_once():
    low, high = troops.later_contingents()
    ranges = troops.contingent_ranges()
    assert set(ranges["wave"]) == {"second", "third"}
    assert (low, high) == (ranges["low"].sum(), ranges["high"].sum())


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def _blank(folder: Path, estimate_id: str, field: str) -> None:
    path = folder / "troop_estimates.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        if row["estimate_id"] == estimate_id:
            assert row[field], f"test setup: {estimate_id} has no {field}"
            row[field] = ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("estimate_id, field", [
    ("te-2025-06-17-shoigu-builders-5000", "part_of"),
    ("te-2025-11-04-nis-builders-5000", "restates"),
])
def test_a_copy_with_an_unmarked_part_or_restatement_fails(copy, estimate_id, field):
    _blank(copy, estimate_id, field)
    estimates = ab.load("troop_estimates", folder=copy)
    ranges = troops.contingent_ranges(estimates).set_index("wave")
    assert ranges.loc["third", "low"] < 6000, "the unmarked row now enters the sum"
    if field == "part_of":
        with pytest.raises(DataError) as info:
            troops.check_links(estimates)
        assert info.value.field == "part_of" and estimate_id in str(info.value)


def test_parts_larger_than_their_whole_are_named(copy):
    path = copy / "troop_estimates.csv"
    text = path.read_text(encoding="utf-8")
    old = "te-2025-06-17-shoigu-builders-5000,additional_deployed,5000,5000"
    assert old in text
    path.write_text(text.replace(old, old.replace("5000,5000", "5000,5500")), encoding="utf-8")
    with pytest.raises(DataError) as info:
        troops.check_links(ab.load("troop_estimates", folder=copy))
    assert info.value.field == "high" and "add up to" in str(info.value)


def test_the_withdrawal_was_likely_by_10_february_2025():
    """South Korea's NIS said on 4 February 2025 that the troops had not fought since
    mid-January: one outside confirmation before 10 February, so the key says "likely"."""
    from alliancebook import checks

    checks._load()
    timeline = ab.load("deployment_timeline").set_index("step_id")
    nis = timeline.loc["ts-2025-02-04-nis-no-combat"]
    assert (nis["claim"], nis["stance"], str(nis["date"].date())) == (
        "withdrawn", "confirmation", "2025-02-04")
    answer = {"troops_in_war": "likely", "reinforcements": "plausible", "withdrawn": "likely"}
    assert checks.check("troops-estimative-language", answer).correct
    answer["withdrawn"] = "unverified"
    assert not checks.check("troops-estimative-language", answer).correct
