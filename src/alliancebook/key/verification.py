"""Graders for the verification lab. Expected answers come from data/ at check time."""

from __future__ import annotations

import pandas as pd

from .. import checks
from ..data import load
from ..exercises.verification import (ESTIMATIVE_ITEMS, GRADED_CLAIMS, GRADED_SOURCES,
                                      PARTNER_CREDIBILITY, SUSPECTS, allowed_packet_items,
                                      icd_word, page_claims)
from . import withheld

_LETTERS = ["A", "B", "C", "D", "E", "F"]
_CAPPED = {"state_owned", "state_directed", "captured_private", "party_owned", "government_body"}


def _chain(packet: str) -> list[str]:
    """The packet's items on the chain, from the record outwards (the key holds the steps)."""
    steps = {}
    for item in allowed_packet_items(packet):
        try:
            steps[item] = int(withheld("source_packets", f"{packet}/{item}",
                                       "steps_from_record"))
        except KeyError:
            continue   # not on the chain
    return sorted(steps, key=steps.get)


# Items whose place on a chain is the editors' hypothesis, not shown by the texts: a chain that
# leaves them out is just as defensible. Nothing shows that the case page copied MENAFN (veto/B):
# its text names the panel correctly, and the page's wording echoes the Western framing that AP
# reported on the day of the vote.
_UNPROVEN = {"veto": {"B"}}

# Packets whose page could have drawn straight on the record: the UN's summary of the 2024 vote
# itself records the Western charge that Russia was protecting its arms procurement, so record ->
# page is a defensible hypothesis too, though AP's wording on the day is the closer match.
_DIRECT_FROM_RECORD = {"veto"}


def _defensible(packet: str) -> list[list[str]]:
    """The chains accepted for a packet: the editors' tracing, the same without any combination
    of its unproven items, and, where the record itself could be the page's source, record ->
    page."""
    full, unproven = _chain(packet), sorted(_UNPROVEN.get(packet, set()))
    chains = [full]
    for skip in range(1, 2 ** len(unproven)):
        left_out = {u for n, u in enumerate(unproven) if skip >> n & 1}
        chains.append([i for i in full if i not in left_out])
    if packet in _DIRECT_FROM_RECORD:
        chains.append([full[0], full[-1]])
    return chains


@checks.checker("verify-trace-veto")
def check_veto_chain(answer) -> checks.Feedback:
    """Check the veto packet's items ordered from the Council's record outwards; the tracing is
    a hypothesis, so every defensible chain is accepted. No feedback says how long the chain is."""
    full = _chain("veto")
    answer = [a.strip().upper() for a in answer]
    off = [a for a in answer if a not in full]
    if off:
        return checks.Feedback(False, f"Item {off[0]} is a record of another vote: check its date "
                                      "and what the draft was about, and leave it out of the "
                                      "chain.")
    if answer == full:
        return checks.Feedback(True, "A defensible chain, and the editors' own hypothesis: "
                                     "record, same-day wire, syndicated copy, page. The copy's "
                                     "place is the weakest link (its text names the panel "
                                     "correctly, and the page's wording echoes the Western "
                                     "framing the wire reported), so a chain without it is "
                                     "accepted too.")
    if answer == [full[0], full[-1]]:
        return checks.Feedback(True, "A defensible chain: the Council's own summary records the "
                                     "Western charge that Moscow was protecting its arms "
                                     "purchases, so the page could have drawn on it directly. "
                                     "AP's report filed on the day of the vote is the closer "
                                     "match, though: it puts that charge in the words the "
                                     "page echoes, which is why the editors place it on the "
                                     "route. Any chain here is a hypothesis, since the "
                                     "page cites nothing.")
    if answer in _defensible("veto"):
        left_out = ", ".join(i for i in full if i not in answer)
        return checks.Feedback(True, f"A defensible chain. The editors' fuller hypothesis also "
                                     f"places {left_out} on the route, but nothing shows the "
                                     "page copied it, so leaving it out is fair: any chain here "
                                     "is a hypothesis, since the page cites nothing.")
    if answer[0] != full[0]:
        return checks.Feedback(False, "Start from the record itself: which item is the Council's "
                                      "own account of the vote?")
    if answer[-1] != full[-1]:
        return checks.Feedback(False, "End with the text you are tracing back from: the case "
                                      "article.")
    position = {item: n for n, item in enumerate(full)}
    if [position[a] for a in answer] != sorted(position[a] for a in answer):
        return checks.Feedback(False, "Some items are out of order: an item can only draw on "
                                      "one published before it. Compare the dates.")
    return checks.Feedback(False, "Your chain skips a hand-over that the dates and the wording "
                                  "support: look again at the item filed on the day of the "
                                  "vote.")


