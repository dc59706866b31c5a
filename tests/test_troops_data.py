"""Troop estimates: sums never count the June 2025 package (or any part or restatement) twice."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

import alliancebook as ab
from alliancebook import troop_counts
from alliancebook.data import DataError

from conftest import ROOT

PACKAGE = "te-2025-06-17-shoigu-additional-6000"


def test_links_are_consistent_in_the_data():
    troop_counts.check_links()


def test_the_june_2025_package_is_counted_once():
    estimates = ab.load("troop_estimates")
    third = estimates[estimates["wave"] == "third"]
    assert len(third) >= 5, "the package appears as a total, two parts and two restatements"
    whole = estimates.set_index("estimate_id").loc[PACKAGE]
    ranges = troop_counts.contingent_ranges().set_index("wave")
    assert (ranges.loc["third", "low"], ranges.loc["third", "high"]) == (whole["low"],
                                                                       whole["high"])
    assert third["high"].sum() > whole["high"], "a naive sum would double-count"


def test_later_contingents_add_each_contingent_once():
    low, high = troop_counts.later_contingents()
    ranges = troop_counts.contingent_ranges()
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
    ranges = troop_counts.contingent_ranges(estimates).set_index("wave")
    assert ranges.loc["third", "low"] < 6000, "the unmarked row now enters the sum"
    if field == "part_of":
        with pytest.raises(DataError) as info:
            troop_counts.check_links(estimates)
        assert info.value.field == "part_of" and estimate_id in str(info.value)


def test_parts_larger_than_their_whole_are_named(copy):
    path = copy / "troop_estimates.csv"
    text = path.read_text(encoding="utf-8")
    old = "te-2025-06-17-shoigu-builders-5000,additional_deployed,5000,5000"
    assert old in text
    path.write_text(text.replace(old, old.replace("5000,5000", "5000,5500")), encoding="utf-8")
    with pytest.raises(DataError) as info:
        troop_counts.check_links(ab.load("troop_estimates", folder=copy))
    assert info.value.field == "high" and "add up to" in str(info.value)


def test_the_withdrawal_was_confirmed_once_by_10_february_2025():
    """South Korea's NIS said on 4 February 2025 that the troops had not fought since
    mid-January: one outside confirmation before 10 February, so the key says "confirmed once"."""
    from alliancebook import checks

    checks._load()
    timeline = ab.load("deployment_timeline").set_index("step_id")
    nis = timeline.loc["ts-2025-02-04-nis-no-combat"]
    assert (nis["claim"], nis["stance"], str(nis["date"].date())) == (
        "withdrawn", "confirmation", "2025-02-04")
    answer = {"troops_in_war": "confirmed once", "reinforcements": "supported",
              "withdrawn": "confirmed once"}
    assert checks.check("troops-confirmation-scale", answer).correct
    answer["withdrawn"] = "unconfirmed"
    assert not checks.check("troops-confirmation-scale", answer).correct


def test_the_nis_second_contingent_enters_the_later_sum():
    """The NIS told lawmakers that 15,000 went in two deployments, the second about 4,000 (KBS,
    30 Apr 2025; briefing of 26 Jun 2025). With it the later contingents add up to 10,000 at
    most, and a student who takes the NIS figure is told so."""
    from alliancebook import checks

    checks._load()
    estimates = ab.load("troop_estimates")
    nis = estimates[(estimates["wave"] == "second") & (estimates["estimator"] == "South Korea NIS")]
    assert list(nis["high"]) == [4000]
    ranges = troop_counts.contingent_ranges().set_index("wave")
    assert ranges.loc["second", "high"] == 4000
    assert troop_counts.later_contingents()[1] == 10_000
    assert checks.check("troops-later-sum", 10_000).correct
    assert not checks.check("troops-later-sum", 9_000).correct


def test_a_restated_casualty_figure_is_counted_once():
    """Zelensky gave 4,000 at Ramstein on 9 Jan 2025 and again in Munich on 14 Feb: one
    estimate. No estimator's figure may appear twice among the independent casualty rows."""
    estimates = ab.load("troop_estimates")
    later = estimates.set_index("estimate_id").loc["te-2025-02-14-zelensky-casualties-4000"]
    assert later["restates"] == "te-2025-01-09-zelensky-casualties-4000"
    losses = troop_counts.independent(estimates[estimates["metric"] == "casualties"])
    assert not losses.duplicated(["estimator", "high"]).any()


