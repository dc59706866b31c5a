"""Grading rules that span fields and tables: the codebook (book/appendix/codebook.md) made checkable."""

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
}

SOURCES, CLAIMS, CLAIM_SOURCES = "data/sources.csv", "data/claims.csv", "data/claim_sources.csv"


def _row(index: int) -> int:
    """Spreadsheet row of a frame index: the header is row 1."""
    return int(index) + 2


def _blank(value) -> bool:
    """True for a missing cell."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def check_sources(sources: pd.DataFrame) -> list[DataError]:
    """Grades and labels that contradict a source's ownership, and copies that point nowhere sensible."""
    problems = []
    for i, s in sources.iterrows():
        own, sid = s["ownership"], s["source_id"]
        if own in ALIGNED and s["reliability"] == "A":
            problems.append(DataError(SOURCES, f"'{sid}' is {own.replace('_', '-')} and cannot be graded A: "
                                      "a state or aligned outlet is at best a reliable record of what it was told "
                                      "to say (use attests = statement on its links)", row=_row(i), field="reliability"))
        if own in NOT_INDEPENDENT and s["perspective"] == "independent":
            problems.append(DataError(SOURCES, f"'{sid}' is {own.replace('_', '-')} but its perspective is "
                                      "'independent'; name the government or movement whose line it carries",
                                      row=_row(i), field="perspective"))
        if not _blank(s["original_id"]) and s["original_id"] == sid:
            problems.append(DataError(SOURCES, f"'{sid}' names itself as its own original", row=_row(i),
                                      field="original_id"))
    return problems


def check_claims(claims: pd.DataFrame, links: pd.DataFrame, sources: pd.DataFrame) -> list[DataError]:
    """Verdict and credibility agree; credibility 1 is independently confirmed; a dispute needs evidence, not a
    denial; opinions are graded as opinions; no verdict rests on a refuted claim."""
    problems = []
    perspective = dict(zip(sources["source_id"], sources["perspective"]))
    verdicts = dict(zip(claims["claim_id"], claims["verdict"]))
    for i, c in claims.iterrows():
        cid, verdict, cred = c["claim_id"], c["verdict"], int(c["credibility"])
        allowed = ALLOWED.get(verdict, set())
        if cred not in allowed:
            shown = " or ".join(map(str, sorted(allowed)))
            problems.append(DataError(CLAIMS, f"{cid}: verdict '{verdict}' allows credibility {shown}, not {cred}",
                                      row=_row(i), field="credibility"))
        if cred == 1:
            mine = links[(links["claim_id"] == cid) & (links["attests"] != "origin")]
            seen = {perspective.get(s) for s in mine["source_id"]}
            if len(seen) < 2 or not (mine["attests"] == "substance").any():
                problems.append(DataError(CLAIMS, f"{cid}: credibility 1 needs confirmation from at least two "
                                          f"perspectives, one of them independent evidence (attests = substance); "
                                          f"found {len(seen)} perspective(s)", row=_row(i), field="credibility"))
        if verdict == "disputed":
            mine = links[(links["claim_id"] == cid) & (links["attests"] == "substance")]
            if mine.empty:
                problems.append(DataError(CLAIMS, f"{cid}: 'disputed' needs independent evidence on each side "
                                          "(a link with attests = substance); a denial alone does not make a claim "
                                          "disputed", row=_row(i), field="verdict"))
        if "kind" in c and (c["kind"] in ("opinion", "framing")) != (verdict == "opinion"):
            problems.append(DataError(CLAIMS, f"{cid}: kind '{c['kind']}' and verdict '{verdict}' disagree: opinion "
                                      "and framing take the verdict 'opinion', and only they do", row=_row(i),
                                      field="kind"))
        if c["verdict_date"] > c["checked"]:
            problems.append(DataError(CLAIMS, f"{cid}: verdict_date is after the date the verdict was checked",
                                      row=_row(i), field="verdict_date"))
        if _blank(c["rests_on"]):
            continue
        basis = str(c["rests_on"]).split(";")
        unknown = [b for b in basis if b not in verdicts or b == cid]
        if unknown:
            problems.append(DataError(CLAIMS, f"{cid}: rests_on names {', '.join(unknown)}, which is not another "
                                      "claim in the ledger", row=_row(i), field="rests_on"))
        elif all(verdicts[b] == "refuted" for b in basis):
            problems.append(DataError(CLAIMS, f"{cid}: the verdict rests only on {', '.join(basis)}, which the "
                                      "ledger itself grades refuted", row=_row(i), field="rests_on"))
    return problems


def check_links(name: str, links: pd.DataFrame, key: str, sources: pd.DataFrame) -> list[DataError]:
    """Links to state outlets say what they attest; a copy with a registered original travels with it."""
    rel, problems = f"data/{name}.csv", []
    ownership = dict(zip(sources["source_id"], sources["ownership"]))
    original = {s: o for s, o in zip(sources["source_id"], sources["original_id"]) if not _blank(o)}
    pairs = set(zip(links[key], links["source_id"]))
    for i, link in links.iterrows():
        sid = link["source_id"]
        if ownership.get(sid) in STATE and _blank(link["attests"]):
            problems.append(DataError(rel, f"'{sid}' is a state outlet: say what it attests (statement or substance)",
                                      row=_row(i), field="attests"))
        if sid in original and (link[key], original[sid]) not in pairs:
            problems.append(DataError(rel, f"'{sid}' is a copy of '{original[sid]}': cite the original too",
                                      row=_row(i), field="source_id"))
    return problems


def check_direct_citations(name: str, table: pd.DataFrame, sources: pd.DataFrame) -> list[DataError]:
    """Rows that cite one source cite the original, not a registered copy of it."""
    original = {s: o for s, o in zip(sources["source_id"], sources["original_id"]) if not _blank(o)}
    return [DataError(f"data/{name}.csv", f"'{row['source_id']}' is a copy; cite its original "
                      f"'{original[row['source_id']]}' instead", row=_row(i), field="source_id")
            for i, row in table.iterrows() if row["source_id"] in original]


def check_grading(folder: str | Path | None = None) -> list[DataError]:
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
