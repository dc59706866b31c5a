"""The grading codebook as rules: the real data follows it; a copy broken in one row fails with
file, row and field."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from alliancebook.codebook import ALLOWED, check_rules

from conftest import ROOT

DATA = ROOT / "data"


@pytest.fixture
def copy(tmp_path) -> Path:
    """A scratch copy of data/ to break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def _set(folder: Path, table: str, match: dict, **changes) -> int:
    """Change one row of a table; return its spreadsheet row number (header = row 1)."""
    path = folder / f"{table}.csv"
    fields, rows = _rows(path)
    hits = [i for i, r in enumerate(rows) if all(r[k] == v for k, v in match.items())]
    assert len(hits) == 1, f"test setup: {match} matches {len(hits)} rows of {table}"
    rows[hits[0]].update(changes)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return hits[0] + 2


def _delete(folder: Path, table: str, match: dict) -> None:
    """Remove one row of a table."""
    path = folder / f"{table}.csv"
    fields, rows = _rows(path)
    kept = [r for r in rows if not all(r[k] == v for k, v in match.items())]
    assert len(kept) == len(rows) - 1, f"test setup: {match} not found in {table}"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _only(problems, file: str, row: int, field: str):
    """The one problem reported, checked for where it points."""
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert (problem.file, problem.row, problem.field) == (file, row, field), str(problem)
    return problem


def test_the_real_data_follows_the_codebook():
    assert check_rules() == []
    assert check_rules(DATA) == []


def test_every_verdict_has_its_credibility_grades():
    import alliancebook as ab

    verdicts = ab.data.field("claims", "verdict")["constraints"]["enum"]
    assert set(ALLOWED) == set(verdicts)


def test_a_state_outlet_graded_a_fails(copy):
    row = _set(copy, "sources", {"source_id": "tass-2024-10-10-peskov-fake-news"}, reliability="A")
    problem = _only(check_rules(copy), "data/sources.csv", row, "reliability")
    assert "state-owned" in problem.message


def test_a_state_outlet_labelled_independent_fails(copy):
    row = _set(copy, "sources", {"source_id": "kuna-2024-11-12-dprk-ratifies"},
               perspective="independent")
    _only(check_rules(copy), "data/sources.csv", row, "perspective")


def test_the_ownership_vocabulary_is_enforced(copy):
    row = _set(copy, "sources", {"source_id": "kuna-2024-11-12-dprk-ratifies"},
               ownership="government_run")
    problem = _only(check_rules(copy), "data/sources.csv", row, "ownership")
    assert "government_run" in problem.message


def test_the_attests_vocabulary_is_enforced(copy):
    row = _set(copy, "claim_sources",
               {"claim_id": "cl-008", "source_id": "tass-2025-04-28-kim-sacred-mission"},
               attests="proof")
    _only(check_rules(copy), "data/claim_sources.csv", row, "attests")


def test_a_verdict_with_a_credibility_it_does_not_allow_fails(copy):
    row = _set(copy, "claims", {"claim_id": "cl-009"}, credibility="3")
    problem = _only(check_rules(copy), "data/claims.csv", row, "credibility")
    assert "corroborated" in problem.message


def test_credibility_1_from_one_perspective_fails(copy):
    # cl-004 rests on one Russian-side readout, relayed by one outlet
    row = _set(copy, "claims", {"claim_id": "cl-004"}, verdict="confirmed", credibility="1")
    problem = _only(check_rules(copy), "data/claims.csv", row, "credibility")
    assert "two perspectives" in problem.message


def test_credibility_1_from_one_party_s_statements_fails(copy):
    # cl-046 stands on Russian state media and two independent outlets; mark the independent
    # ones as origin
    for source in ("nknews-2025-04-26-russia-confirms-nk-involvement",
                   "politico-2025-04-28-nk-confirms-troops"):
        _set(copy, "claim_sources", {"claim_id": "cl-046", "source_id": source}, attests="origin")
    row = _set(copy, "claims", {"claim_id": "cl-046"})
    _only(check_rules(copy), "data/claims.csv", row, "credibility")


def test_a_verdict_resting_only_on_a_refuted_denial_fails(copy):
    row = _set(copy, "claims", {"claim_id": "cl-049"}, verdict="disputed", credibility="3",
               rests_on="cl-075")
    problem = _only(check_rules(copy), "data/claims.csv", row, "rests_on")
    assert "refuted" in problem.message


def test_a_verdict_resting_on_an_unknown_claim_fails(copy):
    row = _set(copy, "claims", {"claim_id": "cl-049"}, rests_on="cl-999")
    _only(check_rules(copy), "data/claims.csv", row, "rests_on")


def test_a_verdict_dated_after_its_check_fails(copy):
    row = _set(copy, "claims", {"claim_id": "cl-052"}, verdict_date="2026-11-30",
               checked="2026-11-25")
    _only(check_rules(copy), "data/claims.csv", row, "verdict_date")


def test_a_state_link_without_attests_fails(copy):
    row = _set(copy, "event_sources", {"event_id": "ev-2024-10-18-hur-11000-training",
                                       "source_id": "ukrinform-ua-2024-10-budanov-11000"},
               attests="")
    problem = _only(check_rules(copy), "data/event_sources.csv", row, "attests")
    assert "state outlet" in problem.message


def test_citing_a_copy_instead_of_its_original_fails(copy):
    row = _set(copy, "troop_estimates", {"estimate_id": "te-2024-10-18-hur-training-11000"},
               source_id="ukrinform-2024-10-18-budanov-11000")
    problem = _only(check_rules(copy), "data/troop_estimates.csv", row, "source_id")
    assert "ukrinform-ua-2024-10-budanov-11000" in problem.message


def test_a_copy_linked_without_its_original_fails(copy):
    _delete(copy, "event_sources", {"event_id": "ev-2024-10-18-hur-11000-training",
                                    "source_id": "ukrinform-ua-2024-10-budanov-11000"})
    fields, rows = _rows(copy / "event_sources.csv")
    row = 2 + next(i for i, r in enumerate(rows)
                   if r["source_id"] == "ukrinform-2024-10-18-budanov-11000")
    _only(check_rules(copy), "data/event_sources.csv", row, "source_id")


def test_a_source_that_is_its_own_original_fails(copy):
    row = _set(copy, "sources", {"source_id": "myua-2025-11-14-skibitskyi-halved"},
               original_id="myua-2025-11-14-skibitskyi-halved")
    _only(check_rules(copy), "data/sources.csv", row, "original_id")


@pytest.mark.parametrize("claim, verdict, credibility, field, said", [
    # cl-063 rests on reports of Russia's claim and Ukraine's denial only (attests = statement)
    pytest.param("cl-063", "disputed", "3", "verdict", "denial alone", id="disputed-on-a-denial"),
    pytest.param("cl-065", "unverified", "3", "kind", "", id="opinion-graded-as-fact"),
    pytest.param("cl-009", "came_true", "6", "verdict", "forecast",
                 id="forecast-verdict-on-a-fact"),
    pytest.param("cl-038", "confirmed", "1", "verdict", "came_true", id="forecast-graded-true"),
])
def test_a_claim_graded_against_its_kind_fails(copy, claim, verdict, credibility, field, said):
    row = _set(copy, "claims", {"claim_id": claim}, verdict=verdict, credibility=credibility)
    problem = _only(check_rules(copy), "data/claims.csv", row, field)
    assert said in problem.message
