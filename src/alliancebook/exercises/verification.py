"""The checked exercises of the verification lab: public names and answer forms (graders:
key/verification.py)."""

from __future__ import annotations

from .. import checks, forms
from ..data import load

# A second coder's credibility grades for twelve case-article claims, made for the agreement
# exercise by reading each claim with the codebook (an illustrative partner, not a data source).
PARTNER_CREDIBILITY = {
    "cl-001": 1, "cl-005": 2, "cl-008": 1, "cl-009": 2, "cl-012": 3, "cl-021": 3,
    "cl-025": 2, "cl-032": 5, "cl-033": 3, "cl-036": 4, "cl-052": 2, "cl-069": 4,
}

# The claims offered in the "spot the mischaracterised claim" exercise.
SUSPECTS = ["cl-013", "cl-014", "cl-025", "cl-032"]

# The sources and claims graded in the Admiralty exercise: a registry grade or a ledger grade each.
GRADED_SOURCES = ["un-2024-03-28-sc15648-poe-veto", "tass-2024-06-19-putin-sanctions-illegitimate",
                  "maanpuolustus-2024-06-ryder-transcript"]
GRADED_CLAIMS = ["cl-060", "cl-061"]
LETTERS = ["A", "B", "C", "D", "E", "F"]
# The estimative exercise: two odds to put into ICD 203's words, and two of Kent's words to
# translate into them (the key says which ICD 203 word each implies).
ESTIMATIVE_ITEMS = ["odds of three to one on", "a one-in-forty chance",
                    "Kent: almost certain", "Kent: almost certainly not"]
# ICD 203 names each degree twice; either name is accepted, compared as the first.
ICD_OTHER_NAMES = {"remote": "almost no chance", "highly improbable": "very unlikely",
                   "improbable": "unlikely", "roughly even odds": "roughly even chance",
                   "probable": "likely", "highly probable": "very likely",
                   "nearly certain": "almost certain"}


def allowed_packet_items(packet: str) -> list[str]:
    """The item letters of one source packet."""
    packets = load("source_packets")
    return sorted(packets.loc[packets["packet_id"] == packet, "item"])


def page_claims() -> list[str]:
    """The ids of the case article's claims in the ledger."""
    return list(load("claims").loc[lambda f: f["in_case_article"], "claim_id"])


def icd_words() -> list[str]:
    """ICD 203's words of likelihood, from 'almost no chance' up, and their other names."""
    terms = load("estimative_terms")
    icd = terms[terms["scale"] == "icd_203"].sort_values("low")
    return list(icd["term"]) + list(ICD_OTHER_NAMES)


def icd_word(text: str) -> str:
    """A word of likelihood as the key compares it: trimmed, lower case, first name."""
    word = " ".join(text.split()).casefold()
    return ICD_OTHER_NAMES.get(word, word)


# Any selection of the packet's items, each once: the form names the packet's letters but never
# how many of them belong on the chain (that, and which chains are defensible, is the key's).
checks.exercise("verify-trace-veto", forms.Items(lambda: allowed_packet_items("veto"),
                                                 item="packet item", every=False, upper=True))
checks.exercise("verify-trace-gdp", forms.Choice(lambda: allowed_packet_items("gdp")))
checks.exercise("verify-mischaracterised", forms.Choice(SUSPECTS))
checks.exercise("verify-stale", forms.Choice(page_claims))
checks.exercise("verify-grade", forms.Keys(
    {**{source: forms.Choice(LETTERS) for source in GRADED_SOURCES},
     **{claim: forms.Number(whole=True, low=1, high=6) for claim in GRADED_CLAIMS}},
    example="{source id: a letter A-F, claim id: a number 1-6}"))
checks.exercise("verify-estimative", forms.Keys(
    {item: forms.Choice(icd_words, normal=lambda t: " ".join(t.split()))
     for item in ESTIMATIVE_ITEMS},
    example="{statement: an ICD 203 word such as 'unlikely'}"))
checks.exercise("verify-kappa", forms.Number(low=-1, high=1))
checks.exercise("verify-single-source", forms.Number(whole=True, low=0))
checks.exercise("verify-days", forms.Number("days"))
