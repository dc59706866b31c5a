"""The sources codebook (book/appendix/codebook.md) made checkable: how sources and claims may be
graded, as rules that span fields and tables. (Grading students' work is ``autograder``'s.)"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from alliancebook.data import DataError, data_dir, load, package

STATE = {"state_owned", "state_directed"}
ALIGNED = STATE | {"captured_private", "party_owned"}
NOT_INDEPENDENT = ALIGNED | {"government_body"}

# Credibility grades each verdict allows (the codebook's table).
ALLOWED = {
    "confirmed": {1},
    "corroborated": {2},
    "unverified": {3, 4, 6},
    "disputed": {3, 4},
    "mischaracterised": {3, 4, 5},
    "refuted": {5},
    "overtaken_by_events": {1, 2, 3},
    "opinion": {6},
    # A forecast's outcome: one outcome neither confirms nor refutes a probability, so the
    # information cannot be judged (6); calibration is judged over many forecasts.
    "came_true": {6},
    "did_not_come_true": {6},
}
FORECAST_OUTCOMES = {"came_true", "did_not_come_true"}

SOURCES, CLAIMS, CLAIM_SOURCES = "data/sources.csv", "data/claims.csv", "data/claim_sources.csv"


def _row(index: int) -> int:
    """Spreadsheet row of a frame index: the header is row 1."""
    return int(index) + 2


def _blank(value) -> bool:
    """True for a missing cell."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def check_sources(sources: pd.DataFrame) -> list[DataError]:
    """Grades and labels that contradict a source's ownership, and copies that point nowhere
    sensible."""
    problems = []
    for i, s in sources.iterrows():
        own, sid = s["ownership"], s["source_id"]
        if own in ALIGNED and not _blank(s["reliability"]) and s["reliability"] == "A":
            problems.append(DataError(
                SOURCES, f"'{sid}' is {own.replace('_', '-')} and cannot be graded A: a state "
                "or aligned outlet is at best a reliable record of what it was told to say "
                "(use attests = statement on its links)", row=_row(i), field="reliability"))
        if own in NOT_INDEPENDENT and s["perspective"] == "independent":
            problems.append(DataError(
                SOURCES, f"'{sid}' is {own.replace('_', '-')} but its perspective is "
                "'independent'; name the government or movement whose line it carries",
                row=_row(i), field="perspective"))
        if not _blank(s["original_id"]) and s["original_id"] == sid:
            problems.append(DataError(SOURCES, f"'{sid}' names itself as its own original",
                                      row=_row(i), field="original_id"))
    return problems


def _problem(file: str, index: int, field: str, text: str) -> DataError:
    """A problem in one row (by frame index) and field of a data file."""
    return DataError(file, text, row=_row(index), field=field)