def _page_source(packet: str) -> str:
    packets = load("source_packets")
    publisher = load("sources").set_index("source_id")["publisher"]
    rows = packets[packets["packet_id"] == packet]
    own = rows[rows["source_id"].map(publisher).str.startswith("Bloomberg")]
    return own["item"].iloc[0]


@checks.checker("verify-trace-gdp")
def check_gdp_source(answer) -> checks.Feedback:
    """Check the item of the growth packet that the page quotes directly."""
    return checks.check_choice(
        answer, _page_source("gdp"), allowed_packet_items("gdp"),
        hint="The page names its source and date. Which item is that outlet's own text, and "
             "which only rewrite it or report the central bank separately?")


def _mischaracterised() -> set[str]:
    return {c for c in SUSPECTS if withheld("claims", c, "verdict") == "mischaracterised"}


@checks.checker("verify-mischaracterised")
def check_mischaracterised(answer) -> checks.Feedback:
    """Check the one claim among the suspects that distorts a true core."""
    return checks.check_choice(
        answer, _mischaracterised(), SUSPECTS,
        hint="Compare each claim with the record its verdict note names: which one has a true "
             "core (something did happen) described as something else?")


def _stale() -> set[str]:
    claims = load("claims")
    page = claims[claims["in_case_article"]]
    stale = page[(page["verdict"] == "overtaken_by_events")
                 & (page["verdict_date"] < pd.Timestamp("2024-11-29"))]
    return set(stale["claim_id"])


@checks.checker("verify-stale")
def check_stale_layer(answer) -> checks.Feedback:
    """Check a claim of the page that was already out of date when the page appeared."""
    options = page_claims()
    result = checks.check_choice(
        answer, _stale(), options,
        hint="Filter the page's claims on the verdict 'overtaken_by_events' and compare the "
             "verdict date with the page's own date, 29 November 2024 at the earliest.")
    if result.correct:
        result.message += (" Both layers the ledger marks stale count: the October 'cannot "
                           "confirm' and the unreconciled troop numbers.")
    return result


def _expected_grades() -> dict:
    grades = {s: withheld("sources", s, "reliability") for s in GRADED_SOURCES}
    grades.update({c: int(withheld("claims", c, "credibility")) for c in GRADED_CLAIMS})
    return grades


@checks.checker("verify-grade")
def check_admiralty_grades(answer) -> checks.Feedback:
    """Check reliability letters (within one grade) and credibility numbers (within one)."""
    sources = load("sources").set_index("source_id")
    expected, notes = _expected_grades(), []
    for key in GRADED_SOURCES:
        value = answer[key]
        if not isinstance(value, str) or value.strip().upper() not in _LETTERS:
            return checks.Feedback(False, f"{key}: give a letter from A to F.")
        letter, book = value.strip().upper(), expected[key]
        row = {"ownership": sources.loc[key, "ownership"],
               "reliability_reason": withheld("sources", key, "reliability_reason")}
        if row["ownership"] in _CAPPED and letter in "AB":
            return checks.Feedback(False, f"{key} is {row['ownership'].replace('_', ' ')}: the "
                                          "codebook caps it at C, whatever its accuracy.")
        if "F" in (letter, book) and letter != book:
            # F is not a step on the scale but its absence: no basis to judge (FM 2-22.3).
            why = ("no basis exists to judge it, so the doctrine's grade is F" if book == "F"
                   else "F means no basis exists to judge a source, and this one has a record")
            return checks.Feedback(False, f"{key}: '{letter}' does not fit: {why}. Its "
                                          f"reason: {row['reliability_reason']}.")
        if abs(_LETTERS.index(letter) - _LETTERS.index(book)) > 1:
            return checks.Feedback(False, f"{key}: '{letter}' is too far from the codebook's "
                                          f"reading. Its reason: {row['reliability_reason']}.")
        if letter != book:
            notes.append(f"{key}: the registry has {book} ({row['reliability_reason']})")
    for key in GRADED_CLAIMS:
        value = checks.as_number(answer[key])
        if value is None or value != int(value) or not 1 <= value <= 6:
            return checks.Feedback(False, f"{key}: give a whole number from 1 to 6.")
        if abs(int(value) - expected[key]) > 1:
            return checks.Feedback(False, f"{key}: {int(value)} does not fit the evidence. "
                                   f"The ledger's note: {withheld('claims', key, 'verdict_note')}")
        if int(value) != expected[key]:
            notes.append(f"{key}: the ledger has {expected[key]}")
    extra = (" Within tolerance; " + "; ".join(notes) + ".") if notes else ""
    return checks.Feedback(True, "Your grades fit the codebook." + extra)


