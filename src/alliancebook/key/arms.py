"""Graders for the arms-transfers chapter. Expected answers come from data/ at check time."""

from __future__ import annotations

from .. import checks
from ..data import load
from ..exercises.arms import (DIA_CONTAINERS, HUR_ROUNDS, SHIN_122, SHIN_152,
                              SHIN_CONTAINERS, allowed_grades)

_DEBRIS = {
    "origin": (True, "markings (the number 112, a handwritten Korean letter) and design "
                     "features such as the jet vane actuators point to a North Korean KN-23"),
    "not_before": (True, "the date codes on the components set the earliest assembly date"),
    "foreign_parts": (True, "the brands on the 290-odd components name the makers"),
    "how_many": (False, "one missile's remnants say nothing about how many were sent; that "
                        "figure comes from intelligence counts"),
    "supplier_guilt": (False, "a brand shows who made a part, not who sold it on or what they "
                              "knew: the parts went through third-party distributors"),
    "launcher": (False, "the debris is of the missile, not of the launcher, and the UN panel "
                        "could not establish the launch site itself"),
}

# Credibility grades for the NIS figure (exercise arms-grade): the book's grade and the others
# that the codebook allows a careful grader to defend, with why. Grade 5 is refused on FM 2-22.3's
# own definition (not logical in itself, and contradicted by other information).
_CREDIBILITY = {
    2: "defensible: other bodies' figures (the MSMT's up to 9 million for 2024, the DIA's "
       "ceiling) point the same way, though none is independent evidence on the total",
    3: "the book's grade: plausible and partly supported, but the deciding evidence (a count "
       "of rounds) is missing",
    4: "defensible as the codebook's 'doubtful' (little support): no independent evidence "
       "backs it, and Ukraine's military intelligence put the total at about 6.5 million "
       "months later",
}
_CREDIBILITY_NOT = {
    1: "confirmed needs independent evidence from at least two perspectives; every figure "
       "here comes from governments' intelligence, and none counts rounds",
    5: "FM 2-22.3 keeps 5 (improbable) for information that is not logical in itself and is "
       "contradicted by other information. This figure is logical (the DIA's 28,000 "
       "containers could hold about 12 million rounds) and agrees with some other "
       "information (the MSMT's up to 9 million for 2024 alone); the lower figures are no "
       "stronger evidence against it: the open-source 4-6 million counts ships only, up to "
       "March 2025, and HUR's 6.5 million gives no method",
    6: "there is something to judge it against: other estimates of the same quantity",
}
# The reliability cap is the codebook's house rule 3, not the doctrine: FM 2-22.3 judges a
# source by its record, authenticity, trustworthiness and competency, not by who runs it.
_HOUSE_RULE = ("the book's house rule (a departure from FM 2-22.3, which judges a source by "
               "its record, authenticity, trustworthiness and competency, not by who runs it) "
               "caps any government body speaking as a witness to contested facts at C")


def _rows():
    return load("arms_transfers").set_index("transfer_id")


def _rate(rounds_id: str, containers_id: str) -> float:
    rows = _rows()
    return rows.loc[rounds_id, "high"] / rows.loc[containers_id, "high"]


def _dia_as_122_millions() -> float:
    rows = _rows()
    return rows.loc[DIA_CONTAINERS, "high"] * _rate(SHIN_122, SHIN_CONTAINERS) / 1e6


@checks.checker("arms-calibre")
def check_calibre(answer) -> checks.Feedback:
    """Check the DIA's container count converted at the 122 mm rate, in millions of rounds."""
    value = checks.as_number(answer)
    if value is not None and value > 1000:
        return checks.Feedback(False, "Give the answer in millions of rounds (for example "
                                      "3.5), not in rounds.")
    return checks.check_number(
        answer, _dia_as_122_millions(), tolerance=0.05, unit="million rounds",
        hint="Work out the 122 mm rounds per container from the February 2024 rows (at-006 "
             "and at-004), multiply by the DIA's container count (at-013), divide by a "
             "million.")


def _share_percent(rate: float | None = None) -> float:
    rows = _rows()
    rate = _rate(SHIN_152, SHIN_CONTAINERS) if rate is None else rate
    return 100 * rows.loc[HUR_ROUNDS, "high"] / (rows.loc[DIA_CONTAINERS, "high"] * rate)