def check_claims(claims: pd.DataFrame, links: pd.DataFrame,
                 sources: pd.DataFrame) -> list[DataError]:
    """Verdict and credibility agree; credibility 1 is independently confirmed; a dispute needs
    evidence, not a denial; opinions are graded as opinions and forecasts by their outcome; no
    verdict rests on a refuted claim."""
    problems = []
    perspective = dict(zip(sources["source_id"], sources["perspective"]))
    verdicts = dict(zip(claims["claim_id"], claims["verdict"]))
    for i, c in claims.iterrows():
        if _blank(c["verdict"]) or _blank(c["credibility"]):
            continue   # withheld: an exercise's answer, checked with the key's values
        cid, verdict, cred = c["claim_id"], c["verdict"], int(c["credibility"])
        allowed = ALLOWED.get(verdict, set())
        if cred not in allowed:
            shown = " or ".join(map(str, sorted(allowed)))
            problems.append(_problem(CLAIMS, i, "credibility", f"{cid}: verdict '{verdict}' "
                                     f"allows credibility {shown}, not {cred}"))
        if cred == 1:
            mine = links[(links["claim_id"] == cid) & (links["attests"] != "origin")]
            seen = {perspective.get(s) for s in mine["source_id"]}
            if len(seen) < 2 or not (mine["attests"] == "substance").any():
                problems.append(_problem(
                    CLAIMS, i, "credibility", f"{cid}: credibility 1 needs confirmation from at "
                    "least two perspectives, one of them independent evidence (attests = "
                    f"substance); found {len(seen)} perspective(s)"))
        if verdict == "disputed":
            mine = links[(links["claim_id"] == cid) & (links["attests"] == "substance")]
            if mine.empty:
                problems.append(_problem(
                    CLAIMS, i, "verdict", f"{cid}: 'disputed' needs independent evidence on "
                    "each side (a link with attests = substance); a denial alone does not make "
                    "a claim disputed"))
        if "kind" in c and (c["kind"] in ("opinion", "framing")) != (verdict == "opinion"):
            problems.append(_problem(
                CLAIMS, i, "kind", f"{cid}: kind '{c['kind']}' and verdict '{verdict}' "
                "disagree: opinion and framing take the verdict 'opinion', and only they do"))
        if "kind" in c and verdict in FORECAST_OUTCOMES and c["kind"] != "forecast":
            problems.append(_problem(
                CLAIMS, i, "verdict", f"{cid}: '{verdict}' records a forecast's outcome, but "
                f"the claim's kind is '{c['kind']}'"))
        if "kind" in c and c["kind"] == "forecast" and c["level"] == "substance" and cred != 6:
            problems.append(_problem(
                CLAIMS, i, "verdict", f"{cid}: a forecast is not true or false: record its "
                "outcome as 'came_true' or 'did_not_come_true' (or 'unverified' until it can be "
                "scored), with credibility 6"))
        if c["verdict_date"] > c["checked"]:
            problems.append(_problem(CLAIMS, i, "verdict_date", f"{cid}: verdict_date is after "
                                     "the date the verdict was checked"))
        if _blank(c["rests_on"]):
            continue
        basis = str(c["rests_on"]).split(";")
        unknown = [b for b in basis if b not in verdicts or b == cid]
        if unknown:
            problems.append(_problem(CLAIMS, i, "rests_on", f"{cid}: rests_on names "
                                     f"{', '.join(unknown)}, which is not another claim in "
                                     "the ledger"))
        elif all(verdicts[b] == "refuted" for b in basis):
            problems.append(_problem(CLAIMS, i, "rests_on", f"{cid}: the verdict rests only on "
                                     f"{', '.join(basis)}, which the ledger itself grades "
                                     "refuted"))
    return problems


def _originals(sources: pd.DataFrame) -> dict:
    """Each registered copy's original."""
    return {s: o for s, o in zip(sources["source_id"], sources["original_id"]) if not _blank(o)}


def check_links(name: str, links: pd.DataFrame, key: str,
                sources: pd.DataFrame) -> list[DataError]:
    """Links to state outlets say what they attest; a copy with a registered original travels
    with it."""
    rel, problems = f"data/{name}.csv", []
    ownership = dict(zip(sources["source_id"], sources["ownership"]))
    original = _originals(sources)
    pairs = set(zip(links[key], links["source_id"]))
    for i, link in links.iterrows():
        sid = link["source_id"]
        if ownership.get(sid) in STATE and _blank(link["attests"]):
            problems.append(_problem(rel, i, "attests", f"'{sid}' is a state outlet: say what "
                                     "it attests (statement or substance)"))
        if sid in original and (link[key], original[sid]) not in pairs:
            problems.append(_problem(rel, i, "source_id", f"'{sid}' is a copy of "
                                     f"'{original[sid]}': cite the original too"))
    return problems


def check_direct_citations(name: str, table: pd.DataFrame,
                           sources: pd.DataFrame) -> list[DataError]:
    """Rows that cite one source cite the original, not a registered copy of it."""
    original = _originals(sources)
    return [_problem(f"data/{name}.csv", i, "source_id", f"'{row['source_id']}' is a copy; "
                     f"cite its original '{original[row['source_id']]}' instead")
            for i, row in table.iterrows() if row["source_id"] in original]


def check_rules(folder: str | Path | None = None) -> list[DataError]:
    """Every grading rule of the codebook; an empty list means the package follows it."""
    folder = Path(folder) if folder else data_dir()
    try:
        sources = load("sources", folder)
        claims = load("claims", folder)
        claim_links = load("claim_sources", folder)
        event_links = load("event_sources", folder)
        direct = {res["name"]: load(res["name"], folder) for res in package(folder)["resources"]
                  if res["name"] not in ("sources", "claim_sources", "event_sources")
                  and any(f["name"] == "source_id" for f in res["schema"]["fields"])}
    except DataError as exc:
        return [exc]
    problems = check_sources(sources) + check_claims(claims, claim_links, sources)
    problems += check_links("claim_sources", claim_links, "claim_id", sources)
    problems += check_links("event_sources", event_links, "event_id", sources)
    for name, table in direct.items():
        problems += check_direct_citations(name, table, sources)
    return problems
