"""The checked exercises of the treaty chapter: public names and answer forms (graders: key/)."""

from __future__ import annotations

from .. import checks, forms
from ..data import field

DIMENSIONS = ("trigger", "obligation", "automaticity")

# The ratification steps students put in order (their dates are in data/events.csv).
RATIFICATION_STEPS = [
    "ev-2024-11-06-federation-council",
    "ev-2024-06-19-treaty-signed",
    "ev-2024-12-04-entry-into-force",
    "ev-2024-10-24-duma-ratifies",
    "ev-2024-11-11-kim-ratification-decree",
    "ev-2024-11-09-putin-signs-law",
]

# The chapter's scale for the strength of a mutual-assistance clause ("How strong is the promise?").
OBLIGATION_SCORE = {"consultation_only": 0, "no_military_clause": 0, "action_deemed_necessary": 1,
                    "military_and_other_assistance": 2, "all_means_including_military": 2}
AUTOMATICITY_SCORE = {"none": 0, "deemed_necessary": 1, "per_constitutional_process": 1,
                      "immediate": 2}
# How broad the trigger is: what must happen before the promise applies. A "state of war" scores
# 1 if it is read as a condition beyond the attack (the narrow reading) and 3 if it is read as
# the attack's consequence, with no area limit (the broad reading); see the chapter.
TRIGGER_SCORE = {
    "narrow": {"threat_consultation": 0, "state_of_war": 1,
               "armed_attack_in_specific_area": 2, "armed_attack": 3},
    "broad": {"threat_consultation": 0, "state_of_war": 3,
              "armed_attack_in_specific_area": 2, "armed_attack": 3},
}


def allowed_values(dimension: str) -> list[str]:
    """The codes the data package allows for one comparison dimension."""
    return list(field("alliance_clauses", dimension)["constraints"]["enum"])


def with_coding(clauses, treaty_id: str, coding) -> object:
    """The clauses table with one treaty's empty codes filled in from a coding of your own
    (a dict of dimension -> code); codes that are not allowed values are left empty."""
    clauses = clauses.copy()
    row = clauses["treaty_id"] == treaty_id
    for dimension in DIMENSIONS:
        value = coding.get(dimension) if isinstance(coding, dict) else None
        if isinstance(value, str) and value.strip() in allowed_values(dimension):
            clauses.loc[row, dimension] = value.strip()
    return clauses


def allowed_topics() -> list[str]:
    """Every topic tag the data package allows."""
    return list(field("treaty_articles", "topics")["x-tags"])


checks.exercise("treaty-code-clause", forms.Keys(
    {d: forms.Choice(lambda d=d: allowed_values(d)) for d in DIMENSIONS},
    example="{'trigger': '...', 'obligation': '...', 'automaticity': '...'}"))
checks.exercise("treaty-order", forms.Items(RATIFICATION_STEPS, item="step",
                                            starter=RATIFICATION_STEPS))
checks.exercise("treaty-topics", forms.Choice(allowed_topics))
checks.exercise("treaty-weights", forms.Number(whole=True))