def test_north_korea_first_acknowledged_its_dead_on_28_april_2025():
    """KCNA carried Kim's promise of a monument and of flowers at the gravestones of the fallen
    on 28 Apr 2025, two months before state television showed the coffins."""
    timeline = ab.load("deployment_timeline")
    said = timeline[(timeline["claim"] == "casualties") & (timeline["stance"] == "acknowledgment")]
    first = said.sort_values("date").iloc[0]
    assert (str(first["date"].date()), first["actor_group"]) == ("2025-04-28", "dprk")


def test_the_killed_and_wounded_split_keeps_totals_apart_from_sums():
    split = troop_counts.killed_and_wounded().set_index("as_of")
    april = split.loc[pd.Timestamp("2025-04-30")]
    assert (april["killed"], april["total"], april["total_from"]) == (600, 4700, "as given")
    december = split.loc[pd.Timestamp("2024-12-19")]
    assert december["total"] == 1100 and "book's sum" in december["total_from"]
    assert split.loc[pd.Timestamp("2025-09-02"), "killed"] == 2000


def test_the_first_casualty_claim_is_the_us_officials_of_5_november_2024():
    """A senior US official told The New York Times on 5 Nov 2024 that many North Koreans had
    been killed (audit troops-84). The Pentagon's confirmation of 16 Dec is the claimant's own
    country's, so the first outside confirmation is the NIS's of 19 Dec: 44 days, not 0."""
    firsts = troop_counts.first_confirmations().set_index("claim")
    casualties = firsts.loc["casualties"]
    assert str(casualties["claimed"].date()) == "2024-11-05"
    assert casualties["claimant_type"] == "unnamed_officials"
    assert str(casualties["confirmed"].date()) == "2024-12-19"
    assert casualties["days"] == 44


def test_the_first_reinforcement_claim_is_zelenskys_of_14_february_2025():
    """Zelensky told AP on 1 Feb 2025 that North Korea could send 20,000-25,000 more (re-audit
    R-troops-13/14): a forecast, left out of the timeline like Seoul's JCS forecasts of 23 Dec
    and 24 Jan. The first claim that troops were being sent is his of 14 Feb, so the wait is 41
    days and the government median 24.5; the key refuses 29 (the forecast dated 5 Feb) and 31
    (the forecast dated 1 Feb)."""
    from alliancebook import checks

    checks._load()
    timeline = ab.load("deployment_timeline")
    reinforcements = timeline[timeline["claim"] == "reinforcements"]
    assert str(reinforcements["date"].min().date()) == "2025-02-14"
    firsts = troop_counts.first_confirmations().set_index("claim")
    assert str(firsts.loc["reinforcements", "claimed"].date()) == "2025-02-14"
    assert firsts.loc["reinforcements", "days"] == 41
    government = firsts[firsts["claimant_type"] == "government"]["days"]
    assert sorted(government) == [2, 8, 41, 77]
    assert checks.check("troops-median-confirmation", 24.5).correct
    assert not checks.check("troops-median-confirmation", 29).correct
    assert not checks.check("troops-median-confirmation", 31).correct
    assert firsts["days"].median() == 14


def test_a_planned_total_never_enters_the_later_sum():
    """Zelensky's forecast of 1 Feb 2025 (20,000 to 25,000 more, to AP) is kept as a planned
    total: the later contingents still add up to 10,000 at most."""
    estimates = ab.load("troop_estimates").set_index("estimate_id")
    planned = estimates.loc["te-2025-02-01-zelensky-planned-20000-25000"]
    assert planned["metric"] == "planned"
    assert (planned["low"], planned["high"]) == (20_000, 25_000)
    assert str(planned["as_of"].date()) == "2025-02-01"
    assert troop_counts.later_contingents()[1] == 10_000