@checks.checker("arms-sensitivity")
def check_sensitivity(answer) -> checks.Feedback:
    """Check the share of containers that must hold shells for the DIA count to match HUR."""
    value = checks.as_number(answer)
    if value is not None and 0 < value <= 1:
        return checks.Feedback(False, "Give a percentage between 0 and 100 (52 for 52%), "
                                      "not a fraction.")
    return checks.check_number(
        answer, _share_percent(), tolerance=0.6, unit="%",
        hint="Solve containers × share × rate = HUR's rounds for the share, with the 152 mm "
             "rate from rows at-005 and at-004, and give it in per cent.")


@checks.checker("arms-grade")
def check_grade(answer) -> checks.Feedback:
    """Check a reliability grade for the NIS and a credibility grade for its 10 million figure."""
    if not isinstance(answer, dict) or not {"reliability", "credibility"} <= set(answer):
        return checks.Feedback(False, "Answer with a dictionary such as {'reliability': 'B', "
                                      "'credibility': 2}.")
    grade, cred = answer["reliability"], answer["credibility"]
    if not isinstance(grade, str) or grade.strip().upper() not in allowed_grades()[
            "reliability"]:
        return checks.Feedback(False, f"{str(grade)[:20]!r} is not a reliability grade: use "
                                      "one letter from A to F.")
    cred_number = checks.as_number(cred)
    if cred_number is None or cred_number not in range(1, 7):
        return checks.Feedback(False, f"{str(cred)[:20]!r} is not a credibility grade: use a "
                                      "whole number from 1 to 6.")
    grade, cred_number = grade.strip().upper(), int(cred_number)
    if grade != "C":
        why = (f"no intelligence service gets A or B here: {_HOUSE_RULE}" if grade in "AB" else
               "the NIS is a known body with a record of valid information, and the book "
               "grades governments at its house-rule cap (C), not lower")
        return checks.Feedback(False, f"Reliability {grade} does not fit: {why}.")
    if cred_number in _CREDIBILITY_NOT:
        return checks.Feedback(False, f"Credibility {cred_number} does not fit: "
                                      f"{_CREDIBILITY_NOT[cred_number]}.")
    return checks.Feedback(True, f"Reliability C: {_HOUSE_RULE}. Credibility "
                                 f"{cred_number}: {_CREDIBILITY[cred_number]}. The book "
                                 "accepts 2 to 4.")


@checks.checker("arms-debris")
def check_debris(answer) -> checks.Feedback:
    """Check which statements the debris analysis can establish (True) or not (False)."""
    wrong = []
    for key, (expected, reason) in _DEBRIS.items():
        value = answer[key]
        if not isinstance(value, bool):
            return checks.Feedback(False, f"For '{key}' give True or False, not "
                                          f"{checks.describe(value)}.")
        if value != expected:
            wrong.append(f"'{key}': {reason}")
    if wrong:
        return checks.Feedback(False, f"{len(wrong)} of {len(_DEBRIS)} need another look. "
                                      + "; ".join(wrong[:1]) + ".")
    return checks.Feedback(True, "All six sorted correctly: debris dates and sources a "
                                 "missile, but cannot count deliveries or prove intent.")


def _independent_links() -> list[int]:
    chain = load("shipment_chain")
    return sorted(int(n) for n in chain.loc[chain["attests"] == "substance", "link"])


@checks.checker("arms-chain")
def check_chain(answer) -> checks.Feedback:
    """Check the links of the shipment chain that are independent evidence, in order."""
    if not isinstance(answer, (list, tuple)) or not answer or not all(
            isinstance(a, int) and not isinstance(a, bool) for a in answer):
        return checks.Feedback(False, "Give a list of link numbers as whole numbers, in "
                                      "increasing order, e.g. [2, 5].")
    links = set(load("shipment_chain")["link"].astype(int))
    if not set(answer) <= links:
        return checks.Feedback(False, f"The chain has links {min(links)} to {max(links)} "
                                      "only.")
    if list(answer) != sorted(set(answer)):
        return checks.Feedback(False, "List each link once, in increasing order.")
    expected = set(_independent_links())
    extra, missing = set(answer) - expected, expected - set(answer)
    if not extra and not missing:
        return checks.Feedback(True, f"Links {', '.join(map(str, sorted(expected)))} are "
                                     "the independent evidence; every other link is a "
                                     "government's word.")
    parts = []
    if extra:
        parts.append(f"{len(extra)} of your links record what a government said (attests: "
                     "statement)")
    if missing:
        parts.append(f"{len(missing)} link(s) of independent evidence are missing")
    return checks.Feedback(False, "; ".join(parts) + ". Filter the table on the attests "
                                                     "column.")