# The odds of the estimative exercise as probabilities in per cent: three to one on is 3 in 4,
# one in forty is 2.5. Kent's words are looked up in the estimative_terms table.
_ODDS = {"odds of three to one in favour": 75.0, "a one-in-forty chance": 2.5}


def estimative_key() -> dict[str, str]:
    """The ICD 203 word each statement implies: the band that holds the odds (strictly inside,
    so no tie), or the band sharing the most percentage points with Kent's range."""
    terms = load("estimative_terms")
    icd = terms[terms["scale"] == "icd_203"]
    bands = list(zip(icd["term"], icd["low"].astype(float), icd["high"].astype(float)))
    kent = terms[terms["scale"] == "kent_1964"].set_index("term")
    key = {}
    for item in ESTIMATIVE_ITEMS:
        if item in _ODDS:
            key[item] = next(t for t, low, high in bands if low < _ODDS[item] < high)
            continue
        k_low, k_high = kent.loc[item.split(":", 1)[1].strip(), ["low", "high"]]
        shared = {t: max(0.0, min(high, k_high) - max(low, k_low)) for t, low, high in bands}
        key[item] = max(shared, key=shared.get)
    return key


@checks.checker("verify-estimative")
def check_estimative(answer) -> checks.Feedback:
    """Check the ICD 203 words given for two odds and two of Kent's words. The feedback says
    how many fit and what kind of step went wrong, never which word is right."""
    expected = estimative_key()
    wrong = [item for item in ESTIMATIVE_ITEMS if icd_word(answer[item]) != expected[item]]
    if not wrong:
        return checks.Feedback(True, "All four fit ICD 203. Note that Kent's and ICD 203's "
                                     "'almost certain' are not the same promise.")
    hint = "; ".join(
        ([] if all(i not in _ODDS for i in wrong) else
         ["turn odds into a probability first (two to one on is 2 in 3, about 67 per cent), "
          "then find the band that holds it"])
        + ([] if all(i in _ODDS for i in wrong) else
           ["for Kent's words, take his range from estimative_terms and pick the ICD 203 band "
            "that shares the most percentage points with it; the same name need not be the "
            "answer"]))
    return checks.Feedback(False, f"{len(ESTIMATIVE_ITEMS) - len(wrong)} of "
                                  f"{len(ESTIMATIVE_ITEMS)} fit. {hint[0].upper()}{hint[1:]}.")


def _kappa() -> float:
    ledger = load("claims").set_index("claim_id")["credibility"]
    pair = pd.DataFrame({"ledger": ledger.loc[list(PARTNER_CREDIBILITY)],
                         "partner": pd.Series(PARTNER_CREDIBILITY)})
    observed = (pair["ledger"] == pair["partner"]).mean()
    p_l = pair["ledger"].value_counts(normalize=True)
    p_p = pair["partner"].value_counts(normalize=True)
    chance = (p_l * p_p).fillna(0).sum()
    return float((observed - chance) / (1 - chance))


@checks.checker("verify-kappa")
def check_kappa(answer) -> checks.Feedback:
    """Check Cohen's kappa between the ledger and the partner (two decimals)."""
    return checks.check_number(
        answer, round(_kappa(), 2), tolerance=0.011,
        hint="Kappa = (observed agreement - chance agreement) / (1 - chance agreement); "
             "chance agreement sums, over the grades, the product of the two coders' shares.")


def _single_source() -> int:
    claims = load("claims")
    links = load("claim_sources")
    evidence = links[links["attests"] != "origin"].groupby("claim_id").size()
    page = claims[claims["in_case_article"] & (claims["kind"] != "opinion")
                  & (claims["kind"] != "framing")]
    counts = page["claim_id"].map(evidence).fillna(0)
    return int((counts <= 1).sum())


@checks.checker("verify-single-source")
def check_single_source(answer) -> checks.Feedback:
    """Check the number of the page's checkable claims with at most one evidence link."""
    return checks.check_number(
        answer, _single_source(),
        hint="Keep the page's claims that are not opinion or framing; count each one's links "
             "that are not 'origin' (a claim with none counts too).")


def _median_days() -> float:
    claims = load("claims")
    settled = claims[claims["in_case_article"]
                     & claims["verdict"].isin(["confirmed", "corroborated"])
                     & (claims["level"] == "substance")]
    days = (settled["verdict_date"] - settled["claim_date"]).dt.days.clip(lower=0)
    return float(days.median())


@checks.checker("verify-days")
def check_median_days(answer) -> checks.Feedback:
    """Check the median days from claim to deciding evidence (confirmed or corroborated)."""
    return checks.check_number(
        answer, _median_days(), tolerance=0.5, unit="days",
        hint="Keep the page's substance claims that are confirmed or corroborated; subtract "
             "claim_date from verdict_date, count evidence that came first as 0 days, and take "
             "the median.")
