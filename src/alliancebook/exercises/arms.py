"""The checked exercises of the arms-transfers chapter: public names and answer forms (graders:
key/arms.py)."""

from __future__ import annotations

from .. import checks, forms
from ..data import field, load

# The rows the exercises read (their figures are in data/arms_transfers.csv).
SHIN_CONTAINERS = "at-004"     # 6,700 containers, February 2024
SHIN_152 = "at-005"            # up to about 3 million 152 mm rounds in them
SHIN_122 = "at-006"            # about 500,000 122 mm rounds in them
DIA_CONTAINERS = "at-013"      # about 28,000 containers, July 2025
HUR_ROUNDS = "at-043"          # about 6.5 million shells, November 2025
GRADED_ROW = "at-056"          # the NIS's "more than 10 million", June 2025

# Statements about the Kharkiv missile debris (exercise arms-debris): can the debris analysis
# establish each one (True) or not (False)? The reasons are shown as feedback.
DEBRIS_STATEMENTS = {
    "origin": "The missile was made in North Korea.",
    "not_before": "The missile was assembled no earlier than March 2023.",
    "foreign_parts": "It contains electronic parts made by companies outside North Korea.",
    "how_many": "North Korea has sent Russia dozens of missiles of this type.",
    "supplier_guilt": "The foreign companies sold their parts to North Korea knowingly.",
    "launcher": "The missile was fired from a launcher supplied by North Korea.",
}


def allowed_grades() -> dict:
    """The reliability and credibility codes the codebook allows."""
    return {"reliability": list(field("sources", "reliability")["constraints"]["enum"]),
            "credibility": [1, 2, 3, 4, 5, 6]}


def shipment_links() -> list[int]:
    """The link numbers of the shipment chain."""
    return sorted(int(n) for n in load("shipment_chain")["link"])


checks.exercise("arms-calibre", forms.Number("million rounds"))
checks.exercise("arms-sensitivity", forms.Number("%"))
checks.exercise("arms-grade", forms.Keys(
    {"reliability": forms.Choice(lambda: allowed_grades()["reliability"]),
     "credibility": forms.Number(whole=True, low=1, high=6)},
    example="{'reliability': 'B', 'credibility': 2}"))
checks.exercise("arms-debris", forms.Keys(
    {key: forms.Truth() for key in DEBRIS_STATEMENTS},
    example="{'origin': True, ...} (one True/False per key of arms.DEBRIS_STATEMENTS)"))
checks.exercise("arms-chain", forms.Items(shipment_links, item="link", every=False,
                                          increasing=True))
